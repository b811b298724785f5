import { z } from 'zod'
import {
  AddressSchema,
  AdjustmentSchema,
  DecimalStringSchema,
  FiatCurrencySchema,
  PaymentMethodSchema,
  PercentSchema,
  ProcessorIdSchema,
  IdempotencyKeySchema,
  RefundIdSchema,
  SaleIdSchema,
  SaleLineSchema,
  ServerUrlSchema,
  TillSettingsPatchSchema,
  refineAmount
} from './schemas'
import type { AppInfo, SaleView, SettingsView } from './contract'
import type { ProcessorHealthView } from './health'
import type { CatalogImportResult, CatalogItemView, CatalogListView } from './catalog'
import { CatalogItemIdSchema, CatalogItemInputSchema, CatalogCsvSchema } from './catalog-schemas'
import type { PrintJobView, ReceiptDocument } from './receipt'
import type {
  DayChartsView,
  DayReportView,
  DaySummaryView,
  DifferenceView,
  ExportFileView,
  OwnerPinStatusView,
  OwnerSessionView,
  ReconcileRunView
} from './day'
import { RefundPolicyPatchSchema } from './refund-policy-schema'
import { OfflinePolicyPatchSchema } from './outbox-schema'
import { KioskSettingsPatchSchema } from './kiosk-schema'
import type {
  AgentAccessView,
  AgentCallView,
  AgentClientCreated,
  AgentClientView,
  AgentRequestView
} from './agents'
import {
  AgentClientIdSchema,
  AgentClientNameSchema,
  AgentRequestIdSchema,
  AgentScopesSchema,
  AgentSettingsPatchSchema
} from './agent-schemas'
import { canonicalLocaleTag, localeTagProblem } from './locale-tag'
import type {
  OutboxMessageView,
  RecoveryDetailView,
  RecoveryDraftView,
  RecoveryItemView,
  RecoveryListView,
  RecoveryTemplatesView
} from './recovery'
import {
  OutboxMessageIdSchema,
  RecoveryItemIdSchema,
  RecoverySendSchema,
  RecoveryTemplateSchema,
  TemplateLanguageSchema
} from './recovery-schemas'
import type { ChurnSignalsView, CustomerDetailView, CustomerErasedView, CustomerView } from './customers'
import {
  CustomerIdSchema,
  CustomerQuerySchema,
  CustomerSaveSchema,
  SaleCustomerSchema
} from './customer-schemas'
import type {
  BalanceView,
  ConnectionView,
  OperationPageView,
  PayOptionView,
  RefundOptionsView,
  RefundView,
  WithdrawalEstimateView
} from './views'
import { DEVICE_ROLES, type DeviceView, type PairingView } from './devices'
import {
  WebhookRegisterInput,
  WebhookStatusInput,
  WebhookUnregisterInput,
  type WebhookStatusView
} from './webhooks'

/**
 * The contract's input schemas: one zod schema per call, with the call's result type as a phantom. Only main
 * imports this file (`src/main/dispatch.ts` parses every input with it); the renderer and the preload take the
 * call names from `CALL_NAMES` and the types from `./contract`, so no zod is shipped to the screen (an ESLint
 * rule and `tests/unit/renderer/bundle.test.ts` hold that). Adding a call: its entry here and its name in
 * `CALL_NAMES` (the compiler refuses the one without the other).
 */

const Empty = z.strictObject({})

/** A paired device's id (`dev_` + 32 hex characters). */
const DeviceIdSchema = z.string().regex(/^dev_[0-9a-f]{32}$/, 'Not a device id')
/** What the owner calls a paired device ("Counter display"): 1–60 characters. */
export const DeviceNameSchema = z.string().trim().min(1, 'Give the device a name').max(60)

/** A UI locale (BCP 47 tag of a language the UI is written in), canonicalised; null = follow the OS. */
const LocaleSchema = z
  .string()
  .trim()
  .superRefine((tag, ctx) => {
    const problem = localeTagProblem(tag)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })
  .transform((tag) => canonicalLocaleTag(tag))
  .nullable()

/**
 * A charge. With `lines`, main prices the cart with `cartTotals` (`src/shared/cart.ts`: lines → order discount →
 * tax per rate → tip) and refuses an `amount` that differs from that total. Without lines it is a keypad sale of
 * `amount` (no tax, discount or tip). A total above Settings → Till `maxSaleAmount` needs `confirmLarge: true`.
 */
