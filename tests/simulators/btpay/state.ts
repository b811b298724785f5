import Big from 'big.js'
import { createHmac, randomBytes } from 'node:crypto'

// BTPay's invoice model and lifecycle as btpay-org/btpay 0.1.x implements them (invoicing/service.py), in memory.
// Money is big.js throughout; Decimal strings go out exactly as Python's str(Decimal) would print them.

/** Python `isoformat()` of an aware UTC datetime: microseconds and `+00:00`, never `Z`. */
export function pyIso(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '000+00:00')
}

/** Python's `json.dumps(value)` with its defaults: `", "` and `": "` separators, non-ASCII escaped as `\\uXXXX`. */
export function pyJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'string')
    return JSON.stringify(value).replace(
      /[\u0080-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
    )
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (Array.isArray(value)) return `[${value.map(pyJsonDumps).join(', ')}]`
  const entries = Object.entries(value as Record<string, unknown>)
  return `{${entries.map(([k, v]) => `${pyJsonDumps(k)}: ${pyJsonDumps(v)}`).join(', ')}}`
}

const money = (value: Big): string => value.round(2, Big.roundHalfUp).toFixed(2)

export interface SimLine {
  id: number
  description: string
  quantity: string
  unit_price: string
  amount: string
  sort_order: number
}

export interface SimPayment {
  id: number
  method: string
  txid: string
  address: string
  amount_btc: string
  amount_fiat: string
  exchange_rate: string
  confirmations: number
  status: 'pending' | 'confirmed' | 'failed'
  created_at: string
}

export interface SimInvoice {
  id: number
  invoice_number: string
  status: string
  customer_email: string
  customer_name: string
  customer_company: string
  currency: string
  subtotal: string
  tax_rate: string
  tax_amount: string
  discount_amount: string
  total: string
  amount_paid: string
  btc_rate: string | null
  btc_amount: string | null
  payment_methods: string[]
  notes: string
  metadata: Record<string, unknown>
  created_at: number
  paid_at: number | null
  confirmed_at: number | null
  quote_expires_at: number | null
  payment_address: string | null
  lines: SimLine[]
  payments: SimPayment[]
}

/** Raised for what BTPay answers with 400 `{"error": message}`. */
export class SimBadRequest extends Error {}

function decimal(value: unknown, fallback: string): Big {
  const text = value === undefined || value === null ? fallback : String(value)
  if (!/^-?\d+(\.\d+)?$/.test(text.trim())) throw new SimBadRequest("[<class 'decimal.ConversionSyntax'>]")
  return new Big(text.trim())
}

/**
 * Python-like `str(Decimal(str(x)))`: keeps the digits as given, trailing zeros included (`"3.50"` stays `"3.50"`;
 * big.js's `toString` would drop them).
 */
const decimalText = (value: unknown, fallback: string): string => {
  decimal(value, fallback)
  return (value === undefined || value === null ? fallback : String(value)).trim()
}

export class SimStore {
  invoices: SimInvoice[] = []
  private nextId = 1
  private nextNumber = 1
  private nextAddress = 1
  private refKey = randomBytes(32)
  now: () => number = Date.now
  underpaidGift = new Big('5')
  quoteDeadlineMs = 30 * 60_000
  walletActive = true
  rates: Record<string, string> = {
    AUD: '108900.00',
    CAD: '97400.00',
    CHF: '63100.00',
    EUR: '65800.00',
    GBP: '56200.00',
    JPY: '10650000',
    USD: '71250.00'
  }

  /** The encrypted-looking `ref` of an object; changes on `restart()` (refnum keys random per start). */
  ref(kind: string, id: number): string {
    return createHmac('sha256', this.refKey).update(`${kind}:${id}`).digest('base64url').slice(0, 24)
  }

  restart(): void {
    this.refKey = randomBytes(32)
  }

