import { parse } from 'csv-parse/sync'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RefundView, SaleView } from '@shared/contract'
import type { ExportFileView } from '@shared/day'
import { addDays, businessDayOf, businessDayRange } from '../../../src/main/day/business-day'
import type { Core } from '../../../src/main/core'
import { tempDir, waitFor } from '../../fixtures/temp-dir'
import { testCore } from '../core/helpers'
import { fails, ok } from '../core/processor-helpers'

const RULE = { timeZone: 'Europe/Berlin', startHour: 3 }
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

let dir: ReturnType<typeof tempDir>
let core: Core

beforeEach(async () => {
  dir = tempDir()
  core = testCore(dir.path)
  await core.start()
  await ok(core, 'settings:update', { currency: 'EUR', businessDay: RULE })
})
afterEach(async () => {
  await core.stop()
  dir.remove()
})

/** Ring up a sale on the Demo in `currency` (made the store's currency first). */
async function charge(amount: string, currency: string): Promise<SaleView> {
  await ok(core, 'settings:update', { currency })
  return ok<SaleView>(core, 'sale:charge', { amount, currency })
}

function until(saleId: string, done: (sale: SaleView) => boolean, what: string): Promise<SaleView> {
  return waitFor(() => ok<SaleView>(core, 'sale:get', { saleId }), done, { what })
}

async function paid(amount: string, currency: string, method?: string): Promise<SaleView> {
  const sale = await charge(amount, currency)
  await ok(core, 'demo:simulate', { saleId: sale.id, kind: 'full', paymentMethod: method })
  return until(sale.id, (s) => s.state === 'paid', `${currency} sale paid`)
}

/** Put a sale's (or a refund's) creation at `at` ms, to place it against the business day's bounds. */
function moveTo(table: 'sales' | 'refunds', id: string, at: number): void {
  core.ledger.database
    .prepare(`UPDATE ${table} SET created_at = ? WHERE id = ?`)
    .run(new Date(at).toISOString(), id)
}

function read(file: ExportFileView): Record<string, string>[] {
  expect(file.mimeType).toBe('text/csv')
  expect(file.content.startsWith('\ufeff')).toBe(true)
  expect(file.content).toContain('\r\n')
  const rows = parse(file.content, { bom: true, columns: true }) as Record<string, string>[]
  expect(rows).toHaveLength(file.count)
  return rows
}

