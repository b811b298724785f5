import type { KassaErrorData } from '@shared/errors'

/**
 * Why `day:close` refused, for the close dialog to word: a sale still being created (how many; the ids when main
 * named them), the day already closed, or a day that has not begun.
 */
export type CloseRefusal =
  { reason: 'creating'; count: number; sales: string[] } | { reason: 'already-closed' } | { reason: 'future' }

/**
 * The refusal a `day:close` error stands for, or null for any other error (shown through `errorText`).
 * `params.sales` may be a count (`"2"`) or the sale ids (`"sale_a,sale_b"`); `creatingSales` is the report's own
 * list, used when main named no number.
 */
export function closeRefusalOf(
  error: KassaErrorData,
  creatingSales: readonly string[] = []
): CloseRefusal | null {
  if (error.code !== 'conflict') return null
  const reason = error.params?.reason
  if (reason === 'already-closed' || reason === 'future') return { reason }
  if (reason !== 'creating') return null
  const raw = (error.params?.sales ?? '').trim()
  if (/^\d+$/.test(raw)) return { reason, count: Number(raw), sales: [...creatingSales] }
  const ids = raw.split(/[\s,]+/).filter((id) => id !== '')
  const sales = ids.length > 0 ? ids : [...creatingSales]
  return { reason, count: Math.max(sales.length, 1), sales }
}
