/**
 * `metadata.posData` and `metadata.receiptData` in the shape BTCPay's own Point of Sale app writes
 * (`PosAppData`, `PosReceiptData`), so Kassa's invoices look like PoS invoices in BTCPay's UI and receipts.
 * Amounts are decimal strings (BTCPay accepts strings for decimals), computed with big.js.
 */
import Big from 'big.js'
import { currencyExponent } from '@shared/currency'
import { formatDisplay } from '@shared/money'
import type { CreateInvoiceRequest } from '../types'

/** BTCPay's `PosAppData` (the subset Kassa fills). Prices are decimal strings in the invoice currency. */
export interface PosData {
  cart: { id: string; title: string; price: string; count: number }[]
  amounts?: string[]
  itemsTotal: string
  subTotal: string
  total: string
}

/** BTCPay's `PosReceiptData`: labels → formatted strings, e.g. `Cart: {"Latte": "2 x $4.50 = $9.00"}`. */
export type ReceiptData = Record<string, string | Record<string, string>>

/** Build `posData` and `receiptData` from a sale. */
export function buildPosData(request: CreateInvoiceRequest): { posData: PosData; receiptData: ReceiptData } {
  const exponent = safeExponent(request.currency)
  const money = (value: Big): string => value.toFixed(exponent)
  const show = (value: string): string => {
    try {
      return formatDisplay(value, request.currency)
    } catch {
      return `${value} ${request.currency}`
    }
  }
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

function safeExponent(currency: string): number {
  try {
    return currencyExponent(currency)
  } catch {
    return 2
  }
}
