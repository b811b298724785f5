import { join } from 'node:path'
import Database from 'libsql'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { SaleView, SettingsView } from '@shared/contract'
import type { Core } from '../../../src/main/core'
import { openDatabase } from '../../../src/main/ledger/database'
import { MIGRATIONS } from '../../../src/main/ledger/migrations'
import type { DemoProcessor } from '../../../src/main/processors/demo'
import { MemorySecretStore } from '../../fixtures/memory-secret-store'
import { tempDir } from '../../fixtures/temp-dir'
import { startBtcpaySimulator, type BtcpaySimulator } from '../../simulators/btcpay'
import { startBtpaySimulator, type BtpaySimulator } from '../../simulators/btpay'
import { startPlisioSimulator, type PlisioSimulator } from '../../simulators/plisio'
import { fails, ok, processorCore, waitForSale } from './processor-helpers'

let dir: ReturnType<typeof tempDir>
let secrets: MemorySecretStore
let core: Core
let plisio: PlisioSimulator

const open = async (): Promise<Core> => {
  const made = processorCore(dir.path, secrets, { connectors: { plisio: { baseUrl: plisio.url } } })
  await made.start()
  return made
}

beforeAll(async () => {
  plisio = await startPlisioSimulator()
})
afterAll(async () => {
  await plisio.close()
})
beforeEach(async () => {
  dir = tempDir()
  secrets = new MemorySecretStore()
  core = await open()
})
afterEach(async () => {
  await core.stop()
  dir.remove()
})

/**
 * EUR, prices without tax: 2 × Espresso 2.50 at the store's 19 %, a book at 7 %, 10 % off, 15 % tip.
 * 15.00 − 1.50 (0.50 + 1.00) → tax 0.86 (19 % of 4.50 = 0.855) + 0.63 (7 % of 9.00) → 14.99 + tip 2.25 = 17.24.
 */
const cart = {
  amount: '17.24',
  currency: 'EUR',
  memo: 'Table 4',
  lines: [
    { name: 'Espresso', unitPrice: '2.50', quantity: 2, itemId: 'itm_espresso' },
    { name: 'Book', unitPrice: '10.00', quantity: 1, taxRate: '7', itemId: 'itm_book', sku: '978-3' }
  ],
  discount: { kind: 'percent', value: '10' },
  tip: { kind: 'percent', value: '15' }
}

const store = (till: Record<string, unknown> = {}) =>
  ok<SettingsView>(core, 'settings:update', { currency: 'EUR', taxRate: '19', till })

describe('till settings', () => {
  it('are read with their defaults, updated field by field and kept; a bad one changes nothing', async () => {
    const first = await ok<SettingsView>(core, 'settings:get', {})
    expect(first.till).toEqual({
      taxInclusive: false,
      tipsEnabled: false,
      tipPresets: ['10', '15', '20'],
      maxSaleAmount: '5000',
      tillId: 'T1'
    })
    const updated = await ok<SettingsView>(core, 'settings:update', {
      till: { tipsEnabled: true, tipPresets: ['5', '12.5'], tillId: 'Bar2' }
    })
    expect(updated.till).toMatchObject({ tipsEnabled: true, tipPresets: ['5', '12.5'], tillId: 'Bar2' })
    expect((await fails(core, 'settings:update', { till: { tillId: 'Bar-2' } })).code).toBe('invalid-input')
    expect(
      (await fails(core, 'settings:update', { currency: 'JPY', till: { maxSaleAmount: '99.5' } })).code
    ).toBe('invalid-input')
    await core.stop()
    core = await open()
    const again = await ok<SettingsView>(core, 'settings:get', {})
    expect(again.currency).toBe('USD')
    expect(again.till).toEqual({ ...updated.till })
  })
})

