import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import type { RefundOptionsView, WithdrawalEstimateView } from '@shared/contract'
import { apiOptions, refundView, saleView } from './fixtures'
import { ensureMessages } from '../../../src/renderer/src/i18n'

// Areas beyond the till's are loaded on demand in the app; here, up front.
beforeAll(() => ensureMessages('en'))

const api = {
  refund: {
    options: vi.fn(),
    create: vi.fn(),
    estimate: vi.fn(),
    withdraw: vi.fn(),
    record: vi.fn(),
    cancel: vi.fn(),
    refresh: vi.fn(),
    release: vi.fn()
  },
  sale: { get: vi.fn() }
}
vi.mock('../../../src/renderer/src/api/client', () => ({ kassa: api }))

const { useRefundStore, PREVIEW_DEBOUNCE_MS } = await import('../../../src/renderer/src/stores/refund')

const SALE = 'sale_0123456789'
/** Any idempotency key the store makes: 32 hex digits. */
const KEY = expect.stringMatching(/^[0-9a-f]{32}$/)
const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value })
const fail = (message: string, code = 'processor-invalid-request'): unknown => ({
  ok: false,
  error: { code, message }
})

const withdrawalOptions: RefundOptionsView = apiOptions({
  mode: 'withdrawal',
  variants: [],
  coin: { id: 'LTC', currency: 'LTC', paid: '0.1234' }
})

const estimateView: WithdrawalEstimateView = {
  currency: 'LTC',
  amount: '0.1234',
  fee: '0.0001',
  commission: '0.0005',
  feePlan: 'normal',
  feePlans: [
    { name: 'normal', fee: '0.0001' },
    { name: 'priority', fee: '0.0003' }
  ],
  total: '0.1240',
  balance: '2.5'
}

/** Options whose Custom variant main priced at `fiat` USD and `crypto` BTC (after any subtracted percentage). */
const customPriced = (fiat: string | null, crypto: string | null, reason: string | null = null) =>
  apiOptions({
    variants: apiOptions().variants.map((v) =>
      v.variant === 'Custom' ? { ...v, fiat, cryptoAmount: crypto, crypto: 'BTC', reason } : v
    )
  })

async function opened(options: RefundOptionsView = apiOptions()): Promise<ReturnType<typeof useRefundStore>> {
  api.refund.options.mockResolvedValue(ok(options))
  const store = useRefundStore()
  await store.open(SALE)
  return store
}

