import type { DayCorrectionView, DayReportView, FiatSliceView } from '@shared/day'
import type { ShopDetails } from '@shared/receipt'

/** The shop on the fixture's documents. */
export const FIXTURE_SHOP: ShopDetails = {
  name: 'Café Morgenrot',
  address: 'Hauptstraße 1\n10115 Berlin',
  taxId: '',
  footer: '',
  logo: null
}

function slice(key: string, currency: string, fields: Partial<FiatSliceView>): FiatSliceView {
  return {
    key,
    currency,
    sales: 0,
    gross: '0.00',
    discounts: '0.00',
    tax: '0.00',
    tips: '0.00',
    refunds: '0.00',
    net: '0.00',
    averageSale: '0.00',
    underpaid: '0.00',
    overpaid: '0.00',
    ...fields
  }
}

/** A late payment counted on this day for the day before. */
export const LATE_PAYMENT: DayCorrectionView = {
  kind: 'payment',
  saleId: 'sale_late0000000001',
  receiptNumber: 'T1-20261127-9',
  belongsTo: '2026-11-27',
  at: '2026-11-28T09:15:00Z',
  currency: 'EUR',
  amount: '7.80'
}

/**
 * A closed business day (Europe/Berlin, start hour 3) in EUR and USD, paid on-chain and by Lightning through BTCPay
 * and the Demo, with a RateThen refund by the cashier and a late payment for the day before. The figures balance:
 * EUR 1250.00 − 15.50 + 19.00 + 2.50 − 10.00 = 1246.00; average (1250.00 − 15.50 + 19.00 + 2.50) / 3 = 418.67.
 */
export function fixtureReport(overrides: Partial<DayReportView> = {}): DayReportView {
  return {
    day: '2026-11-28',
    from: '2026-11-28T02:00:00.000Z',
    to: '2026-11-29T02:00:00.000Z',
    timeZone: 'Europe/Berlin',
    startHour: 3,
    hours: 24,
    state: 'closed',
    closedAt: '2026-11-29T02:30:00.000Z',
    closedBy: 'owner',
    current: false,
    figures: {
      totals: [
        {
          currency: 'EUR',
          sales: 3,
          gross: '1250.00',
          discounts: '15.50',
          tax: '19.00',
          tips: '2.50',
          refunds: '10.00',
          net: '1246.00',
          averageSale: '418.67',
          underpaid: '4.20',
          overpaid: '0.35'
        },
        {
          currency: 'USD',
          sales: 1,
          gross: '20.00',
          discounts: '0.00',
          tax: '0.00',
          tips: '0.00',
          refunds: '0.00',
          net: '20.00',
          averageSale: '20.00',
          underpaid: '0.00',
          overpaid: '0.00'
        }
      ],
      byProcessor: [
        slice('btcpay', 'EUR', {
          sales: 2,
          gross: '1200.00',
          discounts: '15.50',
          tax: '19.00',
          tips: '2.50',
          refunds: '10.00',
          net: '1196.00'
        }),
        slice('demo', 'EUR', { sales: 1, gross: '50.00', net: '50.00' }),
        slice('demo', 'USD', { sales: 1, gross: '20.00', net: '20.00' })
      ],
      byPaymentMethod: [
        slice('BTC-CHAIN', 'EUR', {
          sales: 2,
          gross: '1200.00',
          discounts: '15.50',
          tax: '19.00',
          tips: '2.50',
          refunds: '10.00',
          net: '1196.00'
        }),
        slice('BTC-LN', 'EUR', { sales: 1, gross: '50.00', net: '50.00' }),
        slice('BTC-LN', 'USD', { sales: 1, gross: '20.00', net: '20.00' })
      ],
      crypto: [
        {
          coin: 'BTC',
          amount: '0.02012345',
          smallestUnit: '2012345',
          fiat: [
            { currency: 'EUR', amount: '1256.00' },
            { currency: 'USD', amount: '20.00' }
          ]
        }
      ],
      outcomes: { settled: 4, open: 1, expired: 2, invalid: 0, creating: 0 },
      refundsByVariant: [{ key: 'RateThen', count: 1, currency: 'EUR', amount: '10.00' }],
      refundsByActor: [{ key: 'cashier', count: 1, currency: 'EUR', amount: '10.00' }]
    },
    corrections: [LATE_PAYMENT],
    creatingSales: [],
    ...overrides
  }
}
