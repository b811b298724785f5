/**
 * ISO 4217 fiat currencies the till can price in, with their minor-unit exponent
 * (USD 2 → cents, JPY 0 → no minor unit, KWD 3 → fils). Crypto units are separate: see `BTC_EXPONENT`.
 */
export const FIAT_EXPONENTS = {
  AED: 2,
  ARS: 2,
  AUD: 2,
  BGN: 2,
  BHD: 3,
  BRL: 2,
  CAD: 2,
  CHF: 2,
  CLP: 0,
  CNY: 2,
  COP: 2,
  CZK: 2,
  DKK: 2,
  EUR: 2,
  GBP: 2,
  HKD: 2,
  HUF: 2,
  IDR: 2,
  ILS: 2,
  INR: 2,
  ISK: 0,
  JOD: 3,
  JPY: 0,
  KES: 2,
  KRW: 0,
  KWD: 3,
  MXN: 2,
  MYR: 2,
  NGN: 2,
  NOK: 2,
  NZD: 2,
  OMR: 3,
  PHP: 2,
  PLN: 2,
  RON: 2,
  SAR: 2,
  SEK: 2,
  SGD: 2,
  THB: 2,
  TND: 3,
  TRY: 2,
  TWD: 2,
  UAH: 2,
  UGX: 0,
  USD: 2,
  UYU: 2,
  VND: 0,
  XAF: 0,
  XOF: 0,
  ZAR: 2
} as const satisfies Record<string, number>

/** A fiat currency code Kassa knows the exponent of, e.g. `'USD'`. */
export type FiatCurrency = keyof typeof FIAT_EXPONENTS

/** Bitcoin has 8 decimal places: 1 BTC = 100,000,000 satoshis. */
export const BTC_EXPONENT = 8

/** All fiat codes, sorted, for pickers and validation messages. */
export const FIAT_CURRENCIES = Object.keys(FIAT_EXPONENTS).sort() as FiatCurrency[]

/** True when `code` is a fiat currency Kassa can price in. */
export function isFiatCurrency(code: string): code is FiatCurrency {
  return Object.prototype.hasOwnProperty.call(FIAT_EXPONENTS, code)
}

/**
 * Minor-unit exponent of a currency: fiat by ISO 4217, `BTC` 8, `SATS` 0.
 * @throws Error for a code Kassa does not know.
 */
export function currencyExponent(code: string): number {
  if (isFiatCurrency(code)) return FIAT_EXPONENTS[code]
  if (code === 'BTC') return BTC_EXPONENT
  if (code === 'SATS') return 0
  throw new Error(`Unknown currency "${code}"`)
}
