/**
 * The simulator's control API: functions for tests in Node, and the same under HTTP `/__control/…` for a
 * browser test (POST with a JSON body; GET `/__control/state`, `/__control/deliveries`).
 */
import type { Reply } from './router'
import type { PayKind, SimPaymentMethodId, SimPayout, SimState } from './state'
import type { StatusSockets } from './websocket'
import type { Delivery, WebhookSender } from './webhook-sender'

/** A fault for the next matching Greenfield requests. */
export interface Fault {
  /** How many requests it applies to (default 1). */
  count?: number
  /** Answer with this status and a BTCPay error body instead of handling the request. */
  status?: number
  /** Handle the request, then hold the answer this long (ms): a client timeout with the work done. */
  delayMs?: number
  /** Answer 200 with a body that is not what the API promises. */
  garbage?: 'html' | 'json'
  /** Only requests with this method and/or a path ending with this string. */
  method?: string
  path?: string
}

/** A recorded Greenfield request. */
export interface LoggedRequest {
  method: string
  path: string
  search: string
  status: number
  /** When it was answered (ms since the epoch). */
  at: number
  /** When it arrived, and when its answer was sent (0 until then): the simulator's own time for it. */
  receivedAt: number
  doneAt: number
}

export class Control {
  readonly faults: (Fault & { left: number })[] = []
  readonly requests: LoggedRequest[] = []

  constructor(
    private readonly state: SimState,
    private readonly sockets: StatusSockets,
    private readonly sender: WebhookSender
  ) {}

  /**
   * Pay an invoice: `full`, `partial` (half), `over` (+10 %), `late` (in full after expiry: stays `Expired` +
   * `PaidLate`; refused once the monitoring window ended).
   */
  pay(invoiceId: string, kind: PayKind = 'full', method: SimPaymentMethodId = 'BTC-CHAIN'): void {
    this.state.pay(invoiceId, kind, method)
  }
  /** Confirm the payments: Processing → Settled (an expired invoice paid late stays Expired + PaidLate). */
  settle(invoiceId: string): void {
    this.state.settle(invoiceId)
  }
  /** End the invoice's monitoring window now (`monitoringExpiration`): no late payment is recorded after it. */
  endMonitoring(invoiceId: string): void {
    this.state.endMonitoring(invoiceId)
  }
  expire(invoiceId: string): void {
    this.state.expire(invoiceId)
  }
  /** The payment failed to confirm (double spend): Invalid. */
  invalidate(invoiceId: string): void {
    this.state.invalidate(invoiceId)
  }
  /** Inject faults into the next matching requests. */
  failNext(fault: Fault): void {
    this.faults.push({ ...fault, left: fault.count ?? 1 })
  }
  /** Add or replace an API key with these permissions (e.g. `btcpay.store.canviewinvoices:<storeId>`). */
  setApiKey(apiKey: string, permissions: string[], label = 'test key'): void {
    this.state.apiKeys.set(apiKey, { label, permissions, userId: this.state.adminId })
  }
  removeApiKey(apiKey: string): void {
    this.state.apiKeys.delete(apiKey)
  }
  /** Set the rate (invoice currency per BTC) for new invoices and CurrentRate refunds. */
  setRate(currency: string, rate: string): void {
    this.state.rates[currency] = rate
  }
  setSynced(fullySynched: boolean): void {
    this.state.fullySynched = fullySynched
  }
  /** The node behind a payment method is gone (server info's `syncStatus[].available` false), or back. */
  setNodeAvailable(available: boolean): void {
    this.state.nodeAvailable = available
  }
  /**
   * The server is down (true): every API request is logged with status 0 and its connection cut without an answer,
   * as a crashed server or a dropped network would; the control API keeps answering. False: back up.
   */
  setDown(down: boolean): void {
    this.down = down
  }
  /** Whether `setDown(true)` is in force. */
  down = false
  /** Cut the status websockets (of one invoice or all); returns how many. */
  dropSockets(invoiceId?: string): number {
    return this.sockets.drop(invoiceId)
  }
  /** Open status websockets (of one invoice or all). */
  socketCount(invoiceId?: string): number {
    return this.sockets.count(invoiceId)
  }
  /** Upgrades accepted so far (first connections and reconnects). */
  socketConnections(): number {
    return this.sockets.connections
  }
  /**
   * Refuse (403) every status-websocket upgrade from now on, as a reverse proxy without websocket support would;
   * open sockets are dropped so clients must reconnect (and be refused). `false` accepts upgrades again.
   */
  refuseSockets(refuse: boolean): void {
    this.sockets.refuseUpgrades = refuse
    if (refuse) this.sockets.drop()
  }
  /** Upgrades refused so far by `refuseSockets`. */
  socketRefusals(): number {
    return this.sockets.refused
  }
  /** The customer claims a refund: creates a payout. */
  claim(pullPaymentId: string, destination?: string): SimPayout {
    return this.state.claim(pullPaymentId, destination)
  }
  /** Webhook deliveries attempted so far. */
  deliveries(): Delivery[] {
    return [...this.sender.deliveries]
  }
  /** Wait for pending webhook deliveries. */
  flushWebhooks(): Promise<void> {
    return this.sender.flush()
  }
  /** Send a delivery again as BTCPay's redeliver does (new id, same timestamp); the new id, or null. */
  redeliver(deliveryId: string): string | null {
    return this.sender.redeliver(deliveryId)
  }
  /** Post a recorded delivery's exact bytes again `times` times (a captured delivery replayed); the statuses. */
  replay(deliveryId: string, times = 1, url?: string): Promise<number[]> {
    return this.sender.replay(deliveryId, times, url)
  }
  /** Webhooks registered on the store, with their secrets (for tests that check what Kassa registered). */
  webhooks(): { id: string; url: string; secret: string; everything: boolean; specificEvents: string[] }[] {
    return [...this.state.webhooks.values()].map((w) => ({
      id: w.id,
      url: w.url,
      secret: w.secret,
      everything: w.everything,
      specificEvents: [...w.specificEvents]
    }))
  }
  /** Invoices, optionally only those of one order id. */
  invoices(orderId?: string): { id: string; status: string; additionalStatus: string; orderId: unknown }[] {
    return [...this.state.invoices.values()]
      .filter((i) => orderId === undefined || i.metadata.orderId === orderId)
      .map((i) => ({
        id: i.id,
        status: i.status,
        additionalStatus: i.additionalStatus,
        orderId: i.metadata.orderId
      }))
  }
  /**
   * The customer opens a payment request's public page and presses Pay: BTCPay makes an invoice for what is still
   * due (order id `PAY_REQUEST_<id>`); pay it with `pay` and confirm it with `settle`. Returns the invoice id.
   * @throws Error when BTCPay would refuse (archived, already paid, expired)
   */
  openPaymentRequest(paymentRequestId: string): string {
    return this.state.payPaymentRequest(paymentRequestId).id
  }
  /** Move an invoice's creation time (Unix seconds), e.g. to yesterday, for date-range lists. */
  setCreatedAt(invoiceId: string, unixSeconds: number): void {
    this.state.mustGet(invoiceId).createdTime = unixSeconds
  }
  /** Add a Point of Sale app with these items (AppItem JSON); returns its id. */
  addPosApp(appName: string, items: unknown[]): string {
    const id = `pos${this.state.apps.length + 1}x${Date.now().toString(36)}`
    this.state.apps.push({
      id,
      appName,
      appType: 'PointOfSale',
      created: Math.floor(Date.now() / 1000),
      items
    })
    return id
  }
  /** Archive an app (or bring it back): its `archived` flag in the apps list. */
  archiveApp(appId: string, archived = true): void {
    const app = this.state.apps.find((a) => a.id === appId)
    if (!app) throw new Error(`No simulated app ${appId}`)
    app.archived = archived
  }
  /**
   * List the store's webhooks with their secrets (true), as BTCPay never does (it sends a secret only in the create
   * answer): for tests proving Kassa drops a secret a server leaks. False: BTCPay's behaviour again.
   */
  listWebhookSecrets(on: boolean): void {
    this.state.listWebhookSecrets = on
  }

