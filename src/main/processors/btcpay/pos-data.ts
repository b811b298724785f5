/**
 * `metadata.posData` and `metadata.receiptData` in the shape BTCPay's own Point of Sale app writes
 * (`PosAppData`, `PosReceiptData`), so Kassa's invoices look like PoS invoices in BTCPay's UI and receipts.
 * Amounts are decimal strings (BTCPay accepts strings for decimals), computed with big.js.
 */
import Big from 'big.js'
import { currencyExponent } from '@shared/currency'
import { formatDisplay } from '@shared/money'
import type { CreateInvoiceRequest, InvoiceCart } from '../types'

/**
 * BTCPay's `PosAppData` (the subset Kassa fills). Prices are decimal strings in the invoice currency. As BTCPay's PoS
 * computes it: `itemsTotal` the lines, `discountAmount` off it gives `subTotal`, then `tax` and `tip`, `total`.
 */
export interface PosData {
  cart: { id: string; title: string; price: string; count: number }[]
  amounts?: string[]
  itemsTotal: string
  discountPercentage?: string
  discountAmount?: string
  subTotal: string
  tax?: string
  tipPercentage?: string
  tip?: string
  total: string
}

/** BTCPay's `PosReceiptData`: labels → formatted strings, e.g. `Cart: {"Latte": "2 x $4.50 = $9.00"}`. */
export type ReceiptData = Record<string, string | Record<string, string>>

/**
 * Build `posData` and `receiptData` from a sale: from its cart when it has one (discount, tax per rate, tip, the
 * item's SKU or id as the cart line id, as BTCPay's PoS app uses its item ids), else from its lines or amount.
 */
export function buildPosData(request: CreateInvoiceRequest): { posData: PosData; receiptData: ReceiptData } {
  if (request.cart) return cartPosData(request, request.cart)
  const exponent = safeExponent(request.currency)
  const money = (value: Big): string => value.toFixed(exponent)
  const show = displayIn(request.currency)
  let itemsTotal = new Big('0')
  const cart: PosData['cart'] = []
  const receiptCart: Record<string, string> = {}
  request.lines.forEach((line, index) => {
    const price = new Big(line.unitPrice)
    const lineTotal = price.times(String(line.quantity))
    itemsTotal = itemsTotal.plus(lineTotal)
    cart.push({ id: `line-${index + 1}`, title: line.name, price: money(price), count: line.quantity })
    const label = receiptCart[line.name] === undefined ? line.name : `${line.name} (${index + 1})`
    receiptCart[label] = `${line.quantity} x ${show(money(price))} = ${show(money(lineTotal))}`
  })
  const total = new Big(request.amount)
  const posData: PosData = {
    cart,
    ...(cart.length === 0 && { amounts: [money(total)] }),
    itemsTotal: money(cart.length ? itemsTotal : total),
    subTotal: money(cart.length ? itemsTotal : total),
    total: money(total)
  }
  const receiptData: ReceiptData = {
    Title: request.description,
    ...(cart.length > 0 && { Cart: receiptCart, ItemsTotal: show(money(itemsTotal)) }),
    Total: show(money(total))
  }
  return { posData, receiptData }
}

/** `posData`/`receiptData` of a cart; its amounts are already exact decimal strings. */
function cartPosData(
  request: CreateInvoiceRequest,
  cart: InvoiceCart
): { posData: PosData; receiptData: ReceiptData } {
  const show = displayIn(request.currency)
  const positive = (value: string): boolean => new Big(value).gt(0)
  const receiptCart: Record<string, string> = {}
  const lines: PosData['cart'] = cart.lines.map((line, index) => {
    const label = receiptCart[line.name] === undefined ? line.name : `${line.name} (${index + 1})`
    receiptCart[label] = `${line.quantity} x ${show(line.unitPrice)} = ${show(line.total)}`
    return {
      id: line.sku ?? line.itemId ?? `line-${index + 1}`,
      title: line.name,
      price: line.unitPrice,
      count: line.quantity
    }
  })
  const subTotal = new Big(cart.subtotal).minus(cart.discount).toFixed(decimalsOf(cart.subtotal))
  const discounted = positive(cart.discount)
  const taxed = cart.taxes.filter((tax) => positive(tax.tax))
  const tipped = positive(cart.tip)
  const percentNote = (percent: string | null): string => (percent === null ? '' : ` (${percent}%)`)
  const posData: PosData = {
    cart: lines,
    itemsTotal: cart.subtotal,
    ...(discounted && {
      ...(cart.discountPercent !== null && { discountPercentage: cart.discountPercent }),
      discountAmount: cart.discount
    }),
    subTotal,
    ...(taxed.length > 0 && { tax: cart.tax }),
    ...(tipped && {
      ...(cart.tipPercent !== null && { tipPercentage: cart.tipPercent }),
      tip: cart.tip
    }),
    total: cart.total
  }
  const taxLabel = cart.taxInclusive ? 'Tax (included)' : 'Tax'
  const receiptData: ReceiptData = {
    Title: request.description,
    Cart: receiptCart,
    ItemsTotal: show(cart.subtotal),
    ...(discounted && {
      Discount: `-${show(cart.discount)}${percentNote(cart.discountPercent)}`,
      Subtotal: show(subTotal)
    }),
    ...(taxed.length === 1 && { [`${taxLabel} ${taxed[0]!.rate}%`]: show(taxed[0]!.tax) }),
    ...(taxed.length > 1 && {
      ...Object.fromEntries(taxed.map((tax) => [`${taxLabel} ${tax.rate}%`, show(tax.tax)])),
      [taxLabel]: show(cart.tax)
    }),
    ...(tipped && { Tip: `${show(cart.tip)}${percentNote(cart.tipPercent)}` }),
    Total: show(cart.total)
  }
  return { posData, receiptData }
}

function displayIn(currency: string): (value: string) => string {
  return (value) => {
    try {
      return formatDisplay(value, currency)
    } catch {
      return `${value} ${currency}`
    }
  }
}

function decimalsOf(value: string): number {
  return value.split('.')[1]?.length ?? 0
}

function safeExponent(currency: string): number {
  try {
    return currencyExponent(currency)
  } catch {
    return 2
  }
}