describe('useRefundStore', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    for (const fn of [...Object.values(api.refund), api.sale.get]) fn.mockReset()
    api.sale.get.mockResolvedValue(ok(saleView()))
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('loads the options and picks the first available variant', async () => {
    const store = await opened()
    expect(api.refund.options).toHaveBeenCalledWith({ saleId: SALE, subtractPercentage: '0' })
    expect(store.options?.mode).toBe('api')
    expect(store.variant).toBe('RateThen')
    expect(store.form).toBe('processor')
    expect(store.customCurrency).toBe('USD')
  })

  it('asks main again, once, after the cashier stops typing the subtract percentage', async () => {
    const store = await opened()
    vi.useFakeTimers()
    api.refund.options.mockClear()
    store.subtractPercentage = '1'
    await nextTick()
    store.subtractPercentage = '10'
    await nextTick()
    vi.advanceTimersByTime(PREVIEW_DEBOUNCE_MS - 1)
    expect(api.refund.options).not.toHaveBeenCalled()
    const priced = apiOptions({ variants: apiOptions().variants.map((v) => ({ ...v, fiat: '6.75' })) })
    api.refund.options.mockResolvedValue(ok(priced))
    vi.advanceTimersByTime(1)
    expect(api.refund.options).toHaveBeenCalledTimes(1)
    expect(api.refund.options).toHaveBeenCalledWith({ saleId: SALE, subtractPercentage: '10' })
    await vi.waitFor(() => expect(store.options?.variants[0]?.fiat).toBe('6.75'))
  })

  it('does not ask main with a subtract percentage above 100, and says why', async () => {
    const store = await opened()
    vi.useFakeTimers()
    api.refund.options.mockClear()
    store.subtractPercentage = '150'
    await nextTick()
    vi.advanceTimersByTime(PREVIEW_DEBOUNCE_MS * 2)
    expect(api.refund.options).not.toHaveBeenCalled()
    expect(store.subtractError).toMatch(/0 to 100/)
  })

  it('sends the custom amount and currency for the Custom preview', async () => {
    const store = await opened()
    vi.useFakeTimers()
    api.refund.options.mockClear()
    store.variant = 'Custom'
    store.customAmount = '5.00'
    await nextTick()
    vi.advanceTimersByTime(PREVIEW_DEBOUNCE_MS)
    expect(api.refund.options).toHaveBeenCalledWith({
      saleId: SALE,
      subtractPercentage: '0',
      customAmount: '5.00',
      customCurrency: 'USD'
    })
  })

  it('creates a pull-payment refund and keeps its claim link for the QR code', async () => {
    const store = await opened()
    store.variant = 'Fiat'
    store.subtractPercentage = '5'
    store.reason = ' wrong size '
    api.refund.create.mockResolvedValue(ok(refundView({ variant: 'Fiat' })))
    const made = await store.create()
    expect(api.refund.create).toHaveBeenCalledWith({
      saleId: SALE,
      variant: 'Fiat',
      subtractPercentage: '5',
      reason: 'wrong size',
      idempotencyKey: KEY
    })
    expect(made?.claimLink).toBe('https://demo.example/pull-payments/pp_1')
    expect(store.refund?.state).toBe('awaiting-claim')
    expect(store.error).toBeNull()
  })

  it('refuses an unavailable variant with its reason, without calling main', async () => {
    const store = await opened()
    store.variant = 'OverpaidAmount'
    expect(await store.create()).toBeNull()
    expect(api.refund.create).not.toHaveBeenCalled()
    expect(store.error?.message).toBe('The invoice was not overpaid')
  })

  it('keeps everything typed and shows main’s message when the refund fails', async () => {
    const store = await opened(customPriced('3.00', '0.00004615'))
    store.variant = 'Custom'
    store.customAmount = '3.00'
    store.customCurrency = 'usd'
    store.reason = 'broken'
    api.refund.create.mockResolvedValue(fail('BTCPay: the store has no wallet'))
    expect(await store.create()).toBeNull()
    expect(api.refund.create.mock.calls[0]?.[0]).toMatchObject({
      customAmount: '3.00',
      customCurrency: 'USD'
    })
    expect(store.error?.message).toBe('BTCPay: the store has no wallet')
    expect(store.refund).toBeNull()
    expect([store.variant, store.customAmount, store.reason]).toEqual(['Custom', '3.00', 'broken'])
  })

  it('sends one idempotency key per confirmation: the same on a retry after a failure, a new one after success', async () => {
    const store = await opened()
    store.variant = 'Fiat'
    api.refund.create.mockResolvedValueOnce(fail('BTCPay did not answer'))
    expect(await store.create()).toBeNull()
    api.refund.create.mockResolvedValueOnce(ok(refundView({ variant: 'Fiat' })))
    expect(await store.create()).not.toBeNull()
    store.another()
    store.variant = 'Fiat'
    api.refund.create.mockResolvedValueOnce(ok(refundView({ id: 'rfd_9876543210', variant: 'Fiat' })))
    await store.create()
    const keys = api.refund.create.mock.calls.map((call) => call[0].idempotencyKey)
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/)
    expect(keys[1]).toBe(keys[0])
    expect(keys[2]).toMatch(/^[0-9a-f]{32}$/)
    expect(keys[2]).not.toBe(keys[0])
  })

  it('releases a withdrawal of unknown fate and shows what main found', async () => {
    const store = await opened(withdrawalOptions)
    api.refund.release.mockResolvedValue(ok(refundView({ kind: 'withdrawal', state: 'failed' })))
    await store.release('rfd_0123456789')
    expect(api.refund.release).toHaveBeenCalledWith({ refundId: 'rfd_0123456789' })
    expect(store.refund?.state).toBe('failed')
  })

  it('estimates a withdrawal, adopts its fee plan, then sends exactly what was estimated', async () => {
    const store = await opened(withdrawalOptions)
    expect(store.coinAmount).toBe('0.1234')
    store.address = ' ltc1qexampleaddress0000000000 '
    api.refund.estimate.mockResolvedValue(ok(estimateView))
    await store.estimateWithdrawal()
    expect(api.refund.estimate).toHaveBeenCalledWith({
      saleId: SALE,
      address: 'ltc1qexampleaddress0000000000',
      amount: '0.1234'
    })
    expect(store.feePlan).toBe('normal')
    expect(store.estimateFresh).toBe(true)
    api.refund.withdraw.mockResolvedValue(
      ok(refundView({ kind: 'withdrawal', state: 'in-progress', claimLink: null }))
    )
    const sent = await store.withdraw()
    expect(api.refund.withdraw).toHaveBeenCalledWith({
      saleId: SALE,
      address: 'ltc1qexampleaddress0000000000',
      amount: '0.1234',
      feePlan: 'normal',
      idempotencyKey: KEY
    })
    expect(sent?.state).toBe('in-progress')
  })

  it('will not send a withdrawal whose fee plan changed since the estimate', async () => {
    const store = await opened(withdrawalOptions)
    store.address = 'ltc1qexampleaddress0000000000'
    api.refund.estimate.mockResolvedValue(ok(estimateView))
    await store.estimateWithdrawal()
    store.feePlan = 'priority'
    expect(store.estimateFresh).toBe(false)
    expect(await store.withdraw()).toBeNull()
    expect(api.refund.withdraw).not.toHaveBeenCalled()
    expect(store.error?.message).toMatch(/Estimate the fee/)
  })

  it('shows Plisio’s whitelist message verbatim and keeps the address', async () => {
    const store = await opened(withdrawalOptions)
    store.address = 'ltc1qexampleaddress0000000000'
    const message = 'Request IP 203.0.113.7 is not whitelisted. Add it in Plisio > API > Whitelist IPs'
    api.refund.estimate.mockResolvedValue(fail(message, 'processor-permission'))
    expect(await store.estimateWithdrawal()).toBeNull()
    expect(store.error).toEqual({ code: 'processor-permission', message })
    expect(store.address).toBe('ltc1qexampleaddress0000000000')
  })

  it('requires a reason and an amount within what is left before recording a refund', async () => {
    const store = await opened(apiOptions({ mode: 'record', refunded: '5.00' }))
    expect(store.form).toBe('record')
    store.recordAmount = '2.00'
    expect(await store.record()).toBeNull()
    expect(store.error?.message).toBe('Say why the refund was made')
    store.reason = 'paid back in cash'
    store.recordAmount = '2.51'
    expect(await store.record()).toBeNull()
    expect(store.error?.message).toMatch(/more than is left to refund \(\$2\.50\)/)
    store.recordAmount = '2.505'
    expect(await store.record()).toBeNull()
    expect(store.error?.message).toMatch(/at most 2 decimal places/)
    expect(api.refund.record).not.toHaveBeenCalled()

    store.recordAmount = '2.50'
    store.recordMethod = 'wallet'
    api.refund.record.mockResolvedValue(ok(refundView({ kind: 'recorded', state: 'completed' })))
    expect(await store.record()).not.toBeNull()
    expect(api.refund.record).toHaveBeenCalledWith({
      saleId: SALE,
      amount: '2.50',
      method: 'wallet',
      reason: 'paid back in cash',
      idempotencyKey: KEY
    })
    expect(store.error).toBeNull()
  })

  it('cancels and refreshes a refund, showing its new state', async () => {
    const store = await opened()
    api.refund.cancel.mockResolvedValue(ok(refundView({ state: 'cancelled' })))
    await store.cancel('rfd_0123456789')
    expect(api.refund.cancel).toHaveBeenCalledWith({ refundId: 'rfd_0123456789' })
    expect(store.refund?.state).toBe('cancelled')
    api.refund.refresh.mockResolvedValue(fail('BTCPay is not reachable', 'processor-connection'))
    await store.refresh('rfd_0123456789')
    expect(store.error?.message).toBe('BTCPay is not reachable')
    expect(store.refund?.state).toBe('cancelled')
  })

  it('follows the refund on screen quietly: a new state is shown, a failure shows nothing and keeps it', async () => {
    const store = await opened()
    store.show(refundView({ state: 'awaiting-claim' }))
    api.refund.refresh.mockResolvedValue(fail('BTCPay is not reachable', 'processor-connection'))
    await store.follow('rfd_0123456789')
    expect(store.error).toBeNull()
    expect(store.actionState).not.toBe('error')
    expect(store.refund?.state).toBe('awaiting-claim')
    api.refund.refresh.mockResolvedValue(ok(refundView({ state: 'awaiting-approval' })))
    await store.follow('rfd_0123456789')
    expect(store.refund?.state).toBe('awaiting-approval')
    // An answer about a refund no longer on screen changes nothing.
    store.show(refundView({ id: 'rfd_9999999999', state: 'awaiting-claim' }))
    await store.follow('rfd_0123456789')
    expect(store.refund).toMatchObject({ id: 'rfd_9999999999', state: 'awaiting-claim' })
  })
})