  /** By invoice number, else by the current ref; a numeric id is not accepted (BTPay's doc says it is). */
  lookup(ref: string): SimInvoice | undefined {
    return (
      this.invoices.find((inv) => inv.invoice_number === ref) ??
      this.invoices.find((inv) => this.ref('Invoice', inv.id) === ref)
    )
  }

  create(data: Record<string, unknown>): SimInvoice {
    const rawLines = Array.isArray(data.lines) ? (data.lines as Record<string, unknown>[]) : []
    if (rawLines.length === 0) throw new SimBadRequest('At least one line item required')
    const lines: SimLine[] = rawLines.map((line, index) => {
      const quantity = decimal(line.quantity, '1')
      const unitPrice = decimal(line.unit_price, '0')
      return {
        id: index + 1,
        description: String(line.description ?? ''),
        quantity: decimalText(line.quantity, '1'),
        unit_price: decimalText(line.unit_price, '0'),
        amount: money(quantity.times(unitPrice)),
        sort_order: index
      }
    })
    const subtotal = lines.reduce((sum, line) => sum.plus(line.amount), new Big('0'))
    const taxRate = decimal(data.tax_rate, '0')
    const discount = decimal(data.discount_amount, '0')
    const tax = subtotal.times(taxRate).div('100')
    const invoice: SimInvoice = {
      id: this.nextId++,
      invoice_number: `INV-${String(this.nextNumber++).padStart(4, '0')}`,
      status: 'draft',
      customer_email: String(data.customer_email ?? ''),
      customer_name: String(data.customer_name ?? ''),
      customer_company: String(data.customer_company ?? ''),
      currency: String(data.currency ?? 'USD'),
      subtotal: money(subtotal),
      tax_rate: decimalText(data.tax_rate, '0'),
      tax_amount: money(tax),
      discount_amount: decimalText(data.discount_amount, '0'),
      total: money(subtotal.plus(money(tax)).minus(discount)),
      amount_paid: '0',
      btc_rate: null,
      btc_amount: null,
      payment_methods: Array.isArray(data.payment_methods)
        ? data.payment_methods.map(String)
        : ['onchain_btc'],
      notes: String(data.notes ?? ''),
      metadata: (data.metadata as Record<string, unknown>) ?? {},
      created_at: this.now(),
      paid_at: null,
      confirmed_at: null,
      quote_expires_at: null,
      payment_address: null,
      lines,
      payments: []
    }
    this.invoices.push(invoice)
    return invoice
  }

  finalize(invoice: SimInvoice): void {
    if (!this.walletActive) throw new SimBadRequest('No active wallet configured')
    if (invoice.status !== 'draft')
      throw new SimBadRequest(`Cannot finalize invoice in status: ${invoice.status}`)
    if (new Big(invoice.total).lte('0')) throw new SimBadRequest('Invoice total must be positive')
    const rate = this.rates[invoice.currency]
    if (!rate) throw new SimBadRequest(`No exchange rate for ${invoice.currency}`)
    invoice.payment_address = `bc1qsim${String(this.nextAddress++).padStart(6, '0')}kassa0btpay0test`
    invoice.btc_rate = rate
    invoice.btc_amount = new Big(invoice.total).div(rate).round(8, Big.roundHalfUp).toFixed(8)
    invoice.quote_expires_at = this.now() + this.quoteDeadlineMs
    invoice.status = 'pending'
  }

  cancel(invoice: SimInvoice): void {
    if (invoice.status !== 'draft' && invoice.status !== 'pending')
      throw new SimBadRequest(`Cannot cancel invoice in status: ${invoice.status}`)
    invoice.status = 'cancelled'
  }

