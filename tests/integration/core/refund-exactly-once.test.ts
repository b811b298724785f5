import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { RefundView, SaleView } from '@shared/contract'
import { btcToSats } from '@shared/money'
import type { Core } from '../../../src/main/core'
import { dispatch } from '../../../src/main/dispatch'
import { RefundBook } from '../../../src/main/ledger/refund-book'
import { MemorySecretStore } from '../../fixtures/memory-secret-store'
import { tempDir, waitFor } from '../../fixtures/temp-dir'
import { startBtcpaySimulator, type BtcpaySimulator } from '../../simulators/btcpay'
import { startPlisioSimulator, type PlisioSimulator } from '../../simulators/plisio'
import { fails, ok, processorCore, waitForSale } from './processor-helpers'

let btcpay: BtcpaySimulator
let plisio: PlisioSimulator
let dir: ReturnType<typeof tempDir>
let secrets: MemorySecretStore
let core: Core

beforeAll(async () => {
  ;[btcpay, plisio] = await Promise.all([startBtcpaySimulator(), startPlisioSimulator()])
})
afterAll(async () => {
  await Promise.all([btcpay.close(), plisio.close()])
})
beforeEach(async () => {
  dir = tempDir()
  secrets = new MemorySecretStore()
  core = newCore()
  await core.start()
})
afterEach(async () => {
  await core.stop()
  dir.remove()
})

function newCore(): Core {
  return processorCore(dir.path, secrets, {
    connectors: { plisio: { baseUrl: plisio.url }, btcpay: { timeoutMs: 400 } },
    retryCreateMs: 100
  })
}

/** Stop the core and build a new one over the same data folder and keychain, as a restart does. */
async function restart(): Promise<void> {
  await core.stop()
  core = newCore()
  await core.start()
}

const address = 'bc1qcustomer0000000000000000000000000000'
const ledgerRefunds = (saleId: string) => new RefundBook(core.ledger.database).forSale(saleId)
const pullPaymentsOf = (invoiceId: string) =>
  [...btcpay.state.pullPayments.values()].filter((p) => p.invoiceId === invoiceId)
const withdrawalsTo = (to: string) => plisio.control.withdrawals().filter((w) => w.to === to)
/** Run `n` copies of one call at once through the dispatcher; the results in order. */
const all = (n: number, name: string, input: unknown) =>
  Promise.all(Array.from({ length: n }, () => dispatch(core.handlers, name, input)))

async function paidBtcpaySale(amount = '10.00'): Promise<SaleView> {
  await ok(core, 'processor:connect', {
    processor: 'btcpay',
    serverUrl: btcpay.url,
    storeId: btcpay.storeId,
    apiKey: btcpay.apiKey
  })
  const sale = await ok<SaleView>(core, 'sale:charge', { amount, currency: 'USD' })
  await ok(core, 'invoice:focus', { saleId: sale.id })
  btcpay.control.pay(sale.invoice!.id, 'full')
  btcpay.control.settle(sale.invoice!.id)
  return waitForSale(core, sale.id, (s) => s.state === 'paid', 'paid')
}

async function paidPlisioSale(): Promise<SaleView> {
  await ok(core, 'processor:connect', { processor: 'plisio', apiKey: plisio.apiKey })
  const sale = await ok<SaleView>(core, 'sale:charge', {
    amount: '10.00',
    currency: 'USD',
    paymentMethod: 'BTC'
  })
  plisio.control.payFull(sale.invoice!.id)
  plisio.control.setBalance('BTC', '1.00000000')
  await ok(core, 'invoice:focus', { saleId: sale.id })
  return waitForSale(core, sale.id, (s) => s.state === 'paid', 'paid')
}

async function paidDemoSale(): Promise<SaleView> {
  const sale = await ok<SaleView>(core, 'sale:charge', { amount: '10.00', currency: 'USD' })
  await ok(core, 'demo:simulate', { saleId: sale.id, kind: 'full' })
  return waitForSale(core, sale.id, (s) => s.state === 'paid', 'paid')
}