const ChargeInput = z
  .strictObject({
    /** The total the customer pays (decimal string): with lines, it must equal the cart's total. */
    amount: DecimalStringSchema,
    currency: FiatCurrencySchema,
    memo: z.string().trim().max(200).optional(),
    lines: z.array(SaleLineSchema).max(200).optional(),
    /** Percent for lines without their own rate; default the store's `taxRate`. */
    taxRate: PercentSchema.optional(),
    /** The order discount, before tax. A plain decimal string (older tills) is an amount. */
    discount: z
      .union(
        [AdjustmentSchema, DecimalStringSchema.transform((value) => ({ kind: 'amount' as const, value }))],
        { error: 'Discount must be {kind: "percent" or "amount", value: "10"}' }
      )
      .optional(),
    /** The tip the customer chose, on what is due after discount and tax. */
    tip: AdjustmentSchema.optional(),
    /** The cashier confirmed a total above the per-sale maximum. */
    confirmLarge: z.boolean().optional(),
    /** A `PayOptionView.id` from `sale:payOptions`. */
    paymentMethod: PaymentMethodSchema.optional(),
    /** The customer: an earlier one `{id}`, or a new one `{name?, email?, phone?}` made with the sale. */
    customer: SaleCustomerSchema.optional(),
    /** Charge this sale on another connected processor than the till's own (the cashier's choice in an outage). */
    processor: ProcessorIdSchema.optional(),
    /** The cashier agreed that the sale waits in the outbox while its processor is offline (`./outbox`). */
    outbox: z.boolean().optional()
  })
  .superRefine((value, ctx) => refineAmount(value, ctx))

const ApiKeySchema = z
  .string()
  .trim()
  .min(8, 'API key is too short')
  .max(4096, 'API key is too long')
  .regex(/^[\x21-\x7e]+$/, 'API key must be printable characters without spaces')

/**
 * A connect request: the processor, its key (omit to re-check with the one already in the keychain, for the server it
 * was stored with) and its own fields (BTCPay `serverUrl`, `storeId`; BTPay `baseUrl`, `graceSeconds`), which main
 * checks with that processor's module schema.
 */
const ConnectInput = z.looseObject({
  processor: ProcessorIdSchema,
  apiKey: ApiKeySchema.optional(),
  activate: z.boolean().optional()
})

/** A logo as a PNG or JPEG `data:` URL of at most 256 KiB (base64: 4 characters per 3 bytes). */
const LogoSchema = z
  .string()
  .max(Math.ceil((256 * 1024) / 3) * 4 + 32, 'The logo is over 256 KiB')
  .regex(/^data:image\/(png|jpeg);base64,[A-Za-z0-9+/]+=*$/, 'The logo must be a PNG or JPEG image')

/** A host name or IP address (no scheme, no path). */
const HostSchema = z
  .string()
  .trim()
  .max(253)
  .regex(/^$|^[A-Za-z0-9]([A-Za-z0-9.:-]*[A-Za-z0-9])?$/, 'Not a host name or address')

const PortSchema = z.int().min(1).max(65535)

/** `settings:update {receipt}`: any part of the shop details, printer and e-mail settings. */
const ReceiptSettingsInput = z.strictObject({
  shop: z
    .strictObject({
      name: z.string().trim().max(100).optional(),
      address: z.string().trim().max(500).optional(),
      taxId: z.string().trim().max(50).optional(),
      footer: z.string().trim().max(500).optional(),
      logo: LogoSchema.nullable().optional()
    })
    .optional(),
  printer: z
    .strictObject({
      host: HostSchema.optional(),
      port: PortSchema.optional(),
      paperWidth: z.union([z.literal(58), z.literal(80)]).optional(),
      autoPrint: z.boolean().optional()
    })
    .optional(),
  email: z
    .strictObject({
      host: HostSchema.optional(),
      port: PortSchema.optional(),
      security: z.enum(['tls', 'starttls', 'none']).optional(),
      user: z.string().trim().max(200).optional(),
      from: z.string().trim().max(200).optional(),
      /** Goes to the OS keychain only; null forgets it. */
      password: z.string().min(1).max(500).nullable().optional()
    })
    .optional()
})

/** A receipt's language: `en`, `de`, or a tag of one (`de-AT`); absent = the till's locale setting. */
const ReceiptLocaleSchema = z
  .string()
  .regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/, 'Not a locale')
  .optional()

const EmailAddressSchema = z.email('Not an e-mail address').max(254)

const PrintJobIdSchema = z.string().regex(/^pj_[0-9a-z]{10,40}$/, 'Not a print job id')

/** An owner PIN: 4 to 12 digits. */
const PinSchema = z.string().regex(/^\d{4,12}$/, 'The PIN is 4 to 12 digits')

