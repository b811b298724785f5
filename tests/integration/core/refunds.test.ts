import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type {
  RefundOptionsView,
  RefundVariantPreview,
  RefundView,
  SaleView,
  WithdrawalEstimateView
} from '@shared/contract'
import { btcToSats, satsToBtc } from '@shared/money'
import type { Core } from '../../../src/main/core'
import { dispatch } from '../../../src/main/dispatch'
import { RefundBook } from '../../../src/main/ledger/refund-book'
import { IP_NOT_WHITELISTED_MESSAGE } from '../../../src/main/processors/plisio/client'
import { MemorySecretStore } from '../../fixtures/memory-secret-store'
import { tempDir } from '../../fixtures/temp-dir'
import { startBtcpaySimulator, type BtcpaySimulator } from '../../simulators/btcpay'
import { startBtpaySimulator, type BtpaySimulator } from '../../simulators/btpay'
import { startPlisioSimulator, type PlisioSimulator } from '../../simulators/plisio'
import { fails, ok, processorCore, waitForSale } from './processor-helpers'

let btcpay: BtcpaySimulator
let plisio: PlisioSimulator
let btpay: BtpaySimulator
let dir: ReturnType<typeof tempDir>
let core: Core

beforeAll(async () => {
  ;[btcpay, plisio, btpay] = await Promise.all([
    startBtcpaySimulator(),
    startPlisioSimulator(),
    startBtpaySimulator()
  ])
})
afterAll(async () => {
  await Promise.all([btcpay.close(), plisio.close(), btpay.close()])
})
beforeEach(async () => {
  dir = tempDir()
  core = processorCore(dir.path, new MemorySecretStore(), { connectors: { plisio: { baseUrl: plisio.url } } })
  await core.start()
})
afterEach(async () => {
  await core.stop()
  dir.remove()
})

const variant = (options: RefundOptionsView, name: RefundVariantPreview['variant']) =>
  options.variants.find((v) => v.variant === name)!
const options = (saleId: string, subtractPercentage?: string) =>
  ok<RefundOptionsView>(core, 'refund:options', { saleId, ...(subtractPercentage && { subtractPercentage }) })
const ledgerRefunds = (saleId: string) => new RefundBook(core.ledger.database).forSale(saleId)
const actions = (saleId: string) => core.ledger.auditFor(saleId).map((a) => a.action)

/** 10 % kept back, rounded so the shop never keeps less than asked. */
const minusTenPercent = (sats: bigint) => sats - (sats + 9n) / 10n

async function connectBtcpay(apiKey = btcpay.apiKey): Promise<void> {
  await ok(core, 'processor:connect', {
    processor: 'btcpay',
    serverUrl: btcpay.url,
    storeId: btcpay.storeId,
    apiKey
  })
}

async function paidBtcpaySale(kind: 'full' | 'over' = 'full', amount = '13.00'): Promise<SaleView> {
  const sale = await ok<SaleView>(core, 'sale:charge', { amount, currency: 'USD' })
  await ok(core, 'invoice:focus', { saleId: sale.id })
  btcpay.control.pay(sale.invoice!.id, kind)
  btcpay.control.settle(sale.invoice!.id)
  return waitForSale(core, sale.id, (s) => s.state === 'paid', 'paid')
}

