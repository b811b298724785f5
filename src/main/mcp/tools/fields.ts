import { AgentRequestIdSchema } from '@shared/agent-schemas'
import { CustomerIdSchema } from '@shared/customer-schemas'
import { PERCENT_MESSAGE, PERCENT_PATTERN } from '@shared/percent'
import { RecoveryItemIdSchema } from '@shared/recovery-schemas'
import { SaleIdSchema } from '@shared/schemas'
import { z } from 'zod'

/** The tools' argument fields, each with the words an agent reads in the JSON schema. */

export const saleIdField = SaleIdSchema.describe('A Kassa sale id, `sale_…` (from list_sales).')

export const itemIdField = RecoveryItemIdSchema.describe(
  'A Recovery queue item id, `rec_…` (from list_failed_charges).'
)

export const customerIdField = CustomerIdSchema.describe('A customer id, `cus_…`.')

export const requestIdField = AgentRequestIdSchema.describe(
  'An approval request id, `agr_…`, as create_payment_request or request_refund returned it.'
)

/** A decimal amount as a string; a JSON number is refused so no float carries money. */
export const amountField = z
  .string({ error: 'An amount must be a decimal string like "12.34", not a number' })
  .trim()
  .regex(/^\d{1,15}(\.\d{1,18})?$/, 'An amount must be a decimal string like "12.34"')

/** A business day `yyyy-mm-dd` that is a real date, or `today`. */
export const dayField = z
  .string()
  .regex(/^(today|\d{4}-\d{2}-\d{2})$/, 'A day is yyyy-mm-dd or "today"')
  .refine((value) => value === 'today' || isCalendarDay(value), 'Not a calendar date')

/** True for a real date `yyyy-mm-dd` in 2000–2999 (the contract's business days). */
export function isCalendarDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
  const [y, m, d] = value.split('-').map(Number) as [number, number, number]
  const date = new Date(Date.UTC(y, m - 1, d))
  return y >= 2000 && y <= 2999 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

/**
 * A percentage 0–100 as the contract's exact decimal string. A string is taken as written (`"12.5"`, up to 4
 * decimals); a JSON number is turned into its canonical string (`12.5` → `"12.5"`), never through arithmetic, and
 * refused with more than 2 decimals or in exponent form, where a float may already have lost what the agent meant.
 */
export const percentField = z
  .union([z.string(), z.number()], { error: 'A percentage is a string like "12.5" or a number like 12.5' })
  .transform((value, ctx) => {
    const text = typeof value === 'number' ? numberText(value) : value.trim()
    if (text === null) {
      ctx.addIssue({
        code: 'custom',
        message: 'A percentage given as a number may have at most 2 decimals; send a string like "12.125"'
      })
      return z.NEVER
    }
    if (!PERCENT_PATTERN.test(text)) {
      ctx.addIssue({ code: 'custom', message: PERCENT_MESSAGE })
      return z.NEVER
    }
    return text
  })

/** A JSON number's canonical string when it has at most 2 decimals and no exponent, else null. */
function numberText(value: number): string | null {
  const text = String(value)
  return /^-?\d+(\.\d{1,2})?$/.test(text) ? text : null
}

/** How long a tool waits for a person's decision, 0–300 s (default 0: answer at once). */
export const waitField = z
  .int()
  .min(0)
  .max(300)
  .optional()
  .describe(
    'Seconds to wait for a person at the till to approve or decline before answering (0–300, default 0: ' +
      'answer at once with the pending request). With a progressToken, progress is reported while waiting.'
  )
