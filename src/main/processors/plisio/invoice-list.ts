/**
 * The invoice-list port: the shop's invoices for a time range, read from Plisio's operations list
 * (`GET /operations?type=invoice&page&limit`), which has no date filter.
 */
import type { Invoice } from '@shared/invoice'
import { ProcessorError } from '../errors'
import type { InvoiceListPort } from '../ports'
import { invoiceFromOperation } from './normalize'
import type { Operations } from './operations'
import { isDuplicateStatus } from './status'

const CURSOR = /^[1-9]\d*$/

/**
 * Plisio's invoices of [from, to): one page of operations each call (the cursor is Plisio's page number, from 1),
 * replaced `cancelled duplicate` siblings left out, stopping once a whole page is older than `from` (Plisio lists
 * newest first).
 * @param checkoutBase prefix of the hosted invoice page, for invoices without `invoice_url`
 * @throws ProcessorError `processor-invalid-request` for a cursor that is not a page number.
 */
export function plisioInvoiceList(operations: Operations, checkoutBase: string): InvoiceListPort {
  return {
    async list(query, options) {
      const cursor = query.cursor ?? '1'
      if (!CURSOR.test(cursor))
        throw new ProcessorError('processor-invalid-request', `"${cursor}" is not a Plisio page cursor`)
      const page = await operations.list(
        { type: 'invoice', page: Number(cursor), limit: query.limit ?? 50 },
        options
      )
      const from = Date.parse(query.from)
      const to = Date.parse(query.to)
      const items: Invoice[] = []
      let newestFirst = true
      let allBefore = page.items.length > 0
      let previous = Number.POSITIVE_INFINITY
      for (const op of page.items) {
        const invoice = invoiceFromOperation(op, checkoutBase)
        const at = Date.parse(invoice.createdAt)
        if (at > previous) newestFirst = false
        previous = at
        if (at >= from) allBefore = false
        // A replaced sibling is not a sale of its own: its active invoice is listed instead.
        if (at >= from && at < to && !isDuplicateStatus(op.status)) items.push(invoice)
      }
      const done = page.nextPage === null || (newestFirst && allBefore)
      return { items, nextCursor: done ? null : String(page.nextPage) }
    }
  }
}