describe('concurrent refunds of one sale never refund more than was paid', () => {
  it('BTCPay: five full Fiat refunds at once make one pull payment', async () => {
    const sale = await paidBtcpaySale()
    const results = await all(5, 'refund:create', { saleId: sale.id, variant: 'Fiat' })
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(pullPaymentsOf(sale.invoice!.id)).toHaveLength(1)
    const view = await ok<SaleView>(core, 'sale:get', { saleId: sale.id })
    expect(view.refunded).toBe('10.00')
  })

  it('BTCPay: five 4.00 Custom refunds at once: two go through, 8.00 of 10.00', async () => {
    const sale = await paidBtcpaySale()
    const results = await all(5, 'refund:create', {
      saleId: sale.id,
      variant: 'Custom',
      customAmount: '4.00',
      customCurrency: 'USD'
    })
    expect(results.filter((r) => r.ok)).toHaveLength(2)
    expect(pullPaymentsOf(sale.invoice!.id)).toHaveLength(2)
    expect((await ok<SaleView>(core, 'sale:get', { saleId: sale.id })).refunded).toBe('8.00')
  })

  it('Plisio: five full withdrawals at once pay out once', async () => {
    const sale = await paidPlisioSale()
    const paid = sale.invoice!.paymentMethods[0]!.paid
    const before = withdrawalsTo(address).length
    const results = await all(5, 'refund:withdraw', { saleId: sale.id, address, amount: paid })
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(withdrawalsTo(address)).toHaveLength(before + 1)
    const refused = results.find((r) => !r.ok)
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } })
  })

  it('Demo and recorded refunds at once, mixed: the refunded total stays within 10.00', async () => {
    const sale = await paidDemoSale()
    const results = await Promise.all([
      dispatch(core.handlers, 'refund:create', { saleId: sale.id, variant: 'Fiat' }),
      dispatch(core.handlers, 'refund:record', {
        saleId: sale.id,
        amount: '6.00',
        method: 'cash',
        reason: 'x'
      }),
      dispatch(core.handlers, 'refund:create', { saleId: sale.id, variant: 'Fiat' }),
      dispatch(core.handlers, 'refund:record', {
        saleId: sale.id,
        amount: '6.00',
        method: 'cash',
        reason: 'y'
      })
    ])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    const counted = ledgerRefunds(sale.id).filter((r) => r.state !== 'failed' && r.state !== 'cancelled')
    expect(counted.reduce((sum, r) => sum + (r.fiatMinor ?? 0n), 0n)).toBeLessThanOrEqual(1000n)
  })

  it('the same idempotency key twice gives the same refund, made once', async () => {
    const sale = await paidBtcpaySale()
    const input = {
      saleId: sale.id,
      variant: 'Custom',
      customAmount: '2.00',
      customCurrency: 'USD',
      idempotencyKey: 'key-0123456789abcdef'
    }
    const [a, b] = await Promise.all([
      ok<RefundView>(core, 'refund:create', input),
      ok<RefundView>(core, 'refund:create', input)
    ])
    expect(a.id).toBe(b.id)
    expect(pullPaymentsOf(sale.invoice!.id)).toHaveLength(1)
    const again = await ok<RefundView>(core, 'refund:create', input)
    expect(again.id).toBe(a.id)
    expect(pullPaymentsOf(sale.invoice!.id)).toHaveLength(1)
  })
})