  /** `record_payment`: credits fiat at the locked rate; paid, paid within the underpaid gift, or partial. */
  recordPayment(invoice: SimInvoice, amountBtc: Big): SimPayment {
    if (!invoice.btc_rate || !invoice.payment_address) throw new SimBadRequest('Invoice is not finalized')
    const fiat = amountBtc.times(invoice.btc_rate).round(2, Big.roundHalfUp)
    const payment: SimPayment = {
      id: invoice.payments.length + 1,
      method: 'onchain_btc',
      txid: randomBytes(32).toString('hex'),
      address: invoice.payment_address,
      amount_btc: amountBtc.toFixed(8),
      amount_fiat: fiat.toFixed(2),
      exchange_rate: invoice.btc_rate,
      confirmations: 0,
      status: 'pending',
      created_at: pyIso(this.now())
    }
    invoice.payments.push(payment)
    const paid = new Big(invoice.amount_paid).plus(fiat)
    invoice.amount_paid = paid.toFixed(2)
    const total = new Big(invoice.total)
    if (paid.gte(total) || total.minus(paid).lte(this.underpaidGift)) {
      invoice.status = 'paid'
      invoice.paid_at = this.now()
    } else if (paid.gt('0')) invoice.status = 'partial'
    return payment
  }

  /** `confirm_payment`: payments confirmed; the invoice moves to confirmed only from paid. */
  confirm(invoice: SimInvoice, confirmations = 1): void {
    for (const payment of invoice.payments) {
      payment.confirmations = confirmations
      payment.status = 'confirmed'
    }
    if (invoice.status === 'paid') {
      invoice.status = 'confirmed'
      invoice.confirmed_at = this.now()
    }
  }

  /** `check_expiry` with the quote deadline forced past: pending/partial with nothing paid → expired. */
  expire(invoice: SimInvoice): void {
    invoice.quote_expires_at = this.now() - 1000
    if (
      (invoice.status === 'pending' || invoice.status === 'partial') &&
      new Big(invoice.amount_paid).eq('0')
    )
      invoice.status = 'expired'
  }

  serialize(invoice: SimInvoice, lines = true, payments = false): Record<string, unknown> {
    const due = new Big(invoice.total).minus(invoice.amount_paid)
    return {
      id: invoice.id,
      ref: this.ref('Invoice', invoice.id),
      invoice_number: invoice.invoice_number,
      status: invoice.status,
      customer_email: invoice.customer_email,
      customer_name: invoice.customer_name,
      customer_company: invoice.customer_company,
      currency: invoice.currency,
      subtotal: invoice.subtotal,
      tax_amount: invoice.tax_amount,
      tax_rate: invoice.tax_rate,
      discount_amount: invoice.discount_amount,
      total: invoice.total,
      amount_paid: invoice.amount_paid,
      amount_due: due.gt('0') ? due.toFixed(2) : '0',
      btc_rate: invoice.btc_rate,
      btc_amount: invoice.btc_amount,
      payment_methods: invoice.payment_methods,
      ref_number: invoice.id,
      notes: invoice.notes,
      created_at: pyIso(invoice.created_at),
      due_date: null,
      paid_at: invoice.paid_at ? pyIso(invoice.paid_at) : null,
      confirmed_at: invoice.confirmed_at ? pyIso(invoice.confirmed_at) : null,
      payment_address: invoice.payment_address,
      ...(lines ? { lines: invoice.lines } : {}),
      ...(payments ? { payments: invoice.payments } : {})
    }
  }

  /** Public `status.json`. */
  checkoutStatus(invoice: SimInvoice): Record<string, unknown> {
    const due = new Big(invoice.total).minus(invoice.amount_paid)
    const left =
      invoice.quote_expires_at === null
        ? 0
        : Math.max(0, Math.floor((invoice.quote_expires_at - this.now()) / 1000))
    return {
      status: invoice.status,
      amount_due: due.gt('0') ? due.toFixed(2) : '0',
      amount_paid: invoice.amount_paid,
      total: invoice.total,
      currency: invoice.currency,
      btc_amount: invoice.btc_amount,
      btc_rate: invoice.btc_rate,
      quote_expires_in: left,
      ...(invoice.payments.length > 0 ? { payments: invoice.payments } : {}),
      ...(invoice.paid_at ? { paid_at: pyIso(invoice.paid_at) } : {}),
      ...(invoice.confirmed_at ? { confirmed_at: pyIso(invoice.confirmed_at) } : {})
    }
  }
}
