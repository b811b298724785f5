/**
 * zod schemas of the Greenfield responses the connector reads. Unknown properties are dropped, enum-like fields
 * (`status`, `additionalStatus`, `state`, `appType` …) are open strings so that a value added by a later BTCPay
 * version never makes a response "bad". Amounts are decimal strings (BTCPay serialises decimals as JSON strings);
 * timestamps are Unix seconds.
 */
import { z } from 'zod'

/** A decimal string such as `"12.50"` or `"-0.00001"`; never a JSON number. */
export const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a decimal string')
/** Unix seconds. */
const unixSeconds = z.number().int()

export const InvoiceDataSchema = z.object({
  id: z.string(),
  storeId: z.string(),
  amount: decimal,
  paidAmount: decimal.optional(),
  currency: z.string(),
  type: z.string().optional(),
  checkoutLink: z.string().nullish(),
  createdTime: unixSeconds,
  expirationTime: unixSeconds,
  monitoringExpiration: unixSeconds.optional(),
  status: z.string(),
  additionalStatus: z.string().nullish(),
  availableStatusesForManualMarking: z.array(z.string()).optional(),
  archived: z.boolean().optional(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  checkout: z
    .object({
      expirationMinutes: z.number().nullish(),
      paymentMethods: z.array(z.string()).nullish(),
      defaultPaymentMethod: z.string().nullish()
    })
    .nullish()
})
export type InvoiceData = z.infer<typeof InvoiceDataSchema>

export const PaymentSchema = z.object({
  id: z.string(),
  receivedDate: unixSeconds,
  value: decimal,
  fee: decimal.optional(),
  status: z.string(),
  destination: z.string().optional()
})

export const InvoicePaymentMethodSchema = z.object({
  paymentMethodId: z.string(),
  currency: z.string(),
  destination: z.string().nullish(),
  paymentLink: z.string().nullish(),
  rate: decimal,
  paymentMethodPaid: decimal,
  totalPaid: decimal,
  due: decimal,
  amount: decimal,
  paymentMethodFee: decimal.optional(),
  payments: z.array(PaymentSchema),
  activated: z.boolean()
})
export type InvoicePaymentMethodData = z.infer<typeof InvoicePaymentMethodSchema>

export const PullPaymentSchema = z.object({
  id: z.string(),
  name: z.string().nullish(),
  description: z.string().nullish(),
  currency: z.string(),
  amount: decimal,
  BOLT11Expiration: z.union([z.string(), z.number()]).nullish(),
  autoApproveClaims: z.boolean().nullish(),
  archived: z.boolean().optional(),
  viewLink: z.string(),
  startsAt: unixSeconds.nullish(),
  expiresAt: unixSeconds.nullish()
})
export type PullPaymentData = z.infer<typeof PullPaymentSchema>

export const RefundTriggerSchema = z.object({
  paymentAmountThen: decimal,
  paymentAmountNow: decimal,
  invoiceAmount: decimal,
  paymentCurrency: z.string(),
  invoiceCurrency: z.string(),
  paymentCurrencyDivisibility: z.number().int().optional(),
  invoiceCurrencyDivisibility: z.number().int().optional(),
  overpaidPaymentAmount: decimal.nullish()
})
export type RefundTriggerData = z.infer<typeof RefundTriggerSchema>

export const PayoutSchema = z.object({
  id: z.string(),
  revision: z.number().int().optional(),
  pullPaymentId: z.string(),
  date: z.union([z.string(), z.number()]).optional(),
  destination: z.string().nullish(),
  originalCurrency: z.string().optional(),
  originalAmount: decimal.optional(),
  payoutCurrency: z.string().optional(),
  payoutAmount: decimal.nullish(),
  payoutMethodId: z.string().optional(),
  /** `AwaitingApproval | AwaitingPayment | InProgress | Completed | Cancelled`, open. */
  state: z.string()
})
export type PayoutData = z.infer<typeof PayoutSchema>

export const PaymentRequestSchema = z.object({
  id: z.string(),
  storeId: z.string(),
  status: z.string(),
  createdTime: unixSeconds,
  amount: decimal,
  title: z.string(),
  currency: z.string().nullish(),
  email: z.string().nullish(),
  description: z.string().nullish(),
  expiryDate: unixSeconds.nullish(),
  referenceId: z.string().nullish(),
  allowCustomPaymentAmounts: z.boolean().nullish(),
  archived: z.boolean().optional()
})
export type PaymentRequestData = z.infer<typeof PaymentRequestSchema>

export const WebhookSchema = z.object({
  id: z.string(),
  enabled: z.boolean(),
  automaticRedelivery: z.boolean(),
  url: z.string(),
  authorizedEvents: z.object({
    everything: z.boolean(),
    specificEvents: z.array(z.string()).nullish()
  }),
  /** Only in the create response. */
  secret: z.string().nullish()
})
export type WebhookData = z.infer<typeof WebhookSchema>

/** One attempt of a webhook delivery as BTCPay records it (`GET …/webhooks/{webhookId}/deliveries`). */
export const WebhookDeliverySchema = z.object({
  id: z.string(),
  /** When it should have been sent (Unix seconds). */
  timestamp: z.number(),
  /** When it was sent (Unix seconds). */
  deliveryTime: z.number().nullish(),
  httpCode: z.number().nullish(),
  errorMessage: z.string().nullish(),
  /** `Failed` (no answer), `HttpError` (non-2xx), `HttpSuccess`. */
  status: z.string()
})
export type WebhookDeliveryData = z.infer<typeof WebhookDeliverySchema>

export const AppSchema = z.object({
  id: z.string(),
  appName: z.string(),
  storeId: z.string(),
  created: unixSeconds.optional(),
  appType: z.string(),
  archived: z.boolean().nullish()
})
export type AppData = z.infer<typeof AppSchema>

export const AppItemSchema = z.object({
  id: z.string(),
  title: z.string().nullish(),
  description: z.string().nullish(),
  image: z.string().nullish(),
  categories: z.array(z.string()).nullish(),
  priceType: z.string().nullish(),
  price: decimal.nullish(),
  buyButtonText: z.string().nullish(),
  inventory: z.number().int().nullish(),
  disabled: z.boolean().nullish(),
  taxRate: decimal.nullish()
})

export const PointOfSaleAppSchema = AppSchema.extend({
  title: z.string().nullish(),
  description: z.string().nullish(),
  defaultView: z.string().nullish(),
  currency: z.string().nullish(),
  showCustomAmount: z.boolean().nullish(),
  showDiscount: z.boolean().nullish(),
  enableTips: z.boolean().nullish(),
  customTipPercentages: z.array(z.number()).nullish(),
  items: z.array(AppItemSchema).nullish()
})
export type PointOfSaleAppData = z.infer<typeof PointOfSaleAppSchema>

export const RateSchema = z.object({
  currencyPair: z.string(),
  rate: decimal.nullish(),
  errors: z.array(z.string()).nullish()
})

export const UserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullish(),
  imageUrl: z.string().nullish(),
  emailConfirmed: z.boolean().optional(),
  approved: z.boolean().optional(),
  created: unixSeconds.nullish(),
  disabled: z.boolean().optional(),
  roles: z.array(z.string()).optional()
})
export type UserData = z.infer<typeof UserSchema>

