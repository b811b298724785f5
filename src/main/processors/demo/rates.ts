import Big from 'big.js'
import { FIAT_EXPONENTS, type FiatCurrency } from '@shared/currency'

/** The Demo processor's fixed BTC price in USD. Labelled as such wherever it is shown. */
export const DEMO_BTC_USD = '65000'

/** Units of each currency per 1 USD: a fixed table, for the Demo only (never a market rate). */
const PER_USD: Record<FiatCurrency, string> = {
  AED: '3.67',
  ARS: '1000',
  AUD: '1.5',
  BGN: '1.8',
  BHD: '0.376',
  BRL: '5.5',
  CAD: '1.37',
  CHF: '0.88',
  CLP: '950',
  CNY: '7.2',
  COP: '4000',
  CZK: '23',
  DKK: '6.9',
  EUR: '0.92',
  GBP: '0.78',
  HKD: '7.8',
  HUF: '360',
  IDR: '16000',
  ILS: '3.7',
  INR: '84',
  ISK: '138',
  JOD: '0.709',
  JPY: '150',
  KES: '129',
  KRW: '1380',
  KWD: '0.307',
  MXN: '18',
  MYR: '4.6',
  NGN: '1600',
  NOK: '10.8',
  NZD: '1.65',
  OMR: '0.385',
  PHP: '57',
  PLN: '4',
  RON: '4.6',
  SAR: '3.75',
  SEK: '10.5',
  SGD: '1.34',
  THB: '35',
  TND: '3.1',
  TRY: '34',
  TWD: '32',
  UAH: '41',
  UGX: '3700',
  USD: '1',
  UYU: '40',
  VND: '25000',
  XAF: '600',
  XOF: '600',
  ZAR: '18'
}

/** Label shown next to every Demo rate. */
export const DEMO_RATE_LABEL = 'Demo rate (fixed, not a market price)'

/**
 * The Demo's fixed price of 1 BTC in `currency`, as a decimal string with the currency's decimals.
 * @returns null for a currency the table lacks.
 */
export function demoRate(currency: string): string | null {
  const perUsd = (PER_USD as Record<string, string>)[currency]
  if (perUsd === undefined) return null
  const exponent = (FIAT_EXPONENTS as Record<string, number>)[currency] ?? 2
  return new Big(DEMO_BTC_USD).times(perUsd).toFixed(exponent, Big.roundHalfEven)
}
