import type { RecoveryItemView } from '@shared/recovery'
import { formatDateTime, formatMoney, i18n, intlLocale } from '../../i18n'

// Words of the Recovery screen that depend on a value; vue-i18n's typed `t` over untyped message objects
// instantiates too deep, so keys built at run time go through this loosely typed view of it.
const global = i18n.global as unknown as { t: (key: string, values?: Record<string, unknown>) => string }

/**
 * What names a failed charge for people: its receipt number, else when it was rung up (an unpaid sale has no
 * receipt number, and its id means nothing to people).
 */
export function itemTitle(item: Pick<RecoveryItemView, 'receiptNumber' | 'saleCreatedAt'>): string {
  return item.receiptNumber
    ? global.t('recovery.list.receipt', { number: item.receiptNumber })
    : global.t('recovery.list.sale', { at: formatDateTime(item.saleCreatedAt) })
}

/** Money, or the amount with its code when Intl does not know the currency. Exact: the decimal string is formatted. */
export function money(amount: string, currency: string): string {
  try {
    return formatMoney(amount, currency)
  } catch {
    return `${amount} ${currency}`
  }
}

/** A percent main sends with one decimal (`"33.3"`) in the locale's digits (`33,3 %` in German). */
export function percent(rate: string): string {
  if (!/^\d+(\.\d+)?$/.test(rate)) return rate
  const format = new Intl.NumberFormat(intlLocale.value, {
    minimumFractionDigits: 0,
    maximumFractionDigits: 1
  }) as Intl.NumberFormat & { format(value: string): string }
  return global.t('recovery.rate.percent', { rate: format.format(rate) })
}

/** True for an amount that is zero however it is written (`"0"`, `"0.00"`). */
export function isZero(amount: string): boolean {
  return /^-?0*(\.0*)?$/.test(amount)
}

/** A business day id (`2025-03-01`) as the locale writes a date, with the weekday. */
export function dayText(day: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return day
  return new Intl.DateTimeFormat(intlLocale.value, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC'
  }).format(new Date(`${day}T12:00:00Z`))
}
