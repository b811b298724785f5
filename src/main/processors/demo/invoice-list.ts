/** The invoice-list port of the Demo: its own invoices for a time range, from its books. */
import type { InvoiceListPort } from '../ports'
import { toDemoInvoice } from './normalize'
import type { DemoStore } from './store'

/**
 * The Demo's invoices created in [from, to), oldest first, `limit` (default 100) a page; the cursor is the offset.
 * @param now the Demo's clock (ms since the epoch), for each invoice's status
 */
export function demoInvoiceList(store: DemoStore, now: () => number): InvoiceListPort {
  return {
    async list(query) {
      const limit = query.limit ?? 100
      const offset = query.cursor ? Number.parseInt(query.cursor, 10) : 0
      const rows = store.list(Date.parse(query.from), Date.parse(query.to), offset, limit)
      return {
        items: rows.map((row) => toDemoInvoice(row, store.payments(row.id), now())),
        nextCursor: rows.length === limit ? String(offset + limit) : null
      }
    }
  }
}
