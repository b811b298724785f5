import type { SaleView } from '@shared/contract'
import type { DayReportView } from '@shared/day'
import type { RecoveryItemView, RecoveryListView } from '@shared/recovery'
import type { Core } from '../../../src/main/core'
import type { DemoProcessor } from '../../../src/main/processors/demo'
import { waitFor } from '../../fixtures/temp-dir'
import type { BtcpaySimulator } from '../../simulators/btcpay'
import type { BtpaySimulator } from '../../simulators/btpay'
import type { PlisioSimulator } from '../../simulators/plisio'
import { ok, waitForSale } from '../core/processor-helpers'

/**
 * One processor as the recovery tests drive it: connect, make a sale fail (half paid then expired, or expired
 * unpaid), read the payment requests the simulator holds for an order id, and pay one as its customer would.
 */
export interface RecoveryDriver {
  name: string
  currency: string
  /** An invoice half paid can still expire (BTPay keeps a `partial` invoice open until it is paid or cancelled). */
  underpays: boolean
  connect(core: Core): Promise<void>
  /** Charge a sale and let its invoice end unpaid (`half`: half of it paid first). */
  fail(core: Core, half: boolean, extra?: Record<string, unknown>): Promise<SaleView>
  /** The processor's ids of the payment requests it holds for Kassa's order id, and their amounts. */
  held(orderId: string): Promise<{ id: string; amount: string }[]>
  /** The customer pays the request in full (and it confirms). */
  pay(core: Core, item: RecoveryItemView): Promise<void>
}

const customer = { name: 'Jürgen Weiß', email: 'juergen.weiss@example.org' }

async function charge(core: Core, currency: string, extra: Record<string, unknown> = {}): Promise<SaleView> {
  return ok<SaleView>(core, 'sale:charge', {
    amount: '20.00',
    currency,
    customer,
    lines: [{ name: 'Espresso beans', unitPrice: '10.00', quantity: 2 }],
    ...extra
  })
}

/** Read the sale now (the tracker reads a focused invoice at once) until `done`. */
async function settleSale(core: Core, sale: SaleView, done: (s: SaleView) => boolean, what: string) {
  await ok(core, 'invoice:focus', { saleId: sale.id })
  return waitForSale(core, sale.id, done, what)
}

export function demoDriver(): RecoveryDriver {
  const demo = (core: Core) => core.processors.get('demo') as DemoProcessor
  let current: Core | null = null
  return {
    name: 'Demo',
    currency: 'USD',
    underpays: true,
    async connect(core) {
      current = core
    },
    async fail(core, half, extra) {
      const sale = await charge(core, 'USD', extra)
      if (half) {
        await ok(core, 'demo:simulate', { saleId: sale.id, kind: 'partial' })
        await waitForSale(core, sale.id, (s) => s.invoice?.additionalStatus === 'PaidPartial', 'partly paid')
      }
      await ok(core, 'demo:simulate', { saleId: sale.id, kind: 'expire' })
      return waitForSale(core, sale.id, (s) => s.state === 'expired', 'expired')
    },
    async held(orderId) {
      const page = await demo(current!).ports.invoiceList!.list({
        from: '2000-01-01T00:00:00Z',
        to: '2100-01-01T00:00:00Z',
        limit: 1000
      })
      return page.items
        .filter((invoice) => invoice.orderId === `payreq-${orderId}`)
        .map((invoice) => ({ id: invoice.id, amount: invoice.amount }))
    },
    async pay(core, item) {
      await ok(core, 'demo:simulateRequest', { itemId: item.id })
    }
  }
}

