import { describe, expect, it } from 'vitest'
import { KassaError } from '@shared/errors'
import {
  DEFAULT_REFUND_POLICY,
  coinWithFee,
  restockingFeeMinor,
  withFee,
  type RefundPolicyView
} from '@shared/refund-policy'
import { DAY_MS, admitTriage, triageRefund, type RefundFacts } from '../../../src/main/refunds/refund-policy'
import { applyRefundPolicyPatch, readRefundPolicy } from '../../../src/main/settings/refund-policy-settings'

const PAID = Date.parse('2025-03-01T10:00:00.000Z')

function facts(over: Partial<RefundFacts> = {}): RefundFacts {
  return {
    now: PAID + 1000,
    paidAtMs: PAID,
    currency: 'EUR',
    storeCurrency: 'EUR',
    amountMinor: 1000n,
    variant: 'Fiat',
    earlierRefunds: 0,
    ...over
  }
}

function policy(over: Partial<RefundPolicyView> = {}): RefundPolicyView {
  return { ...DEFAULT_REFUND_POLICY, allowedVariants: [...DEFAULT_REFUND_POLICY.allowedVariants], ...over }
}

type Row = [string, Partial<RefundPolicyView>, Partial<RefundFacts>, string, string | null]

// [case, policy, facts, decision, rule]
const RULES: Row[] = [
  [
    'defaults allow a late, large, second refund of any variant with any reason',
    {},
    {
      now: PAID + 3650 * DAY_MS,
      amountMinor: 10n ** 12n,
      earlierRefunds: 3,
      variant: 'Custom',
      reason: '',
      subtractPercentage: '0'
    },
    'allowed',
    null
  ],
  [
    'window: exactly N days after payment is inside',
    { windowDays: 14 },
    { now: PAID + 14 * DAY_MS },
    'allowed',
    null
  ],
  [
    'window: 1 ms past N days needs the owner',
    { windowDays: 14 },
    { now: PAID + 14 * DAY_MS + 1 },
    'needs-owner',
    'window'
  ],
  [
    'window: one day is 24 h from the payment',
    { windowDays: 1 },
    { now: PAID + DAY_MS - 1 },
    'allowed',
    null
  ],
  [
    'window: unknown payment time is not judged',
    { windowDays: 1 },
    { paidAtMs: null, now: PAID + 9 * DAY_MS },
    'allowed',
    null
  ],
  ['limit EUR: equal is allowed', { cashierLimit: '50.00' }, { amountMinor: 5000n }, 'allowed', null],
  [
    'limit EUR: one cent above needs the owner',
    { cashierLimit: '50.00' },
    { amountMinor: 5001n },
    'needs-owner',
    'cashier-limit'
  ],
  [
    'limit JPY (exponent 0): equal',
    { cashierLimit: '5000' },
    { currency: 'JPY', storeCurrency: 'JPY', amountMinor: 5000n },
    'allowed',
    null
  ],
  [
    'limit JPY (exponent 0): one yen above',
    { cashierLimit: '5000' },
    { currency: 'JPY', storeCurrency: 'JPY', amountMinor: 5001n },
    'needs-owner',
    'cashier-limit'
  ],
  [
    'limit KWD (exponent 3): equal',
    { cashierLimit: '12.345' },
    { currency: 'KWD', storeCurrency: 'KWD', amountMinor: 12345n },
    'allowed',
    null
  ],
  [
    'limit KWD (exponent 3): one fils above',
    { cashierLimit: '12.345' },
    { currency: 'KWD', storeCurrency: 'KWD', amountMinor: 12346n },
    'needs-owner',
    'cashier-limit'
  ],
  [
    'limit 0: any refund needs the owner',
    { cashierLimit: '0' },
    { amountMinor: 1n },
    'needs-owner',
    'cashier-limit'
  ],
  [
    'limit: a sale in another currency cannot be compared',
    { cashierLimit: '50' },
    { currency: 'USD', amountMinor: 1n },
    'needs-owner',
    'cashier-limit'
  ],
  [
    'limit: not judged before the amount is known',
    { cashierLimit: '0' },
    { amountMinor: null },
    'allowed',
    null
  ],
  [
    'variant not allowed is refused',
    { allowedVariants: ['Fiat'] },
    { variant: 'RateThen' },
    'refused',
    'variant'
  ],
  ['variant allowed', { allowedVariants: ['Fiat'] }, { variant: 'Fiat' }, 'allowed', null],
  [
    'variant rule does not apply to recorded refunds',
    { allowedVariants: ['Fiat'] },
    { variant: null },
    'allowed',
    null
  ],
  ['one per sale: the first refund', { multipleRefunds: false }, { earlierRefunds: 0 }, 'allowed', null],
  [
    'one per sale: a second refund needs the owner',
    { multipleRefunds: false },
    { earlierRefunds: 1 },
    'needs-owner',
    'one-per-sale'
  ],
  ['several allowed: a second refund', { multipleRefunds: true }, { earlierRefunds: 1 }, 'allowed', null],
  ['reason missing when reasons are listed', { reasons: ['Damaged'] }, { reason: '' }, 'refused', 'reason'],
  ['reason null when reasons are listed', { reasons: ['Damaged'] }, { reason: null }, 'refused', 'reason'],
  [
    'reason not in the list, no "other"',
    { reasons: ['Damaged'], allowOtherReason: false },
    { reason: 'Changed mind' },
    'refused',
    'reason'
  ],
  [
    'reason not in the list, "other" allowed',
    { reasons: ['Damaged'], allowOtherReason: true },
    { reason: 'Changed mind' },
    'allowed',
    null
  ],
  [
    'reason in the list',
    { reasons: ['Damaged'], allowOtherReason: false },
    { reason: 'Damaged' },
    'allowed',
    null
  ],
  ['reason not judged in a preview', { reasons: ['Damaged'] }, { reason: undefined }, 'allowed', null],
  ['fee: asking the fee itself', { restockingFee: '10' }, { subtractPercentage: '10.0' }, 'allowed', null],
  ['fee: asking more than the fee', { restockingFee: '10' }, { subtractPercentage: '15' }, 'allowed', null],
  [
    'fee: asking less than the fee needs the owner',
    { restockingFee: '10' },
    { subtractPercentage: '9.9999' },
    'needs-owner',
    'restocking-fee'
  ],
  [
    'a refusal beats a needs-owner',
    { windowDays: 1, allowedVariants: ['Fiat'] },
    { variant: 'RateThen', now: PAID + 5 * DAY_MS },
    'refused',
    'variant'
  ],
  [
    'the first needs-owner rule is named',
    { windowDays: 1, cashierLimit: '1' },
    { now: PAID + 5 * DAY_MS, amountMinor: 500n },
    'needs-owner',
    'window'
  ]
]

