/**
 * The invoice-list port: BTPay's invoices for a time range, read from `GET /api/v1/invoices?limit&offset` (newest
 * first), which has no date filter; and its open ones for the tracker's sweep (`…?status=<s>&limit=100&offset`, one
 * status at a time: BTPay filters by a single status).
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
    },

    /** Each of BTPay's open statuses in turn (`OPEN_STATUSES`), 100 a page; `maxPages` over all of them. */
    async listOpen(query, options = {}) {
      const items: Invoice[] = []
      let requests = 0
      for (const status of OPEN_STATUSES) {
        for (let offset = 0; ; offset += LIST_PAGE) {
          if (requests >= query.maxPages) return { items, complete: false, requests }
          const answer = await invoices.list({ status, limit: LIST_PAGE, offset }, options)
          requests++
          items.push(...answer.invoices.map((invoice) => cache.listed(invoice)))
          if (answer.invoices.length < LIST_PAGE || offset + LIST_PAGE >= answer.total) break
        }
      }
      return { items, complete: true, requests }
    }
  }
}

/** BTPay's statuses that are not final: still payable (`draft`, `pending`), part paid, or paid and confirming. */
const OPEN_STATUSES = ['pending', 'partial', 'paid', 'draft'] as const
