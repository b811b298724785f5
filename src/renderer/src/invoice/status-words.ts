import type { SaleView } from '@shared/contract'
import type { Invoice } from '@shared/invoice'
import { isLatePaymentConfirmed } from '@shared/late-payment'
import { parseAmount } from '@shared/money'
import { OUTBOX_EXPIRED } from '@shared/outbox'
import { formatMoney } from '../i18n'
import { translate } from '../till/translate'

const t = (key: string, params: Record<string, unknown> = {}): string =>
  translate(`payment.status.${key}`, params)

/**
 * A sentence around one amount, split where the amount goes: `payment.status.<key>` is written with an `{amount}`
 * placeholder, which the banner marks up.
 */
function around(key: string): { lead: string; tail: string } {
  const marker = '\u0000'
  const [lead = '', tail = ''] = t(key, { amount: marker }).split(marker)
  return { lead, tail }
}

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
  if (invoice.due.startsWith('-')) return formatMoney(magnitude(invoice.due), invoice.currency)
  const method = invoice.paymentMethods.find((m) => m.due.startsWith('-'))
  return method ? `${magnitude(method.due)} ${method.currency}` : t('unknownAmount')
}

/** A payment after expiry, with what was paid: still confirming, or paid late. */
function latePaymentWords(invoice: Invoice): StatusWords {
  const amount: HighlightedAmount = {
    testid: 'late-paid',
    text: formatMoney(invoice.paid, invoice.currency)
  }
  const confirming =
    invoice.status === 'Processing' || (invoice.status === 'Expired' && !isLatePaymentConfirmed(invoice))
  return { tone: 'warning', amount, ...around(confirming ? 'lateConfirming' : 'lateConfirmed') }
}

/**
 * What an invoice's status means at the counter.
 * New → waiting (or partially paid, with what is still due); Processing → seen, not confirmed; Settled → paid;
 * PaidOver → overpaid by how much; Expired → nothing paid, or a partial payment to refund; PaidLate → paid after
 * expiry, how much (confirming, then paid late); Invalid → do not hand over goods.
 */
export function invoiceStatusWords(invoice: Invoice): StatusWords {
  const extra = invoice.additionalStatus
  const money = (decimal: string): string => formatMoney(decimal, invoice.currency)
  if (extra === 'PaidLate' && invoice.status !== 'Invalid') return latePaymentWords(invoice)
  if (extra === 'PaidOver' && (invoice.status === 'Processing' || invoice.status === 'Settled')) {
    const amount: HighlightedAmount = { testid: 'overpaid', text: overpaidAmount(invoice) }
    const key = invoice.status === 'Settled' ? 'overpaidSettled' : 'overpaidProcessing'
    return { tone: 'warning', amount, ...around(key) }
  }
  switch (invoice.status) {
    case 'New':
      if (extra === 'PaidPartial') {
        const amount: HighlightedAmount = { testid: 'still-due', text: money(invoice.due) }
        return { tone: 'warning', amount, ...around('partial') }
      }
      return plain('waiting', t('waiting'))
    case 'Processing':
      return plain('progress', t('seen'))
    case 'Settled':
      return plain('success', t('paid'))
    case 'Expired':
      if (extra === 'PaidPartial') {
        const amount: HighlightedAmount = { testid: 'partial-paid', text: money(invoice.paid) }
        return { tone: 'danger', amount, ...around('expiredPartial') }
      }
      return plain('danger', t('expired'))
    case 'Invalid':
      return plain('danger', t('invalid'))
  }
}

/** True when refunds paid or promised cover the whole sale (compared in minor units). */
export function isFullyRefunded(sale: SaleView): boolean {
  try {
    const refunded = parseAmount(sale.refunded, sale.currency, { allowZero: true })
    return refunded > 0n && refunded >= parseAmount(sale.amount, sale.currency, { allowZero: true })
  } catch {
    return false
  }
}

/**
 * What a sale's state means at the counter; for a sale with an open or final invoice, the invoice's words. A paid
 * sale refunded in full says so, never a green "Paid".
 */
export function saleStatusWords(sale: SaleView): StatusWords {
  switch (sale.state) {
    case 'creating':
      return plain(sale.outbox ? 'warning' : 'progress', sale.outbox ? t('outbox') : t('creating'))
    case 'failed':
      if (sale.error?.params?.reason === OUTBOX_EXPIRED) return plain('danger', t('outboxExpired'))
      return plain('danger', sale.error ? t('failedBecause', { reason: sale.error.message }) : t('failed'))
    case 'cancelled':
      return plain('danger', t('cancelled'))
    default:
      if (isFullyRefunded(sale)) return plain('waiting', t('refunded'))
      return sale.invoice ? invoiceStatusWords(sale.invoice) : plain('progress', t('creating'))
  }
}

/** A few words for a list row: `Paid`, `Waiting for payment`, `Partially paid`, `Expired`, … */
export function saleShortWords(sale: SaleView): string {
  const invoice = sale.invoice
  const short = (key: string): string => t(`short.${key}`)
  switch (sale.state) {
    case 'creating':
      return sale.outbox ? short('outbox') : short('creating')
    case 'awaiting':
      if (invoice?.status === 'Processing') return short('seen')
      if (invoice?.additionalStatus === 'PaidPartial') return short('partial')
      return short('waiting')
    case 'paid':
      if (isFullyRefunded(sale)) return short('refunded')
      if (invoice?.additionalStatus === 'PaidLate') return short('paidLate')
      return invoice?.additionalStatus === 'PaidOver' ? short('paidOver') : short('paid')
    case 'expired':
      if (invoice?.additionalStatus === 'PaidLate') return short('lateConfirming')
      return invoice?.additionalStatus === 'PaidPartial' ? short('expiredPartial') : short('expired')
    case 'invalid':
      return short('invalid')
    case 'cancelled':
      return short('cancelled')
    case 'failed':
      return short('failed')
  }
}
