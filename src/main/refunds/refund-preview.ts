import Big from 'big.js'
import type { RefundVariantPreview } from '@shared/contract'
import { isFiatCurrency } from '@shared/currency'
import type { Invoice } from '@shared/invoice'
import {
  AmountError,
  btcToSats,
  decimalToMinor,
  fiatToSats,
  formatMinor,
  parseAmount,
  percentOf,
  satsToBtc,
  satsToFiat
} from '@shared/money'
import { paidMethod } from './paid-method'

/**
 * What a refund can be priced from: BTC paid then, the fiat it was worth, what that fiat buys now, the overpaid BTC,
 * the rate now. The processor's figures, worked out as BTCPay's `RefundInvoice` does (the Demo does the same).
 */
export interface RefundBasis {
  /** Fiat currency of the sale and what the customer paid in it as Kassa's ledger has it (minor units). */
  currency: string
  paidMinor: bigint
  /** BTC paid (sats): what `RateThen` returns. */
  paidSats: bigint
  /**
   * The BTC paid valued at the invoice's rate, half-even to the minor unit (BTCPay's `paidCurrency`): what `Fiat`
   * returns. It can exceed `paidMinor` by a minor unit where one sat is worth more than half of one.
   */
  fiatPaidMinor: bigint
  /** `fiatPaidMinor` at the current rate, half-even to the sat: what `CurrentRate` returns. */
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
  return satsToFiat(sats, currency, rate, 'half-even')
}

/** Fiat minor units → sats at `rate`, half-even, as BTCPay rounds `CurrentRate` (a preview, not a quote). */
function minorToSats(minor: bigint, currency: string, rate: string): bigint {
  return fiatToSats(minor, currency, rate, 'half-even')
}

/**
 * `amount` (minor units of the refund's currency) minus `percent` of it, the result rounded down: the shop never
 * keeps less than asked. The Demo and the BTCPay simulator round so; BTCPay itself rounds the result half-even
 * (`Math.Round` in `RefundInvoice`), which can pay one unit more than this preview.
 */
function subtractPercent(amount: bigint, percent: string | undefined): bigint {
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
      crypto: 'BTC',
      triage: null
    }
    switch (variant) {
      case 'RateThen': {
        const sats = subtractPercent(basis.paidSats, subtractPercentage)
        return { ...preview, ...priced(sats, satsToMinor(sats, currency, rateNow)) }
      }
      case 'CurrentRate': {
        const sats = subtractPercent(basis.nowSats, subtractPercentage)
        return { ...preview, ...priced(sats, satsToMinor(sats, currency, rateNow)) }
      }
      case 'Fiat': {
        const minor = subtractPercent(basis.fiatPaidMinor, subtractPercentage)
        return { ...preview, ...priced(minorToSats(minor, currency, rateNow), minor) }
      }
      case 'OverpaidAmount': {
        if (basis.overpaidSats === null || basis.overpaidSats <= 0n) {
          return { ...preview, available: false, reason: 'The customer did not pay too much' }
        }
        const sats = subtractPercent(basis.overpaidSats, subtractPercentage)
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
      const sats = subtractPercent(parseAmount(custom.amount, 'BTC'), subtractPercentage)
      return {
        cryptoAmount: satsToBtc(sats),
        fiat: formatMinor(satsToMinor(sats, basis.currency, basis.rateNow), basis.currency)
      }
    }
    if (code === basis.currency) {
      // Exactly as typed: an amount finer than the currency is refused, never rounded behind the cashier's back.
      const minor = subtractPercent(parseAmount(custom.amount, code), subtractPercentage)
      return {
        fiat: formatMinor(minor, code),
        cryptoAmount: satsToBtc(minorToSats(minor, code, basis.rateNow))
      }
    }
  } catch (error) {
    if (!(error instanceof AmountError)) throw error
    return { available: false, reason: `Custom amount: ${error.message}` }
  }
  if (isFiatCurrency(code)) return { reason: `Kassa cannot price ${code} here; BTCPay will convert it` }
  return { available: false, reason: `Unknown currency ${code}` }
}

/**
 * The refund basis from Kassa's stored invoice and the rate now, as BTCPay's `RefundInvoice` works it out. BTC paid
 * is the sum over BTC payment methods; the fiat it was worth is that at the rate of the method paid through;
 * overpaid is minus the invoice's `due` (every method states the same due, so it is read once, from the method the
 * customer paid through, as BTCPay's `OverpaidAmount` does).
 * @param rateNow fiat per BTC now (decimal string), for `CurrentRate` when BTCPay's own figures are missing
 * @param preview BTCPay's own figures (`GET …/refund/{paymentMethodId}`) when available: they win.
 * @throws AmountError when a stored amount or rate is not a decimal.
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
  const thenSats = preview ? btcToSats(trimBtc(preview.paymentAmountThen)) : paidSats
  // Without a payment to value (an invoice marked paid), the ledger's fiat paid is all there is.
  const fiatPaidMinor =
    refundMethod && thenSats > 0n ? satsToMinor(thenSats, invoice.currency, refundMethod.rate) : paidMinor
  return {
    currency: invoice.currency,
    paidMinor,
    paidSats: thenSats,
    fiatPaidMinor,
    nowSats: preview
      ? btcToSats(trimBtc(preview.paymentAmountNow))
      : minorToSats(fiatPaidMinor, invoice.currency, rateNow),
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
 * `previewVariants`; null when it cannot be priced here (unavailable variant, Custom in another fiat). `Fiat` gives
 * back at most the sale's `paidMinor`: its amount is the BTC paid valued at the invoice's rate, which rounds a minor
 * unit above the price where one sat is worth more than half of one (SEK, INR, … at today's rates).
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
    if (preview.fiat === null) return null
    const minor = decimalToMinor(preview.fiat, basis.currency)
    return variant === 'Fiat' && minor > basis.paidMinor ? basis.paidMinor : minor
  }
  return preview.cryptoAmount === null ? null : refundFiatMinor(preview.cryptoAmount, 'BTC', basis, variant)
}
