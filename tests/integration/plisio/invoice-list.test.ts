import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PlisioProcessor } from '../../../src/main/processors/plisio'
import type { InvoiceListPort } from '../../../src/main/processors/ports'
import type { InvoicePage } from '../../../src/main/processors/types'
import type { PlisioSimulator } from '../../simulators/plisio'
import { sale, setup } from './helpers'

let sim: PlisioSimulator
let plisio: PlisioProcessor
let list: InvoiceListPort
beforeEach(async () => {
  ;({ sim, plisio } = await setup())
  list = plisio.ports.invoiceList!
})
afterEach(async () => {
  await sim.close()
})

const DAY = 86_400

describe('Plisio invoice list through the port', () => {
  it('lists the invoices of [from, to) from the operations pages, stopping once a page is all older', async () => {
    const start = Math.floor(Date.now() / 1000) - 1800
    const ids: string[] = []
    for (let n = 0; n < 9; n++) ids.push((await plisio.createInvoice(sale(`day-${n}`))).id)
    const at = (i: number, unix: number) => sim.control.setCreatedAt(ids[i] ?? '', unix)
    at(0, start) // at `from`: in
    at(1, start + 3600) // at `to`: out
    at(2, start + 60)
    at(3, start + 120)
    at(4, start - DAY)
    at(5, start - 2 * DAY)
    at(7, start - 3 * DAY)
    at(8, start - 4 * DAY)
    // day-6 (made now) switches coin: its replaced sibling is no sale of its own, the live invoice is listed once.
    sim.control.switchCoin(ids[6] ?? '', 'ETH')
    const from = new Date(start * 1000).toISOString()
    const to = new Date((start + 3600) * 1000).toISOString()

    const seen: string[] = []
    const cursors: (string | null)[] = []
    let cursor: string | null = null
    do {
      const page: InvoicePage = await list.list({ from, to, cursor, limit: 2 })
      seen.push(...page.items.map((i) => i.orderId))
      cursor = page.nextCursor
      cursors.push(cursor)
    } while (cursor !== null && cursors.length < 10)
    expect(seen).toEqual(['day-6', 'day-3', 'day-2', 'day-0'])
    // 10 operations, 2 a page: page 4 holds only invoices older than `from`, so page 5 is never asked for.
    expect(cursors).toEqual(['2', '3', '4', null])
    const pages = sim.control.requests
      .filter((r) => r.path === 'operations' && r.query.type === 'invoice')
      .map((r) => r.query.page)
    expect(pages).toEqual(['1', '2', '3', '4'])
  })

  it('gives nothing for a range without invoices and refuses a cursor that is not a page number', async () => {
    await plisio.createInvoice(sale('today'))
    expect(await list.list({ from: '2020-01-01T00:00:00Z', to: '2020-01-02T00:00:00Z' })).toEqual({
      items: [],
      nextCursor: null
    })
    await expect(
      list.list({ from: '2020-01-01T00:00:00Z', to: '2020-01-02T00:00:00Z', cursor: 'next' })
    ).rejects.toMatchObject({ code: 'processor-invalid-request' })
  })
})