/** A business day id: a real calendar date `yyyy-mm-dd`. */
const BusinessDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'A day is yyyy-mm-dd')
  .refine((value) => {
    const [y, m, d] = value.split('-').map(Number) as [number, number, number]
    const date = new Date(Date.UTC(y, m - 1, d))
    return y >= 2000 && y <= 2999 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
  }, 'Not a calendar date')

/** An IANA time zone the runtime knows (`Europe/Berlin`). */
const TimeZoneSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone })
      return true
    } catch {
      return false
    }
  }, 'Unknown time zone')

/** Settings → Business day: only the fields given change. */
const BusinessDayPatchSchema = z.strictObject({
  /** null = follow the OS. */
  timeZone: TimeZoneSchema.nullable().optional(),
  startHour: z.int().min(0).max(23).optional()
})

const ReconcileRunIdSchema = z.string().regex(/^rec_[0-9a-z]{10,40}$/, 'Not a reconciliation run id')
const DifferenceKeySchema = z.string().min(3).max(300)

const RefundVariantSchema = z.enum(['RateThen', 'CurrentRate', 'Fiat', 'OverpaidAmount', 'Custom'])

/** Declares a call: `call<Result>()(inputSchema)`. The result type is a phantom, checked at compile time. */
function call<O>() {
  return <I extends z.ZodType>(input: I): { input: I; output: O } => ({ input, output: undefined as O })
}