describe('a refund is recorded before the processor is asked, and resumed after a crash', () => {
  it('BTCPay timeout with the pull payment made: the refund finds it by its id, no second one', async () => {
    const sale = await paidBtcpaySale()
    btcpay.control.failNext({ delayMs: 1500, path: '/refund', method: 'POST' })
    const refund = await ok<RefundView>(core, 'refund:create', { saleId: sale.id, variant: 'Fiat' })
    // The answer was lost; the till says so and reserves the amount, then finds the pull payment by its name.
    expect(['pending', 'awaiting-claim']).toContain(refund.state)
    const found = await waitFor(
      () => ok<RefundView>(core, 'refund:refresh', { refundId: refund.id }),
      (r) => r.state === 'awaiting-claim',
      { timeoutMs: 8000, what: 'refund found at BTCPay' }
    )
    const pulls = pullPaymentsOf(sale.invoice!.id)
    expect(pulls).toHaveLength(1)
    expect(found.externalId).toBe(pulls[0]!.id)
    expect(pulls[0]!.name).toContain(refund.id)
    expect(found.claimLink).toContain(pulls[0]!.id)
    // A retry by the cashier is refused: the whole amount is already promised.
    expect((await fails(core, 'refund:create', { saleId: sale.id, variant: 'Fiat' })).code).toBe('conflict')
  })

  it('BTCPay: an intent left pending by a crash before the request is made at start, once', async () => {
    const sale = await paidBtcpaySale()
    const book = new RefundBook(core.ledger.database)
    const intent = book.insert({
      id: 'rfd_crashedbeforeasking000000000001',
      saleId: sale.id,
      processor: 'btcpay',
      kind: 'pull-payment',
      variant: 'Fiat',
      subtractPercentage: null,
      amount: '10.00',
      currency: 'USD',
      fiatMinor: 1000n,
      state: 'pending',
      claimLink: null,
      externalId: null,
      method: 'BTC-CHAIN',
      destination: null,
      reason: null,
      txId: null,
      idempotencyKey: null,
      request: { variant: 'Fiat' },
      error: null
    })
    await restart()
    const done = await waitFor(
      async () => new RefundBook(core.ledger.database).require(intent.id),
      (r) => r.state === 'awaiting-claim',
      { timeoutMs: 8000, what: 'resumed refund' }
    )
    expect(pullPaymentsOf(sale.invoice!.id)).toHaveLength(1)
    expect(done.externalId).toBe(pullPaymentsOf(sale.invoice!.id)[0]!.id)
    // A second restart changes nothing.
    await restart()
    expect(pullPaymentsOf(sale.invoice!.id)).toHaveLength(1)
  })

  it('Plisio: a withdrawal whose answer was lost is found in the operations list, never sent twice', async () => {
    const sale = await paidPlisioSale()
    plisio.control.failNext({ path: 'operations/withdraw', status: 502, count: 1 })
    const before = withdrawalsTo(address).length
    const result = await dispatch(core.handlers, 'refund:withdraw', {
      saleId: sale.id,
      address,
      amount: '0.00010000'
    })
    // The 502 came before Plisio handled it: no withdrawal exists, and Kassa must not guess: "unknown".
    expect(result.ok).toBe(true)
    const refund = (result as { value: RefundView }).value
    expect(refund.state).toBe('unknown')
    expect(withdrawalsTo(address)).toHaveLength(before)
    // Nothing more can be withdrawn for the amount it holds until the owner checks.
    const view = await ok<SaleView>(core, 'sale:get', { saleId: sale.id })
    expect(view.refunded).toBe('6.50') // 0.0001 BTC at 65 000 USD/BTC
    // After a restart it is still unknown, and still not sent.
    await restart()
    expect(new RefundBook(core.ledger.database).require(refund.id).state).toBe('unknown')
    expect(withdrawalsTo(address)).toHaveLength(before)
    // The owner checked Plisio: nothing was sent. Release frees the amount after one more look-up.
    const released = await ok<RefundView>(core, 'refund:release', { refundId: refund.id })
    expect(released.state).toBe('failed')
    expect((await ok<SaleView>(core, 'sale:get', { saleId: sale.id })).refunded).toBe('0.00')
  })

  it('Plisio: a withdrawal pending at a crash after Plisio made it is found and attached at start', async () => {
    const sale = await paidPlisioSale()
    const before = withdrawalsTo(address).length
    const made = await ok<RefundView>(core, 'refund:withdraw', {
      saleId: sale.id,
      address,
      amount: '0.00010000'
    })
    // Rewind the ledger to the moment before the answer arrived: the intent is there, the answer is not.
    core.ledger.database
      .prepare("UPDATE refunds SET state = 'pending', external_id = NULL WHERE id = ?")
      .run(made.id)
    await restart()
    const resumed = await waitFor(
      async () => new RefundBook(core.ledger.database).require(made.id),
      (r) => r.state !== 'pending',
      { timeoutMs: 8000, what: 'resumed withdrawal' }
    )
    expect(resumed.externalId).toBe(made.externalId)
    expect(resumed.state).toBe('in-progress')
    expect(withdrawalsTo(address)).toHaveLength(before + 1)
  })

  it('release refuses a refund that is not unknown, and one Plisio turns out to have made', async () => {
    const sale = await paidPlisioSale()
    const made = await ok<RefundView>(core, 'refund:withdraw', {
      saleId: sale.id,
      address,
      amount: '0.00010000'
    })
    expect((await fails(core, 'refund:release', { refundId: made.id })).code).toBe('conflict')
    core.ledger.database
      .prepare("UPDATE refunds SET state = 'unknown', external_id = NULL WHERE id = ?")
      .run(made.id)
    const found = await ok<RefundView>(core, 'refund:release', { refundId: made.id })
    expect(found.state).toBe('in-progress')
    expect(found.externalId).toBe(made.externalId)
    expect(btcToSats(found.amount)).toBe(10_000n)
  })
})
