/**
 * BTPay connector (btpay-org/btpay 0.1.x, self-hosted). Built to what BTPay does, not to its API document: see
 * docs/processors/btpay.md.
 */
export { createBtpayProcessor } from './processor'
export type { BtpayConfig, BtpayProcessor, BtpayCreateInvoiceRequest, BtpayConnectionInfo } from './processor'
export { createRequestBudget } from './budget'
export type { RequestBudget, RequestBudgetOptions } from './budget'
export { BtpayClient, mapBtpayError } from './client'
export type { BtpayClientOptions } from './client'
export { BtpayInvoices } from './invoices'
export type { BtpayInvoiceCreateParams } from './invoices'
export { BtpayPaymentLinks } from './payment-links'
export type { BtpayPaymentLinkCreateParams } from './payment-links'
export { BtpayWebhooks, verifyBtpaySignature, verifyBtpayWebhook } from './webhooks'
export type { BtpayWebhookCreateParams } from './webhooks'
export { mapStatus, isPastGrace, CANCELLABLE_STATUSES } from './status'
export type { BtpayRawStatus } from './status'
export { buildBip21 } from './bip21'
export { toKassaInvoice, toIsoTimestamp, orderIdOf, saleMarker } from './normalize'
export type * from './schemas'