describe('a cart sale (Demo)', () => {
  it('round-trips charge → ledger → SaleView with taxes and tip exact, and survives a restart', async () => {
    await store()
    const sale = await ok<SaleView>(core, 'sale:charge', cart)
    expect(sale).toMatchObject({
      amount: '17.24',
      currency: 'EUR',
      state: 'awaiting',
      taxRate: '19',
      subtotal: '15.00',
      discount: '1.50',
      tax: '1.49',
      tip: '2.25',
      taxInclusive: false,
      taxes: [
        { rate: '19', base: '4.50', tax: '0.86' },
        { rate: '7', base: '9.00', tax: '0.63' }
      ],
      discountGiven: { kind: 'percent', value: '10' },
      tipGiven: { kind: 'percent', value: '15' }
    })
    expect(sale.lines).toEqual([
      { name: 'Espresso', unitPrice: '2.50', quantity: 2, itemId: 'itm_espresso', taxRate: '19' },
      { name: 'Book', unitPrice: '10.00', quantity: 1, taxRate: '7', itemId: 'itm_book', sku: '978-3' }
    ])
    expect(sale.invoice?.amount).toBe('17.24')
    expect(core.ledger.getSale(sale.id)).toMatchObject({
      amountMinor: 1724n,
      subtotalMinor: 1500n,
      discountMinor: 150n,
      taxMinor: 149n,
      tipMinor: 225n,
      cart: { lineDiscountsMinor: [50n, 100n] }
    })
    const demo = core.processors.get('demo') as DemoProcessor
    expect(demo.invoiceCart(sale.invoice!.id)).toMatchObject({
      lines: [{ name: 'Espresso' }, { name: 'Book' }],
      cart: { total: '17.24', tip: '2.25', discount: '1.50', tipPercent: '15' }
    })

    await core.stop()
    core = await open()
    const { invoice: _before, simulatable: _s, ...kept } = sale
    const reread = await ok<SaleView>(core, 'sale:get', { saleId: sale.id })
    expect(reread).toMatchObject(kept)
    expect(await ok<SaleView[]>(core, 'sale:find', { query: 'Espresso' })).toHaveLength(1)
  })

  it('prices with tax included when the store says so', async () => {
    await store({ taxInclusive: true })
    // 15.00 − 1.50: 4.50 incl. 19 % (0.72) and 9.00 incl. 7 % (0.59); 13.50 + 15 % tip (2.03) = 15.53
    const sale = await ok<SaleView>(core, 'sale:charge', { ...cart, amount: '15.53' })
    expect(sale).toMatchObject({
      taxInclusive: true,
      tax: '1.31',
      tip: '2.03',
      taxes: [
        { rate: '19', base: '3.78', tax: '0.72' },
        { rate: '7', base: '8.41', tax: '0.59' }
      ]
    })
    const wrong = await fails(core, 'sale:charge', cart)
    expect(wrong).toEqual({
      code: 'invalid-input',
      message: 'The amount 17.24 EUR does not match the cart: it totals 15.53 EUR'
    })
  })

  it('refuses a total above the maximum until the cashier confirms it, recording nothing', async () => {
    await store({ maxSaleAmount: '15' })
    const refused = await fails(core, 'sale:charge', cart)
    expect(refused.code).toBe('sale-above-maximum')
    expect(refused.message).toMatch(/17\.24 EUR is above this till's maximum of 15 EUR/)
    expect((await fails(core, 'sale:charge', { amount: '15.01', currency: 'EUR' })).code).toBe(
      'sale-above-maximum'
    )
    expect(await ok<SaleView[]>(core, 'sale:list', {})).toEqual([])
    const confirmed = await ok<SaleView>(core, 'sale:charge', { ...cart, confirmLarge: true })
    expect(confirmed).toMatchObject({ amount: '17.24', state: 'awaiting' })
    expect(await ok<SaleView>(core, 'sale:charge', { amount: '15.00', currency: 'EUR' })).toMatchObject({
      amount: '15.00'
    })
  })

  it('records a payment simulated on the Lightning tab as Lightning', async () => {
    const sale = await ok<SaleView>(core, 'sale:charge', { amount: '4.20', currency: 'USD' })
    const paid = await ok<SaleView>(core, 'demo:simulate', {
      saleId: sale.id,
      kind: 'full',
      paymentMethod: 'BTC-LN'
    })
    expect(paid.invoice?.payments.map((p) => p.method)).toEqual(['BTC-LN'])
    const lightning = paid.invoice?.paymentMethods.find((m) => m.id === 'BTC-LN')
    expect(lightning?.paid).toBe(lightning?.amount)
    // Lightning is final on arrival: no block to wait for.
    expect(paid.state).toBe('paid')
    const chain = await ok<SaleView>(core, 'sale:charge', { amount: '4.20', currency: 'USD' })
    const onChain = await ok<SaleView>(core, 'demo:simulate', { saleId: chain.id, kind: 'full' })
    expect(onChain.invoice?.payments.map((p) => p.method)).toEqual(['BTC-CHAIN'])
  })
})

describe('a sale from before the cart', () => {
  it('keeps its stored amounts: tip 0, one tax line of its rate, discount as stored', async () => {
    await core.stop()
    const path = join(dir.path, 'kassa.sqlite')
    const cartStep = MIGRATIONS.findIndex((step) => typeof step === 'string' && step.includes('cart_json'))
    expect(cartStep).toBeGreaterThan(0)
    // A fresh ledger as the build before the cart made it, with a sale it rang up (tax before its discount).
    const { rmSync } = await import('node:fs')
    rmSync(path, { force: true })
    rmSync(`${path}-wal`, { force: true })
    rmSync(`${path}-shm`, { force: true })
    openDatabase(path, MIGRATIONS.slice(0, cartStep)).close()
    const old = new Database(path)
    old
      .prepare(
        `INSERT INTO sales (id, created_at, updated_at, currency, amount_minor, memo, lines_json, processor, state,
           tax_rate, subtotal_minor, tax_minor, discount_minor)
         VALUES ('sale_old0000001', '2025-01-01T10:00:00.000Z', '2025-01-01T10:00:00.000Z', 'USD', 1138, NULL, ?,
           'demo', 'cancelled', '10', 1125, 113, 100)`
      )
      .run(
        JSON.stringify([
          { name: 'Coffee', unitPrice: '3.50', quantity: 2 },
          { name: 'Cake', unitPrice: '4.25', quantity: 1 }
        ])
      )
    old.close()
    core = await open()
    const sale = await ok<SaleView>(core, 'sale:get', { saleId: 'sale_old0000001' })
    expect(sale).toMatchObject({
      amount: '11.38',
      subtotal: '11.25',
      tax: '1.13',
      discount: '1.00',
      tip: '0.00',
      taxRate: '10',
      taxes: [{ rate: '10', base: '11.25', tax: '1.13' }],
      taxInclusive: false,
      discountGiven: null,
      tipGiven: null
    })
  })
})

describe('processors get the cart in their own form', () => {
  let btcpay: BtcpaySimulator
  let btpay: BtpaySimulator
  beforeAll(async () => {
    ;[btcpay, btpay] = await Promise.all([startBtcpaySimulator(), startBtpaySimulator()])
  })
  afterAll(async () => {
    await Promise.all([btcpay.close(), btpay.close()])
  })

  it('BTPay bills exactly the sale’s total, through its own formula (exclusive and inclusive tax)', async () => {
    await ok(core, 'processor:connect', { processor: 'btpay', baseUrl: btpay.url, apiKey: btpay.apiKey })
    await store()
    const sale = await ok<SaleView>(core, 'sale:charge', cart)
    const stored = btpay.control.invoices().find((i) => i.invoice_number === sale.invoice!.id)!
    expect(stored).toMatchObject({
      total: '17.24',
      discount_amount: '1.50',
      tax_rate: '0',
      status: 'pending'
    })
    expect(stored.lines.map((l) => [l.description, l.quantity, l.unit_price])).toEqual([
      ['Espresso', '2', '2.50'],
      ['Book', '1', '10.00'],
      ['Tax 19 %', '1', '0.86'],
      ['Tax 7 %', '1', '0.63'],
      ['Tip 15 %', '1', '2.25']
    ])
    expect(sale).toMatchObject({ state: 'awaiting', amount: '17.24' })

    await store({ taxInclusive: true })
    const inclusive = await ok<SaleView>(core, 'sale:charge', {
      ...cart,
      amount: '16.35',
      tip: { kind: 'amount', value: '2.85' }
    })
    const billed = btpay.control.invoices().find((i) => i.invoice_number === inclusive.invoice!.id)!
    expect(billed.total).toBe(inclusive.amount)
    expect(billed.notes).toMatch(/incl\. tax 19 %: 0\.72, incl\. tax 7 %: 0\.59/)
    await ok(core, 'invoice:focus', { saleId: inclusive.id })
    btpay.control.pay(billed.invoice_number)
    btpay.control.confirm(billed.invoice_number)
    const paid = await waitForSale(core, inclusive.id, (s) => s.state === 'paid', 'paid')
    expect(paid.invoice).toMatchObject({ paid: '16.35' })
  })

  it('BTCPay gets posData and receiptData with items, discount, tax and tip', async () => {
    await ok(core, 'processor:connect', {
      processor: 'btcpay',
      serverUrl: btcpay.url,
      storeId: btcpay.storeId,
      apiKey: btcpay.apiKey
    })
    await store()
    const sale = await ok<SaleView>(core, 'sale:charge', cart)
    const response = await fetch(
      `${btcpay.url}/api/v1/stores/${btcpay.storeId}/invoices/${sale.invoice!.id}`,
      {
        headers: { authorization: `token ${btcpay.apiKey}` }
      }
    )
    const invoice = (await response.json()) as { amount: string; metadata: Record<string, unknown> }
    expect(invoice.amount).toBe('17.24')
    expect(invoice.metadata).toMatchObject({
      orderId: sale.id,
      itemDesc: 'Table 4',
      posData: {
        cart: [
          { id: 'itm_espresso', title: 'Espresso', price: '2.50', count: 2 },
          { id: '978-3', title: 'Book', price: '10.00', count: 1 }
        ],
        itemsTotal: '15.00',
        discountPercentage: '10',
        discountAmount: '1.50',
        subTotal: '13.50',
        tax: '1.49',
        tipPercentage: '15',
        tip: '2.25',
        total: '17.24'
      },
      receiptData: { Discount: '-€1.50 (10%)', Tip: '€2.25 (15%)', Total: '€17.24' }
    })
  })

  it('Plisio gets a short order name and the cart in its description', async () => {
    await ok(core, 'processor:connect', { processor: 'plisio', apiKey: plisio.apiKey })
    await store()
    const sale = await ok<SaleView>(core, 'sale:charge', { ...cart, currency: 'EUR' })
    const request = plisio.control.requests.find(
      (r) => r.path === 'invoices/new' && r.query.order_number === sale.id
    )
    expect(request?.query).toMatchObject({
      source_amount: '17.24',
      order_name: 'Table 4: 3 items',
      description:
        '2 × Espresso @ 2.50 = 5.00; Book 10.00; Discount 10 %: −1.50; Tax 19 %: 0.86; Tax 7 %: 0.63; ' +
        'Tip 15 %: 2.25; Total 17.24 EUR'
    })
  })
})
