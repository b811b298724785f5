import Big from 'big.js'
import type { RefundVariantPreview } from '@shared/contract'
import { isFiatCurrency } from '@shared/currency'
import type { Invoice } from '@shared/invoice'
import { btcToSats, decimalToMinor, formatMinor, percentOf, satsToBtc } from '@shared/money'
import { paidMethod } from './processor-refunds'

/** What a refund can be priced from: BTC paid then, what the fiat paid buys now, the overpaid BTC, the rate now. */
export interface RefundBasis {
  /** Fiat currency of the sale and what the customer paid in it (minor units). */
  currency: string
  paidMinor: bigint
  /** BTC paid (sats): what `RateThen` returns. */
  paidSats: bigint
  /** BTC the fiat paid is worth at the current rate (sats): what `CurrentRate` returns. */
  nowSats: bigint
  /** BTC paid over the price (sats), or null when the invoice was not overpaid. */
  overpaidSats: bigint | null
  /** Fiat per BTC now, decimal string. */
  rateNow: string
}

/** Custom refund inputs: decimal string amount in `currency` (the sale's fiat or BTC). */
export interface CustomRefund {
  amount?: string
  currency?: string
}

const VARIANTS = ['RateThen', 'CurrentRate', 'Fiat', 'OverpaidAmount', 'Custom'] as const

/** Sats → fiat minor units at `rate` (fiat per BTC), half-even. */
function satsToMinor(sats: bigint, currency: string, rate: string): bigint {
  return decimalToMinor(new Big(satsToBtc(sats)).times(new Big(rate)).toFixed(12), currency)
}

/** Fiat minor units → sats at `rate`, half-even (a preview, not a quote). */
function minorToSats(minor: bigint, currency: string, rate: string): bigint {
  const fiat = new Big(formatMinor(minor, currency))
  return btcToSats(fiat.div(new Big(rate)).round(8, Big.roundHalfEven).toFixed(8))
}

/** `amount` minus `percent` of it, rounded so the shop never subtracts less than asked (BTCPay does the same). */
function subtract(amount: bigint, percent: string | undefined): bigint {
  return percent ? amount - percentOf(amount, percent, 'up') : amount
}

/**
 * What each of BTCPay's refund variants would pay, in fiat and BTC, after `subtractPercentage`. BTC amounts of
 * `RateThen`, `CurrentRate` and `OverpaidAmount` are what the processor pays; the fiat next to them is their worth
 * at today's rate. `Fiat` pays the fiat paid (its BTC is fixed when the payout is approved, so the BTC shown is
 * today's estimate).
 */
export function previewVariants(
  basis: RefundBasis,
  subtractPercentage: string | undefined,
  custom: CustomRefund
): RefundVariantPreview[] {
  const { currency, rateNow } = basis
  const priced = (
    sats: bigint | null,
    minor: bigint | null
  ): Pick<RefundVariantPreview, 'fiat' | 'cryptoAmount'> => ({
    fiat: minor === null ? null : formatMinor(minor, currency),
    cryptoAmount: sats === null ? null : satsToBtc(sats)
  })
  return VARIANTS.map((variant) => {
    const preview: RefundVariantPreview = {
      variant,
      available: true,
      reason: null,
      fiat: null,
      cryptoAmount: null,
      crypto: 'BTC'
    }
    switch (variant) {
      case 'RateThen': {
        const sats = subtract(basis.paidSats, subtractPercentage)
        return { ...preview, ...priced(sats, satsToMinor(sats, currency, rateNow)) }
      }
      case 'CurrentRate': {
        const sats = subtract(basis.nowSats, subtractPercentage)
        return { ...preview, ...priced(sats, satsToMinor(sats, currency, rateNow)) }
      }
      case 'Fiat': {
        const minor = subtract(basis.paidMinor, subtractPercentage)
        return { ...preview, ...priced(minorToSats(minor, currency, rateNow), minor) }
      }
      case 'OverpaidAmount': {
        if (basis.overpaidSats === null || basis.overpaidSats <= 0n) {
          return { ...preview, available: false, reason: 'The customer did not pay too much' }
        }
        const sats = subtract(basis.overpaidSats, subtractPercentage)
        return { ...preview, ...priced(sats, satsToMinor(sats, currency, rateNow)) }
      }
      case 'Custom':
        return { ...preview, ...customPreview(basis, subtractPercentage, custom) }
    }
  })
}

function customPreview(
  basis: RefundBasis,
  subtractPercentage: string | undefined,
  custom: CustomRefund
): Partial<RefundVariantPreview> {
  if (!custom.amount || !custom.currency) return { reason: 'Give an amount and a currency' }
  const code = custom.currency.toUpperCase()
  try {
    if (code === 'BTC') {
      const sats = subtract(btcToSats(custom.amount), subtractPercentage)
      return {
        cryptoAmount: satsToBtc(sats),
        fiat: formatMinor(satsToMinor(sats, basis.currency, basis.rateNow), basis.currency)
      }
    }
    if (code === basis.currency) {
      const minor = subtract(decimalToMinor(custom.amount, code), subtractPercentage)
      return {
        fiat: formatMinor(minor, code),
        cryptoAmount: satsToBtc(minorToSats(minor, code, basis.rateNow))
      }
    }
  } catch {
    return { available: false, reason: `"${custom.amount}" is not an amount` }
  }
  if (isFiatCurrency(code)) return { reason: `Kassa cannot price ${code} here; BTCPay will convert it` }
  return { available: false, reason: `Unknown currency ${code}` }
}

