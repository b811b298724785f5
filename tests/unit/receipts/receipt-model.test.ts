import { describe, expect, it } from 'vitest'
import type { SaleView } from '@shared/contract'
import type { Invoice } from '@shared/invoice'
import { buildReceipt, paymentKind } from '../../../src/main/receipts/receipt-model'
import { receiptRows } from '../../../src/main/receipts/receipt-rows'
import { layoutText } from '../../../src/main/receipts/text-layout'
import { saleView } from './sale-fixture'

const shop = {
  name: 'Café Morgenrot',
  address: 'Hauptstraße 1\n10115 Berlin',
  taxId: 'DE123456789',
  footer: 'Danke!',
  logo: null
}

const invoice: Invoice = {
  id: 'demo_inv_1',
  processor: 'demo',
  orderId: 'sale_0123456789',
  status: 'Settled',
  additionalStatus: 'None',
  rawStatus: 'Settled',
  currency: 'EUR',
  amount: '24.08',
  paid: '24.08',
  due: '0',
  createdAt: '2026-11-28T12:00:00Z',
  expiresAt: '2026-11-28T12:15:00Z',
  checkoutLink: 'https://demo.example/i/demo_inv_1',
  paymentMethods: [
    {
      id: 'BTC-CHAIN',
      currency: 'BTC',
      destination: 'bc1q',
      paymentLink: '',
      amount: '0.0004',
      due: '0.0004',
      paid: '0',
      rate: '60200.00'
    },
    {
      id: 'BTC-LN',
      currency: 'BTC',
      destination: 'lnbc',
      paymentLink: '',
      amount: '0.0004',
      due: '0',
      paid: '0.0004',
      rate: '60200.00'
    }
  ],
  payments: [
    {
      id: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2',
      method: 'BTC-LN',
      amount: '0.0004',
      currency: 'BTC',
      receivedAt: '2026-11-28T12:01:00Z',
      status: 'Settled'
    }
  ]
}

/** A cart: 2 × 8.00 + 1 × 6.00 = 22.00, 10 % off (2.20) → 19.80, VAT 7 % included, tip 18 % of 19.80 = 3.56 (… due 23.36). */
const cartSale: SaleView = saleView({
  currency: 'EUR',
  amount: '23.36',
  lines: [
    { name: 'Cappuccino grande', unitPrice: '8.00', quantity: 2, taxRate: '7', sku: 'CAP-1' },
    { name: 'Croissant', unitPrice: '6.00', quantity: 1, taxRate: '7' }
  ],
  subtotal: '22.00',
  discount: '2.20',
  tax: '1.30',
  taxRate: '7',
  taxes: [{ rate: '7', base: '18.50', tax: '1.30' }],
  taxInclusive: true,
  tip: '3.56',
  receiptNumber: 'T1-20261128-42',
  invoice
})

describe('buildReceipt', () => {
  it('carries lines, discount, tax per rate, tip, total, crypto, payment kind and transaction id', () => {
    const doc = buildReceipt(cartSale, shop, {
      locale: 'de',
      processorLabel: 'Demo',
      paidAt: '2026-11-28T12:02:00Z'
    })
    expect(doc.language).toBe('de')
    expect(doc.receiptNumber).toBe('T1-20261128-42')
    expect(doc.lines).toEqual([
      { name: 'Cappuccino grande', quantity: 2, unitPrice: '8.00', total: '16.00', sku: 'CAP-1' },
      { name: 'Croissant', quantity: 1, unitPrice: '6.00', total: '6.00', sku: null }
    ])
    expect(doc.discount).toBe('2.20')
    expect(doc.taxes).toEqual([{ rate: '7', base: '18.50', tax: '1.30' }])
    expect(doc.taxInclusive).toBe(true)
    expect(doc.tip).toBe('3.56')
    expect(doc.total).toBe('23.36')
    expect(doc.crypto).toEqual([
      { kind: 'lightning', coin: 'BTC', amount: '0.0004', rate: '60200.00', rateLabel: null }
    ])
    expect(doc.payments[0]).toMatchObject({ kind: 'lightning', txId: invoice.payments[0]?.id })
    expect(doc.issuedAt).toBe('2026-11-28T12:02:00Z')
  })

  it('treats absent cart fields as none: no tip, one tax line from the flat rate, tax on top', () => {
    const legacy = saleView({ amount: '11.00', subtotal: '10.00', tax: '1.00', taxRate: '10' })
    const doc = buildReceipt(legacy, shop)
    expect(doc.tip).toBeNull()
    expect(doc.discount).toBeNull()
    expect(doc.taxes).toEqual([{ rate: '10', base: '10.00', tax: '1.00' }])
    expect(doc.taxInclusive).toBe(false)
    expect(doc.language).toBe('en')
  })

  it('words the receipt in German with German money', () => {
    const text = layoutText(receiptRows(buildReceipt(cartSale, shop, { locale: 'de' })), 48).join('\n')
    expect(text).toContain('Café Morgenrot')
    expect(text).toContain('Beleg-Nr.')
    expect(text).toContain('T1-20261128-42')
    expect(text).toContain('Rabatt')
    expect(text).toContain('enth. MwSt. 7 %')
    expect(text).toContain('Trinkgeld')
    expect(text).toMatch(/Summe\s+23,36\s€/)
    expect(text).toContain('Bezahlt mit Bitcoin Lightning')
    expect(text).toContain('2 × 8,00 €')
    expect(text).toContain('USt-IdNr. DE123456789')
  })

  it('names payment kinds', () => {
    expect(paymentKind('BTC-CHAIN')).toBe('onchain')
    expect(paymentKind('BTC')).toBe('onchain')
    expect(paymentKind('BTC-LN')).toBe('lightning')
    expect(paymentKind('BTC-LightningNetwork')).toBe('lightning')
    expect(paymentKind('LTC')).toBe('coin')
    expect(paymentKind('USDT_TRX')).toBe('coin')
  })
})
