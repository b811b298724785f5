import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { BtpayProcessor } from '../../../src/main/processors/btpay'
import type { InvoiceListPort } from '../../../src/main/processors/ports'
import type { InvoicePage } from '../../../src/main/processors/types'
import { startBtpaySimulator, type BtpaySimulator } from '../../simulators/btpay'
import { connect } from './helpers'

let sim: BtpaySimulator
let btpay: BtpayProcessor
let list: InvoiceListPort
beforeEach(async () => {
  sim = await startBtpaySimulator()
  btpay = connect(sim)
  list = btpay.ports.invoiceList!
})
afterEach(async () => {
  await sim.close()
})

const DAY = 86_400_000

let seeded = 0
/**
 * A finalized 13.20 USD invoice of a new sale, stored without HTTP: creating through the connector reads the quote
 * deadline from BTPay's public page, limited to 30 reads a minute.
 */
function seed(): { number: string; orderId: string } {
  const orderId = `sale_list_${++seeded}`
  const invoice = sim.control.seedInvoice({
    lines: [{ description: 'Espresso', quantity: 1, unit_price: '13.20' }],
    currency: 'USD',
    notes: `Counter sale [kassa-sale:${orderId}]`
  })
  return { number: String(invoice.invoice_number), orderId }
}

describe('BTPay invoice list through the port', () => {
  it('lists the invoices of [from, to) with limit/offset pages, stopping at the first older than from', async () => {
    const start = Math.floor(Date.now() / 1000) * 1000 - 1_800_000
    const sales = Array.from({ length: 7 }, seed)
    const numbers = sales.map((sale) => sale.number)
    const at = (i: number, ms: number) => sim.control.setCreatedAt(numbers[i] ?? '', ms)
    at(0, start) // at `from`: in
    at(1, start + 3_600_000) // at `to`: out
    at(2, start + 60_000)
    at(3, start + 120_000)
    at(4, start - DAY)
    at(5, start - 2 * DAY)
    at(6, start - 3 * DAY)
    const from = new Date(start).toISOString()
    const to = new Date(start + 3_600_000).toISOString()

    const items: InvoicePage['items'] = []
    const cursors: (string | null)[] = []
    let cursor: string | null = null
    do {
      const page: InvoicePage = await list.list({ from, to, cursor, limit: 2 })
      items.push(...page.items)
      cursor = page.nextCursor
      cursors.push(cursor)
    } while (cursor !== null && cursors.length < 10)
    expect(items.map((i) => i.id)).toEqual([numbers[3], numbers[2], numbers[0]])
    expect(items.map((i) => i.orderId)).toEqual([sales[3]?.orderId, sales[2]?.orderId, sales[0]?.orderId])
    expect(items[0]).toMatchObject({ processor: 'btpay', status: 'New', amount: '13.20', currency: 'USD' })
    // Newest first: the third page meets an invoice older than `from`, so the fourth is never asked for.
    expect(cursors).toEqual(['2', '4', null])
    const lists = sim.control.requests().filter((r) => r.method === 'GET' && r.path === '/api/v1/invoices')
    expect(lists).toHaveLength(3)
  })

  it('walks to the last page when every invoice is in range, and gives nothing for a range without any', async () => {
    const made = Array.from({ length: 5 }, () => seed().number)
    const now = Date.now()
    const range = { from: new Date(now - 60_000).toISOString(), to: new Date(now + 60_000).toISOString() }
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const page: InvoicePage = await list.list({ ...range, cursor, limit: 2 })
      seen.push(...page.items.map((i) => i.id))
      cursor = page.nextCursor
      pages++
    } while (cursor !== null && pages < 10)
    expect(seen).toEqual([...made].reverse())
    expect(pages).toBe(3)
    expect(await list.list({ from: '2000-01-01T00:00:00Z', to: '2000-01-02T00:00:00Z' })).toEqual({
      items: [],
      nextCursor: null
    })
  })

  it('lists every open invoice for the tracker\u2019s sweep, one status at a time, 100 a page', async () => {
    const sales = Array.from({ length: 130 }, seed)
    sim.control.pay(sales[0]!.number)
    sim.control.partial(sales[1]!.number)
    sim.control.pay(sales[2]!.number)
    sim.control.confirm(sales[2]!.number) // confirmed: final, not listed
    const before = sim.control.requests().length
    const sweep = await list.listOpen!({ maxPages: 20 })
    expect(sweep.complete).toBe(true)
    const ids = new Set(sweep.items.map((i) => i.id))
    expect(ids.size).toBe(129)
    expect(ids.has(sales[2]!.number)).toBe(false)
    expect(sweep.items.find((i) => i.id === sales[0]!.number)).toMatchObject({ status: 'Processing' })
    expect(sweep.items.find((i) => i.id === sales[1]!.number)).toMatchObject({
      additionalStatus: 'PaidPartial'
    })
    const asked = sim.control.requests().slice(before)
    expect(asked).toHaveLength(sweep.requests)
    // pending: 127 → two pages; partial, paid, draft: one each.
    expect(asked.map((r) => new URLSearchParams(r.query ?? '').get('status'))).toEqual([
      'pending',
      'pending',
      'partial',
      'paid',
      'draft'
    ])
    const cut = await list.listOpen!({ maxPages: 1 })
    expect(cut).toMatchObject({ complete: false, requests: 1 })
    expect(cut.items).toHaveLength(100)
  })
})
