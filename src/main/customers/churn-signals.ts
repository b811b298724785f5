import { customerLabel, type ChurnSignalsView } from '@shared/customers'
import { CHURN_RULES, refundSpikes, rateText, TRAILING_WEEKS } from '../ledger/churn-queries'
import type { LedgerReader } from '../ledger/ledger-reader'
import type { CustomerService } from './customer-service'

/** What the churn signals need. */
export interface ChurnSignalsDeps {
  reader: LedgerReader
  customers: CustomerService
  /** The current business day `yyyy-mm-dd` (the shop's rule). */
  today: () => string
  /** ms since the epoch. */
  now: () => number
}

/**
 * `churn:signals` (docs/customers.md): computed on demand in the read worker (`ledger/churn-queries.ts`) over the
 * whole ledger; only the lapsed customers' display names are read here.
 * @returns lapsed returning customers (most overdue first, at most 200, with the total), the last 8 weeks' rate of
 *   expired and abandoned charges, and refund rates against their trailing mean with spikes flagged
 */
export async function churnSignals(deps: ChurnSignalsDeps): Promise<ChurnSignalsView> {
  const now = deps.now()
  const result = await deps.reader.run('churnSignals', { now, today: deps.today() })
  const spikes = refundSpikes(result.refunds)
  return {
    computedAt: new Date(now).toISOString(),
    rules: { ...CHURN_RULES },
    lapsedTotal: result.lapsed.total,
    lapsed: result.lapsed.rows.map((row) => {
      const customer = deps.customers.find(row.customerId)
      return { ...row, label: (customer && customerLabel(customer)) || row.customerId }
    }),
    failedCharges: result.failedCharges.map((week) => ({
      from: new Date(week.from).toISOString(),
      to: new Date(week.to).toISOString(),
      sales: week.sales,
      expired: week.expired,
      abandoned: week.abandoned,
      rate: rateText(week.expired + week.abandoned, week.sales),
      saleIds: week.saleIds
    })),
    refunds: result.refunds.slice(TRAILING_WEEKS).map((week, i) => ({
      from: new Date(week.from).toISOString(),
      to: new Date(week.to).toISOString(),
      paidSales: week.paidSales,
      refunds: week.refunds,
      saleIds: week.saleIds,
      ...spikes[i]!
    }))
  }
}
