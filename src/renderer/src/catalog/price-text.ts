import { separatorsOf } from '@shared/locale-number'

/**
 * A contract decimal string as the owner types it in `locale` (`"4.50"` → `"4,50"` in German), for an edit field;
 * `parseLocaleDecimal` reads it back. No grouping, no float.
 */
export function decimalToInput(decimal: string | null, locale: string): string {
  if (decimal === null) return ''
  return decimal.replace('.', separatorsOf(locale).decimal)
}
