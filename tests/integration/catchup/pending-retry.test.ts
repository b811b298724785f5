import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { RefundView, SaleView } from '@shared/contract'
import type { RecoveryItemView } from '@shared/recovery'
import type { Core } from '../../../src/main/core'
import { MemorySecretStore } from '../../fixtures/memory-secret-store'
import { tempDir, waitFor } from '../../fixtures/temp-dir'
import { startBtcpaySimulator, type BtcpaySimulator } from '../../simulators/btcpay'
import { startPlisioSimulator, type PlisioSimulator } from '../../simulators/plisio'
import { fails, ok, processorCore, waitForSale } from '../core/processor-helpers'
import { btcpayDriver, itemOfSale } from '../recovery/recovery-drivers'
import { healthBecomes } from './catchup-helpers'

// Refunds and payment requests asked while the processor is down: kept with a clear state, retried with back-off,
// asked again the moment the processor is back, and made exactly once (counted in the simulators' own books).
const ADDRESS = 'bc1qcustomer0000000000000000000000000000'

let btcpay: BtcpaySimulator
let plisio: PlisioSimulator
let dir: ReturnType<typeof tempDir>
let core: Core

beforeAll(async () => {
  ;[btcpay, plisio] = await Promise.all([startBtcpaySimulator(), startPlisioSimulator()])
})
afterAll(async () => {
  await Promise.all([btcpay.close(), plisio.close()])
})
beforeEach(async () => {
  dir = tempDir()
  core = processorCore(dir.path, new MemorySecretStore(), {
    connectors: { plisio: { baseUrl: plisio.url }, btcpay: { timeoutMs: 500 } },
    // The first retry after 100 ms, doubling; the recovery poll every 200 ms, backing off the same way.
    retryCreateMs: 100,
    recovery: { pollMs: 200 },
    // Checked every 500 ms while online, so going down shows soon; the real pace once offline.
    health: { intervalMs: 500 }
  })
  await core.start()
})
afterEach(async () => {
  btcpay.control.setDown(false)
  plisio.control.setDown(false)
  await core.stop()
  dir.remove()
})

const refundOf = async (saleId: string, refundId: string) =>
  (await ok<SaleView>(core, 'sale:get', { saleId })).refunds.find((r) => r.id === refundId)!

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

async function paidBtcpaySale(): Promise<SaleView> {
  await ok(core, 'processor:connect', {
    processor: 'btcpay',
    serverUrl: btcpay.url,
    storeId: btcpay.storeId,
    apiKey: btcpay.apiKey
  })
  const sale = await ok<SaleView>(core, 'sale:charge', { amount: '10.00', currency: 'USD' })
  await ok(core, 'invoice:focus', { saleId: sale.id })
  btcpay.control.pay(sale.invoice!.id, 'full')
  btcpay.control.settle(sale.invoice!.id)
  return waitForSale(core, sale.id, (s) => s.state === 'paid', 'paid')
}