describe('Demo refunds', () => {
  async function paidDemoSale(
    kind: 'full' | 'over' = 'full',
    amount = '12.34',
    currency = 'USD'
  ): Promise<SaleView> {
    const sale = await ok<SaleView>(core, 'sale:charge', { amount, currency })
    await ok(core, 'invoice:focus', { saleId: sale.id })
    await ok(core, 'demo:simulate', { saleId: sale.id, kind })
    return waitForSale(core, sale.id, (s) => s.state === 'paid', 'paid')
  }

  it('prices the variants, 90 % of each after subtracting 10 %, OverpaidAmount only when overpaid', async () => {
    const sale = await paidDemoSale()
    const full = await options(sale.id)
    expect(full).toMatchObject({
      mode: 'api',
      currency: 'USD',
      paid: '12.34',
      refunded: '0.00',
      blockedReason: null,
      notice: null
    })
    expect(variant(full, 'OverpaidAmount')).toMatchObject({ available: false, fiat: null })
    expect(variant(full, 'Fiat')).toMatchObject({ available: true, fiat: '12.34' })
    const paidSats = btcToSats(variant(full, 'RateThen').cryptoAmount!)
    expect(paidSats).toBeGreaterThan(0n)
    const tenth = await options(sale.id, '10')
    expect(variant(tenth, 'Fiat').fiat).toBe('11.10')
    expect(variant(tenth, 'RateThen').cryptoAmount).toBe(satsToBtc(minusTenPercent(paidSats)))
    const nowSats = btcToSats(variant(full, 'CurrentRate').cryptoAmount!)
    expect(variant(tenth, 'CurrentRate').cryptoAmount).toBe(satsToBtc(minusTenPercent(nowSats)))

    const over = await paidDemoSale('over')
    const overOptions = await options(over.id, '10')
    expect(variant(overOptions, 'OverpaidAmount')).toMatchObject({ available: true, reason: null })
  })

  it('previews an overpayment once, not once per payment method, and refunds what it previewed', async () => {
    // 5.00 USD = 7 693 sats; the customer paid 769 sats more. Both BTC-CHAIN and BTC-LN state that due.
    const sale = await paidDemoSale('over', '5.00')
    const overpaid = variant(await options(sale.id), 'OverpaidAmount')
    expect(overpaid).toMatchObject({ available: true, cryptoAmount: '0.00000769', fiat: '0.50' })
    const refund = await ok<RefundView>(core, 'refund:create', { saleId: sale.id, variant: 'OverpaidAmount' })
    expect(refund).toMatchObject({ amount: '0.00000769', currency: 'BTC', fiatAmount: '0.50' })
  })

  it('refunds the whole of a SEK sale in fiat, though its BTC is worth 100.01 at the sale’s rate', async () => {
    // 100.00 SEK at the Demo's 682 500 SEK/BTC is 14 653 sats, worth 100.0067 SEK: BTCPay's Fiat pays 100.01.
    const sale = await paidDemoSale('full', '100.00', 'SEK')
    expect(variant(await options(sale.id), 'Fiat')).toMatchObject({ available: true, fiat: '100.01' })
    const refund = await ok<RefundView>(core, 'refund:create', { saleId: sale.id, variant: 'Fiat' })
    expect(refund).toMatchObject({ amount: '100.01', currency: 'SEK', state: 'awaiting-claim' })
    expect(await options(sale.id)).toMatchObject({ blockedReason: 'This sale is already fully refunded' })
  })

  it('creates a pull payment with a claim link, cancels it in the ledger', async () => {
    const sale = await paidDemoSale()
    const refund = await ok<RefundView>(core, 'refund:create', {
      saleId: sale.id,
      variant: 'Fiat',
      subtractPercentage: '10',
      reason: 'Cold coffee'
    })
    expect(refund).toMatchObject({
      kind: 'pull-payment',
      variant: 'Fiat',
      subtractPercentage: '10',
      amount: '11.10',
      currency: 'USD',
      fiatAmount: '11.10',
      state: 'awaiting-claim',
      reason: 'Cold coffee'
    })
    expect(refund.claimLink).toMatch(/^https:\/\/demo\.kassa\.invalid\/pull-payments\//)
    expect((await ok<SaleView>(core, 'sale:get', { saleId: sale.id })).refunded).toBe('11.10')
    const cancelled = await ok<RefundView>(core, 'refund:cancel', { refundId: refund.id })
    expect(cancelled.state).toBe('cancelled')
    expect((await ok<SaleView>(core, 'sale:get', { saleId: sale.id })).refunded).toBe('0.00')
  })
})

describe('BTCPay refunds', () => {
  beforeEach(() => connectBtcpay())

  it('prices the variants from the invoice and the rate when BTCPay has no refund preview endpoint (404)', async () => {
    const sale = await paidBtcpaySale()
    btcpay.control.failNext({ status: 404, method: 'GET', path: '/refund/BTC-CHAIN' })
    const priced = await options(sale.id)
    expect(priced.mode).toBe('api')
    expect(variant(priced, 'Fiat')).toMatchObject({ available: true, fiat: '13.00' })
    expect(variant(priced, 'RateThen')).toMatchObject({ cryptoAmount: '0.00020000' })
  })

  it('prices the variants from BTCPay’s own figures, exactly, after 10 %', async () => {
    const sale = await paidBtcpaySale()
    // 13.00 USD at 65 000 USD/BTC: 0.0002 BTC paid.
    const full = await options(sale.id)
    expect(full).toMatchObject({ mode: 'api', paid: '13.00', refunded: '0.00' })
    expect(variant(full, 'RateThen')).toMatchObject({ cryptoAmount: '0.00020000', fiat: '13.00' })
    expect(variant(full, 'OverpaidAmount')).toMatchObject({ available: false })
    const tenth = await options(sale.id, '10')
    expect(variant(tenth, 'RateThen')).toMatchObject({ cryptoAmount: '0.00018000', fiat: '11.70' })
    expect(variant(tenth, 'CurrentRate')).toMatchObject({ cryptoAmount: '0.00018000', fiat: '11.70' })
    expect(variant(tenth, 'Fiat')).toMatchObject({ fiat: '11.70', cryptoAmount: '0.00018000' })
    // The rate moved: CurrentRate pays what 13.00 USD buys now.
    btcpay.control.setRate('USD', '52000')
    try {
      const moved = await options(sale.id, '10')
      expect(variant(moved, 'CurrentRate')).toMatchObject({ cryptoAmount: '0.00022500', fiat: '11.70' })
      expect(variant(moved, 'RateThen')).toMatchObject({ cryptoAmount: '0.00018000', fiat: '9.36' })
    } finally {
      btcpay.control.setRate('USD', '65000')
    }
  })

  it('offers OverpaidAmount for an overpaid invoice', async () => {
    const sale = await paidBtcpaySale('over')
    const tenth = await options(sale.id, '10')
    // 10 % over 0.0002 BTC = 0.00002 BTC; minus 10 % = 0.000018 BTC
    expect(variant(tenth, 'OverpaidAmount')).toMatchObject({
      available: true,
      cryptoAmount: '0.00001800',
      fiat: '1.17'
    })
  })

  it('RateThen: claim link, ledger row, an auto-approved claim is in progress and can no longer be cancelled', async () => {
    const sale = await paidBtcpaySale()
    const refund = await ok<RefundView>(core, 'refund:create', {
      saleId: sale.id,
      variant: 'RateThen',
      subtractPercentage: '10',
      reason: 'Wrong size'
    })
    expect(refund).toMatchObject({
      kind: 'pull-payment',
      variant: 'RateThen',
      amount: '0.00018000',
      currency: 'BTC',
      fiatAmount: '11.70',
      state: 'awaiting-claim',
      method: 'BTC-CHAIN'
    })
    expect(refund.claimLink).toBe(`${btcpay.url}/pull-payments/${refund.externalId}`)
    const view = await ok<SaleView>(core, 'sale:get', { saleId: sale.id })
    expect(view.refunds).toEqual([refund])
    expect(view.refunded).toBe('11.70')
    expect(ledgerRefunds(sale.id)).toHaveLength(1)
    expect(ledgerRefunds(sale.id)[0]).toMatchObject({ fiatMinor: 1170n, externalId: refund.externalId })
    expect(actions(sale.id)).toContain('refund.created')

    btcpay.control.claim(refund.externalId!)
    const refreshed = await ok<RefundView>(core, 'refund:refresh', { refundId: refund.id })
    expect(refreshed.state).toBe('in-progress')
    const refused = await fails(core, 'refund:cancel', { refundId: refund.id })
    expect(refused.code).toBe('conflict')
  })

  it('Fiat: a claim awaits approval, cancelling cancels the payout and archives the pull payment', async () => {
    const sale = await paidBtcpaySale()
    const refund = await ok<RefundView>(core, 'refund:create', {
      saleId: sale.id,
      variant: 'Fiat',
      subtractPercentage: '10'
    })
    expect(refund).toMatchObject({ amount: '11.70', currency: 'USD', fiatAmount: '11.70' })
    const payout = btcpay.control.claim(refund.externalId!)
    expect(payout.state).toBe('AwaitingApproval')
    const awaiting = await ok<RefundView>(core, 'refund:refresh', { refundId: refund.id })
    expect(awaiting.state).toBe('awaiting-approval')
    const cancelled = await ok<RefundView>(core, 'refund:cancel', { refundId: refund.id })
    expect(cancelled.state).toBe('cancelled')
    expect(btcpay.state.payouts.get(payout.id)?.state).toBe('Cancelled')
    expect(btcpay.state.pullPayments.get(refund.externalId!)?.archived).toBe(true)
    const deletes = btcpay.control.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)
    expect(deletes).toContain(`/api/v1/stores/${btcpay.storeId}/payouts/${payout.id}`)
    expect(deletes).toContain(`/api/v1/stores/${btcpay.storeId}/pull-payments/${refund.externalId}`)
    const view = await ok<SaleView>(core, 'sale:get', { saleId: sale.id })
    expect(view.refunded).toBe('0.00')
    expect(view.refunds[0]?.state).toBe('cancelled')
    expect(actions(sale.id)).toContain('refund.cancelled')
    // Refreshing a cancelled refund keeps it cancelled.
    expect((await ok<RefundView>(core, 'refund:refresh', { refundId: refund.id })).state).toBe('cancelled')
  })

  it('refuses a second refund that would pay back more than is left, before asking BTCPay', async () => {
    const sale = await paidBtcpaySale()
    await ok(core, 'refund:create', { saleId: sale.id, variant: 'RateThen', subtractPercentage: '10' })
    const pulls = btcpay.state.pullPayments.size
    const error = await fails(core, 'refund:create', {
      saleId: sale.id,
      variant: 'Fiat',
      subtractPercentage: '10'
    })
    expect(error.code).toBe('invalid-input')
    expect(error.message).toMatch(/At most 1\.30 USD is left/)
    expect(btcpay.state.pullPayments.size).toBe(pulls)
    expect(ledgerRefunds(sale.id)).toHaveLength(1)
  })

  it('refunds all the BTC paid after the rate rose: counted as the whole sale, not more', async () => {
    const sale = await paidBtcpaySale()
    btcpay.control.setRate('USD', '78000')
    try {
      const preview = variant(await options(sale.id), 'RateThen')
      // Worth 15.60 USD today, but it gives back exactly what was paid.
      expect(preview).toMatchObject({ cryptoAmount: '0.00020000', fiat: '15.60' })
      const refund = await ok<RefundView>(core, 'refund:create', { saleId: sale.id, variant: 'RateThen' })
      expect(refund).toMatchObject({ amount: '0.00020000', currency: 'BTC', fiatAmount: '13.00' })
      const view = await ok<SaleView>(core, 'sale:get', { saleId: sale.id })
      expect(view.refunded).toBe('13.00')
      expect((await options(sale.id)).blockedReason).toMatch(/fully refunded/)
    } finally {
      btcpay.control.setRate('USD', '65000')
    }
  })

  it('names the missing permission when the key cannot create refunds, and records nothing', async () => {
    const key = 'norefunds' + btcpay.apiKey.slice(9)
    btcpay.control.setApiKey(key, [
      `btcpay.store.canmodifyinvoices:${btcpay.storeId}`,
      `btcpay.store.canviewstoresettings:${btcpay.storeId}`
    ])
    await connectBtcpay(key)
    const sale = await paidBtcpaySale()
    const blocked = await options(sale.id)
    // BTCPay's refund is not offered, but a refund paid outside Kassa can still be recorded.
    expect(blocked).toMatchObject({ mode: 'record', blockedReason: null, variants: [] })
    expect(blocked.notice).toMatch(/cancreatenonapprovedpullpayments/)
    const error = await fails(core, 'refund:create', { saleId: sale.id, variant: 'RateThen' })
    expect(error.code).toBe('processor-permission')
    expect(error.message).toMatch(/btcpay\.store\.cancreatenonapprovedpullpayments/)
    expect(ledgerRefunds(sale.id)).toEqual([])
    expect((await ok<SaleView>(core, 'sale:get', { saleId: sale.id })).refunded).toBe('0.00')
  })
})

