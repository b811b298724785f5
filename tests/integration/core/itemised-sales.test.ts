import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { PayOptionView, SaleView } from '@shared/contract'
import type { Core } from '../../../src/main/core'
import { MemorySecretStore } from '../../fixtures/memory-secret-store'
import { tempDir } from '../../fixtures/temp-dir'
import { startBtcpaySimulator, type BtcpaySimulator } from '../../simulators/btcpay'
import { startBtpaySimulator, type BtpaySimulator } from '../../simulators/btpay'
import { startPlisioSimulator, type PlisioSimulator } from '../../simulators/plisio'
import { fails, ok, processorCore, waitForSale } from './processor-helpers'
import { invoke } from './helpers'

let btcpay: BtcpaySimulator
let plisio: PlisioSimulator
let btpay: BtpaySimulator
let dir: ReturnType<typeof tempDir>
let core: Core

beforeAll(async () => {
  ;[btcpay, plisio, btpay] = await Promise.all([
    startBtcpaySimulator(),
    startPlisioSimulator(),
    startBtpaySimulator()
  ])
})
afterAll(async () => {
  await Promise.all([btcpay.close(), plisio.close(), btpay.close()])
})
beforeEach(async () => {
  dir = tempDir()
  core = processorCore(dir.path, new MemorySecretStore(), { connectors: { plisio: { baseUrl: plisio.url } } })
  await core.start()
})
afterEach(async () => {
  await core.stop()
  dir.remove()
})

const charge = (input: Record<string, unknown>) => ok<SaleView>(core, 'sale:charge', input)

describe('BTCPay Server', () => {
  beforeEach(async () => {
    await ok(core, 'processor:connect', {
      processor: 'btcpay',
      serverUrl: btcpay.url,
      storeId: btcpay.storeId,
      apiKey: btcpay.apiKey
    })
  })

  it('takes a keypad sale to paid: invoice with a BIP21 link, paid and confirmed at the server', async () => {
    const sale = await charge({ amount: '13.00', currency: 'USD', memo: 'Table 2' })
    expect(sale).toMatchObject({
      processor: 'btcpay',
      state: 'awaiting',
      amount: '13.00',
      subtotal: '13.00',
      tax: '0.00',
      taxRate: '0',
      lines: [],
      refunds: [],
      refunded: '0.00'
    })
    expect(sale.invoice).toMatchObject({
      processor: 'btcpay',
      orderId: sale.id,
      amount: '13.00',
      status: 'New'
    })
    const chain = sale.invoice!.paymentMethods.find((m) => m.id === 'BTC-CHAIN')!
    // 13.00 USD at 65 000 USD/BTC = 0.0002 BTC
    expect(chain.paymentLink).toMatch(/^bitcoin:bcrt1[0-9a-z]+\?amount=0\.0002(&|$)/i)
    await ok(core, 'invoice:focus', { saleId: sale.id })
    btcpay.control.pay(sale.invoice!.id, 'full')
    await waitForSale(core, sale.id, (s) => s.invoice?.status === 'Processing', 'Processing')
    btcpay.control.settle(sale.invoice!.id)
    const paid = await waitForSale(core, sale.id, (s) => s.state === 'paid', 'paid')
    expect(paid.invoice).toMatchObject({ status: 'Settled', paid: '13.00' })
  })

  it('finds a sale by the start of its id and by the BTCPay invoice id', async () => {
    const sale = await charge({ amount: '2.00', currency: 'USD' })
    const other = await charge({ amount: '3.00', currency: 'USD' })
    const byId = await ok<SaleView[]>(core, 'sale:find', { query: sale.id.slice(0, 14) })
    expect(byId.map((s) => s.id)).toEqual([sale.id])
    const byInvoice = await ok<SaleView[]>(core, 'sale:find', { query: other.invoice!.id })
    expect(byInvoice.map((s) => s.id)).toEqual([other.id])
    const byInvoiceStart = await ok<SaleView[]>(core, 'sale:find', {
      query: other.invoice!.id.slice(0, 6).toLowerCase()
    })
    expect(byInvoiceStart.map((s) => s.id)).toContain(other.id)
    expect(await ok<SaleView[]>(core, 'sale:find', { query: 'sale_zzzzzz' })).toEqual([])
    expect((await fails(core, 'sale:find', { query: 'ab' })).code).toBe('invalid-input')
  })
})

