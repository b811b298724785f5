import type { SaleView } from '@shared/contract'
import type { Invoice } from '@shared/invoice'
import { isLatePaymentConfirmed } from '@shared/late-payment'
import { formatDisplay } from '@shared/money'

/** How loud the banner is. */
export type StatusTone = 'waiting' | 'progress' | 'success' | 'warning' | 'danger'

/** The amount a sentence points at, with the test id its element carries. */
export interface HighlightedAmount {
  testid: 'still-due' | 'overpaid' | 'partial-paid' | 'late-paid'
  text: string
}

/**
 * A status in a cashier's words: `lead` + the highlighted `amount` (if any) + `tail` make one sentence.
 * Split so the banner can mark the amount up without building HTML from strings.
 */
export interface StatusWords {
  tone: StatusTone
  lead: string
  amount: HighlightedAmount | null
  tail: string
}

/** The whole sentence of a `StatusWords`. */
export function statusSentence(words: StatusWords): string {
  return words.lead + (words.amount?.text ?? '') + words.tail
}

const plain = (tone: StatusTone, lead: string): StatusWords => ({ tone, lead, amount: null, tail: '' })

/** `"-1.50"` → `"1.50"`: the size of a negative decimal string, without arithmetic. */
function magnitude(decimal: string): string {
  return decimal.replace(/^-/, '')
}

/** The overpayment: the fiat `due` when it is negative, else a method's negative crypto `due`. */
function overpaidAmount(invoice: Invoice): string {
  if (invoice.due.startsWith('-')) return formatDisplay(magnitude(invoice.due), invoice.currency)
  const method = invoice.paymentMethods.find((m) => m.due.startsWith('-'))
  return method ? `${magnitude(method.due)} ${method.currency}` : 'an unknown amount'
}

/** A payment after expiry, with what was paid: still confirming, or paid late. */
function latePaymentWords(invoice: Invoice): StatusWords {
  const amount: HighlightedAmount = {
    testid: 'late-paid',
    text: formatDisplay(invoice.paid, invoice.currency)
  }
  const confirming =
    invoice.status === 'Processing' || (invoice.status === 'Expired' && !isLatePaymentConfirmed(invoice))
  if (confirming) {
    return {
      tone: 'warning',
      lead: 'Paid after expiry — ',
      amount,
      tail: ' received, waiting for confirmation'
    }
  }
  return { tone: 'warning', lead: 'Paid late — ', amount, tail: ' paid after the invoice expired' }
}

/**
 * What an invoice's status means at the counter.
 * New → waiting (or partially paid, with what is still due); Processing → seen, not confirmed; Settled → paid;
 * PaidOver → overpaid by how much; Expired → nothing paid, or a partial payment to refund; PaidLate → paid after
 * expiry, how much (confirming, then paid late); Invalid → do not hand over goods.
 */
export function invoiceStatusWords(invoice: Invoice): StatusWords {
  const extra = invoice.additionalStatus
  const money = (decimal: string): string => formatDisplay(decimal, invoice.currency)
  if (extra === 'PaidLate' && invoice.status !== 'Invalid') return latePaymentWords(invoice)
  if (extra === 'PaidOver' && (invoice.status === 'Processing' || invoice.status === 'Settled')) {
    const tail = invoice.status === 'Settled' ? ' — paid in full' : ' — waiting for confirmation'
    const amount: HighlightedAmount = { testid: 'overpaid', text: overpaidAmount(invoice) }
    return { tone: 'warning', lead: 'Overpaid by ', amount, tail }
  }
  switch (invoice.status) {
    case 'New':
      if (extra === 'PaidPartial') {
        const amount: HighlightedAmount = { testid: 'still-due', text: money(invoice.due) }
        return { tone: 'warning', lead: 'Partially paid — ', amount, tail: ' still due' }
      }
      return plain('waiting', 'Waiting for payment')
    case 'Processing':
      return plain('progress', 'Payment seen — waiting for confirmation')
    case 'Settled':
      return plain('success', 'Paid')
    case 'Expired':
      if (extra === 'PaidPartial') {
        const amount: HighlightedAmount = { testid: 'partial-paid', text: money(invoice.paid) }
        const tail = ': refund or collect the rest in a new sale'
        return { tone: 'danger', lead: 'Expired after a partial payment of ', amount, tail }
      }
      return plain('danger', 'Expired — nothing was paid. Start a new charge or cancel.')
    case 'Invalid':
      return plain('danger', 'Payment invalid — do not hand over goods')
  }
}

/** What a sale's state means at the counter; for a sale with an open or final invoice, the invoice's words. */
export function saleStatusWords(sale: SaleView): StatusWords {
  switch (sale.state) {
    case 'creating':
      return plain('progress', 'Creating invoice…')
    case 'failed':
      return plain('danger', 'Could not create the invoice' + (sale.error ? `: ${sale.error.message}` : ''))
    case 'cancelled':
      return plain('danger', 'Sale cancelled')
    default:
      return sale.invoice ? invoiceStatusWords(sale.invoice) : plain('progress', 'Creating invoice…')
  }
}

/** A few words for a list row: `Paid`, `Waiting for payment`, `Partially paid`, `Expired`, … */
export function saleShortWords(sale: SaleView): string {
  const invoice = sale.invoice
  switch (sale.state) {
    case 'creating':
      return 'Creating invoice'
    case 'awaiting':
      if (invoice?.status === 'Processing') return 'Payment seen'
      if (invoice?.additionalStatus === 'PaidPartial') return 'Partially paid'
      return 'Waiting for payment'
    case 'paid':
      if (invoice?.additionalStatus === 'PaidLate') return 'Paid after expiry'
      return invoice?.additionalStatus === 'PaidOver' ? 'Paid (overpaid)' : 'Paid'
    case 'expired':
      if (invoice?.additionalStatus === 'PaidLate') return 'Paid after expiry (confirming)'
      return invoice?.additionalStatus === 'PaidPartial' ? 'Expired (partly paid)' : 'Expired'
    case 'invalid':
      return 'Invalid'
    case 'cancelled':
      return 'Cancelled'
    case 'failed':
      return 'Failed'
  }
}
