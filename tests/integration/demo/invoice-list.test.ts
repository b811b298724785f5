import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DemoProcessor } from '../../../src/main/processors/demo'
import type { InvoicePage } from '../../../src/main/processors/types'
import { tempDir } from '../../fixtures/temp-dir'

let dir: ReturnType<typeof tempDir>
let now = 0
const open: DemoProcessor[] = []
const demoAt = (): DemoProcessor => {
  const demo = new DemoProcessor({ path: join(dir.path, 'demo.sqlite'), now: () => now })
  open.push(demo)
  return demo
}
beforeEach(() => {
  dir = tempDir()
})
afterEach(async () => {
  for (const demo of open.splice(0)) await demo.close()
  dir.remove()
})

const T0 = Date.parse('2026-11-21T09:00:00Z')
const MIN = 60_000

async function walk(demo: DemoProcessor, from: string, to: string, limit: number) {
  const ids: string[] = []
  const cursors: (string | null)[] = []
  let cursor: string | null = null
  do {
    const page: InvoicePage = await demo.ports.invoiceList!.list({ from, to, cursor, limit })
    ids.push(...page.items.map((i) => i.orderId))
    cursor = page.nextCursor
    cursors.push(cursor)
  } while (cursor !== null && cursors.length < 10)
  return { ids, cursors }
}

describe('Demo invoice list through the port', () => {
  it('lists its own invoices of [from, to), oldest first, page by page to the end, from its own file', async () => {
    const demo = demoAt()
    const times: [string, number][] = [
      ['yesterday', T0 - 24 * 60 * MIN],
      ['just-before', T0 - 1],
      ['at-from', T0],
      ['ten', T0 + 10 * MIN],
      ['twenty', T0 + 20 * MIN],
      ['thirty', T0 + 30 * MIN],
      ['at-to', T0 + 60 * MIN],
      ['later', T0 + 120 * MIN]
    ]
    for (const [orderId, at] of times) {
      now = at
      await demo.createInvoice({ orderId, amount: '5.00', currency: 'USD', description: orderId, lines: [] })
    }
    const from = new Date(T0).toISOString()
    const to = new Date(T0 + 60 * MIN).toISOString()

    const { ids, cursors } = await walk(demo, from, to, 2)
    expect(ids).toEqual(['at-from', 'ten', 'twenty', 'thirty'])
    expect(cursors).toEqual(['2', '4', null])
    const first = await demo.ports.invoiceList!.list({ from, to, limit: 1 })
    expect(first.items[0]).toMatchObject({
      processor: 'demo',
      amount: '5.00',
      currency: 'USD',
      status: 'Expired'
    })

    // The Demo plays a remote server: another instance over the same file lists the same books.
    await demo.close()
    open.splice(open.indexOf(demo), 1)
    expect((await walk(demoAt(), from, to, 3)).ids).toEqual(ids)
  })

  it('gives nothing for a range without invoices', async () => {
    const demo = demoAt()
    now = T0
    await demo.createInvoice({ orderId: 'one', amount: '5.00', currency: 'USD', description: '', lines: [] })
    expect(
      await demo.ports.invoiceList!.list({ from: '2020-01-01T00:00:00Z', to: '2020-01-02T00:00:00Z' })
    ).toEqual({ items: [], nextCursor: null })
  })
})