describe('Plisio refunds by withdrawal', () => {
  const address = 'bc1qcustomer0000000000000000000000000000'

  async function paidPlisioSale(): Promise<SaleView> {
    await ok(core, 'processor:connect', { processor: 'plisio', apiKey: plisio.apiKey })
    const sale = await ok<SaleView>(core, 'sale:charge', {
      amount: '13.00',
      currency: 'USD',
      paymentMethod: 'BTC'
    })
    plisio.control.payFull(sale.invoice!.id)
    await ok(core, 'invoice:focus', { saleId: sale.id })
    return waitForSale(core, sale.id, (s) => s.state === 'paid', 'paid')
  }

  it('estimates fee, commission, plans and balance, then withdraws and records the refund', async () => {
    const sale = await paidPlisioSale()
    const opts = await options(sale.id)
    // 13.00 USD at 65 000 USD/BTC
    expect(opts).toMatchObject({ mode: 'withdrawal', coin: { id: 'BTC', currency: 'BTC', paid: '0.0002' } })
    plisio.control.setBalance('BTC', '0.05000000')
    const estimate = await ok<WithdrawalEstimateView>(core, 'refund:estimate', {
      saleId: sale.id,
      address,
      amount: '0.00010000'
    })
    expect(estimate).toMatchObject({
      currency: 'BTC',
      fee: '0.00001500',
      commission: '0.00000050',
      feePlan: 'normal',
      balance: '0.05000000'
    })
    expect(estimate.feePlans).toEqual([
      { name: 'normal', fee: '0.00001500' },
      { name: 'priority', fee: '0.00003000' },
      { name: 'economy', fee: '0.00000800' }
    ])
    // Decimal strings as the connector sums them: compare their values.
    expect(btcToSats(estimate.amount)).toBe(10_000n)
    expect(btcToSats(estimate.total)).toBe(11_550n)
    const refund = await ok<RefundView>(core, 'refund:withdraw', {
      saleId: sale.id,
      address,
      amount: '0.00010000',
      reason: 'Returned'
    })
    expect(refund).toMatchObject({
      kind: 'withdrawal',
      amount: '0.00010000',
      currency: 'BTC',
      fiatAmount: '6.50',
      destination: address,
      state: 'in-progress',
      reason: 'Returned'
    })
    expect(refund.externalId).toMatch(/^[0-9a-f]{24}$/)
    expect(plisio.control.requests.filter((r) => r.path === 'operations/withdraw')).toHaveLength(1)
    const view = await ok<SaleView>(core, 'sale:get', { saleId: sale.id })
    expect(view.refunded).toBe('6.50')
    expect(actions(sale.id)).toContain('refund.withdrawn')
    // Plisio broadcasts the payout: a refresh reads the operation and keeps its transaction link.
    plisio.control.completeWithdrawal(refund.externalId as string)
    const sent = await ok<RefundView>(core, 'refund:refresh', { refundId: refund.id })
    expect(sent).toMatchObject({
      state: 'completed',
      txId: expect.stringMatching(/^https:\/\/mempool\.space\/tx\//)
    })
    expect(plisio.control.requests.some((r) => r.path === `operations/${refund.externalId}`)).toBe(true)
    expect(actions(sale.id)).toContain('refund.updated')
  })

  it('says exactly why when this computer’s IP is not allowed, and records nothing', async () => {
    const sale = await paidPlisioSale()
    plisio.control.setIpAllowed(false)
    try {
      const estimate = await fails(core, 'refund:estimate', { saleId: sale.id, address, amount: '0.0001' })
      // The screen words it from its reason; main's English says the same.
      const ipRefused = {
        code: 'processor-permission',
        message: IP_NOT_WHITELISTED_MESSAGE,
        params: { reason: 'ip-not-allowed', permission: 'Request IP', status: '422' }
      }
      expect(estimate).toEqual(ipRefused)
      const withdraw = await fails(core, 'refund:withdraw', { saleId: sale.id, address, amount: '0.0001' })
      expect(withdraw).toEqual(ipRefused)
    } finally {
      plisio.control.setIpAllowed(true)
    }
    expect(ledgerRefunds(sale.id)).toEqual([])
    expect((await ok<SaleView>(core, 'sale:get', { saleId: sale.id })).refunds).toEqual([])
  })

  it('triages a withdrawal against the refund policy: above the cashier limit only with the owner, fee taken off', async () => {
    const sale = await paidPlisioSale()
    plisio.control.setBalance('BTC', '0.05000000')
    // The owner's policy: a cashier alone up to 5.00 USD, 10 % restocking fee.
    const { session } = await ok<{ session: string }>(core, 'owner:setPin', { pin: '4826' })
    const policySet = await dispatch(
      core.handlers,
      'settings:update',
      { refundPolicy: { cashierLimit: '5', restockingFee: '10' } },
      { ownerSession: session }
    )
    expect(policySet.ok).toBe(true)
    const before = plisio.control.requests.length
    const sent = () => plisio.control.requests.slice(before).filter((r) => r.path === 'operations/withdraw')
    // 0.0001 BTC less 10 % is 0.00009 BTC = 5.85 USD at the invoice's rate: above the cashier's limit.
    const estimate = await ok<WithdrawalEstimateView>(core, 'refund:estimate', {
      saleId: sale.id,
      address,
      amount: '0.00010000'
    })
    expect(estimate.policy).toMatchObject({
      gross: '0.00010000',
      triage: { decision: 'needs-owner', rule: 'cashier-limit' }
    })
    expect(btcToSats(estimate.policy!.fee)).toBe(1_000n)
    const held = await fails(core, 'refund:withdraw', { saleId: sale.id, address, amount: '0.00010000' })
    expect(held.code).toBe('owner-required')
    expect(sent()).toHaveLength(0)
    expect(ledgerRefunds(sale.id)).toEqual([])
    // With the owner's session it goes once, for the amount less the fee, the triage kept on the refund.
    const allowed = await dispatch(
      core.handlers,
      'refund:withdraw',
      { saleId: sale.id, address, amount: '0.00010000', reason: 'Returned' },
      { ownerSession: session }
    )
    if (!allowed.ok) throw new Error(allowed.error.message)
    const refund = allowed.value as RefundView
    expect(btcToSats(refund.amount)).toBe(9_000n)
    expect(refund.fiatAmount).toBe('5.85')
    expect(refund.policy).toEqual({ decision: 'needs-owner', rule: 'cashier-limit', approvedBy: 'owner' })
    expect(sent()).toHaveLength(1)
    expect(btcToSats(sent()[0]!.query.amount ?? '')).toBe(9_000n)
    expect(ledgerRefunds(sale.id)).toHaveLength(1)
  })

  it('refuses a withdrawal worth more than the customer paid, before asking Plisio', async () => {
    const sale = await paidPlisioSale()
    const before = plisio.control.requests.length
    const error = await fails(core, 'refund:withdraw', { saleId: sale.id, address, amount: '0.00030000' })
    expect(error.code).toBe('invalid-input')
    expect(error.message).toMatch(/At most 13\.00 USD is left/)
    expect(plisio.control.requests.slice(before).some((r) => r.path === 'operations/withdraw')).toBe(false)
    expect(ledgerRefunds(sale.id)).toEqual([])
  })
})

describe('recorded refunds (BTPay, any processor)', () => {
  async function paidBtpaySale(): Promise<SaleView> {
    await ok(core, 'processor:connect', { processor: 'btpay', baseUrl: btpay.url, apiKey: btpay.apiKey })
    const sale = await ok<SaleView>(core, 'sale:charge', { amount: '20.00', currency: 'USD' })
    await ok(core, 'invoice:focus', { saleId: sale.id })
    btpay.control.pay(sale.invoice!.id)
    btpay.control.confirm(sale.invoice!.id)
    return waitForSale(core, sale.id, (s) => s.state === 'paid', 'paid')
  }

  it('records a cash refund with its reason, and refuses more than is left', async () => {
    const sale = await paidBtpaySale()
    const opts = await options(sale.id)
    expect(opts).toMatchObject({ mode: 'record', paid: '20.00', variants: [], blockedReason: null })
    expect((await fails(core, 'refund:create', { saleId: sale.id, variant: 'RateThen' })).code).toBe(
      'conflict'
    )
    expect(
      (await fails(core, 'refund:record', { saleId: sale.id, amount: '5.00', method: 'cash', reason: '' }))
        .code
    ).toBe('invalid-input')
    const refund = await ok<RefundView>(core, 'refund:record', {
      saleId: sale.id,
      amount: '7.5',
      method: 'cash',
      reason: 'Broken cup'
    })
    expect(refund).toMatchObject({
      kind: 'recorded',
      amount: '7.50',
      currency: 'USD',
      fiatAmount: '7.50',
      state: 'completed',
      method: 'cash',
      reason: 'Broken cup',
      externalId: null,
      claimLink: null
    })
    const over = await fails(core, 'refund:record', {
      saleId: sale.id,
      amount: '12.51',
      method: 'wallet',
      reason: 'Too much'
    })
    expect(over.code).toBe('invalid-input')
    expect(over.message).toBe('At most 12.50 USD is left to refund on this sale')
    await ok(core, 'refund:record', { saleId: sale.id, amount: '12.50', method: 'wallet', reason: 'Rest' })
    const view = await ok<SaleView>(core, 'sale:get', { saleId: sale.id })
    expect(view.refunded).toBe('20.00')
    expect(view.refunds.map((r) => r.amount)).toEqual(['7.50', '12.50'])
    expect((await options(sale.id)).blockedReason).toMatch(/fully refunded/)
    const full = await fails(core, 'refund:record', {
      saleId: sale.id,
      amount: '0.01',
      method: 'cash',
      reason: 'x'
    })
    expect(full.code).toBe('conflict')
    expect((await fails(core, 'refund:cancel', { refundId: refund.id })).code).toBe('conflict')
  })

  it('refuses to refund a sale nothing was paid for, and an unknown sale', async () => {
    const sale = await ok<SaleView>(core, 'sale:charge', { amount: '4.00', currency: 'USD' })
    const error = await fails(core, 'refund:record', {
      saleId: sale.id,
      amount: '1.00',
      method: 'cash',
      reason: 'x'
    })
    expect(error).toMatchObject({ code: 'conflict', message: 'Nothing was paid for this sale' })
    expect((await options(sale.id)).blockedReason).toBe('Nothing was paid for this sale')
    expect(
      (
        await fails(core, 'refund:record', {
          saleId: 'sale_0000000000',
          amount: '1',
          method: 'cash',
          reason: 'x'
        })
      ).code
    ).toBe('not-found')
    expect((await fails(core, 'refund:refresh', { refundId: 'rfd_0000000000' })).code).toBe('not-found')
  })
})
