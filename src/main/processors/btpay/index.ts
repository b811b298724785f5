/**
 * BTPay connector (btpay-org/btpay 0.1.x, self-hosted). Built to what BTPay does, not to its API document: see
 * docs/processors/btpay.md. The connector is `BtpayProcessor` (`processor.ts`), built by `createBtpayProcessor(config)`.
 */
export { createBtpayProcessor, BtpayProcessor } from './processor'
export type { BtpayConfig, BtpayConnectionInfo } from './processor'
export { createRequestBudget } from './budget'
export type { RequestBudget, RequestBudgetOptions } from './budget'
export { BtpayClient, mapBtpayError } from './client'
export type { BtpayClientConfig } from './client'
export type { BtpayCreateInvoiceRequest, BtpayInvoiceCreateParams } from './invoices'
export type { BtpayPaymentLinkCreateParams } from './payment-links'
export { verifyBtpaySignature, verifyBtpayWebhook } from './webhooks'
export type { BtpayWebhookCreateParams } from './webhooks'
export { mapStatus, isPastGrace, CANCELLABLE_STATUSES } from './status'
export type { BtpayRawStatus } from './status'
export { buildBip21 } from './bip21'
export { toKassaInvoice, toIsoTimestamp, orderIdOf, saleMarker } from './normalize'
export type * from './schemas'