describe('itemised sales: validation', () => {
  it('refuses an amount that does not match the lines, tax or discount without lines', async () => {
    const lines = [{ name: 'Bagel', unitPrice: '2.50', quantity: 2 }]
    const mismatch = await fails(core, 'sale:charge', {
      amount: '5.01',
      currency: 'USD',
      lines,
      taxRate: '0'
    })
    expect(mismatch).toMatchObject({ code: 'invalid-input' })
    expect(mismatch.message).toMatch(/amount 5\.01 USD .*totals 5\.00 USD/)
    const taxed = await fails(core, 'sale:charge', { amount: '5.00', currency: 'USD', taxRate: '10' })
    expect(taxed.code).toBe('invalid-input')
    expect(taxed.message).toMatch(/apply to a cart/)
    expect(
      (await fails(core, 'sale:charge', { amount: '5.00', currency: 'USD', discount: '1.00' })).code
    ).toBe('invalid-input')
    expect(
      (await fails(core, 'sale:charge', { amount: '5.00', currency: 'USD', lines, taxRate: '101' })).code
    ).toBe('invalid-input')
    expect(
      (
        await fails(core, 'sale:charge', {
          amount: '0.50',
          currency: 'USD',
          lines,
          discount: '5.00'
        })
      ).code
    ).toBe('invalid-input')
    expect(await ok<SaleView[]>(core, 'sale:list', {})).toEqual([])
  })

  it('keeps lines, tax and discount on the sale (Demo): the discount comes off before tax', async () => {
    const sale = await charge({
      amount: '11.28',
      currency: 'USD',
      lines: [
        { name: 'Coffee', unitPrice: '3.50', quantity: 2 },
        { name: 'Cake', unitPrice: '4.25', quantity: 1 }
      ],
      taxRate: '10',
      discount: '1.00'
    })
    // 11.25 − 1.00 = 10.25, + 1.03 (10 % of 10.25 = 1.025, half-up)
    expect(sale).toMatchObject({
      amount: '11.28',
      subtotal: '11.25',
      tax: '1.03',
      discount: '1.00',
      discountGiven: { kind: 'amount', value: '1.00' },
      taxes: [{ rate: '10', base: '10.25', tax: '1.03' }],
      taxRate: '10',
      state: 'awaiting'
    })
    expect(sale.invoice?.amount).toBe('11.28')
  })
})

