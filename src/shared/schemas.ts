import Big from 'big.js'
import { z } from 'zod'
import { isFiatCurrency } from './currency'
import { AmountError, parseAmount } from './money'
import { PERCENT_MESSAGE, PERCENT_PATTERN } from './percent'

/** A fiat currency code Kassa knows (`USD`, `EUR`, `JPY`, …). */
export const FiatCurrencySchema = z.string().refine(isFiatCurrency, {
  error: (issue) =>
    `Unknown currency ${JSON.stringify(issue.input).slice(0, 12)}: use an ISO 4217 code such as USD, EUR or JPY`
})

/** A decimal amount as a string (`"12.34"`). Numbers are refused so no float can carry money. */
export const DecimalStringSchema = z
  .string({ error: 'Amount must be a decimal string like "12.34", not a number' })
  .max(32, 'Amount is too long')

/** A processor id: lower-case letters, digits and `-` (main says which exist). */
export const ProcessorIdSchema = z.string().regex(/^[a-z][a-z0-9-]{1,31}$/, 'Not a processor id')

/** A Kassa sale id (`sale_` + 26 base32 characters). */
export const SaleIdSchema = z.string().regex(/^sale_[0-9a-z]{10,40}$/, 'Not a sale id')

/** A percentage 0–100 as a decimal string (`"10"`, `"7.5"`). */
export const PercentSchema = z
  .string({ error: 'Percentage must be a decimal string like "10"' })
  .regex(PERCENT_PATTERN, PERCENT_MESSAGE)

/**
 * One line of a sale. `unitPrice` is a decimal string in the sale currency; `quantity` a positive integer;
 * `taxRate` the line's own percent (absent/null = the sale's default rate); `itemId` and `sku` name the catalog
 * item it came from (kept on the stored line so stock can be counted later).
 */
export const SaleLineSchema = z.strictObject({
  name: z.string().trim().min(1).max(120),
  unitPrice: DecimalStringSchema,
  quantity: z.int().min(1).max(10_000),
  taxRate: PercentSchema.nullish(),
  itemId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'Not an item id')
    .nullish(),
  sku: z.string().trim().min(1).max(64).nullish()
})

/**
 * An order discount or a tip as given (`Adjustment` in `./cart`): a percent (`{kind: 'percent', value: '10'}`)
 * or an amount in the sale currency (`{kind: 'amount', value: '2.50'}`).
 */
export const AdjustmentSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('percent'), value: PercentSchema }),
    z.strictObject({ kind: z.literal('amount'), value: DecimalStringSchema })
  ],
  { error: 'Must be {kind: "percent" or "amount", value: "10"}' }
)

/** A till's name in receipt numbers: 1–8 letters or digits (`T1`). */
export const TillIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9]{1,8}$/, 'Till id: 1 to 8 letters or digits, like T1')

/** A positive decimal amount (no currency yet: checked against the store currency where it is used). */
const PositiveDecimalSchema = DecimalStringSchema.regex(
  /^(?!0+(\.0+)?$)\d{1,12}(\.\d{1,4})?$/,
  'Must be a positive amount like "5000"'
)

/**
 * Settings → Till, every field optional (what `settings:update` takes under `till`): `taxInclusive`,
 * `tipsEnabled`, `tipPresets` (0–5 distinct percents above 0), `maxSaleAmount` (positive decimal string in the
 * store currency), `tillId`.
 */
export const TillSettingsPatchSchema = z.strictObject({
  taxInclusive: z.boolean().optional(),
  tipsEnabled: z.boolean().optional(),
  tipPresets: z
    .array(PercentSchema.refine((value) => !/^0+(\.0+)?$/.test(value), 'A tip preset must be above 0 %'))
    .max(5, 'At most 5 tip presets')
    .refine(
      (values) => new Set(values.map((v) => new Big(v).toString())).size === values.length,
      'Tip presets must differ'
    )
    .optional(),
  maxSaleAmount: PositiveDecimalSchema.optional(),
  tillId: TillIdSchema.optional()
})

/**
 * Check `amount` against `currency`'s exponent inside an object schema, reporting at the `amount` path.
 */
export function refineAmount(
  value: { amount: string; currency: string },
  ctx: z.RefinementCtx,
  path: (string | number)[] = ['amount']
): void {
  if (!isFiatCurrency(value.currency)) return // reported by the currency schema
  try {
    parseAmount(value.amount, value.currency)
  } catch (error) {
    if (!(error instanceof AmountError)) throw error
    ctx.addIssue({ code: 'custom', path, message: error.message })
  }
}

/**
 * A processor server's root URL: https, or http only to a loopback or private-network host (a BTCPay or BTPay on
 * the shop's LAN, or a simulator). No credentials, query or fragment.
 */
export const ServerUrlSchema = z
  .string()
  .trim()
  .max(300)
  .superRefine((value, ctx) => {
    const problem = serverUrlProblem(value)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })
  .transform((value) => value.replace(/\/+$/, ''))

/** Why `value` is not an acceptable server URL, or null. */
export function serverUrlProblem(value: string): string | null {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return 'Not a URL: give the server address, like https://btcpay.example.com'
  }
  if (url.username || url.password) return 'The server URL must not contain a user name or password'
  if (url.search || url.hash) return 'The server URL must not contain a query or fragment'
  if (url.protocol === 'https:') return null
  if (url.protocol === 'http:' && isPrivateHost(url.hostname)) return null
  if (url.protocol === 'http:')
    return 'Use https:// (plain http is only allowed on this computer or the shop network)'
  return 'The server URL must start with https://'
}

function isPrivateHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase()
  if (h === 'localhost' || h.endsWith('.localhost') || h.endsWith('.local') || h === '::1') return true
  const m = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(h)
  if (!m) return false
  const a = Number(m[1])
  const b = Number(m[2])
  return a === 127 || a === 10 || (a === 192 && b === 168) || (a === 172 && b >= 16 && b <= 31)
}

/** A payment method or coin id (`BTC-CHAIN`, `BTC-LN`, Plisio's `BTC`, `USDT_TRX`). */
export const PaymentMethodSchema = z.string().regex(/^[A-Za-z0-9_-]{2,32}$/, 'Not a payment method id')

/** A crypto address the customer gave for a refund (no spaces; checked by the processor). */
export const AddressSchema = z
  .string()
  .trim()
  .min(14, 'That address is too short')
  .max(128, 'That address is too long')
  .regex(/^[A-Za-z0-9:._-]+$/, 'An address has only letters and digits')

/** A Kassa refund id (`rfd_` + base32). */
export const RefundIdSchema = z.string().regex(/^rfd_[0-9a-z]{10,40}$/, 'Not a refund id')

/**
 * A client's idempotency key for a money-moving call (a refund): one per confirmation on screen, so a repeated
 * submit returns the first result instead of refunding twice. 16–64 letters, digits, `-` or `_`.
 */
export const IdempotencyKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{16,64}$/, 'Not an idempotency key (16–64 letters, digits, - or _)')