export function btcpayDriver(sim: BtcpaySimulator): RecoveryDriver {
  return {
    name: 'BTCPay',
    currency: 'USD',
    underpays: true,
    async connect(core) {
      await ok(core, 'processor:connect', {
        processor: 'btcpay',
        serverUrl: sim.url,
        storeId: sim.storeId,
        apiKey: sim.apiKey
      })
    },
    async fail(core, half, extra) {
      const sale = await charge(core, 'USD', extra)
      if (half) sim.control.pay(sale.invoice!.id, 'partial')
      sim.control.expire(sale.invoice!.id)
      return settleSale(core, sale, (s) => s.state === 'expired', 'expired')
    },
    held: async (orderId) =>
      [...sim.state.paymentRequests.values()]
        .filter((pr) => (pr.body as { referenceId?: string }).referenceId === orderId)
        .map((pr) => ({ id: pr.id, amount: String((pr.body as { amount?: unknown }).amount) })),
    async pay(_core, item) {
      const invoiceId = sim.control.openPaymentRequest(item.paymentRequest!.id!)
      sim.control.pay(invoiceId)
      sim.control.settle(invoiceId)
    }
  }
}

export function plisioDriver(sim: PlisioSimulator): RecoveryDriver {
  return {
    name: 'Plisio',
    currency: 'EUR',
    underpays: true,
    async connect(core) {
      await ok(core, 'processor:connect', { processor: 'plisio', apiKey: sim.apiKey })
    },
    async fail(core, half, extra) {
      const sale = await charge(core, 'EUR', { paymentMethod: 'BTC', ...extra })
      if (half) sim.control.payPartial(sale.invoice!.id)
      sim.control.expire(sale.invoice!.id)
      return settleSale(core, sale, (s) => s.state === 'expired', 'expired')
    },
    // Each ask for the order number (a second would return the same invoice: `return_existing=1`).
    held: async (orderId) =>
      sim.control.requests
        .filter((r) => r.path === 'invoices/new' && r.query.order_number === `payreq-${orderId}`)
        .map((r) => ({ id: r.query.order_number!, amount: r.query.source_amount! })),
    async pay(_core, item) {
      sim.control.payFull(item.paymentRequest!.id!)
    }
  }
}

export function btpayDriver(sim: BtpaySimulator): RecoveryDriver {
  return {
    name: 'BTPay',
    currency: 'USD',
    underpays: false,
    async connect(core) {
      await ok(core, 'processor:connect', { processor: 'btpay', baseUrl: sim.url, apiKey: sim.apiKey })
    },
    async fail(core, half, extra) {
      const sale = await charge(core, 'USD', extra)
      if (half) sim.control.partial(sale.invoice!.id)
      sim.control.expire(sale.invoice!.id)
      return settleSale(core, sale, (s) => s.state === 'expired', 'expired')
    },
    held: async (orderId) =>
      sim.control
        .invoices()
        .filter((invoice) => invoice.notes.includes(`[kassa-sale:payreq-${orderId}]`))
        .map((invoice) => ({ id: invoice.invoice_number, amount: invoice.total })),
    async pay(_core, item) {
      sim.control.pay(item.paymentRequest!.id!)
      sim.control.confirm(item.paymentRequest!.id!)
    }
  }
}

/** The queue's item of a sale, once it is there. */
export async function itemOfSale(core: Core, saleId: string, filter = 'all'): Promise<RecoveryItemView> {
  const list = await waitFor(
    () => ok<RecoveryListView>(core, 'recovery:list', { filter, limit: 200 }),
    (page) => page.items.some((item) => item.saleId === saleId),
    { timeoutMs: 10_000, what: `sale ${saleId} in the Recovery queue` }
  )
  return list.items.find((item) => item.saleId === saleId)!
}

/** Wait until the item is in `status`. */
export function waitForItem(
  core: Core,
  itemId: string,
  status: RecoveryItemView['status']
): Promise<RecoveryItemView> {
  return waitFor(
    () => ok<RecoveryItemView>(core, 'recovery:get', { itemId }),
    (item) => item.status === status,
    { timeoutMs: 15_000, what: `item ${itemId} to be ${status}` }
  )
}

/** The day report of today. */
export const todayReport = (core: Core) => ok<DayReportView>(core, 'day:report', {})
