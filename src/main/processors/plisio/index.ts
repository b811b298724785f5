/**
 * Plisio connector (https://api.plisio.net/api/v1): see docs/processors/plisio.md for the operations and the
 * endpoint of each. The connector is `PlisioProcessor` (`processor.ts`), built by `createPlisioProcessor(config)`.
 */
export { createPlisioProcessor, PlisioProcessor, psysCidsFor } from './processor'
export type { PlisioConfig } from './processor'
export {
  PLISIO_API_BASE,
  PlisioClient,
  mapPlisioError,
  splitMessage,
  IP_NOT_WHITELISTED_MESSAGE
} from './client'
export { mapStatus, isDuplicateStatus } from './status'
export type { PlisioStatus, StatusAmounts } from './status'
export { verifyCallback, callbackEvent, callbackDigest, plisioHmac } from './webhooks'
export type { VerifiedCallback } from './webhooks'
export { phpSerializeSorted } from './php-serialize'
export { paymentUri, invoiceFromCreate, invoiceFromOperation } from './normalize'
export { coinRefusal } from './invoices'
export type { PlisioInvoiceParams } from './invoices'
export type { PlisioShop, PlisioCoin, PlisioBalance, CommissionPayer } from './account'
export type {
  OperationListFilters,
  OperationPage,
  PayoutPlan,
  PlisioFee,
  PlisioCommission,
  PlisioFeePlan
} from './operations'
export type { WithdrawRequest, Withdrawal, WithdrawalEstimate } from './withdrawals'
