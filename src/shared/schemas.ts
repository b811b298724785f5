import { z } from 'zod'
import { isFiatCurrency } from './currency'
import { AmountError, parseAmount } from './money'
import { PROCESSOR_IDS, type ProcessorId } from './invoice'

/** A fiat currency code Kassa knows (`USD`, `EUR`, `JPY`, …). */
export const FiatCurrencySchema = z.string().refine(isFiatCurrency, {
  error: (issue) =>
    `Unknown currency ${JSON.stringify(issue.input).slice(0, 12)}: use an ISO 4217 code such as USD, EUR or JPY`
})

/** A decimal amount as a string (`"12.34"`). Numbers are refused so no float can carry money. */
export const DecimalStringSchema = z
  .string({ error: 'Amount must be a decimal string like "12.34", not a number' })
  .max(32, 'Amount is too long')

/** A processor id. */
export const ProcessorIdSchema = z.enum(
  PROCESSOR_IDS as readonly ProcessorId[] as [ProcessorId, ...ProcessorId[]]
)

/** A Kassa sale id (`sale_` + 26 base32 characters). */
export const SaleIdSchema = z.string().regex(/^sale_[0-9a-z]{10,40}$/, 'Not a sale id')

/** One line of a sale. `unitPrice` is a decimal string in the sale currency; `quantity` a positive integer. */
export const SaleLineSchema = z.strictObject({
  name: z.string().trim().min(1).max(120),
  unitPrice: DecimalStringSchema,
  quantity: z.int().min(1).max(10_000)
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
