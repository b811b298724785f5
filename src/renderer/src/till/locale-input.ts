import { separatorsOf } from '@shared/locale-number'

/**
 * A decimal string as a person of `locale` writes it in a field, without digit groups (`"4.50"`, de-DE →
 * `"4,50"`), so a prefilled field reads back through `parseLocaleDecimal` unchanged. Pure string work.
 */
export function localeDecimal(decimal: string, locale: string): string {
  return decimal.replace('.', separatorsOf(locale).decimal)
}
