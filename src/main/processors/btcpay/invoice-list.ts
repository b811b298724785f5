/**
 * The invoice-list port: the store's own invoices for a time range, paged, over the invoices resource
 * (`GET /api/v1/stores/{storeId}/invoices?startDate&endDate&skip&take&includeArchived=true`), and the open ones
 * (`…/invoices?status=New&status=Processing&skip&take`) for the tracker's sweep.
 */
import { ProcessorError } from '../errors'
import type { InvoiceListPort } from '../ports'
import type { Invoices } from './invoices'
import { toInvoice, unixFromIso } from './normalize'

/**
 * BTCPay's invoices of [from, to), newest first, archived included. The cursor is the `skip` offset as a string.
 * Payment methods are not fetched: paid and due come from `paidAmount`.
 * @throws ProcessorError `processor-invalid-request` for a cursor that is not an offset.
 */
export function btcpayInvoiceList(invoices: Invoices): InvoiceListPort {
  return {
    async list(query, options) {
      const skip = query.cursor ? Number.parseInt(query.cursor, 10) : 0
      if (!Number.isInteger(skip) || skip < 0) {
        throw new ProcessorError('processor-invalid-request', `Invalid invoice page cursor "${query.cursor}"`)
      }
      const take = query.limit ?? 50
      // endDate is inclusive on BTCPay's side; [from, to) wants the second before `to`.
      const list = await invoices.list(
        { startDate: unixFromIso(query.from), endDate: unixFromIso(query.to) - 1, skip, take },
        options
      )
      return {
        items: list.map((data) => toInvoice(data, [])),
        nextCursor: list.length === take ? String(skip + take) : null
      }
    },

    /** `New` (awaiting, maybe partly paid) and `Processing` (paid, confirming), `OPEN_PAGE` a page. */
    async listOpen(query, options) {
      const items = []
      let requests = 0
      for (let page = 0; page < query.maxPages; page++) {
        const list = await invoices.list(
          { status: ['New', 'Processing'], skip: page * OPEN_PAGE, take: OPEN_PAGE },
          options
        )
        requests++
        items.push(...list.map((data) => toInvoice(data, [])))
        if (list.length < OPEN_PAGE) return { items, complete: true, requests }
      }
      return { items, complete: false, requests }
    }
  }
}

/** Invoices per page of the open-invoice sweep. */
const OPEN_PAGE = 100