describe('useRefundStore when the sale gets paid after a first look', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    for (const fn of [...Object.values(api.refund), api.sale.get]) fn.mockReset()
    api.sale.get.mockResolvedValue(ok(saleView()))
  })

  it('leaves the blocked record-only form for the processor form and picks a variant', async () => {
    const blocked = apiOptions({
      mode: 'record',
      variants: [],
      blockedReason: 'Nothing was paid for this sale'
    })
    const store = await opened(blocked)
    expect([store.form, store.variant]).toEqual(['record', null])
    api.refund.options.mockResolvedValue(ok(apiOptions()))
    await store.open(SALE)
    expect([store.form, store.variant]).toEqual(['processor', 'RateThen'])
  })

  it('keeps the cashier on the record form across a reload in the same mode', async () => {
    const store = await opened()
    store.form = 'record'
    await store.loadOptions()
    expect(store.form).toBe('record')
  })
})

describe('useRefundStore before the confirmation step', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    for (const fn of [...Object.values(api.refund), api.sale.get]) fn.mockReset()
    api.sale.get.mockResolvedValue(ok(saleView()))
  })

  it('reads a preview still waiting for its debounce at once, and only once', async () => {
    const store = await opened()
    vi.useFakeTimers()
    api.refund.options.mockClear()
    store.subtractPercentage = '20'
    await nextTick()
    await store.flushPreview()
    expect(api.refund.options).toHaveBeenCalledWith({ saleId: SALE, subtractPercentage: '20' })
    vi.advanceTimersByTime(PREVIEW_DEBOUNCE_MS * 2)
    await store.flushPreview()
    expect(api.refund.options).toHaveBeenCalledTimes(1)
    vi.useRealTimers()
  })
})

