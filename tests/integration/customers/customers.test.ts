import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SaleView } from '@shared/contract'
import type { CustomerDetailView, CustomerView } from '@shared/customers'
import type { ExportFileView } from '@shared/day'
import type { Result } from '@shared/errors'
import type { Core } from '../../../src/main/core'
import { tempDir } from '../../fixtures/temp-dir'
import { invoke, testCore, waitForState } from '../core/helpers'

// Customers through the contract's dispatcher with the Demo: attach at the charge, find, correct, erase.

const NAME = 'Anneliese Quastmüller'
const EMAIL = 'anneliese.quast@example.org'
const PHONE = '+49 170 5550123'
const NEW_PHONE = '+49 171 4440987'

let dir: ReturnType<typeof tempDir>
let core: Core
let first: SaleView
let second: SaleView

async function value<T>(name: string, input: unknown): Promise<T> {
  const result = (await invoke(core, name, input)) as Result<T>
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`)
  return result.value
}

async function paidSale(input: Record<string, unknown>): Promise<SaleView> {
  const sale = await value<SaleView>('sale:charge', { amount: '12.50', currency: 'USD', ...input })
  await value('demo:simulate', { saleId: sale.id, kind: 'full' })
  return waitForState(core, sale.id, 'paid')
}

/** Every table and column of the ledger where `needle` occurs in any case (text, or blob read as text). */
function traces(needle: string): string[] {
  const db = core.ledger.database
  const found: string[] = []
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
  for (const { name } of tables) {
    const columns = db.prepare(`PRAGMA table_info("${name}")`).all() as { name: string }[]
    for (const column of columns) {
      const row = db
        .prepare(
          `SELECT count(*) AS n FROM "${name}" WHERE instr(lower(CAST("${column.name}" AS TEXT)), lower(?)) > 0`
        )
        .get(needle) as { n: bigint }
      if (row.n > 0n) found.push(`${name}.${column.name}`)
    }
  }
  return found
}

async function exports(): Promise<string> {
  const range = { fromDay: '2020-01-01', toDay: '2099-12-31' }
  const invoices = await value<ExportFileView>('export:csv', { kind: 'invoices', ...range })
  const refunds = await value<ExportFileView>('export:csv', { kind: 'refunds', ...range })
  return invoices.content + refunds.content
}

beforeAll(async () => {
  dir = tempDir()
  core = testCore(dir.path)
  await core.start()
})

afterAll(async () => {
  await core.stop()
  dir.remove()
})

describe('customers', () => {
  it('charges with a new customer: made with the sale, shown on it, audited without the data', async () => {
    first = await paidSale({
      memo: `For ${NAME}`,
      customer: { name: NAME, email: ` ${EMAIL} `, phone: PHONE }
    })
    expect(first.customer).toMatchObject({ name: NAME, email: EMAIL, phone: PHONE })
    expect(first.customer!.id).toMatch(/^cus_[0-9a-f]{32}$/)
    const audit = core.ledger.database
      .prepare("SELECT details_json FROM audit_log WHERE action = 'customer.created'")
      .all() as { details_json: string }[]
    expect(audit).toHaveLength(1)
    expect(JSON.parse(audit[0]!.details_json)).toEqual({
      customerId: first.customer!.id,
      fields: ['name', 'email', 'phone']
    })
  })

  it('refuses a charge with a bad customer and records nothing', async () => {
    const before = (await value<SaleView[]>('sale:list', {})).length
    for (const customer of [
      { email: 'not-an-address' },
      {},
      { name: 'x'.repeat(121) },
      { phone: 'call me' }
    ]) {
      const result = await invoke(core, 'sale:charge', { amount: '1.00', currency: 'USD', customer })
      expect(result, JSON.stringify(customer)).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    }
    const unknown = await invoke(core, 'sale:charge', {
      amount: '1.00',
      currency: 'USD',
      customer: { id: 'cus_' + '0'.repeat(32) }
    })
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not-found' } })
    expect(await value<SaleView[]>('sale:list', {})).toHaveLength(before)
  })

  it('finds the customer by a few letters of a name word, the e-mail or the phone, in any case', async () => {
    for (const query of ['ann', 'QUAST', 'quastmu', 'anneliese.q', '170 555', '+4917055']) {
      const found = await value<CustomerView[]>('customer:search', { query })
      expect(
        found.map((c) => c.id),
        query
      ).toEqual([first.customer!.id])
    }
    expect(await value('customer:search', { query: 'zz' })).toEqual([])
  })

  it('charges with the existing customer by id: their history has both sales, newest first', async () => {
    second = await paidSale({ customer: { id: first.customer!.id } })
    expect(second.customer?.id).toBe(first.customer!.id)
    const detail = await value<CustomerDetailView>('customer:get', { customerId: first.customer!.id })
    expect(detail.sales.map((s) => s.saleId)).toEqual([second.id, first.id])
    expect(detail.sales[0]).toMatchObject({ state: 'paid', amount: '12.50', currency: 'USD' })
    expect(core.customers.forSale(first.id)?.id).toBe(first.customer!.id)
    expect(core.customers.history(first.customer!.id)).toHaveLength(2)
    // The paid path keeps their visit stats (two sales on one business day are one visit).
    expect(
      core.ledger.database
        .prepare('SELECT visits FROM customer_stats WHERE customer_id = ?')
        .get(first.customer!.id)
    ).toMatchObject({ visits: 1n })
  })

  it('corrects a customer: new fields found, the old phone gone', async () => {
    const corrected = await value<CustomerView>('customer:save', {
      id: first.customer!.id,
      name: NAME,
      email: EMAIL,
      phone: NEW_PHONE
    })
    expect(corrected.phone).toBe(NEW_PHONE)
    expect(await value<CustomerView[]>('customer:search', { query: '171 444' })).toHaveLength(1)
    expect(await value<CustomerView[]>('customer:search', { query: '170 555' })).toEqual([])
    expect(traces('5550123')).toEqual([])
  })

  it('erases the customer: no trace in any table, column or export; the sales remain, anonymous', async () => {
    const customerId = first.customer!.id
    // Copies the ledger may hold: a receipt e-mailed to them, a refund whose reason names them, the processor's
    // answer carrying their e-mail.
    core.ledger.audit('cashier', 'receipt.emailed', first.id, { to: EMAIL })
    await value('refund:record', {
      saleId: first.id,
      amount: '2.00',
      method: 'cash',
      reason: `${NAME} returned a cup`
    })
    core.ledger.database
      .prepare("UPDATE invoices SET data_json = json_set(data_json, '$.buyerEmail', ?) WHERE sale_id = ?")
      .run(EMAIL.toUpperCase(), second.id)
    for (const needle of [NAME, EMAIL]) expect(traces(needle), needle).not.toEqual([])

    const erased = await value('customer:erase', { customerId })
    expect(erased).toEqual({ customerId, sales: 2 })

    for (const needle of [NAME, EMAIL, NEW_PHONE, '4440987', 'Quastmüller', 'quastmuller', 'anneliese']) {
      expect(traces(needle), needle).toEqual([])
    }
    const csv = await exports()
    expect(csv).toContain(first.id)
    for (const needle of [NAME, EMAIL, 'Quastm', 'Anneliese', '4440987']) expect(csv).not.toContain(needle)

    for (const sale of [first, second]) {
      const kept = await value<SaleView>('sale:get', { saleId: sale.id })
      expect(kept).toMatchObject({ state: 'paid', amount: '12.50', customer: null })
    }
    expect(await value('customer:search', { query: 'ann' })).toEqual([])
    expect(await invoke(core, 'customer:get', { customerId })).toMatchObject({
      ok: false,
      error: { code: 'not-found' }
    })
    const audit = core.ledger.database
      .prepare("SELECT details_json FROM audit_log WHERE action = 'customer.erased'")
      .get() as { details_json: string }
    expect(JSON.parse(audit.details_json)).toMatchObject({ customerId, sales: 2 })
    // The sale search still works, without their name.
    expect((await value<SaleView[]>('sale:find', { query: 'anneliese' })).map((s) => s.id)).toEqual([])
  })

  it('leaves nothing of them in the ledger file or its WAL either', () => {
    for (const file of ['kassa.sqlite', 'kassa.sqlite-wal']) {
      let bytes: Buffer
      try {
        bytes = readFileSync(join(dir.path, file))
      } catch {
        continue
      }
      for (const needle of [EMAIL, 'Quastm', '4440987']) {
        expect(bytes.includes(Buffer.from(needle)), `${file}: ${needle}`).toBe(false)
      }
    }
  })
})