describe('triageRefund: every rule and its edges', () => {
  it.each(RULES)('%s', (_name, rules, given, decision, rule) => {
    const triage = triageRefund(policy(rules), facts(given))
    expect(triage.decision).toBe(decision)
    expect(triage.rule).toBe(rule)
  })

  it('names the limit and the amount in the currency, exactly', () => {
    const triage = triageRefund(policy({ cashierLimit: '50' }), facts({ amountMinor: 5001n }))
    expect(triage.values).toEqual({ limit: '50.00', amount: '50.01', currency: 'EUR' })
  })

  it('names the window and the days since payment', () => {
    const triage = triageRefund(policy({ windowDays: 14 }), facts({ now: PAID + 20 * DAY_MS + 5 }))
    expect(triage.values).toMatchObject({ windowDays: '14', days: '20' })
  })
})

describe('admitTriage', () => {
  const over = triageRefund(policy({ cashierLimit: '50' }), facts({ amountMinor: 5001n }))

  it('refused: conflict policy-<rule>', () => {
    const refused = triageRefund(policy({ allowedVariants: ['Fiat'] }), facts({ variant: 'Custom' }))
    const error = catchError(() => admitTriage(refused, 'owner', 'refund:create'))
    expect(error.code).toBe('conflict')
    expect(error.params).toMatchObject({ reason: 'policy-variant', variant: 'Custom' })
  })

  it('needs-owner without approval: owner-required naming the rule and the limit', () => {
    const error = catchError(() => admitTriage(over, null, 'refund:create'))
    expect(error.code).toBe('owner-required')
    expect(error.params).toMatchObject({
      reason: 'policy-cashier-limit',
      limit: '50.00',
      call: 'refund:create'
    })
  })

  it('needs-owner with the owner or without a PIN: proceeds, stamped', () => {
    expect(admitTriage(over, 'owner', 'refund:create')).toMatchObject({
      decision: 'needs-owner',
      approvedBy: 'owner'
    })
    expect(admitTriage(over, 'no-pin', 'refund:create').approvedBy).toBe('no-pin')
  })

  it('allowed: proceeds, approved by nobody', () => {
    expect(admitTriage(triageRefund(policy(), facts()), null, 'refund:record')).toEqual({
      decision: 'allowed',
      rule: null,
      values: {},
      approvedBy: null
    })
  })
})

