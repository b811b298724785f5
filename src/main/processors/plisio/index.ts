/**
 * Plisio connector (https://api.plisio.net/api/v1): every call a GET with `api_key` in the query, answers in a
 * `{status, data}` envelope. See docs/processors/plisio.md for the operations and the endpoint of each.
 */
export { createPlisioProcessor, psysCidsFor } from './processor'
export type { PlisioConfig, PlisioProcessor } from './processor'
export {
  PLISIO_API_BASE,
  PlisioClient,
  mapPlisioError,
  splitMessage,
  IP_NOT_WHITELISTED_MESSAGE
} from './client'
export { mapStatus, isDuplicateStatus } from './status'
export type { PlisioStatus, StatusAmounts } from './status'
export { verifyCallback, callbackEvent, callbackDigest, plisioHmac } from './callbacks'
export type { VerifiedCallback } from './callbacks'
export { phpSerializeSorted } from './php-serialize'
export { paymentUri, invoiceFromCreate, invoiceFromOperation } from './normalize'
export { coinRefusal } from './invoices'
export type { PlisioInvoiceParams } from './invoices'
export type { PlisioShop, PlisioCoin, PlisioBalance, CommissionPayer } from './shop'
export type {
  OperationListFilters,
  OperationPage,
  PayoutPlan,
  PlisioFee,
  PlisioCommission,
  PlisioFeePlan
} from './operations'
export type { WithdrawRequest, Withdrawal, WithdrawalEstimate } from './withdrawals'
