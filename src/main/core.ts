import { join } from 'node:path'
import type { AppInfo } from '@shared/contract'
import { KassaError } from '@shared/errors'
import type { ProcessorId } from '@shared/invoice'
import { CatalogService } from './catalog/catalog-service'
import { openDatabase } from './ledger/database'
import { Ledger } from './ledger/ledger'
import { RefundBook } from './ledger/refund-book'
import { ProcessorError } from './processors/errors'
import type { DemoConfig } from './processors/demo'
import type { ProcessorModule } from './processors/module'
import { MODULES } from './processors/modules'
import { ProcessorRegistry, type ConnectorOverrides } from './processors/registry'
import { OwnerService } from './owner/owner-service'
import { OwnerPin } from './owner/owner-pin'
import { RefundService } from './refunds/refund-service'
import { payOptionsFor } from './sales/pay-options'
import { SaleService } from './sales/sale-service'
import { priceCharge, type TillPricing } from './sales/charge-pricing'
import type { SecretStore } from './secrets/secret-store'
import type { KioskSettingsView } from '@shared/kiosk'
import { SettingsService } from './settings/settings-service'
import { InvoiceTracker, type TrackerTiming } from './tracker/tracker'
import { createWebhooks, type InboxOptions, type Webhooks } from './webhooks'
import { EventBus } from './events'
import { dispatch, logFailures, withOwnerGate, type Handlers } from './dispatch'
import { silentLogger, type Logger } from './log/logger'
import { ReceiptService, type ReceiptsOptions } from './receipts/receipt-service'
import { DayDocuments } from './day/day-documents'
import { CsvExports } from './exports/csv-exports'
import { ReconcileBook, ReconcileService, type ReconcileOptions } from './reconcile'
import { LedgerReader } from './ledger/ledger-reader'
import { DayService } from './day/day-service'
import { CustomerService } from './customers/customer-service'
import { churnSignals } from './customers/churn-signals'
import { RecoveryService, type RecoveryOptions } from './recovery/recovery-service'
import { RecoveryMessages } from './recovery/recovery-messages'
import { readReceiptSettings } from './receipts/receipt-settings'
import { businessDayOf } from './day/business-day'
import { HealthMonitor, type HealthTiming } from './health'
import { DeviceService } from './devices'
import type { McpDeps } from './mcp/mcp-deps'
import type { McpServerControl } from './agents/agent-access'
import { AgentService } from './agents/agent-service'
import { McpHost, type McpHostOptions } from './mcp/http-host'

/** How to build the till's core. Times in milliseconds. */
export interface CoreOptions {
  /** Folder of the ledger and the Demo's books (`KASSA_DATA_DIR`, or the app's data folder). */
  dataDir: string
  secrets: SecretStore
  /** Reported by `app:info`. */
  version: string
  transport: AppInfo['transport']
  now?: () => number
  tracker?: Partial<TrackerTiming>
  demo?: Partial<Omit<DemoConfig, 'path'>>
  /** Connector options on top of what Settings stores, by module id (Plisio's API URL, test `fetch`, timeouts). */
  connectors?: ConnectorOverrides
  /** The processors of this build (default `MODULES`); a test adds its own fake module here. */
  modules?: readonly ProcessorModule[]
  retryCreateMs?: number
  /** Longest wait between two attempts of an outbox sale, ms (default 300 000; the first is `retryCreateMs`). */
  outboxMaxRetryMs?: number
  /** The webhook inbox's window, retention and limits (`src/main/webhooks/`). */
  webhooks?: Partial<InboxOptions>
  /**
   * The till's log (`createLogger(dataDir)` in the entry points): one line per processor request, failures with
   * their stack. Default: nothing is logged.
   */
  log?: Logger
  /** Receipts: business-day time zone, print backoff and timeouts (`src/main/receipts/`). */
  receipts?: ReceiptsOptions
  /** Owner session idle expiry in ms (default 10 minutes). */
  ownerIdleMs?: number
  /** Reconciliation: page size, share of the processor's budget, skew, retries (`src/main/reconcile/`). */
  reconcile?: Partial<ReconcileOptions>
  /** Failed-charge recovery: how often open payment requests are read, and how many per round. */
  recovery?: Partial<RecoveryOptions>
  /** The processors' health checks: interval, pace, timeout (`src/main/health/`; `KASSA_HEALTH_INTERVAL_MS`). */
  health?: Partial<HealthTiming>
  /** The MCP listener for agents (`src/main/mcp/http-host.ts`): `port` 0 in tests (any free port), keep-alive. */
  mcp?: McpHostOptions
}

