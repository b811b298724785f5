// A ledger with the day close attached, on the main connection (the same query functions the read worker runs),
// and helpers that write sales, invoices and refunds the way the till does.
import type {
  AdditionalStatus,
  Invoice,
  InvoicePayment,
  InvoicePaymentMethod,
  InvoiceStatus
} from '@shared/invoice'
import { formatMinor } from '@shared/money'
import { openDatabase } from '../../../src/main/ledger/database'
import { Ledger, type AuditActor } from '../../../src/main/ledger/ledger'
import type { LedgerReader } from '../../../src/main/ledger/ledger-reader'
import { READ_QUERIES } from '../../../src/main/ledger/read-queries'
import { RefundBook, type RefundRecord } from '../../../src/main/ledger/refund-book'
import type { BusinessDayRule } from '../../../src/main/day/business-day'
import { DayService } from '../../../src/main/day/day-service'

/** A day-close test bench: ledger, refund book and day service over one database, on a settable clock. */
export interface DayBench {
  ledger: Ledger
  refunds: RefundBook
  days: DayService
  clock: { now: number }
  rule: BusinessDayRule
  close(): void
}

/** A reader that runs the worker's queries on the ledger's own connection (no thread: fast property runs). */
function inlineReader(ledger: Ledger): LedgerReader {
  const queries = READ_QUERIES as Record<string, (db: unknown, params: unknown) => unknown>
  return {
    run: (name: string, params: unknown) => Promise.resolve(queries[name]?.(ledger.database, params)),
    close: () => Promise.resolve()
  } as unknown as LedgerReader
}

/** @param path a SQLite file, or `:memory:` with the inline reader */
export function dayBench(
  rule: BusinessDayRule,
  start: number,
  options: { path?: string; reader?: (ledger: Ledger) => LedgerReader } = {}
): DayBench {
  const clock = { now: start }
  const ledger = new Ledger(openDatabase(options.path ?? ':memory:'), () => clock.now)
  const refunds = new RefundBook(ledger.database, () => clock.now)
  const days = new DayService({
    ledger,
    refunds,
    reader: (options.reader ?? inlineReader)(ledger),
    rule: () => rule,
    currency: () => 'EUR',
    now: () => clock.now
  })
  return { ledger, refunds, days, clock, rule, close: () => ledger.close() }
}

let counter = 0

/** A sale as the till prices it (minor units): amount = subtotal − discount + tax (when added) + tip. */
export interface SaleSpec {
  currency: string
  processor: string
  subtotalMinor: bigint
  discountMinor: bigint
  taxMinor: bigint
  tipMinor: bigint
  taxInclusive: boolean
  paymentMethod?: string | null
}

/** The amount the customer is charged. */
export function amountOf(spec: SaleSpec): bigint {
  return spec.subtotalMinor - spec.discountMinor + (spec.taxInclusive ? 0n : spec.taxMinor) + spec.tipMinor
}

/** Record a sale (`creating`) at the clock's time. @returns its id */
export function createSale(bench: DayBench, spec: SaleSpec): string {
  const id = `sale_${(++counter).toString(16).padStart(12, '0')}${Math.random().toString(16).slice(2, 10)}`
  bench.ledger.createSale({
    id,
    currency: spec.currency,
    amountMinor: amountOf(spec),
    memo: null,
    lines: [],
    processor: spec.processor,
    subtotalMinor: spec.subtotalMinor,
    discountMinor: spec.discountMinor,
    taxMinor: spec.taxMinor,
    tipMinor: spec.tipMinor,
    taxInclusive: spec.taxInclusive,
    paymentMethod: spec.paymentMethod ?? null
  })
  return id
}

/** A payment for `invoice`: method, coin, amount (decimal in the coin) and the method's rate. */
export interface PaymentSpec {
  method: string
  coin: string
  amount: string
  rate: string
}

/** Apply an invoice state to a sale at the clock's time (its payments and methods with rates). */
export function applyInvoice(
  bench: DayBench,
  saleId: string,
  state: {
    status: InvoiceStatus
    additionalStatus?: AdditionalStatus
    paidMinor: bigint
    payments: PaymentSpec[]
  }
): Invoice {
  const sale = bench.ledger.requireSale(saleId)
  const at = new Date(bench.clock.now).toISOString()
  const methods: InvoicePaymentMethod[] = state.payments.map((payment) => ({
    id: payment.method,
    currency: payment.coin,
    destination: 'x',
    paymentLink: '',
    amount: payment.amount,
    due: '0',
    paid: payment.amount,
    rate: payment.rate
  }))
  const payments: InvoicePayment[] = state.payments.map((payment, i) => ({
    id: `${saleId}-p${i}`,
    method: payment.method,
    amount: payment.amount,
    currency: payment.coin,
    receivedAt: at,
    status: 'Settled'
  }))
  const invoice: Invoice = {
    id: `inv_${saleId}`,
    processor: sale.processor,
    orderId: saleId,
    status: state.status,
    additionalStatus: state.additionalStatus ?? 'None',
    rawStatus: state.status,
    currency: sale.currency,
    amount: formatMinor(sale.amountMinor, sale.currency),
    paid: formatMinor(state.paidMinor, sale.currency),
    due: formatMinor(sale.amountMinor - state.paidMinor, sale.currency),
    createdAt: sale.createdAt,
    expiresAt: new Date(Date.parse(sale.createdAt) + 15 * 60_000).toISOString(),
    checkoutLink: null,
    paymentMethods: methods,
    payments
  }
  bench.ledger.applyInvoice(saleId, invoice)
  return invoice
}

/** Record a refund of a sale at the clock's time, audited by `actor` (as the till's refund records do). */
export function addRefund(
  bench: DayBench,
  saleId: string,
  refund: Pick<RefundRecord, 'kind' | 'variant' | 'state' | 'fiatMinor' | 'amount' | 'currency'> & {
    actor?: AuditActor
  }
): RefundRecord {
  const sale = bench.ledger.requireSale(saleId)
  const record = bench.refunds.insert({
    id: `rfd_${(++counter).toString(16).padStart(24, '0')}`,
    saleId,
    processor: sale.processor,
    kind: refund.kind,
    variant: refund.variant,
    subtractPercentage: null,
    amount: refund.amount,
    currency: refund.currency,
    fiatMinor: refund.fiatMinor,
    state: refund.state,
    claimLink: null,
    externalId: null,
    method: null,
    destination: null,
    reason: null,
    txId: null,
    idempotencyKey: null,
    request: null,
    error: null
  })
  bench.ledger.audit(refund.actor ?? 'cashier', 'refund.requested', saleId, { refundId: record.id })
  return record
}
