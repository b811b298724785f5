/**
 * BTCPay Server connector (Greenfield API): see docs/processors/btcpay.md for the operations and the endpoint of
 * each. The connector is `BtcpayProcessor` (`processor.ts`), built by `createBtcpayProcessor(config)`.
 */
export { createBtcpayProcessor, BtcpayProcessor } from './processor'
export type { BtcpayConfig, BtcpayConnectionInfo } from './processor'
export { BtcpayClient, mapBtcpayError } from './client'
export { mapStatus } from './status'
export { missingFeatures, hasPermission, FEATURES } from './permissions'
export { INVOICE_EVENTS, isValidWebhookSignature, signWebhookBody, verifyWebhookDelivery } from './webhooks'
export type { Catalog, CatalogItem } from './catalog'