describe('export:csv through the core, on a real ledger and the Demo', () => {
  it('invoices: one row per invoice of the range, every value exact, JPY and KWD in their own decimals', async () => {
    const today = businessDayOf(Date.now(), RULE)
    const { fromMs, toMs } = businessDayRange(today, RULE)
    const full = await paid('12.50', 'EUR')
    const lightning = await paid('1500', 'JPY', 'BTC-LN')
    const kwd = await paid('1.234', 'KWD')
    const partial = await charge('20.00', 'EUR')
    await ok(core, 'demo:simulate', { saleId: partial.id, kind: 'partial' })
    await until(partial.id, (s) => s.invoice?.additionalStatus === 'PaidPartial', 'partial payment')
    await ok(core, 'demo:simulate', { saleId: partial.id, kind: 'expire' })
    await until(partial.id, (s) => s.invoice?.status === 'Expired', 'partial expired')
    const expired = await charge('5.00', 'EUR')
    await ok(core, 'demo:simulate', { saleId: expired.id, kind: 'expire' })
    await until(expired.id, (s) => s.invoice?.status === 'Expired', 'expired')
    // the first instant of the day is in it, the one before is the day before
    const first = await paid('1.00', 'EUR')
    moveTo('sales', first.id, fromMs)
    const before = await paid('2.00', 'EUR')
    moveTo('sales', before.id, fromMs - 1)
    const after = await paid('3.00', 'EUR')
    moveTo('sales', after.id, toMs)

    const file = await ok<ExportFileView>(core, 'export:csv', {
      kind: 'invoices',
      fromDay: today,
      toDay: today
    })
    expect(file.fileName).toBe(`invoices-${today}.csv`)
    const rows = read(file)
    expect(rows.map((row) => row.sale_id)).toEqual([
      first.id,
      full.id,
      lightning.id,
      kwd.id,
      partial.id,
      expired.id
    ])
    const bySale = new Map(rows.map((row) => [row.sale_id, row]))
    for (const row of rows) {
      expect(row.created_at).toMatch(ISO)
      expect(row.business_day).toBe(today)
      expect(row.till).toBe('T1')
      expect(row.processor).toBe('demo')
    }
    expect(bySale.get(first.id)!.created_at).toBe(new Date(fromMs).toISOString())
    // EUR at the Demo's 59800.00: 12.50 / 59800 = 0.000209030… BTC, rounded up to 20904 sats
    expect(bySale.get(full.id)).toEqual({
      created_at: full.createdAt,
      paid_at: expect.stringMatching(ISO),
      business_day: today,
      till: 'T1',
      receipt_number: full.receiptNumber,
      sale_id: full.id,
      processor: 'demo',
      invoice_id: full.invoice!.id,
      status: 'Settled',
      additional_status: 'None',
      currency: 'EUR',
      amount: '12.50',
      paid: '12.50',
      discount: '0.00',
      tax: '0.00',
      tip: '0.00',
      payment_methods: 'BTC-CHAIN',
      crypto_currency: 'BTC',
      crypto_paid: '0.00020904',
      crypto_paid_smallest_unit: '20904',
      invoice_rate: '59800.00',
      // 0.00020904 × 59800 = 12.500592
      fiat_at_invoice_rate: '12.50',
      fiat_at_payment: '12.50'
    })
    // JPY (no minor unit) at 9750000: 15385 sats; 0.00015385 × 9750000 = 1500.0375 → 1500
    expect(bySale.get(lightning.id)).toMatchObject({
      currency: 'JPY',
      amount: '1500',
      paid: '1500',
      discount: '0',
      tip: '0',
      payment_methods: 'BTC-LN',
      crypto_paid: '0.00015385',
      crypto_paid_smallest_unit: '15385',
      invoice_rate: '9750000',
      fiat_at_invoice_rate: '1500',
      fiat_at_payment: '1500'
    })
    // KWD (3 decimals) at 19955.000: 6184 sats; 0.00006184 × 19955 = 1.2341172 → 1.234
    expect(bySale.get(kwd.id)).toMatchObject({
      currency: 'KWD',
      amount: '1.234',
      paid: '1.234',
      tax: '0.000',
      crypto_paid: '0.00006184',
      crypto_paid_smallest_unit: '6184',
      invoice_rate: '19955.000',
      fiat_at_invoice_rate: '1.234',
      fiat_at_payment: '1.234'
    })
    // half of 33445 sats: the invoice's rate values it at 9.999756 → 10.00 (half-up), the processor credited 9.99
    expect(bySale.get(partial.id)).toMatchObject({
      paid_at: '',
      receipt_number: '',
      status: 'Expired',
      additional_status: 'PaidPartial',
      amount: '20.00',
      paid: '9.99',
      crypto_paid: '0.00016722',
      crypto_paid_smallest_unit: '16722',
      fiat_at_invoice_rate: '10.00',
      fiat_at_payment: '9.99'
    })
    // nothing paid: no methods, no crypto, the quoted rate
    expect(bySale.get(expired.id)).toMatchObject({
      status: 'Expired',
      additional_status: 'None',
      paid: '0.00',
      payment_methods: '',
      crypto_currency: '',
      crypto_paid: '',
      crypto_paid_smallest_unit: '',
      invoice_rate: '59800.00',
      fiat_at_invoice_rate: '',
      fiat_at_payment: '0.00'
    })

    // two days: the sale of the day before comes first, with its own business day
    const both = read(
      await ok<ExportFileView>(core, 'export:csv', {
        kind: 'invoices',
        fromDay: addDays(today, -1),
        toDay: today
      })
    )
    expect(both[0]).toMatchObject({ sale_id: before.id, business_day: addDays(today, -1) })
    expect(both).toHaveLength(7)
  })

  it('refunds: one row per refund of the range, the pull payment id, the fiat value; formulas neutralised', async () => {
    const today = businessDayOf(Date.now(), RULE)
    const { toMs } = businessDayRange(today, RULE)
    const sale = await paid('12.50', 'EUR')
    const pull = await ok<RefundView>(core, 'refund:create', {
      saleId: sale.id,
      variant: 'RateThen',
      reason: '@SUM(A1:A9)'
    })
    const yen = await paid('1500', 'JPY')
    const recorded = await ok<RefundView>(core, 'refund:record', {
      saleId: yen.id,
      amount: '700',
      method: 'cash',
      reason: '=HYPERLINK("http://x.invalid","click"), said "no"'
    })
    const other = await ok<RefundView>(core, 'refund:record', {
      saleId: yen.id,
      amount: '100',
      method: 'cash',
      reason: 'next day'
    })
    moveTo('refunds', other.id, toMs)

    const file = await ok<ExportFileView>(core, 'export:csv', {
      kind: 'refunds',
      fromDay: today,
      toDay: today
    })
    expect(file.fileName).toBe(`refunds-${today}.csv`)
    // the quote inside the reason is doubled, the field quoted (RFC 4180)
    expect(file.content).toContain(`"'=HYPERLINK(""http://x.invalid"",""click""), said ""no"""`)
    const rows = read(file)
    expect(rows).toHaveLength(2)
    expect(rows[0]).toEqual({
      created_at: pull.createdAt,
      business_day: today,
      till: 'T1',
      sale_id: sale.id,
      receipt_number: sale.receiptNumber,
      processor: 'demo',
      refund_id: pull.id,
      kind: 'pull-payment',
      variant: 'RateThen',
      subtract_percentage: '',
      amount: '0.00020904',
      currency: 'BTC',
      fiat_value: '12.50',
      fiat_currency: 'EUR',
      state: pull.state,
      processor_refund_id: pull.externalId,
      method: 'BTC-CHAIN',
      tx_id: '',
      reason: "'@SUM(A1:A9)"
    })
    expect(pull.externalId).toBeTruthy()
    expect(rows[1]).toMatchObject({
      refund_id: recorded.id,
      kind: 'recorded',
      amount: '700',
      currency: 'JPY',
      fiat_value: '700',
      fiat_currency: 'JPY',
      state: 'completed',
      method: 'cash',
      reason: `'=HYPERLINK("http://x.invalid","click"), said "no"`
    })
  })

  it('a range that runs backwards is refused', async () => {
    const refused = await fails(core, 'export:csv', {
      kind: 'invoices',
      fromDay: '2026-11-28',
      toDay: '2026-11-27'
    })
    expect(refused.code).toBe('invalid-input')
  })
})