export const StoreSchema = z.object({
  id: z.string(),
  name: z.string(),
  website: z.string().nullish(),
  defaultCurrency: z.string(),
  /** Seconds (unlike the invoice's `checkout.expirationMinutes`). */
  invoiceExpiration: z.number().int(),
  /** Seconds. */
  monitoringExpiration: z.number().int().optional(),
  speedPolicy: z.string().optional(),
  archived: z.boolean().optional(),
  /** Seconds before expiry the checkout shows its countdown. */
  displayExpirationTimer: z.number().int().optional(),
  /** Days. */
  refundBOLT11Expiration: z.number().int().optional(),
  /** Percent under which an invoice still counts as paid in full. */
  paymentTolerance: z.number().optional(),
  defaultPaymentMethod: z.string().nullish(),
  defaultLang: z.string().nullish(),
  networkFeeMode: z.string().nullish(),
  anyoneCanCreateInvoice: z.boolean().optional(),
  lightningAmountInSatoshi: z.boolean().optional(),
  payJoinEnabled: z.boolean().optional()
})
export type StoreData = z.infer<typeof StoreSchema>

export const ApiKeySchema = z.object({
  apiKey: z.string(),
  label: z.string().nullish(),
  permissions: z.array(z.string())
})
export type ApiKeyData = z.infer<typeof ApiKeySchema>

export const ServerInfoSchema = z.object({
  version: z.string(),
  onion: z.string().nullish(),
  supportedPaymentMethods: z.array(z.string()).optional(),
  fullySynched: z.boolean(),
  syncStatus: z
    .array(
      z.object({
        paymentMethodId: z.string().optional(),
        chainHeight: z.number().int().nullish(),
        syncHeight: z.number().nullish(),
        available: z.boolean().optional(),
        nodeInformation: z
          .object({
            headers: z.number().int().nullish(),
            blocks: z.number().int().nullish(),
            /** 0 … 1. */
            verificationProgress: z.number().nullish()
          })
          .nullish()
      })
    )
    .optional()
})
export type ServerInfoData = z.infer<typeof ServerInfoSchema>

/** `{code, message}` (400/401/403/404 …), with `missingPermission` on 403. */
export const ApiErrorSchema = z.object({
  code: z.string().optional(),
  message: z.string().optional(),
  missingPermission: z.string().optional()
})

/** 422 body: `[{path, message}]`. */
export const ValidationErrorSchema = z.array(z.object({ path: z.string().nullish(), message: z.string() }))
