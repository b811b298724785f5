/**
 * The three simulators behind one face for the reconciliation tests: connect, pay a sale's invoice to its end, and
 * inject each kind of difference straight into the simulator's books (Kassa not told).
 */
import { randomBytes } from 'node:crypto'
import type { Core } from '../../../src/main/core'
import { startBtcpaySimulator } from '../../simulators/btcpay'
import { startBtpaySimulator } from '../../simulators/btpay'
import { startPlisioSimulator } from '../../simulators/plisio'
import { ok } from '../core/processor-helpers'

export interface ReconcileSim {
  processor: 'btcpay' | 'btpay' | 'plisio'
  /** Connector overrides for the core (the Plisio API URL, BTPay's budget). */
  connectors: Record<string, Record<string, unknown>>
  connect(core: Core): Promise<void>
  /** The customer pays in full and it confirms. */
  pay(invoiceId: string): void
  /** An invoice made at the processor without a Kassa order id (its PoS, its dashboard), paid. @returns its id */
  outside(amount: string): string
  /** An invoice of another Kassa till on the same store. @returns its id */
  otherTill(amount: string, tillId: string): string
  /** The processor's status changes behind Kassa's back (a settled invoice marked invalid or back to paid). */
  changeStatus(invoiceId: string): void
  /** The processor's amount changes. */
  changeAmount(invoiceId: string, amount: string): void
  remove(invoiceId: string): void
  /** Arrival times (ms) of the invoice-list requests the simulator counted. */
  listRequests(): number[]
  /** 429 with Retry-After (s) on the next list request, then a 503. */
  failListing(retryAfterSeconds: number): void
  close(): Promise<void>
}

const kassaSaleId = (): string => 'sale_' + randomBytes(16).toString('hex')

export async function btcpaySim(): Promise<ReconcileSim> {
  const sim = await startBtcpaySimulator()
  const invoice = (id: string) => sim.state.mustGet(id)
  const make = (amount: string, metadata: Record<string, unknown>) =>
    sim.state.createInvoice({ amount, currency: 'EUR', metadata }).id
  return {
    processor: 'btcpay',
    connectors: {},
    connect: (core) =>
      ok(core, 'processor:connect', {
        processor: 'btcpay',
        serverUrl: sim.url,
        storeId: sim.storeId,
        apiKey: sim.apiKey
      }).then(() => undefined),
    pay: (id) => sim.control.pay(id, 'full', 'BTC-LN'),
    outside(amount) {
      const id = make(amount, { orderId: 'pos-' + randomBytes(3).toString('hex'), itemDesc: 'Counter' })
      sim.control.pay(id, 'full', 'BTC-LN')
      return id
    },
    otherTill: (amount, tillId) => make(amount, { orderId: kassaSaleId(), kassaTill: tillId }),
    changeStatus: (id) => void (invoice(id).status = 'Invalid'),
    changeAmount: (id, amount) => void (invoice(id).amount = amount),
    remove: (id) => void sim.state.invoices.delete(id),
    listRequests: () =>
      sim.control.requests
        .filter((r) => r.method === 'GET' && r.path.endsWith('/invoices') && r.search.includes('startDate'))
        .map((r) => r.receivedAt),
    failListing(retryAfterSeconds) {
      // BTCPay's own 429 carries no Retry-After; the backoff applies.
      void retryAfterSeconds
      sim.control.failNext({ method: 'GET', path: '/invoices', status: 429 })
      sim.control.failNext({ method: 'GET', path: '/invoices', status: 503 })
    },
    close: () => sim.close()
  }
}

/** BTPay's 100 a minute, time-scaled: simulator and connector at 600 (the connector plans 450 of them). */
export async function btpaySim(): Promise<ReconcileSim> {
  const sim = await startBtpaySimulator({ rateLimitPerMinute: 600 })
  const find = (number: string) => {
    const found = sim.control.invoices().find((i) => i.invoice_number === number)
    if (!found) throw new Error(`no BTPay invoice ${number}`)
    return found
  }
  const seed = (amount: string, notes: string): string =>
    String(
      sim.control.seedInvoice({
        lines: [{ description: 'Counter', quantity: 1, unit_price: amount }],
        currency: 'EUR',
        notes
      }).invoice_number
    )
  const settle = (number: string) => {
    sim.control.pay(number)
    sim.control.confirm(number)
  }
  return {
    processor: 'btpay',
    connectors: { btpay: { requestsPerMinute: 600 } },
    connect: (core) =>
      ok(core, 'processor:connect', { processor: 'btpay', baseUrl: sim.url, apiKey: sim.apiKey }).then(
        () => undefined
      ),
    pay: settle,
    outside(amount) {
      const number = seed(amount, 'Walk-in customer')
      settle(number)
      return number
    },
    otherTill: (amount, tillId) => seed(amount, `Sale [kassa-sale:${kassaSaleId()}] [kassa-till:${tillId}]`),
    changeStatus: (number) => void (find(number).status = 'paid'),
    changeAmount(number, amount) {
      // Paid in full at the new total: the status stays, only the amounts differ.
      Object.assign(find(number), { total: amount, subtotal: amount, amount_paid: amount })
    },
    remove(number) {
      const all = sim.control.invoices()
      all.splice(all.indexOf(find(number)), 1)
    },
    listRequests: () =>
      sim.control
        .requests()
        .filter((r) => r.method === 'GET' && r.path === '/api/v1/invoices' && !r.query.includes('status='))
        .map((r) => r.at),
    failListing(retryAfterSeconds) {
      sim.control.failNext({
        match: 'GET /api/v1/invoices',
        status: 429,
        error: 'Rate limit exceeded',
        retryAfter: retryAfterSeconds
      })
      sim.control.failNext({ match: 'GET /api/v1/invoices', status: 503, error: 'Service unavailable' })
    },
    close: () => sim.close()
  }
}

export async function plisioSim(): Promise<ReconcileSim> {
  const sim = await startPlisioSimulator()
  const seed = (amount: string, orderNumber: string): string =>
    sim.control.seedInvoice({
      order_number: orderNumber,
      order_name: 'Counter',
      source_amount: amount,
      source_currency: 'EUR',
      currency: 'BTC'
    })
  return {
    processor: 'plisio',
    connectors: { plisio: { baseUrl: sim.url } },
    connect: (core) =>
      ok(core, 'processor:connect', { processor: 'plisio', apiKey: sim.apiKey }).then(() => undefined),
    pay: (id) => void sim.control.payFull(id),
    outside(amount) {
      const id = seed(amount, 'shop-' + randomBytes(3).toString('hex'))
      sim.control.payFull(id)
      return id
    },
    // Plisio keeps no till id: another till's invoice is known only by its Kassa order id.
    otherTill: (amount) => seed(amount, kassaSaleId()),
    changeStatus: (id) => void sim.control.error(id),
    changeAmount: (id, amount) => void (sim.control.invoice(id)!.sourceAmount = amount),
    remove: (id) => sim.control.remove(id),
    listRequests: () =>
      sim.control.requests
        .filter((r) => r.path === 'operations' && r.query.type === 'invoice')
        .map((r) => r.at),
    failListing(retryAfterSeconds) {
      // Only the listing fails: the till's health check (`GET /shops`) may come in between.
      sim.control.failNext({ path: 'operations', status: 429, retryAfter: String(retryAfterSeconds) })
      sim.control.failNext({ path: 'operations', status: 503 })
    },
    close: () => sim.close()
  }
}