  /** Take the fault that applies to this request, if any. */
  takeFault(method: string, pathname: string): Fault | null {
    const index = this.faults.findIndex(
      (f) => (!f.method || f.method === method) && (!f.path || pathname.endsWith(f.path))
    )
    const fault = this.faults[index]
    if (!fault) return null
    fault.left -= 1
    if (fault.left <= 0) this.faults.splice(index, 1)
    return fault
  }

  /** HTTP form of the control API. */
  async http(method: string, action: string, body: Record<string, unknown>): Promise<Reply> {
    const str = (key: string): string => String(body[key] ?? '')
    const opt = (key: string): string | undefined => (body[key] === undefined ? undefined : String(body[key]))
    if (method === 'GET' && action === 'state') {
      return {
        status: 200,
        body: { storeId: this.state.store.id, invoices: this.invoices(), sockets: this.socketCount() }
      }
    }
    if (method === 'GET' && action === 'deliveries') return { status: 200, body: this.deliveries() }
    if (method !== 'POST') return { status: 405, body: { message: 'POST' } }
    const actions: Record<string, () => unknown> = {
      pay: () =>
        this.pay(
          str('invoiceId'),
          (opt('kind') ?? 'full') as PayKind,
          (opt('method') ?? 'BTC-CHAIN') as SimPaymentMethodId
        ),
      settle: () => this.settle(str('invoiceId')),
      expire: () => this.expire(str('invoiceId')),
      'end-monitoring': () => this.endMonitoring(str('invoiceId')),
      invalidate: () => this.invalidate(str('invoiceId')),
      'fail-next': () => this.failNext(body as Fault),
      'api-key': () => this.setApiKey(str('apiKey'), (body.permissions as string[]) ?? []),
      'drop-sockets': () => ({ dropped: this.dropSockets(opt('invoiceId')) }),
      'refuse-sockets': () => this.refuseSockets(body.refuse !== false),
      claim: () => this.claim(str('pullPaymentId'), opt('destination')),
      redeliver: () => ({ deliveryId: this.redeliver(str('deliveryId')) }),
      rate: () => this.setRate(str('currency'), str('rate')),
      synced: () => this.setSynced(body.fullySynched !== false),
      'node-available': () => this.setNodeAvailable(body.available !== false),
      down: () => this.setDown(body.down !== false),
      'open-payment-request': () => ({ invoiceId: this.openPaymentRequest(str('paymentRequestId')) }),
      'archive-app': () => this.archiveApp(str('appId'), body.archived !== false),
      'list-webhook-secrets': () => this.listWebhookSecrets(body.on !== false)
    }
    const run = actions[action]
    if (!run) return { status: 404, body: { message: `unknown control action ${action}` } }
    try {
      return { status: 200, body: run() ?? { ok: true } }
    } catch (error) {
      return { status: 409, body: { message: (error as Error).message } }
    }
  }
}
