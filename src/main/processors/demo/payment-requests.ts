import type { Invoice } from '@shared/invoice'
import { AmountError, btcToSats, parseAmount } from '@shared/money'
import { ProcessorError } from '../errors'
import { invoiceRequestView, requestOrderId } from '../invoice-request'
import type { PaymentRequestsPort, PaymentRequestView } from '../ports'
import type { PaymentProcessor } from '../types'
import { bip21 } from './destinations'

type InvoiceCalls = Pick<PaymentProcessor, 'createInvoice' | 'getInvoice' | 'cancelInvoice'>

/** The Demo's invoice as a request. The link is its regtest BIP21 URI for the whole amount, the same at every read. */
function view(invoice: Invoice): PaymentRequestView {
  const chain = invoice.paymentMethods.find((m) => m.id === 'BTC-CHAIN')
  const link = chain ? bip21(chain.destination, btcToSats(chain.amount), 'Kassa demo') : ''
  return invoiceRequestView(invoice, link, 'archived')
}

/**
 * The Demo's payable link: a new Demo invoice for the amount (its own books, no network), as Plisio and BTPay do.
 * - `create`: an invoice with order id `payreq-<orderId>` (never the sale's own, which would return the failed sale's
 *   invoice; asking again returns the same invoice), the title as its description, the Demo's quote lifetime
 *   (15 minutes by default). @throws ProcessorError `processor-invalid-request` naming `amount` for an amount that
 *   is not a positive decimal in the currency, or for a currency the Demo has no rate for.
 * - `get`: the invoice, as the Simulate payment control leaves it (`Processing` stays `open` until it confirms).
 * - `archive`: cancels it (`Invalid`, read as `archived`); one already cancelled or paid in full needs nothing, one
 *   with a payment still confirming is refused.
 */
export function demoPaymentRequests(demo: InvoiceCalls): PaymentRequestsPort {
  return {
    async create(request, options) {
      try {
        parseAmount(request.amount, request.currency)
      } catch (error) {
        if (error instanceof AmountError) {
          throw new ProcessorError('processor-invalid-request', `Amount: ${error.message}`, {
            fields: [{ field: 'amount', message: error.message }]
          })
        }
        // An unknown currency: the Demo's own refusal below names it.
      }
      const invoice = await demo.createInvoice(
        {
          orderId: requestOrderId(request.orderId),
          amount: request.amount,
          currency: request.currency,
          description: request.title,
          lines: [{ name: request.title, unitPrice: request.amount, quantity: 1 }]
        },
        options
      )
      return view(invoice)
    },
    get: async (id, options) => view(await demo.getInvoice(id, options)),
    async archive(id, options) {
      if ((await demo.getInvoice(id, options)).status === 'Invalid') return
      try {
        await demo.cancelInvoice(id, options)
      } catch (error) {
        if (!(error instanceof ProcessorError) || error.code !== 'processor-invalid-request') throw error
        if (view(await demo.getInvoice(id, options)).status !== 'paid') throw error
      }
    }
  }
}
