/**
 * The invoice-list port: BTPay's invoices for a time range, read from `GET /api/v1/invoices?limit&offset` (newest
 * first), which has no date filter.
 */
import type { Invoice } from '@shared/invoice'
import type { InvoiceListPort } from '../ports'
import type { InvoiceCache } from './invoice-cache'
import { LIST_PAGE, type Invoices } from './invoices'
import { toIsoTimestamp } from './normalize'

/**
 * BTPay's invoices of [from, to): one page each call (the cursor is the `offset`, `limit` at most 100), stopping at
 * the first invoice older than `from`. Invoices Kassa has read keep the quote deadline it learned; others get their
 * creation plus BTPay's default quote lifetime.
 */
export function btpayInvoiceList(invoices: Invoices, cache: InvoiceCache): InvoiceListPort {
  return {
    async list(query, options = {}) {
      const from = Date.parse(query.from)
      const to = Date.parse(query.to)
      const limit = Math.min(Math.max(query.limit ?? 50, 1), LIST_PAGE)
      const offset = query.cursor ? Number.parseInt(query.cursor, 10) || 0 : 0
      const answer = await invoices.list({ limit, offset }, options)
      const items: Invoice[] = []
      let reachedStart = false
      for (const invoice of answer.invoices) {
        const created = Date.parse(toIsoTimestamp(invoice.created_at) ?? '')
        if (created < from) reachedStart = true
        if (created >= from && created < to) items.push(cache.listed(invoice))
      }
      const next = offset + answer.invoices.length
      const nextCursor =
        reachedStart || next >= answer.total || answer.invoices.length === 0 ? null : String(next)
      return { items, nextCursor }
    }
  }
}