describe('a refund asked while the processor is down', () => {
  it('Plisio withdrawal: kept unsent while offline, sent once when Plisio is back', async () => {
    const sale = await paidPlisioSale()
    await ok(core, 'invoice:focus', { saleId: null })
    plisio.control.setDown(true)
    await healthBecomes(core, 'plisio', 'offline')
    const paid = sale.invoice!.paymentMethods[0]!.paid
    const asked = await ok<RefundView>(core, 'refund:withdraw', {
      saleId: sale.id,
      address: ADDRESS,
      amount: paid
    })
    expect(asked.state).toBe('pending')
    expect(asked.error).toMatch(/Plisio cannot be reached: Kassa keeps this refund and sends it once/)
    // Nothing went out, not even an attempt the processor might have seen.
    expect(plisio.control.requests.filter((r) => r.path === 'operations/withdraw')).toEqual([])
    // The amount is promised: a second refund of the whole sale is refused.
    const second = await fails(core, 'refund:withdraw', { saleId: sale.id, address: ADDRESS, amount: paid })
    expect(second.message).toMatch(/already fully refunded/)
    await new Promise((resolve) => setTimeout(resolve, 2_000))
    expect((await refundOf(sale.id, asked.id)).state).toBe('pending')

    plisio.control.setDown(false)
    const sent = await waitFor(
      () => refundOf(sale.id, asked.id),
      (refund) => refund.state !== 'pending',
      { timeoutMs: 5_000, what: 'the withdrawal to be sent' }
    )
    expect(sent.state).toBe('in-progress')
    expect(sent.error).toBeNull()
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    await ok(core, 'refund:refresh', { refundId: asked.id })
    const made = plisio.control.withdrawals().filter((w) => w.to === ADDRESS)
    expect(made).toHaveLength(1)
    expect(sent.externalId).toBe(made[0]!.id)
    expect(plisio.control.requests.filter((r) => r.path === 'operations/withdraw')).toHaveLength(1)
  })

  it('BTCPay pull payment: a lost answer, then the server down, is retried with back-off and found once it is back', async () => {
    const sale = await paidBtcpaySale()
    await ok(core, 'invoice:focus', { saleId: null })
    // The pull payment is made, its answer held past the client's timeout; then the server goes away.
    btcpay.control.failNext({ delayMs: 1_500, path: '/refund', method: 'POST' })
    const refundPath = `/api/v1/stores/${btcpay.storeId}/pull-payments`
    const asked = await ok<RefundView>(core, 'refund:create', { saleId: sale.id, variant: 'Fiat' })
    btcpay.control.setDown(true)
    const wentDown = Date.now()
    expect(asked.state).toBe('pending')
    await healthBecomes(core, 'btcpay', 'offline')
    await new Promise((resolve) => setTimeout(resolve, 5_000))
    const pending = await refundOf(sale.id, asked.id)
    expect(pending.state).toBe('pending')
    expect(pending.error).toMatch(/looks it up again before asking twice/)
    // Look-ups while down: 100 ms doubling (about 6 in 5 s), not one every 100 ms.
    const lookUps = btcpay.control.requests.filter(
      (r) => r.receivedAt >= wentDown && r.path.startsWith(refundPath)
    )
    expect(lookUps.length).toBeLessThanOrEqual(8)

    btcpay.control.setDown(false)
    const back = Date.now()
    const found = await waitFor(
      () => refundOf(sale.id, asked.id),
      (refund) => refund.state === 'awaiting-claim',
      { timeoutMs: 5_000, what: 'the refund found at BTCPay' }
    )
    // The health monitor's return asks at once, not at the end of a long back-off.
    expect(Date.now() - back).toBeLessThan(3_000)
    const pulls = [...btcpay.state.pullPayments.values()].filter((p) => p.invoiceId === sale.invoice!.id)
    expect(pulls).toHaveLength(1)
    expect(found.externalId).toBe(pulls[0]!.id)
  })

  it('a recorded refund needs no processor: done at once while it is down', async () => {
    const sale = await paidBtcpaySale()
    btcpay.control.setDown(true)
    await healthBecomes(core, 'btcpay', 'offline')
    const recorded = await ok<RefundView>(core, 'refund:record', {
      saleId: sale.id,
      amount: '4.00',
      method: 'cash',
      reason: 'returned'
    })
    expect(recorded.state).toBe('completed')
  })
})

describe('a payment request asked while the processor is down', () => {
  it('stays creating with the reason, is asked again the moment BTCPay is back, and is made once', async () => {
    const driver = btcpayDriver(btcpay)
    await driver.connect(core)
    const sale = await driver.fail(core, true)
    const item = await itemOfSale(core, sale.id)
    btcpay.control.setDown(true)
    await healthBecomes(core, 'btcpay', 'offline')
    const refused = await fails(core, 'recovery:request', { itemId: item.id })
    expect(refused.code).toBe('processor-connection')
    const wentDown = Date.now()
    await new Promise((resolve) => setTimeout(resolve, 4_000))
    const waiting = await ok<RecoveryItemView>(core, 'recovery:get', { itemId: item.id })
    expect(waiting.paymentRequest).toMatchObject({
      orderId: `${item.id}-1`,
      status: 'creating',
      id: null,
      error: { code: 'processor-connection' }
    })
    // Asked again with back-off (200 ms doubling: a handful in 4 s), not at every 200 ms poll.
    const asks = btcpay.control.requests.filter(
      (r) => r.receivedAt >= wentDown && r.path.endsWith('/payment-requests')
    )
    expect(asks.length).toBeLessThanOrEqual(6)

    // A long back-off by now; the processor's return asks at once.
    btcpay.control.setDown(false)
    const back = Date.now()
    const requested = await waitFor(
      () => ok<RecoveryItemView>(core, 'recovery:get', { itemId: item.id }),
      (view) => view.status === 'requested',
      { timeoutMs: 5_000, what: 'the payment request made' }
    )
    expect(Date.now() - back).toBeLessThan(3_000)
    expect(requested.paymentRequest).toMatchObject({ status: 'open', error: null })
    expect(await driver.held(`${item.id}-1`)).toHaveLength(1)
  })
})
