import { formatDateTime, formatMoney, i18n, intlLocale } from '../../i18n'
import { processorLabel } from '../settings/processor-words'
import { useSettingsStore } from '../../stores/settings'

// Words of the Day screen that depend on a value (a method id, a refund variant, a processor id): each falls back
// to the value itself when the UI has no word for it, so a new coin or variant from main still shows.

const global = i18n.global as unknown as {
  t: (key: string, values?: Record<string, string>) => string
  te: (key: string, locale?: string) => boolean
}

function word(key: string, fallback: string, values?: Record<string, string>): string {
  return global.te(key) || global.te(key, 'en') ? global.t(key, values) : fallback
}

/**
 * A payment method for people: `BTC-CHAIN` → "Bitcoin on-chain", `BTC-LN` → "Bitcoin Lightning", Plisio's
 * `USDT_TRX` → "USDT on TRX", `LTC` → `LTC`, `unknown` → "Not known".
 */
export function methodWord(id: string): string {
  if (id === 'BTC-CHAIN') return word('day.methods.chain', id)
  if (id === 'BTC-LN' || id === 'BTC-LNURL') return word('day.methods.lightning', id)
  if (id === 'unknown') return word('day.methods.unknown', id)
  const network = /^([A-Za-z0-9]+)[_-]([A-Za-z0-9]+)$/.exec(id)
  return network ? word('day.methods.network', id, { coin: network[1]!, network: network[2]! }) : id
}

/** A processor's name as Settings shows it (`btcpay` → "BTCPay Server"), else its id. */
export function processorWord(id: string): string {
  const known = useSettingsStore().settings?.processors.find((p) => p.id === id)
  return known ? processorLabel(id, known.label) : id
}

/** A refund variant or kind (`RateThen`, `withdrawal`) for people. */
export function refundKindWord(key: string): string {
  return word(`day.refunds.variants.${key}`, key)
}

/** Who gave a refund (`cashier`, `owner`) for people. */
export function actorWord(key: string): string {
  return word(`day.refunds.actors.${key}`, key)
}

/** Money, or the amount with its code when Intl does not know the currency. Exact: the decimal string is formatted. */
export function money(amount: string, currency: string): string {
  try {
    return formatMoney(amount, currency)
  } catch {
    return `${amount} ${currency}`
  }
}

/**
 * A coin amount (`"0.00712345"`) in the locale's digits (`0,00712345` in German), every decimal kept: Intl formats
 * the string itself, no float. Anything not a plain decimal is shown as sent.
 */
export function coinAmount(decimal: string): string {
  if (!/^-?\d+(\.\d+)?$/.test(decimal)) return decimal
  const decimals = decimal.split('.')[1]?.length ?? 0
  const format = new Intl.NumberFormat(intlLocale.value, {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals
  }) as Intl.NumberFormat & { format(value: string): string }
  return format.format(decimal)
}

/** A business day id as a short date for a chart's axis (`14.3.` in German, `3/14` in English). */
export function shortDayWord(day: string): string {
  return formatDateTime(`${day}T12:00:00Z`, { day: 'numeric', month: 'numeric', timeZone: 'UTC' })
}

/** An integer string (`"12000"` sats) grouped for the locale, without a float. */
export function integer(digits: string): string {
  const format = new Intl.NumberFormat(intlLocale.value) as Intl.NumberFormat & {
    format(value: string): string
  }
  return /^-?\d+$/.test(digits) ? format.format(digits) : digits
}

/** A business day id (`2025-03-01`) as the locale writes a date, with the weekday. */
export function dayWord(day: string): string {
  return formatDateTime(`${day}T12:00:00Z`, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC'
  })
}

/** An hour of day (0–23) as the locale writes a time (`03:00`, `3:00 AM`). */
export function hourWord(hour: number): string {
  return formatDateTime(Date.UTC(2000, 0, 1, hour), { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' })
}