/** Every renderer → main call. */
export const calls = {
  'app:info': call<AppInfo>()(Empty),
  'settings:get': call<SettingsView>()(Empty),
  'settings:update': call<SettingsView>()(
    z.strictObject({
      currency: FiatCurrencySchema.optional(),
      processor: ProcessorIdSchema.optional(),
      taxRate: PercentSchema.optional(),
      /** Settings → Till: only the fields given change. */
      till: TillSettingsPatchSchema.optional(),
      receipt: ReceiptSettingsInput.optional(),
      locale: LocaleSchema.optional(),
      businessDay: BusinessDayPatchSchema.optional(),
      /** Settings → Refund policy: only the fields given change. */
      refundPolicy: RefundPolicyPatchSchema.optional(),
      /** Settings → Offline sales: only the fields given change. */
      offline: OfflinePolicyPatchSchema.optional(),
      /** Settings → Kiosk: only the fields given change. */
      kiosk: KioskSettingsPatchSchema.optional()
    })
  ),
  'settings:deleteKey': call<SettingsView>()(z.strictObject({ processor: ProcessorIdSchema })),
  /**
   * Check a processor's key and settings against the processor, then (only if the check passes) keep the key in
   * the keychain and the settings in the ledger, and make it the till's processor unless `activate` is false.
   * Nothing is stored when the check fails.
   */
  'processor:connect': call<{ settings: SettingsView; connection: ConnectionView }>()(ConnectInput),
  /** Re-check a connected processor with its stored key. */
  'processor:check': call<ConnectionView>()(z.strictObject({ processor: ProcessorIdSchema })),
  /**
   * Forget a processor's key and settings; the till falls back to the Demo if it was active. With `revokeKey`,
   * BTCPay's key is first revoked on the server (`DELETE /api/v1/api-keys/current`); a failed revoke is reported
   * in `revokeError` and the key is still forgotten locally.
   */
  'processor:disconnect': call<{ settings: SettingsView; revoked: boolean; revokeError: string | null }>()(
    z.strictObject({ processor: ProcessorIdSchema, revokeKey: z.boolean().optional() })
  ),
  /**
   * Every connected processor's health as the health monitor last saw it (`src/main/health/`), the till's
   * processor first. Not owner-only: the cashier's badge shows it.
   */
  'processor:health': call<ProcessorHealthView[]>()(Empty),
  /** The active processor's balances per enabled coin (Plisio); empty for processors without a balance API. */
  'owner:balances': call<BalanceView[]>()(Empty),
  /** The active processor's own operations list with its filters and pages (Plisio `GET /operations`). */
  'owner:operations': call<OperationPageView>()(
    z.strictObject({
      page: z.int().min(1).max(100_000).optional(),
      limit: z.int().min(1).max(100).optional(),
      type: z.enum(['invoice', 'cash_in', 'cash_out', 'mass_cash_out']).optional(),
      status: z
        .string()
        .trim()
        .regex(/^[a-z ]{1,32}$/, 'Not an operation status')
        .optional(),
      currency: PaymentMethodSchema.optional(),
      search: z.string().trim().min(1).max(100).optional()
    })
  ),
  /** BTCPay: the stores a key can see (`GET /api/v1/stores`), to pick one when connecting. */
  'processor:stores': call<{ id: string; name: string; defaultCurrency: string | null }[]>()(
    z.strictObject({
      /** Default `btcpay`, the processor with stores to pick from. */
      processor: ProcessorIdSchema.optional(),
      serverUrl: ServerUrlSchema,
      apiKey: ApiKeySchema.optional()
    })
  ),
  /** Ways to pay the active processor offers for this amount (Plisio: coins with rate and minimum). */
  'sale:payOptions': call<PayOptionView[]>()(
    z
      .strictObject({ amount: DecimalStringSchema, currency: FiatCurrencySchema })
      .superRefine((value, ctx) => refineAmount(value, ctx))
  ),
  'sale:charge': call<SaleView>()(ChargeInput),
  'sale:get': call<SaleView>()(z.strictObject({ saleId: SaleIdSchema })),
  'sale:list': call<SaleView[]>()(z.strictObject({ limit: z.int().min(1).max(200).optional() })),
  'sale:cancel': call<SaleView>()(z.strictObject({ saleId: SaleIdSchema })),
  /** The sales waiting in the outbox for their processor, oldest first (`SaleView.outbox` set). */
  'sale:outbox': call<SaleView[]>()(Empty),
  /**
   * Find sales by the start of a sale id or processor invoice id (any case), or by words of their memo and items or
   * their amount (`"12.34"`), newest first, at most 20.
   */
  'sale:find': call<SaleView[]>()(z.strictObject({ query: z.string().trim().min(3).max(100) })),
  /** What the refund screen offers for a paid sale, each variant priced after `subtractPercentage`. */
  'refund:options': call<RefundOptionsView>()(
    z.strictObject({
      saleId: SaleIdSchema,
      subtractPercentage: PercentSchema.optional(),
      customAmount: DecimalStringSchema.optional(),
      customCurrency: z.string().trim().min(3).max(10).optional()
    })
  ),
  /** Refund through the processor (BTCPay/Demo pull payment): returns the refund with its claim link. */
  'refund:create': call<RefundView>()(
    z.strictObject({
      saleId: SaleIdSchema,
      variant: RefundVariantSchema,
      subtractPercentage: PercentSchema.optional(),
      customAmount: DecimalStringSchema.optional(),
      customCurrency: z.string().trim().min(3).max(10).optional(),
      reason: z.string().trim().max(200).optional(),
      idempotencyKey: IdempotencyKeySchema.optional()
    })
  ),
  /** Plisio: what a refund by withdrawal would cost (network fee, commission, fee plans). Sends nothing. */
  'refund:estimate': call<WithdrawalEstimateView>()(
    z.strictObject({
      saleId: SaleIdSchema,
      address: AddressSchema,
      amount: DecimalStringSchema,
      feePlan: z.string().trim().min(1).max(32).optional()
    })
  ),
  /** Plisio: pay the refund out of the shop balance to the customer's address, after the cashier confirmed. */
  'refund:withdraw': call<RefundView>()(
    z.strictObject({
      saleId: SaleIdSchema,
      address: AddressSchema,
      amount: DecimalStringSchema,
      feePlan: z.string().trim().min(1).max(32).optional(),
      reason: z.string().trim().max(200).optional(),
      idempotencyKey: IdempotencyKeySchema.optional()
    })
  ),
  /** Record a refund paid outside Kassa (cash, another wallet); `amount` in the sale's fiat currency. */
  'refund:record': call<RefundView>()(
    z.strictObject({
      saleId: SaleIdSchema,
      amount: DecimalStringSchema,
      method: z.enum(['cash', 'wallet', 'other']),
      reason: z.string().trim().min(1, 'Say why the refund was made').max(200),
      idempotencyKey: IdempotencyKeySchema.optional()
    })
  ),
  /** BTCPay: cancel a refund's payout still awaiting approval (or its unclaimed pull payment). */
  'refund:cancel': call<RefundView>()(z.strictObject({ refundId: RefundIdSchema })),
  /** Re-read a refund's state from the processor (an `unknown` withdrawal: look it up again). */
  'refund:refresh': call<RefundView>()(z.strictObject({ refundId: RefundIdSchema })),
  /**
   * An `unknown` withdrawal the owner checked at the processor and found not made: after one more look-up finds
   * nothing, it becomes `failed` and its amount can be refunded again; if the look-up finds it, it is attached.
   */
  'refund:release': call<RefundView>()(z.strictObject({ refundId: RefundIdSchema })),
  /** Whether a processor can call this till (webhook or callback), the webhook Kassa registered, what arrived. */
  'webhook:status': call<WebhookStatusView>()(WebhookStatusInput),
  /**
   * Register a webhook for invoice events at `<publicUrl>/webhooks/<processor>` (the relay's public address of
   * this till). Kassa generates the secret (BTPay makes its own) and keeps it in the OS keychain only; a webhook
   * registered before is replaced. Refused on the desktop app, which has no receiver.
   */
  'webhook:register': call<WebhookStatusView>()(WebhookRegisterInput),
  /** Delete the registered webhook on the processor, then its secret from the keychain. */
  'webhook:unregister': call<WebhookStatusView>()(WebhookUnregisterInput),
  /** Put a sale's invoice on screen (null: none). `focused` is the sale id while it has an open invoice to follow. */
  'invoice:focus': call<{ focused: string | null }>()(z.strictObject({ saleId: SaleIdSchema.nullable() })),
  'demo:simulate': call<SaleView>()(
    z.strictObject({
      saleId: SaleIdSchema,
      kind: z.enum(['full', 'partial', 'over', 'expire', 'late']),
      /** The method the customer pays with (the tab on screen, `BTC-CHAIN` or `BTC-LN`); default on-chain. */
      paymentMethod: PaymentMethodSchema.optional()
    })
  ),
  /**
   * The catalog with its categories: the enabled items (the till's grid; all in one answer, it filters in memory)
   * or, with `includeDisabled`, every item (the owner's screen). Sorted by category, then title.
   */
  'catalog:list': call<CatalogListView>()(z.strictObject({ includeDisabled: z.boolean().optional() })),
  /** The enabled item whose barcode, else SKU, is `code` exactly (ASCII letters in any case), or null. */
  'catalog:byCode': call<CatalogItemView | null>()(
    z.strictObject({ code: z.string().trim().min(1).max(64) })
  ),
  /**
   * Create (no `id`) or update an item. Price a decimal string valid for the store currency, required for fixed
   * and minimum; `invalid-input` names a broken rule, `conflict` a SKU or barcode another item has.
   */
  'catalog:save': call<CatalogItemView>()(CatalogItemInputSchema),
  'catalog:delete': call<{ id: string }>()(z.strictObject({ id: CatalogItemIdSchema })),
  /** Offer an item at the till, or not. */
  'catalog:setEnabled': call<CatalogItemView>()(
    z.strictObject({ id: CatalogItemIdSchema, enabled: z.boolean() })
  ),
  /**
   * Import a CSV (≤ 5 MiB; columns in docs/catalog.md): a row whose SKU is an item's updates it; bad rows are
   * refused with their line and reason, the rest imported.
   */
  'catalog:importCsv': call<CatalogImportResult>()(z.strictObject({ csv: CatalogCsvSchema })),
  /** Every item as CSV that `catalog:importCsv` reads back. */
  'catalog:exportCsv': call<{ csv: string }>()(Empty),
  /**
   * Import a point-of-sale app's items from the active processor (BTCPay: the store's first PoS app when no
   * `appId`); a second import updates the items of the first. `conflict` for a processor without a catalog.
   */
  'catalog:importProcessor': call<CatalogImportResult>()(
    z.strictObject({
      appId: z
        .string()
        .trim()
        .min(1)
        .max(64)
        .regex(/^[\w-]+$/, 'Not an app id')
        .optional()
    })
  ),
  /** The sale's receipt as data (shop details, number, lines, taxes, tip, crypto, payments, refunds), in `locale`. */
  'receipt:get': call<ReceiptDocument>()(
    z.strictObject({ saleId: SaleIdSchema, locale: ReceiptLocaleSchema })
  ),
  /** The receipt as an 80 mm PDF made in main: `{fileName, base64}`. */
  'receipt:pdf': call<{ fileName: string; base64: string }>()(
    z.strictObject({ saleId: SaleIdSchema, locale: ReceiptLocaleSchema })
  ),
  /** E-mail the receipt (HTML + text + the PDF) through the shop's SMTP server. @returns the SMTP message id. */
  'receipt:email': call<{ messageId: string }>()(
    z.strictObject({ saleId: SaleIdSchema, to: EmailAddressSchema, locale: ReceiptLocaleSchema })
  ),
  /**
   * Put the receipt in the print queue and return at once. While a job of this sale waits (queued), that job is
   * returned instead of a new one; `reprint` adds one anyway.
   */
  'receipt:print': call<PrintJobView>()(
    z.strictObject({ saleId: SaleIdSchema, reprint: z.boolean().optional(), locale: ReceiptLocaleSchema })
  ),
  /** The print queue: open jobs and the latest finished ones, oldest first; `saleId` narrows it to one sale. */
  'receipt:printQueue': call<PrintJobView[]>()(z.strictObject({ saleId: SaleIdSchema.optional() })),
  /** Send a failed or waiting job again now (to the printer now set up). */
  'receipt:printRetry': call<PrintJobView>()(z.strictObject({ jobId: PrintJobIdSchema })),
  /** Take a job that has not printed out of the queue. */
  'receipt:printCancel': call<PrintJobView>()(z.strictObject({ jobId: PrintJobIdSchema })),
  /** Print a test page on the printer set up (directly, not queued); fails with the printer's error. */
  'receipt:testPrint': call<{ bytes: number }>()(Empty),
  /** Send a test e-mail through the SMTP server set up. */
  'receipt:testEmail': call<{ messageId: string }>()(z.strictObject({ to: EmailAddressSchema })),
  // ── Owner PIN (open to every caller: they are how the owner gets in) ──
  /** Whether a PIN is set, the caller's session valid, a lock-out running. */
  'owner:pinStatus': call<OwnerPinStatusView>()(Empty),
  /**
   * Set the owner PIN (first use: no `currentPin`) or change it (`currentPin` required, checked like an unlock).
   * @returns a session, as after `owner:unlock`. `owner-pin-wrong` / `owner-locked-out` for a wrong current PIN.
   */
  'owner:setPin': call<OwnerSessionView>()(
    z.strictObject({ pin: PinSchema, currentPin: PinSchema.optional() })
  ),
  /**
   * Open an owner session with the PIN. A wrong PIN is `owner-pin-wrong` (`params.attemptsLeft`); after 3 wrong
   * ones in a row `owner-locked-out` (`params.until`, `params.seconds`) for 30 s, doubling with each further
   * lock-out up to 1 h; audited either way. `conflict` when no PIN is set yet.
   */
  'owner:unlock': call<OwnerSessionView>()(z.strictObject({ pin: PinSchema })),
  /** End the caller's owner session. */
  'owner:lock': call<OwnerPinStatusView>()(Empty),
  // ── The owner's day (owner-only) ──
  /** The day's report: the running X report, or the frozen Z report once closed. Default: the current day. */
  'day:report': call<DayReportView>()(z.strictObject({ day: BusinessDaySchema.optional() })),
  /**
   * Close a business day: freeze its figures, record who and when. `conflict` when it is already closed, is in the
   * future, or a sale of it is still being created (`params.reason: 'creating'`, `params.sales`).
   */
  'day:close': call<DayReportView>()(z.strictObject({ day: BusinessDaySchema })),
  /** The last `limit` business days (default 30), newest first, open or closed. */
  'day:list': call<DaySummaryView[]>()(z.strictObject({ limit: z.int().min(1).max(366).optional() })),
  /** Sales by hour for the day, the 30 days ending with it, the payment-method mix. Default: the current day. */
  'day:charts': call<DayChartsView>()(z.strictObject({ day: BusinessDaySchema.optional() })),
  /** The day's report as an A4 PDF made in main. */
  'day:pdf': call<ExportFileView>()(z.strictObject({ day: BusinessDaySchema, locale: ReceiptLocaleSchema })),
  /** Print the day's report on the receipt printer (directly, not queued); fails with the printer's error. */
  'day:print': call<{ bytes: number }>()(
    z.strictObject({ day: BusinessDaySchema, locale: ReceiptLocaleSchema })
  ),
  /**
   * CSV of the business days [fromDay, toDay]: one row per invoice, or one per refund, with fiat values at the
   * moment of payment and at the invoice rate, processor ids, receipt numbers and the till.
   */
  'export:csv': call<ExportFileView>()(
    z
      .strictObject({
        kind: z.enum(['invoices', 'refunds']),
        fromDay: BusinessDaySchema,
        toDay: BusinessDaySchema
      })
      .refine((value) => value.fromDay <= value.toDay, { message: 'fromDay is after toDay', path: ['toDay'] })
  ),
  /**
   * Start reconciling business days [fromDay, toDay] (at most 92) against `processor`'s own invoices, read
   * through its `invoiceList` port within its rate limit; progress comes as `reconcile:progress` events.
   */
  'reconcile:start': call<ReconcileRunView>()(
    z
      .strictObject({ processor: ProcessorIdSchema, fromDay: BusinessDaySchema, toDay: BusinessDaySchema })
      .refine((value) => value.fromDay <= value.toDay, { message: 'fromDay is after toDay', path: ['toDay'] })
  ),
  /** A run as it stands (differences once done). `not-found` for an unknown or forgotten run. */
  'reconcile:get': call<ReconcileRunView>()(z.strictObject({ runId: ReconcileRunIdSchema })),
  /** Stop a running reconciliation; what was compared is kept. */
  'reconcile:cancel': call<ReconcileRunView>()(z.strictObject({ runId: ReconcileRunIdSchema })),
  /** Mark a difference reviewed with a note (audited; remembered for later runs). */
  'reconcile:review': call<DifferenceView>()(
    z.strictObject({
      runId: ReconcileRunIdSchema,
      key: DifferenceKeySchema,
      note: z.string().trim().min(1, 'Write what you found').max(500)
    })
  ),
  /** Read the invoice of a difference from the processor again now and compare once more. */
  'reconcile:recheck': call<ReconcileRunView>()(
    z.strictObject({ runId: ReconcileRunIdSchema, key: DifferenceKeySchema })
  ),
  /** Import an invoice missing in Kassa (made outside Kassa) into the ledger, so the day close counts it. */
  'reconcile:import': call<ReconcileRunView>()(
    z.strictObject({ runId: ReconcileRunIdSchema, key: DifferenceKeySchema })
  ),
  // ── Customers and churn signals (docs/customers.md) ──
  /** Up to 10 customers whose name (a word or the whole), e-mail or phone digits start with `query`. */
  'customer:search': call<CustomerView[]>()(CustomerQuerySchema),
  /**
   * Owner: a new customer (no `id`) or a correction (the fields as they should now be). The till makes customers
   * only with a sale (`sale:charge`'s `customer`). `not-found` for an unknown id.
   */
  'customer:save': call<CustomerView>()(CustomerSaveSchema),
  /** Owner: a customer with their sales and outcomes, newest first. `not-found` for an unknown id. */
  'customer:get': call<CustomerDetailView>()(z.strictObject({ customerId: CustomerIdSchema })),
  /**
   * Owner: erase a customer's personal data from the ledger (copies in their sales' rows scrubbed, the sales kept
   * without a customer); audited without the data. `not-found` for an unknown id.
   */
  'customer:erase': call<CustomerErasedView>()(z.strictObject({ customerId: CustomerIdSchema })),
  /** Owner: lapsed returning customers, weekly rates of expired/abandoned charges, refund-rate spikes. */
  'churn:signals': call<ChurnSignalsView>()(Empty),
  // ── Failed-charge recovery (docs/recovery.md); every call the owner's ──
  /**
   * The Recovery queue, newest failure first (`filter` default `active`: open and requested), `limit` 1–200
   * (default 50) from the cursor `before`, with the recovery rate of the last `days` (default 30).
   */
  'recovery:list': call<RecoveryListView>()(
    z.strictObject({
      filter: z.enum(['active', 'recovered', 'abandoned', 'all']).optional(),
      before: z.string().max(200).optional(),
      limit: z.number().int().min(1).max(200).optional(),
      days: z.number().int().min(1).max(366).optional()
    })
  ),
  /** One failed charge with its context. `not-found` for an unknown id. */
  'recovery:get': call<RecoveryDetailView>()(z.strictObject({ itemId: RecoveryItemIdSchema })),
  /**
   * Make a payment request for exactly what is still due through the sale's processor's `paymentRequests` port
   * (intent recorded first; asked again with the same order id after a restart). A live one is returned as is.
   * `conflict` for a recovered or abandoned item; the processor's refusal leaves the item unchanged.
   */
  'recovery:request': call<RecoveryItemView>()(z.strictObject({ itemId: RecoveryItemIdSchema })),
  /** Read the item's payment request from the processor now (paid → recovered). */
  'recovery:refresh': call<RecoveryItemView>()(z.strictObject({ itemId: RecoveryItemIdSchema })),
  /** Give up on a failed charge (its open payment request archived where the processor can); audited. */
  'recovery:abandon': call<RecoveryItemView>()(
    z.strictObject({ itemId: RecoveryItemIdSchema, note: z.string().trim().max(500).optional() })
  ),
  /** The drafted message from the owner's template, in `language` or the customer's, else the till's. */
  'recovery:draft': call<RecoveryDraftView>()(
    z.strictObject({ itemId: RecoveryItemIdSchema, language: TemplateLanguageSchema.optional() })
  ),
  /**
   * Send a message about an item: `smtp` through the shop's SMTP server (kept in the outbox; answered after the
   * first attempt, `failed` with the server's reason), or record one the owner `copy`-ed or handed to the mail
   * client (`mailto`). Audited.
   */
  'recovery:send': call<OutboxMessageView>()(RecoverySendSchema),
  /** The outbox: every message, or those of one item, newest first. */
  'recovery:outbox': call<OutboxMessageView[]>()(z.strictObject({ itemId: RecoveryItemIdSchema.optional() })),
  /** Send a `failed` or `unknown` message again (an `unknown` one may already have arrived: the owner decides). */
  'recovery:retry': call<OutboxMessageView>()(z.strictObject({ messageId: OutboxMessageIdSchema })),
  /**
   * Demo only: the customer pays the item's open payment request in full (the Demo's Simulate payment control for
   * a request). `conflict` for another processor or without an open request.
   */
  'demo:simulateRequest': call<RecoveryItemView>()(z.strictObject({ itemId: RecoveryItemIdSchema })),
  /** The owner's recovery message templates and the variables they may use. */
  'recovery:templates': call<RecoveryTemplatesView>()(Empty),
  /** Save the templates (one per language); an unknown `{{variable}}` is refused with its name. */
  'recovery:saveTemplates': call<RecoveryTemplatesView>()(
    z.strictObject({ templates: z.array(RecoveryTemplateSchema).min(1).max(20) })
  ),

  // ── Paired devices (src/shared/devices.ts, src/main/devices/) ──
  /**
   * Make a one-time pairing code (5 minutes) for a device of `role` named `name`; the device opens the answer's
   * `url` (`/#pair=<code>`) and exchanges the code for its own token (`POST /api/pair`). `not-configured` when
   * the till runs without its web host (the desktop window alone).
   */
  'device:pairStart': call<PairingView>()(
    z.strictObject({ role: z.enum(DEVICE_ROLES), name: DeviceNameSchema })
  ),
  /** Every paired device, revoked ones included, newest first. */
  'device:list': call<DeviceView[]>()(Empty),
  /** Unpair a device: its token is refused from now on and its open event streams end; audited `device.revoked`. */
  'device:revoke': call<DeviceView>()(z.strictObject({ deviceId: DeviceIdSchema })),

  // ── Agent access: the MCP server, its clients, the audit, requests waiting for a person (docs/agents.md) ──
  /** Settings → Agent access: settings, whether the server listens and where, the clients (owner). */
  'agent:status': call<AgentAccessView>()(Empty),
  /** Change Settings → Agent access (owner); the server starts, stops or moves port at once. Audited. */
  'agent:configure': call<AgentAccessView>()(AgentSettingsPatchSchema),
  /** Make a client token with `scopes` (owner); the answer carries the token this once. Audited. */
  'agent:createClient': call<AgentClientCreated>()(
    z.strictObject({ name: AgentClientNameSchema, scopes: AgentScopesSchema })
  ),
  /** Revoke a client (owner): its token is refused from now on, its pending requests are declined. Audited. */
  'agent:revokeClient': call<AgentClientView>()(z.strictObject({ clientId: AgentClientIdSchema })),
  /** The agents' tool calls, newest first, at most `limit` (1–500, default 100), of one client or all (owner). */
  'agent:audit': call<AgentCallView[]>()(
    z.strictObject({
      clientId: AgentClientIdSchema.optional(),
      limit: z.int().min(1).max(500).optional()
    })
  ),
  /** Requests agents made that wait for a person (`pending`, default), or the last 100 of every state. */
  'agent:requests': call<AgentRequestView[]>()(
    z.strictObject({ filter: z.enum(['pending', 'all']).optional() })
  ),
  /**
   * Approve a pending request at the till and carry it out once: a refund as the cashier would make it (the refund
   * policy's triage: `needs-owner` asks for the owner's session, `refused` is refused), a payment request with the
   * owner's session. `conflict` when it is no longer pending.
   */
  'agent:approve': call<AgentRequestView>()(z.strictObject({ requestId: AgentRequestIdSchema })),
  /** Decline a pending request; the agent's tool result says so. `conflict` when it is no longer pending. */
  'agent:decline': call<AgentRequestView>()(
    z.strictObject({ requestId: AgentRequestIdSchema, note: z.string().trim().max(200).optional() })
  )
} as const

/** The schema object's type: `Calls[K]['input']` is the zod schema, `Calls[K]['output']` the result type. */
export type Calls = typeof calls
/** The input a caller passes (before parsing). */
export type CallInput<K extends keyof Calls> = z.input<Calls[K]['input']>
/** The input a handler receives (after parsing). */
export type ParsedInput<K extends keyof Calls> = z.output<Calls[K]['input']>