/**
 * The refund basis from Kassa's stored invoice and the rate now. BTC paid is the sum over BTC payment methods;
 * overpaid is minus the invoice's `due` (every method states the same due, so it is read once, from the method the
 * customer paid through, as BTCPay's `OverpaidAmount` does).
 * @param preview BTCPay's own figures (`GET …/refund/{paymentMethodId}`) when available: they win.
 */
export function refundBasis(
  invoice: Invoice,
  rateNow: string,
  preview?: {
    paymentAmountThen: string
    paymentAmountNow: string
    overpaidPaymentAmount?: string | null
  } | null
): RefundBasis {
  const btcMethods = invoice.paymentMethods.filter((m) => m.currency === 'BTC')
  const paidSats = btcMethods.reduce((sum, m) => sum + btcToSats(trimBtc(m.paid)), 0n)
  // `due` is the invoice's, stated again by every method: read it once, from the method the refund is paid through.
  const refundMethod = paidMethod(invoice, true) ?? btcMethods[0]
  const dueSats = refundMethod ? signedSats(refundMethod.due) : 0n
  const paidMinor = decimalToMinor(invoice.paid, invoice.currency)
  return {
    currency: invoice.currency,
    paidMinor,
    paidSats: preview ? btcToSats(trimBtc(preview.paymentAmountThen)) : paidSats,
    nowSats: preview
      ? btcToSats(trimBtc(preview.paymentAmountNow))
      : minorToSats(paidMinor, invoice.currency, rateNow),
    overpaidSats: preview
      ? preview.overpaidPaymentAmount
        ? btcToSats(trimBtc(preview.overpaidPaymentAmount))
        : null
      : invoice.additionalStatus === 'PaidOver' && dueSats < 0n
        ? -dueSats
        : null,
    rateNow
  }
}

/** Sats of a BTC decimal string that may be negative (an overpaid invoice's `due`). */
function signedSats(value: string): bigint {
  const sats = btcToSats(trimBtc(value.replace(/^-/, '')))
  return value.startsWith('-') ? -sats : sats
}

/** BTC decimal strings from processors may carry more than 8 places or none: round to the satoshi. */
function trimBtc(value: string): string {
  return new Big(value).round(8, Big.roundHalfEven).toFixed(8)
}

/**
 * The fiat minor units of the sale a refund of `amount` `currency` gives back (null when the currency is neither the
 * sale's nor BTC). A fiat refund counts as itself. A BTC refund counts as its share of the BTC paid, valued at the
 * rate the customer paid at (refunding all the BTC paid gives back the whole sale, whatever the rate did since);
 * only `CurrentRate`, which pays today's worth of the fiat, is valued at today's rate.
 */
export function refundFiatMinor(
  amount: string,
  currency: string,
  basis: RefundBasis,
  variant?: string
): bigint | null {
  if (currency === basis.currency) return decimalToMinor(amount, currency)
  if (currency !== 'BTC') return null
  const sats = btcToSats(trimBtc(amount))
  if (variant === 'CurrentRate' || basis.paidSats <= 0n)
    return satsToMinor(sats, basis.currency, basis.rateNow)
  // sats × paid fiat ÷ paid sats, rounded half-even to the minor unit.
  const numerator = sats * basis.paidMinor
  const quotient = numerator / basis.paidSats
  const twice = (numerator % basis.paidSats) * 2n
  return twice > basis.paidSats || (twice === basis.paidSats && quotient % 2n === 1n)
    ? quotient + 1n
    : quotient
}

/**
 * What a refund would give back of the sale, in fiat minor units (see `refundFiatMinor`), priced by
 * `previewVariants`; null when it cannot be priced here (unavailable variant, Custom in another fiat).
 */
export function expectedRefundFiatMinor(
  basis: RefundBasis,
  variant: RefundVariantPreview['variant'],
  subtractPercentage: string | undefined,
  custom: CustomRefund
): bigint | null {
  const preview = previewVariants(basis, subtractPercentage, custom).find((v) => v.variant === variant)
  if (!preview?.available) return null
  const customBtc = variant === 'Custom' && custom.currency?.toUpperCase() === 'BTC'
  if (variant === 'Fiat' || (variant === 'Custom' && !customBtc)) {
    return preview.fiat === null ? null : decimalToMinor(preview.fiat, basis.currency)
  }
  return preview.cryptoAmount === null ? null : refundFiatMinor(preview.cryptoAmount, 'BTC', basis, variant)
}