describe('Plisio', () => {
  beforeEach(async () => {
    await ok(core, 'processor:connect', { processor: 'plisio', apiKey: plisio.apiKey })
  })

  it('offers the coins with rate, minimum and why a coin cannot be used', async () => {
    const options = await ok<PayOptionView[]>(core, 'sale:payOptions', { amount: '10.00', currency: 'USD' })
    expect(options.map((o) => o.id)).toEqual(['BTC', 'LTC', 'ETH'])
    expect(options[0]).toEqual({
      id: 'BTC',
      label: 'Bitcoin',
      currency: 'BTC',
      rate: '65000.00',
      minAmount: '6.50',
      available: true,
      reason: null
    })
    expect(options[1]).toMatchObject({
      id: 'LTC',
      available: false,
      reason: expect.stringMatching(/maintenance/)
    })
    expect(options[2]).toMatchObject({
      id: 'ETH',
      available: false,
      minAmount: '162.50',
      reason: expect.stringMatching(/below Plisio's minimum/)
    })
    const big = await ok<PayOptionView[]>(core, 'sale:payOptions', { amount: '200.00', currency: 'USD' })
    expect(big.find((o) => o.id === 'ETH')).toMatchObject({ available: true, reason: null })
  })

  it('charges in the coin chosen and follows it to paid', async () => {
    const sale = await charge({ amount: '10.00', currency: 'USD', paymentMethod: 'BTC' })
    expect(sale).toMatchObject({ processor: 'plisio', state: 'awaiting', paymentMethod: 'BTC' })
    const request = plisio.control.requests.find(
      (r) => r.path === 'invoices/new' && r.query.order_number === sale.id
    )
    expect(request?.query.allowed_psys_cids).toBe('BTC')
    expect(sale.invoice!.paymentMethods[0]).toMatchObject({ id: 'BTC', currency: 'BTC' })
    plisio.control.payFull(sale.invoice!.id)
    await ok(core, 'invoice:focus', { saleId: sale.id })
    const paid = await waitForSale(core, sale.id, (s) => s.state === 'paid', 'paid')
    expect(paid.invoice?.status).toBe('Settled')
  })

  it('refuses a coin in maintenance or below its minimum before any sale or invoice is made', async () => {
    for (const coin of ['LTC', 'ETH']) {
      const before = plisio.control.requests.length
      const salesBefore = core.ledger.listSales(100).length
      const result = await invoke(core, 'sale:charge', {
        amount: '10.00',
        currency: 'USD',
        paymentMethod: coin
      })
      expect(result.ok).toBe(false)
      if (result.ok) continue
      expect(result.error.code).toBe('invalid-input')
      expect(result.error.message).toMatch(coin === 'LTC' ? /maintenance/ : /minimum/)
      expect(core.ledger.listSales(100)).toHaveLength(salesBefore)
      const made = plisio.control.requests.slice(before)
      expect(made.some((r) => r.path === 'invoices/new')).toBe(false)
    }
  })

  it('refuses a coin the shop does not offer', async () => {
    const result = await invoke(core, 'sale:charge', {
      amount: '10.00',
      currency: 'USD',
      paymentMethod: 'DOGE'
    })
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
  })
})

describe('BTPay', () => {
  beforeEach(async () => {
    await ok(core, 'processor:connect', { processor: 'btpay', baseUrl: btpay.url, apiKey: btpay.apiKey })
  })

  it('bills a two-line sale with 10 % tax for the same total, and follows it to paid', async () => {
    const sale = await charge({
      amount: '12.38',
      currency: 'USD',
      lines: [
        { name: 'Coffee', unitPrice: '3.50', quantity: 2 },
        { name: 'Cake', unitPrice: '4.25', quantity: 1 }
      ],
      taxRate: '10'
    })
    expect(sale).toMatchObject({ processor: 'btpay', state: 'awaiting', subtotal: '11.25', tax: '1.13' })
    const number = sale.invoice!.id
    const stored = btpay.control.invoices().find((i) => i.invoice_number === number)!
    // The tax travels as a line of its own (docs/processors/btpay.md), so BTPay's total is the sale's.
    expect(stored).toMatchObject({ total: '12.38', subtotal: '12.38', tax_amount: '0.00', status: 'pending' })
    expect(stored.lines.map((l) => [l.description, l.quantity, l.unit_price])).toEqual([
      ['Coffee', '2', '3.50'],
      ['Cake', '1', '4.25'],
      ['Tax 10 %', '1', '1.13']
    ])
    expect(sale.invoice).toMatchObject({ amount: '12.38', currency: 'USD' })
    expect(sale.invoice!.paymentMethods[0]?.paymentLink).toMatch(/^bitcoin:bc1qsim/)
    await ok(core, 'invoice:focus', { saleId: sale.id })
    btpay.control.pay(number)
    await waitForSale(core, sale.id, (s) => s.invoice?.status === 'Processing', 'Processing')
    btpay.control.confirm(number)
    const paid = await waitForSale(core, sale.id, (s) => s.state === 'paid', 'paid')
    expect(paid.invoice).toMatchObject({ status: 'Settled', paid: '12.38' })
  })

  it('bills a keypad sale as one line of its amount', async () => {
    const sale = await charge({ amount: '7.25', currency: 'EUR', memo: 'Flowers' })
    const stored = btpay.control.invoices().find((i) => i.invoice_number === sale.invoice!.id)!
    expect(stored).toMatchObject({ total: '7.25', currency: 'EUR', tax_amount: '0.00' })
    expect(stored.lines).toHaveLength(1)
    expect(stored.lines[0]).toMatchObject({ description: 'Flowers', unit_price: '7.25' })
  })
})
