import type { ReceiptDocument } from '@shared/receipt'
import { fill, receiptFormat, receiptWords } from './receipt-words'

/**
 * One row of a receipt, before layout: every output (paper at 32 or 48 columns, PDF, e-mail) draws these.
 * `pair`: a label left, an amount right (`strong` for the total); `id`: a long identifier that may be cut at the
 * line's end (transaction and invoice ids); `text`: words, wrapped only between words.
 */
export type ReceiptRow =
  | { type: 'title'; text: string }
  | { type: 'center'; text: string }
  | { type: 'rule' }
  | { type: 'pair'; left: string; right: string; strong?: boolean; indent?: boolean }
  | { type: 'text'; text: string; indent?: boolean }
  | { type: 'id'; label: string; value: string }

/** The receipt's rows in its language: header, number and date, lines, totals, payment, refunds, footer. */
export function receiptRows(doc: ReceiptDocument): ReceiptRow[] {
  const words = receiptWords(doc.language)
  const format = receiptFormat(doc)
  const money = (decimal: string): string => format.money(decimal, doc.currency)
  const rows: ReceiptRow[] = []
  if (doc.shop.name) rows.push({ type: 'title', text: doc.shop.name })
  for (const line of doc.shop.address.split('\n'))
    if (line.trim()) rows.push({ type: 'center', text: line.trim() })
  if (doc.shop.taxId) rows.push({ type: 'center', text: `${words.taxId} ${doc.shop.taxId}` })
  rows.push({ type: 'rule' })
  rows.push({ type: 'pair', left: words.receiptNumber, right: doc.receiptNumber ?? '—' })
  rows.push({ type: 'text', text: format.date(doc.issuedAt) })
  if (doc.state !== 'paid') rows.push({ type: 'text', text: words.notPaid })
  rows.push({ type: 'rule' })
  for (const line of doc.lines) {
    rows.push({ type: 'pair', left: line.name || words.defaultLine, right: money(line.total) })
    if (line.quantity !== 1) {
      rows.push({ type: 'text', text: `${line.quantity} × ${money(line.unitPrice)}`, indent: true })
    }
  }
  rows.push({ type: 'rule' })
  rows.push({ type: 'pair', left: words.subtotal, right: money(doc.subtotal) })
  if (doc.discount) rows.push({ type: 'pair', left: words.discount, right: `-${money(doc.discount)}` })
  for (const tax of doc.taxes) {
    const label = fill(doc.taxInclusive ? words.taxIncluded : words.taxAdded, {
      rate: format.percent(tax.rate)
    })
    rows.push({
      type: 'pair',
      left: `${label} ${fill(words.taxOn, { base: money(tax.base) })}`,
      right: money(tax.tax)
    })
  }
  if (doc.tip) rows.push({ type: 'pair', left: words.tip, right: money(doc.tip) })
  rows.push({ type: 'pair', left: words.total, right: money(doc.total), strong: true })
  if (doc.crypto.length > 0) rows.push({ type: 'rule' })
  for (const paid of doc.crypto) {
    rows.push({
      type: 'pair',
      left: `${words.paidWith} ${fill(words.kinds[paid.kind], { coin: paid.coin })}`,
      right: `${paid.amount} ${paid.coin}`
    })
    const rate = `1 ${paid.coin} = ${money(paid.rate)}${paid.rateLabel ? ` (${paid.rateLabel})` : ''}`
    rows.push({ type: 'pair', left: words.rate, right: rate, indent: true })
  }
  for (const payment of doc.payments) {
    if (payment.txId) rows.push({ type: 'id', label: words.transaction, value: payment.txId })
  }
  rows.push({ type: 'pair', left: words.processor, right: doc.processor })
  if (doc.invoiceId) rows.push({ type: 'id', label: words.invoice, value: doc.invoiceId })
  if (doc.refunds.length > 0) {
    rows.push({ type: 'rule' })
    rows.push({ type: 'text', text: words.refunds })
    for (const refund of doc.refunds) {
      const amount =
        refund.currency === doc.currency ? money(refund.amount) : format.money(refund.amount, refund.currency)
      rows.push({
        type: 'pair',
        left: `${format.date(refund.createdAt)} ${words.refundKinds[refund.kind]} (${refund.state})`,
        right: refund.fiatAmount ? `${amount} (${money(refund.fiatAmount)})` : amount,
        indent: true
      })
    }
    if (doc.refunded) rows.push({ type: 'pair', left: words.refunded, right: `-${money(doc.refunded)}` })
  }
  if (doc.shop.footer) {
    rows.push({ type: 'rule' })
    for (const line of doc.shop.footer.split('\n'))
      if (line.trim()) rows.push({ type: 'center', text: line.trim() })
  }
  return rows
}
