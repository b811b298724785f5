import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { RefundView, SaleView } from '@shared/contract'
import type { Core } from '../../../src/main/core'
import { RefundBook } from '../../../src/main/ledger/refund-book'
import { startFaultProxy, type FaultKind, type FaultProxy } from '../../chaos/fault-proxy'
import { MemorySecretStore } from '../../fixtures/memory-secret-store'
import { tempDir, waitFor } from '../../fixtures/temp-dir'
import { startBtcpaySimulator, type BtcpaySimulator } from '../../simulators/btcpay'
import { startPlisioSimulator, type PlisioSimulator } from '../../simulators/plisio'
import { ok, processorCore, waitForSale } from './processor-helpers'

/**
 * The processor does what it was asked, but its answer reaches the till cut in half or not JSON
 * (`processor-bad-response`): an unknown outcome, never "nothing was made". A fault proxy (the chaos tests') in
 * front of each simulator spoils the answers; the simulators' own books show what was really made.
 */
let btcpay: BtcpaySimulator
let plisio: PlisioSimulator
let btcpayProxy: FaultProxy
let plisioProxy: FaultProxy
let dir: ReturnType<typeof tempDir>
let core: Core

beforeAll(async () => {
  ;[btcpay, plisio] = await Promise.all([startBtcpaySimulator(), startPlisioSimulator()])
  ;[btcpayProxy, plisioProxy] = await Promise.all([
    startFaultProxy(new URL(btcpay.url).origin),
    startFaultProxy(plisio.origin)
  ])
})
afterAll(async () => {
  await Promise.all([btcpay.close(), plisio.close(), btcpayProxy.close(), plisioProxy.close()])
})
beforeEach(async () => {
  dir = tempDir()
  // No retry on the timer within a test (60 s): what is resolved, is resolved by the look-up at once or a refresh.
  core = processorCore(dir.path, new MemorySecretStore(), {
    connectors: { plisio: { baseUrl: plisioProxy.wrap(plisio.url) } },
    retryCreateMs: 60_000
  })
  await core.start()
})
afterEach(async () => {
  btcpayProxy.setSchedule(null)
  plisioProxy.setSchedule(null)
  await core.stop()
  dir.remove()
})

/** Spoil the answers of the next `count` requests matching `pattern` (`METHOD /path`) with `fault`. */
function spoil(proxy: FaultProxy, pattern: RegExp, fault: FaultKind, count = 1): void {
  let left = count
  proxy.setSchedule((request) => {
    if (left === 0 || !pattern.test(`${request.method} ${request.path}`)) return { kind: 'pass' }
    left--
    return { kind: fault }
  })
}

async function connectBtcpay(): Promise<void> {
  await ok(core, 'processor:connect', {
    processor: 'btcpay',
    serverUrl: btcpayProxy.wrap(btcpay.url),
    storeId: btcpay.storeId,
    apiKey: btcpay.apiKey
  })
}

const btcpayInvoicesOf = (saleId: string) =>
  [...btcpay.state.invoices.values()].filter((invoice) => invoice.metadata?.orderId === saleId)