/** The till's main-process core: plain Node, shared by the Electron shell and the web host. */
export interface Core {
  handlers: Handlers
  events: EventBus
  ledger: Ledger
  tracker: InvoiceTracker
  processors: ProcessorRegistry
  /** The webhook inbox (deliveries) and registrations (webhooks Kassa registered, secrets in the keychain). */
  webhooks: Webhooks
  /** Receipt numbers, documents, PDF, e-mail and the print queue. */
  receipts: ReceiptService
  /** The owner PIN, its sessions and the gate of owner-only calls (the gate `handlers` carry). */
  ownerAccess: OwnerPin
  /** Customers: a sale's customer (`forSale`) and their earlier sales (`history`), for services in main. */
  customers: CustomerService
  /** Each connected processor's health (`processor:health`, `connectivity:changed`). */
  health: HealthMonitor
  /** Paired devices (customer display, browser kiosk): pairing codes, device tokens, revocation (`device:*`). */
  devices: DeviceService
  /** What the MCP server for agents is built on (`src/main/mcp/`): calls without the owner gate, agent access. */
  agentTools: McpDeps
  /** The MCP server's listener (Streamable HTTP on 127.0.0.1), driven by Settings → Agent access. */
  mcp: McpServerControl
  /**
   * Settings → Kiosk as saved now, and `onChanged` (told after every saved change; returns an unsubscribe), so the
   * Electron shell locks or frees its window at start and whenever the owner changes them.
   */
  kiosk: {
    settings(): KioskSettingsView
    onChanged(listener: (view: KioskSettingsView) => void): () => void
  }
  /**
   * A processor's webhook or callback delivery (`POST /webhooks/<processor>` on the web host), judged by the
   * webhook inbox: signature over the raw bytes (BTCPay-Sig, Plisio's verify_hash, X-BTPay-Signature), signed
   * timestamp within the window, once per delivery; a delivery taken only makes the tracker read the invoice again.
   * @param remoteAddress the peer's address, for the limit on refusals per source
   * @returns 204 taken, 200 duplicate, 401 bad or missing signature, 400 malformed or too old, 429 over the limit,
   *   404 unknown or unconnected processor.
   */
  receiveWebhook(
    processor: string,
    rawBody: Uint8Array,
    headers: Record<string, string | undefined>,
    remoteAddress?: string
  ): Promise<{ status: number; message: string }>
  /** Load connected processors, resume tracking and pending invoice creations. */
  start(): Promise<void>
  /** Stop timers, close sockets and files. */
  stop(): Promise<void>
}

/**
 * Build the core over a data folder: ledger (`kassa.sqlite`, with refunds), the Demo processor (`demo.sqlite`),
 * the connected processors (settings in the ledger, keys in the keychain), tracker, sales, refunds and the
 * contract's handlers.
 */
