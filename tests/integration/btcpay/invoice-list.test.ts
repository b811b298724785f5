import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Invoice } from '@shared/invoice'
import type { InvoiceListPort } from '../../../src/main/processors/ports'
import { saleRequest, startHarness, type Harness } from './helpers'

let h: Harness
let list: InvoiceListPort
beforeEach(async () => {
  h = await startHarness()
  list = h.btcpay.ports.invoiceList!
})
afterEach(async () => {
  await h.btcpay.close()
  await h.sim.close()
})

/** Every page of [from, to) with `limit` per page; the pages' sizes too. */
async function walk(from: string, to: string, limit: number): Promise<{ items: Invoice[]; sizes: number[] }> {
  const items: Invoice[] = []
  const sizes: number[] = []
  let cursor: string | null = null
  do {
    const page = await list.list({ from, to, cursor, limit })
    items.push(...page.items)
    sizes.push(page.items.length)
    cursor = page.nextCursor
  } while (cursor !== null && sizes.length < 20)
  return { items, sizes }
}

describe('BTCPay invoice list through the port', () => {
  it('lists the store\u2019s invoices of [from, to), newest first, page by page to the end', async () => {
    const start = Math.floor(Date.now() / 1000) - 1800
    const ids: string[] = []
    for (let i = 0; i < 7; i++) ids.push((await h.btcpay.createInvoice(saleRequest())).id)
    // One at `from` exactly (in), one at `to` exactly and one the second before `from` (out), one yesterday (out).
    const at = (i: number, unix: number) => h.sim.control.setCreatedAt(ids[i] ?? '', unix)
    at(0, start)
    at(1, start + 3600)
    at(2, start - 1)
    at(3, start - 86_400)
    at(4, start + 60)
    at(5, start + 120)
    at(6, start + 180)
    const from = new Date(start * 1000).toISOString()
    const to = new Date((start + 3600) * 1000).toISOString()

    const { items, sizes } = await walk(from, to, 2)
    expect(items.map((i) => i.id)).toEqual([ids[6], ids[5], ids[4], ids[0]])
    expect(sizes).toEqual([2, 2, 0])
    expect(items[0]).toMatchObject({ processor: 'btcpay', status: 'New', amount: '12.50', currency: 'USD' })
    const queries = h.sim.control.requests.filter(
      (r) => r.path.endsWith('/invoices') && r.method === 'GET' && r.search.includes('startDate')
    )
    expect(queries.map((r) => new URLSearchParams(r.search).get('skip'))).toEqual(['0', '2', '4'])
    // BTCPay's endDate is inclusive: the connector asks up to the second before `to`.
    expect(new URLSearchParams(queries[0]?.search).get('startDate')).toBe(String(start))
    expect(new URLSearchParams(queries[0]?.search).get('endDate')).toBe(String(start + 3599))
    expect(new URLSearchParams(queries[0]?.search).get('take')).toBe('2')
  })

  it('lists archived invoices too, and nothing for a range with none', async () => {
    const invoice = await h.btcpay.createInvoice(saleRequest())
    h.sim.state.mustGet(invoice.id).archived = true
    const now = Date.now()
    const page = await list.list({
      from: new Date(now - 60_000).toISOString(),
      to: new Date(now + 60_000).toISOString()
    })
    expect(page.items.map((i) => i.id)).toEqual([invoice.id])
    expect(page.nextCursor).toBeNull()
    const past = await list.list({ from: '2020-01-01T00:00:00Z', to: '2020-01-02T00:00:00Z' })
    expect(past).toEqual({ items: [], nextCursor: null })
  })

  it('refuses a cursor that is not its own', async () => {
    await expect(
      list.list({ from: '2020-01-01T00:00:00Z', to: '2020-01-02T00:00:00Z', cursor: 'page-two' })
    ).rejects.toMatchObject({ code: 'processor-invalid-request' })
  })

  it('lists every open invoice (New and Processing) for the tracker\u2019s sweep, 100 a page', async () => {
    const ids: string[] = []
    for (let i = 0; i < 105; i++) ids.push((await h.btcpay.createInvoice(saleRequest())).id)
    h.sim.control.pay(ids[0]!)
    h.sim.control.pay(ids[1]!)
    h.sim.control.settle(ids[1]!)
    const before = h.sim.control.requests.length
    const sweep = await list.listOpen!({ maxPages: 20 })
    expect(sweep).toMatchObject({ complete: true, requests: 2 })
    expect(sweep.items).toHaveLength(104)
    expect(sweep.items.find((i) => i.id === ids[0])).toMatchObject({ status: 'Processing' })
    expect(sweep.items.some((i) => i.id === ids[1])).toBe(false)
    const asked = h.sim.control.requests.slice(before)
    expect(asked.map((r) => new URLSearchParams(r.search).getAll('status'))).toEqual([
      ['New', 'Processing'],
      ['New', 'Processing']
    ])
    expect(asked.map((r) => new URLSearchParams(r.search).get('skip'))).toEqual(['0', '100'])
  })
})