describe('useRefundStore: what the confirmation step says the refund pays', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    for (const fn of [...Object.values(api.refund), api.sale.get]) fn.mockReset()
    api.sale.get.mockResolvedValue(ok(saleView()))
  })

  /** Type a Custom refund, let the preview debounce run out on `answer`, and go to the confirmation step. */
  async function custom(amount: string, currency: string, subtract: string, answer: RefundOptionsView) {
    const store = await opened()
    api.refund.options.mockResolvedValue(ok(answer))
    store.variant = 'Custom'
    store.customAmount = amount
    store.customCurrency = currency
    store.subtractPercentage = subtract
    await store.flushPreview()
    return store
  }

  it('Custom 4.00 USD minus 10 %: the confirmation says $3.60, what main will ask for, not "4 USD"', async () => {
    const store = await custom('4.00', 'USD', '10', customPriced('3.60', '0.00005538'))
    expect(api.refund.options).toHaveBeenLastCalledWith({
      saleId: SALE,
      subtractPercentage: '10',
      customAmount: '4.00',
      customCurrency: 'USD'
    })
    expect(store.createProblem()).toBeNull()
    expect(store.pays).toEqual({ pays: '$3.60', about: '0.00005538 BTC' })
  })

  it('Custom in BTC minus 10 %: the confirmation says the BTC paid, its fiat only an estimate', async () => {
    const store = await custom('0.0001', 'btc', '10', customPriced('5.85', '0.00009000'))
    expect(store.pays).toEqual({ pays: '0.00009000 BTC', about: '$5.85' })
  })

  it('does not confirm a Custom refund main cannot price, and says why', async () => {
    const store = await custom('3.00', 'EUR', '0', customPriced(null, null, 'Kassa cannot price EUR here'))
    expect(store.pays).toBeNull()
    expect(store.createProblem()).toBe('Kassa cannot price EUR here')
    expect(await store.create()).toBeNull()
    expect(api.refund.create).not.toHaveBeenCalled()
  })

  it('reads the preview again before confirming when the one shown was priced for other inputs', async () => {
    const store = await opened()
    vi.useFakeTimers()
    store.variant = 'Custom'
    store.customAmount = '4.00'
    await nextTick()
    // The debounce ran out and asked main; its answer has not come back when the cashier confirms.
    let answer: (value: unknown) => void = () => {}
    api.refund.options.mockReturnValueOnce(new Promise((resolve) => (answer = resolve)))
    vi.advanceTimersByTime(PREVIEW_DEBOUNCE_MS)
    vi.useRealTimers()
    api.refund.options.mockResolvedValue(ok(customPriced('4.00', '0.00006154')))
    await store.flushPreview()
    expect(store.chosen?.fiat).toBe('4.00')
    expect(store.pays?.pays).toBe('$4.00')
    answer(ok(apiOptions()))
    await nextTick()
    expect(store.pays?.pays).toBe('$4.00')
  })
})