describe('a create whose answer cannot be read', () => {
  it('Plisio: a create answered with malformed JSON leaves the sale awaiting the invoice Plisio made', async () => {
    await ok(core, 'processor:connect', { processor: 'plisio', apiKey: plisio.apiKey })
    spoil(plisioProxy, /^GET .*\/invoices\/new$/, 'malformed')
    const sale = await ok<SaleView>(core, 'sale:charge', {
      amount: '12.00',
      currency: 'USD',
      paymentMethod: 'BTC'
    })
    const creates = plisio.control.requests.filter(
      (r) => r.path === 'invoices/new' && r.query.order_number === sale.id
    )
    expect(creates).toHaveLength(1)
    expect(sale.state).toBe('awaiting')
    expect(sale.invoice?.id).toBeTruthy()
    const made = await ok<SaleView>(core, 'sale:get', { saleId: sale.id })
    expect(made.invoice?.id).toBe(sale.invoice?.id)
  })

  it('BTCPay: a cut answer to the payment-methods read after the create leaves the sale awaiting its one invoice', async () => {
    await connectBtcpay()
    spoil(btcpayProxy, /^GET .*\/invoices\/[^/]+\/payment-methods$/, 'truncated')
    const sale = await ok<SaleView>(core, 'sale:charge', { amount: '12.00', currency: 'USD' })
    const made = btcpayInvoicesOf(sale.id)
    expect(made).toHaveLength(1)
    expect(sale).toMatchObject({ state: 'awaiting', invoice: { id: made[0]!.id } })
  })

  it('BTCPay, offline mode none: a cut create whose look-up is cut too fails the sale, and the invoice made is cancelled', async () => {
    await connectBtcpay()
    await ok(core, 'settings:update', { offline: { mode: 'none' } })
    // The create's answer and the look-up right after it are cut: the outcome stays unknown while the cashier waits.
    spoil(btcpayProxy, /^(POST .*\/invoices|GET .*\/invoices)$/, 'truncated', 2)
    const sale = await ok<SaleView>(core, 'sale:charge', { amount: '12.00', currency: 'USD' })
    expect(sale).toMatchObject({
      state: 'failed',
      invoice: null,
      error: { code: 'processor-offline', params: { reason: 'offline-not-allowed' } }
    })
    // The durable look-up finds the invoice made and cancels it: no customer can pay a sale the till failed.
    const [made] = btcpayInvoicesOf(sale.id)
    expect(made).toBeDefined()
    await waitFor(
      async () => btcpay.state.invoices.get(made!.id)?.status,
      (status) => status === 'Invalid',
      { timeoutMs: 10_000, what: 'the orphan invoice cancelled' }
    )
    expect(btcpayInvoicesOf(sale.id)).toHaveLength(1)
    expect((await ok<SaleView>(core, 'sale:get', { saleId: sale.id })).state).toBe('failed')
  })
})

describe('a BTCPay refund whose answer cannot be read', () => {
  it('stays pending, then holds the one pull payment BTCPay made, found by its refund id before asking again', async () => {
    await connectBtcpay()
    const charged = await ok<SaleView>(core, 'sale:charge', { amount: '30.00', currency: 'USD' })
    await ok(core, 'invoice:focus', { saleId: charged.id })
    btcpay.control.pay(charged.invoice!.id, 'full')
    btcpay.control.settle(charged.invoice!.id)
    await waitForSale(core, charged.id, (s) => s.state === 'paid', 'paid')
    const pullsOf = () =>
      [...btcpay.state.pullPayments.values()].filter((p) => p.invoiceId === charged.invoice!.id)

    spoil(btcpayProxy, /^POST .*\/invoices\/[^/]+\/refund$/, 'truncated')
    const refund = await ok<RefundView>(core, 'refund:create', {
      saleId: charged.id,
      variant: 'Custom',
      customAmount: '5.00',
      customCurrency: 'USD'
    })
    // The intent is kept (the cashier sees it pending, with "check again"), and BTCPay made the pull payment.
    expect(refund).toMatchObject({ state: 'pending' })
    expect(new RefundBook(core.ledger.database).forSale(charged.id).map((r) => r.id)).toEqual([refund.id])
    expect(pullsOf()).toHaveLength(1)

    const checked = await ok<RefundView>(core, 'refund:refresh', { refundId: refund.id })
    expect(checked).toMatchObject({ id: refund.id, state: 'awaiting-claim' })
    expect(pullsOf()).toHaveLength(1)
    expect(new RefundBook(core.ledger.database).forSale(charged.id)).toMatchObject([
      { id: refund.id, externalId: pullsOf()[0]!.id }
    ])
    const refundPosts = btcpayProxy.records.filter((r) => r.method === 'POST' && /\/refund$/.test(r.path))
    expect(refundPosts).toHaveLength(1)
  })
})