export function createCore(options: CoreOptions): Core {
  const now = options.now ?? Date.now
  const log = options.log ?? silentLogger()
  const ledger = new Ledger(openDatabase(join(options.dataDir, 'kassa.sqlite')), now)
  const refundBook = new RefundBook(ledger.database, now)
  const events = new EventBus(log)
  // The settings service reads the registry's state; the registry stores keys through the settings service.
  let registry: ProcessorRegistry | null = null
  const settings = new SettingsService(
    ledger,
    options.secrets,
    () => requireRegistry(),
    () => ownerAccess.pinSet
  )
  const processors = new ProcessorRegistry({
    ledger,
    keys: settings,
    modules: options.modules ?? MODULES,
    context: {
      now,
      currency: () => settings.currency,
      dataDir: options.dataDir,
      overrides: { ...options.connectors, demo: { ...options.demo } },
      log
    },
    webhookSecret: (id) => webhooks.registrations.secretFor(id)
  })
  registry = processors
  function requireRegistry(): ProcessorRegistry {
    if (!registry) throw new Error('processor registry used before it was built')
    return registry
  }

  const processorFor = (id: ProcessorId) => processors.get(id)
  const requireProcessor = (id: ProcessorId) => {
    const processor = processorFor(id)
    if (!processor)
      throw new KassaError('not-configured', `The ${id} processor is not connected: see Settings`, {
        processor: id
      })
    return processor
  }
  const onSaleChanged = (saleId: string) => events.emit('sale:updated', sales.view(saleId))
  /** The connected processors, the till's own first. */
  function connectedProcessors(): ProcessorId[] {
    const ids = processors.modules.map((module) => module.id).filter((id) => processors.isConnected(id))
    const current = settings.processor
    return ids.includes(current) ? [current, ...ids.filter((id) => id !== current)] : ids
  }
  // The one source of the till's processor states: the tracker's answered/failed reads are its input.
  const health = new HealthMonitor({
    connected: connectedProcessors,
    processorFor,
    onChanged: (view) => {
      events.emit('connectivity:changed', view)
      // Outbox sales and pending cancels waiting for this processor go now that it answers.
      sales.onProcessorHealth(view)
    },
    now,
    timing: options.health,
    log
  })
  const tracker = new InvoiceTracker({
    ledger,
    processorFor,
    onSaleChanged,
    onConnectivity: (processor, isOnline, message) => health.report(processor, isOnline, message),
    now,
    timing: options.tracker,
    log
  })
  // A processor back from an outage: its invoices are caught up (within its budget) at once.
  health.onRecovered((processor) => tracker.processorRecovered(processor))
  const customers = new CustomerService({ ledger, now })
  const sales = new SaleService({
    ledger,
    customer: (id) => customers.find(id),
    refunds: refundBook,
    tracker,
    processorFor,
    requireProcessor,
    onSaleChanged,
    retryCreateMs: options.retryCreateMs,
    tillId: () => settings.till.tillId,
    onUnreachable: (processor, message) => health.report(processor, false, message),
    healthOf: (id) => health.list().find((view) => view.processor === id)?.state ?? 'unknown',
    alternativesTo: (id) =>
      health
        .list()
        .filter((view) => view.processor !== id && (view.state === 'online' || view.state === 'degraded'))
        .map((view) => view.processor),
    offline: () => ({ policy: settings.offline, storeCurrency: settings.currency }),
    outboxMaxRetryMs: options.outboxMaxRetryMs,
    processorLabel: (id) => processors.module(id)?.label ?? id,
    now,
    log
  })
  // The owner gate's rule for money moved at the till (refunds, agents' requests): without a PIN nothing can be
  // asked, so the till is open; else a valid owner session.
  const ownerApproval = (session: string | null): 'owner' | 'no-pin' | null => {
    if (!ownerAccess.pinSet) return 'no-pin'
    return ownerAccess.sessions.touch(session) ? 'owner' : null
  }
  const refunds = new RefundService({
    ledger,
    refunds: refundBook,
    processorFor,
    onSaleChanged,
    retryMs: options.retryCreateMs,
    isOffline: (processor) => health.list().some((h) => h.processor === processor && h.state === 'offline'),
    log,
    policy: () => ({ rules: settings.refundPolicy, storeCurrency: settings.currency }),
    ownerApproval,
    now
  })
  health.onRecovered((processor) => void refunds.processorRecovered(processor))
  const webhooks = createWebhooks(
    {
      ledger,
      secrets: options.secrets,
      processorFor,
      configOf: (id) => processors.config(id),
      moduleFor: (id) => processors.module(id),
      invoiceMayHaveChanged: (processor, invoiceId) => tracker.invoiceMayHaveChanged(processor, invoiceId),
      receiver: options.transport === 'web',
      now
    },
    options.webhooks
  )
  const receipts = new ReceiptService({
    ledger,
    secrets: options.secrets,
    now,
    saleView: (saleId) => sales.view(saleId),
    processorLabel: (id) => processors.module(id)?.label ?? id,
    log,
    businessDayRule: () => settings.businessDayRule,
    options: options.receipts
  })
  const owner = new OwnerService(() => requireProcessor(settings.processor))
  const catalog = new CatalogService({
    ledger,
    currency: () => settings.currency,
    processor: () => requireProcessor(settings.processor),
    now
  })
  const dayDocuments = new DayDocuments({
    ledger,
    now,
    processorLabel: (id) => processors.module(id)?.label ?? id,
    printerTimeoutMs: options.receipts?.printerTimeoutMs
  })
  const csvExports = new CsvExports({ ledger, rule: () => settings.businessDayRule })
  const ownerAccess = new OwnerPin({ store: ledger, now, idleMs: options.ownerIdleMs })
  const reconcile = new ReconcileService(
    {
      ledger,
      book: new ReconcileBook(ledger.database),
      requireProcessor,
      businessDayRule: () => settings.businessDayRule,
      tillId: () => settings.till.tillId,
      track: (open) => tracker.track(open),
      isRecoveryRequest: (processor, invoiceId) => recovery.ownsRequest(processor, invoiceId),
      onSaleChanged,
      onProgress: (run) => events.emit('reconcile:progress', run),
      now,
      log
    },
    options.reconcile
  )

  // The day close's long reads run in a worker over the same ledger file (WAL: it reads while the till writes).
  const reader = new LedgerReader(join(options.dataDir, 'kassa.sqlite'))
  const days = new DayService({
    ledger,
    refunds: refundBook,
    reader,
    rule: () => settings.businessDayRule,
    currency: () => settings.currency,
    now
  })
  // After the day service: its paid hook gives the sale the business day the customer's visit stats count.
  customers.followPaidSales()

  // ── Failed-charge recovery: the queue (recovery-service) and its messages (recovery-messages) ──
  const recovery: RecoveryService = new RecoveryService(
    {
      ledger,
      customers,
      processorFor,
      businessDayRule: () => settings.businessDayRule,
      messagesOf: (itemId) => recoveryMessages.messagesOf(itemId),
      onUpdated: (item) => events.emit('recovery:updated', item),
      now,
      log
    },
    options.recovery
  )
  health.onRecovered((processor) => void recovery.processorRecovered(processor))
  const recoveryMessages: RecoveryMessages = new RecoveryMessages({
    ledger,
    secrets: options.secrets,
    detail: (itemId) => recovery.detail(itemId),
    shopName: () => readReceiptSettings(ledger).shop.name,
    tillLanguage: () => (settings.locale ?? 'en').split('-')[0] ?? 'en',
    noteSent: (itemId, at) => recovery.noteSent(itemId, at),
    now,
    log,
    smtpTimeoutMs: options.receipts?.smtpTimeoutMs
  })

  const devices = new DeviceService({ ledger, now, log })

  // ── Agent access (src/main/agents/): clients, rate limit, audit, requests that wait for a person ──
  // The MCP listener agent access drives (src/main/mcp/http-host.ts). It serves the tools built below over agent
  // access, so it reads them only when a request comes.
  const mcpControl: McpServerControl = new McpHost(() => agentTools, options.mcp)
  const agents = new AgentService({
    ledger,
    now,
    log,
    emit: (view) => events.emit('agent:request', view),
    storeCurrency: () => settings.currency,
    control: mcpControl,
    refunds: {
      options: (input) => refunds.options(input),
      estimate: (input) => refunds.estimate(input)
    },
    createRefund: (input, session) => refunds.create(input, session),
    withdrawRefund: (input, session) => refunds.withdraw(input, session),
    recovery: {
      item: (itemId) => recovery.detail(itemId),
      request: (itemId) => recovery.request(itemId)
    },
    ownerApproval
  })

  const handlers: Handlers = {
    'app:info': async () => ({ name: 'Kassa', version: options.version, transport: options.transport }),
    'settings:get': () => settings.view(),
    'settings:update': (input) => settings.update(input),
    'settings:deleteKey': (input) => settings.deleteKey(input.processor),
    'processor:connect': async (input) => {
      const connection = await processors.connect(input)
      health.sync(input.processor)
      if (input.activate !== false) await settings.update({ processor: input.processor })
      // Invoices that waited for this processor (restart without its key) can be followed again.
      tracker.start()
      await sales.resumePending()
      await refunds.resumePending()
      return { settings: await settings.view(), connection }
    },
    'processor:check': (input) => processors.check(input.processor),
    'processor:disconnect': async (input) => {
      await webhooks.registrations.release(input.processor)
      const result = await processors.disconnect(input.processor, input.revokeKey ?? false)
      health.sync()
      return { settings: await settings.view(), ...result }
    },
    'processor:health': async () => health.list(),
    'processor:stores': (input) =>
      processors.stores(input.processor ?? 'btcpay', input.serverUrl, input.apiKey),
    'owner:balances': () => owner.balances(settings.currency),
    'owner:operations': (input) => owner.operations(input),
    'sale:payOptions': (input) =>
      payOptionsFor(requireProcessor(settings.processor), input.amount, input.currency),
    'sale:charge': async (input) => {
      // The cashier may charge this sale on another connected processor (its own is offline).
      const processorId = input.processor ?? settings.processor
      const till = settings.till
      const pricing: TillPricing = {
        defaultTaxRate: settings.taxRate,
        taxInclusive: till.taxInclusive,
        maxSaleAmount: till.maxSaleAmount,
        storeCurrency: settings.currency
      }
      // A cart that does not add up, or a total above the maximum the cashier has not confirmed, is refused first.
      priceCharge(input, pricing)
      if (input.paymentMethod) {
        // A coin the processor would refuse (maintenance, below its minimum) is refused before a sale is made;
        // a processor that cannot be asked now checks it when the invoice is created (the outbox).
        const options = await payOptionsFor(requireProcessor(processorId), input.amount, input.currency, {
          fresh: false
        }).catch((error: unknown) => {
          if (error instanceof ProcessorError && error.retryable) return []
          throw error
        })
        const chosen = options.find((option) => option.id === input.paymentMethod)
        if (options.length && !chosen) {
          throw new KassaError('invalid-input', `${input.paymentMethod} is not offered for this sale`)
        }
        if (chosen && !chosen.available)
          throw new KassaError('invalid-input', chosen.reason ?? 'Not available')
      }
      // A new customer is made only once the charge is known to be acceptable: in the transaction that records
      // the sale, after the offline rules (a refused sale leaves no customer behind).
      requireProcessor(processorId)
      const customer = input.customer
      return sales.charge(input, processorId, pricing, () =>
        customer ? customers.resolveForSale(customer) : null
      )
    },
    'sale:get': async (input) => sales.view(input.saleId),
    'sale:list': async (input) => sales.list(input.limit ?? 50),
    'sale:find': async (input) => sales.find(input.query),
    'sale:cancel': (input) => sales.cancel(input.saleId),
    'sale:outbox': async () => sales.outbox(),
    'webhook:status': (input) => webhooks.registrations.status(input.processor),
    'webhook:register': (input) => webhooks.registrations.register(input.processor, input.publicUrl),
    'webhook:unregister': (input) => webhooks.registrations.unregister(input.processor),
    'invoice:focus': async (input) => {
      if (input.saleId !== null && !ledger.getSale(input.saleId)) {
        throw new KassaError('not-found', `No sale ${input.saleId}`, { reason: 'no-sale', id: input.saleId })
      }
      // `focused` names the sale only when there is an open invoice to follow; an ended sale unfocuses.
      return { focused: tracker.focus(input.saleId) ? input.saleId : null }
    },
    'demo:simulate': (input) => sales.simulate(input.saleId, input.kind, input.paymentMethod),
    'refund:options': (input) => refunds.options(input),
    'refund:create': (input, context) => refunds.create(input, context?.ownerSession ?? null),
    'refund:estimate': (input) => refunds.estimate(input),
    'refund:withdraw': (input, context) => refunds.withdraw(input, context?.ownerSession ?? null),
    'refund:record': (input, context) => refunds.record(input, context?.ownerSession ?? null),
    'refund:cancel': (input) => refunds.cancel(input.refundId),
    'refund:refresh': (input) => refunds.refresh(input.refundId),
    'refund:release': (input) => refunds.release(input.refundId),
    'catalog:list': async (input) => catalog.list(input.includeDisabled ?? false),
    'catalog:byCode': async (input) => catalog.byCode(input.code),
    'catalog:save': async (input) => catalog.save(input),
    'catalog:delete': async (input) => catalog.delete(input.id),
    'catalog:setEnabled': async (input) => catalog.setEnabled(input.id, input.enabled),
    'catalog:importCsv': async (input) => catalog.importCsv(input.csv),
    'catalog:exportCsv': async () => catalog.exportCsv(),
    'catalog:importProcessor': (input) => catalog.importProcessor(input.appId),
    'receipt:get': async (input) => receipts.document(input.saleId, input.locale),
    'receipt:pdf': (input) => receipts.pdf(input.saleId, input.locale),
    'receipt:email': (input) => receipts.email(input.saleId, input.to, input.locale),
    'receipt:print': async (input) => receipts.print(input.saleId, input.reprint ?? false),
    'receipt:printQueue': async (input) => receipts.queue.list(input.saleId),
    'receipt:printRetry': async (input) => receipts.queue.retry(input.jobId),
    'receipt:printCancel': async (input) => receipts.queue.cancel(input.jobId),
    'receipt:testPrint': () => receipts.testPrint(),
    'receipt:testEmail': (input) => receipts.testEmail(input.to),

    // ── Owner PIN ──
    'owner:pinStatus': async (_input, context) => ownerAccess.status(context),
    'owner:setPin': (input) => ownerAccess.setPin(input.pin, input.currentPin),
    'owner:unlock': (input) => ownerAccess.unlock(input.pin),
    'owner:lock': async (_input, context) => ownerAccess.lock(context),

    // ── Day close, X report, charts ──
    'day:report': (input) => days.report(input.day),
    'day:close': async (input) => days.close(input.day),
    'day:list': (input) => days.list(input.limit),
    'day:charts': (input) => days.charts(input.day),

    // ── Day close PDF and print, CSV exports ──
    'day:pdf': async (input) => dayDocuments.pdf(await days.report(input.day), input.locale),
    'day:print': async (input) => dayDocuments.print(await days.report(input.day), input.locale),
    'export:csv': async (input) => csvExports.csv(input.kind, input.fromDay, input.toDay),

    // ── Reconciliation ──
    'reconcile:start': async (input) => reconcile.start(input.processor, input.fromDay, input.toDay),
    'reconcile:get': async (input) => reconcile.get(input.runId),
    'reconcile:cancel': (input) => reconcile.cancel(input.runId),
    'reconcile:review': async (input) => reconcile.review(input.runId, input.key, input.note),
    'reconcile:recheck': (input) => reconcile.recheck(input.runId, input.key),
    'reconcile:import': (input) => reconcile.import(input.runId, input.key),

    // ── Customers and churn signals ──
    'customer:search': async (input) => customers.search(input.query),
    'customer:save': async (input) => customers.save(input, 'owner'),
    'customer:get': async (input) => customers.detail(input.customerId),
    'customer:erase': async (input) => customers.erase(input.customerId, 'owner'),
    'churn:signals': () =>
      churnSignals({
        reader,
        customers,
        now,
        today: () => businessDayOf(now(), settings.businessDayRule)
      }),

    // ── Failed-charge recovery: queue, payment requests, outcome ──
    'recovery:list': async (input) => recovery.list(input),
    'recovery:get': async (input) => recovery.detail(input.itemId),
    'recovery:request': (input) => recovery.request(input.itemId),
    'recovery:refresh': (input) => recovery.refresh(input.itemId),
    'recovery:abandon': (input) => recovery.abandon(input.itemId, input.note),
    'demo:simulateRequest': (input) => recovery.simulatePaid(input.itemId),

    // ── Failed-charge recovery: templates, drafts, outbox ──
    'recovery:draft': async (input) => recoveryMessages.draft(input.itemId, input.language),
    'recovery:send': (input) => recoveryMessages.send(input),
    'recovery:outbox': async (input) => recoveryMessages.outbox(input.itemId),
    'recovery:retry': (input) => recoveryMessages.retry(input.messageId),
    'recovery:templates': async () => recoveryMessages.templates(),
    'recovery:saveTemplates': async (input) => recoveryMessages.saveTemplates(input.templates),

    // ── Paired devices ──
    'device:pairStart': async (input) => devices.pairStart(input.role, input.name),
    'device:list': async () => devices.list(),
    'device:revoke': async (input) => devices.revoke(input.deviceId),

    // ── Agent access (src/main/agents/; the MCP server itself is src/main/mcp/) ──
    'agent:status': async () => agents.status(),
    'agent:configure': (input) => agents.configure(input),
    'agent:createClient': async (input) => agents.createClient(input.name, input.scopes),
    'agent:revokeClient': async (input) => agents.revokeClient(input.clientId),
    'agent:audit': async (input) => agents.calls(input.clientId, input.limit),
    'agent:requests': async (input) => agents.requests(input.filter),
    'agent:approve': (input, context) => agents.approve(input.requestId, context?.ownerSession ?? null),
    'agent:decline': async (input, context) =>
      agents.decline(input.requestId, input.note, context?.ownerSession ?? null)
  }

  // Agents' tools run the same handlers without the owner gate: a client's scopes gate them (src/main/mcp/).
  const ungated = logFailures(handlers, log)
  const agentTools: McpDeps = {
    call: async (name, input) => (await dispatch(ungated, name, input)) as never,
    access: agents,
    connected: connectedProcessors,
    insight: (id) => processorFor(id)?.ports.insight ?? null,
    now,
    log
  }

  return {
    handlers: logFailures(withOwnerGate(handlers, ownerAccess), log),
    events,
    ledger,
    tracker,
    processors,
    webhooks,
    receipts,
    ownerAccess,
    customers,
    health,
    devices,
    agentTools,
    mcp: mcpControl,
    kiosk: {
      settings: () => settings.kiosk,
      onChanged: (listener) => settings.kioskHook.onChanged(listener)
    },
    async receiveWebhook(processor, rawBody, headers, remoteAddress) {
      return webhooks.inbox.receive(processor, rawBody, headers, remoteAddress)
    },
    async start() {
      log.info({ version: options.version, transport: options.transport }, 'Kassa starting')
      await processors.load()
      health.start()
      tracker.start()
      await sales.resumePending()
      await refunds.resumePending()
      receipts.start()
      recovery.start()
      recoveryMessages.start()
      // After refunds and recovery: approvals a crash left are carried on through them.
      await agents.start()
    },
    async stop() {
      webhooks.inbox.close()
      await agents.stop()
      await reconcile.stop()
      await recovery.stop()
      await recoveryMessages.stop()
      health.stop()
      tracker.stop()
      await sales.stop()
      await refunds.stop()
      // A read still in flight (e.g. one a webhook asked for) writes to the ledger: let it finish first.
      await tracker.idle()
      await receipts.stop()
      await processors.close()
      await reader.close()
      ledger.close()
    }
  }
}
