import { DEFAULT_REFUND_POLICY } from '@shared/refund-policy'
import type { RefundOptionsView, RefundView, SaleView, TillSettingsView } from '@shared/contract'

/** A paid Demo sale of 7.50 USD with no lines, tax or refunds; override what a test needs. */
export function saleView(over: Partial<SaleView> = {}): SaleView {
  return {
    id: 'sale_0123456789',
    createdAt: '2025-01-01T10:00:00Z',
    currency: 'USD',
    amount: '7.50',
    memo: null,
    lines: [],
    processor: 'demo',
    state: 'paid',
    error: null,
    invoice: null,
    simulatable: true,
    taxRate: '0',
    subtotal: '7.50',
    tax: '0.00',
    discount: '0.00',
    tip: '0.00',
    taxes: [],
    taxInclusive: false,
    discountGiven: null,
    tipGiven: null,
    paymentMethod: null,
    receiptNumber: null,
    customer: null,
    refunds: [],
    refunded: '0.00',
    outbox: null,
    ...over
  }
}

/** A Demo pull-payment refund awaiting its claim; override what a test needs. */
export function refundView(over: Partial<RefundView> = {}): RefundView {
  return {
    id: 'rfd_0123456789',
    saleId: 'sale_0123456789',
    processor: 'demo',
    kind: 'pull-payment',
    variant: 'RateThen',
    subtractPercentage: '0',
    amount: '0.00011538',
    currency: 'BTC',
    fiatAmount: '7.50',
    state: 'awaiting-claim',
    claimLink: 'https://demo.example/pull-payments/pp_1',
    externalId: 'pp_1',
    method: null,
    destination: null,
    reason: null,
    txId: null,
    error: null,
    policy: null,
    createdAt: '2025-01-02T09:30:00Z',
    ...over
  }
}

/** Refund options in `api` mode for the 7.50 USD sale, every variant but OverpaidAmount available. */
export function apiOptions(over: Partial<RefundOptionsView> = {}): RefundOptionsView {
  const variant = (
    name: RefundOptionsView['variants'][number]['variant'],
    fiat: string | null,
    crypto: string | null
  ): RefundOptionsView['variants'][number] => ({
    variant: name,
    available: name !== 'OverpaidAmount',
    reason: name === 'OverpaidAmount' ? 'The invoice was not overpaid' : null,
    fiat,
    cryptoAmount: crypto,
    crypto: crypto ? 'BTC' : null,
    triage: { decision: 'allowed', rule: null, values: {} }
  })
  return {
    saleId: 'sale_0123456789',
    mode: 'api',
    currency: 'USD',
    paid: '7.50',
    refunded: '0.00',
    policy: {
      rules: { ...DEFAULT_REFUND_POLICY, allowedVariants: [...DEFAULT_REFUND_POLICY.allowedVariants] },
      triage: { decision: 'allowed', rule: null, values: {} },
      storeCurrency: 'USD'
    },
    variants: [
      variant('RateThen', '7.50', '0.00011538'),
      variant('CurrentRate', '7.50', '0.00010000'),
      variant('Fiat', '7.50', '0.00010000'),
      variant('OverpaidAmount', null, null),
      variant('Custom', null, null)
    ],
    coin: null,
    blockedReason: null,
    notice: null,
    ...over
  }
}

/** Settings → Till as a new store has it; override what a test needs. */
export function tillSettings(over: Partial<TillSettingsView> = {}): TillSettingsView {
  return {
    taxInclusive: false,
    tipsEnabled: false,
    tipPresets: ['10', '15', '20'],
    maxSaleAmount: '5000',
    tillId: 'T1',
    ...over
  }
}