describe('restocking fee arithmetic', () => {
  it.each([
    // [gross, currency, percent, fee minor, net minor]
    ['10.00', 'EUR', '10', 100n, 900n],
    ['0.05', 'EUR', '10', 1n, 4n], // 0.5 cent fee rounds up: the customer gets the amount rounded down
    ['999', 'JPY', '7.5', 75n, 924n], // 74.925 yen → 75
    ['1.001', 'KWD', '33.3333', 334n, 667n], // 333.66 fils → 334
    ['12.34', 'EUR', '0', 0n, 1234n],
    ['12.34', 'EUR', '100', 1234n, 0n]
  ])('%s %s less %s %%', (gross, currency, percent, fee, net) => {
    const result = withFee(gross, currency, percent)
    expect(result.feeMinor).toBe(fee)
    expect(result.netMinor).toBe(net)
    expect(result.grossMinor - result.feeMinor).toBe(result.netMinor)
    expect(restockingFeeMinor(result.grossMinor, percent)).toBe(fee)
  })

  it('coin amounts: fee rounded up to 8 places or the amount’s own', () => {
    expect(coinWithFee('0.001', '10')).toEqual({ fee: '0.0001', net: '0.0009' })
    expect(coinWithFee('0.00000003', '50')).toEqual({ fee: '0.00000002', net: '0.00000001' })
    expect(coinWithFee('1.000000000001', '10')).toEqual({ fee: '0.100000000001', net: '0.9' })
    expect(coinWithFee('0.5', '0')).toEqual({ fee: '0', net: '0.5' })
  })
})

describe('stored policy', () => {
  it('reads nothing, junk or a damaged field as the defaults', () => {
    expect(readRefundPolicy(null)).toEqual(DEFAULT_REFUND_POLICY)
    expect(readRefundPolicy('{not json')).toEqual(DEFAULT_REFUND_POLICY)
    expect(readRefundPolicy(JSON.stringify({ windowDays: -3, cashierLimit: 5, reasons: ['A'] }))).toEqual({
      ...DEFAULT_REFUND_POLICY,
      reasons: ['A']
    })
  })

  it('checks the limit in the store currency and the default variant against the allowed', () => {
    expect(applyRefundPolicyPatch(policy(), { cashierLimit: '50' }, 'EUR').cashierLimit).toBe('50.00')
    expect(
      catchError(() => applyRefundPolicyPatch(policy(), { cashierLimit: '10.5' }, 'JPY')).params
    ).toEqual({
      field: 'refundPolicy.cashierLimit'
    })
    expect(
      catchError(() =>
        applyRefundPolicyPatch(policy(), { allowedVariants: ['Fiat'], defaultVariant: 'RateThen' }, 'EUR')
      ).params
    ).toEqual({ field: 'refundPolicy.defaultVariant' })
    expect(catchError(() => applyRefundPolicyPatch(policy(), { reasons: ['A', 'A'] }, 'EUR')).code).toBe(
      'invalid-input'
    )
  })
})

function catchError(run: () => unknown): KassaError {
  try {
    run()
  } catch (error) {
    if (error instanceof KassaError) return error
    throw error
  }
  throw new Error('did not throw')
}
