import { join } from 'node:path'
import { CatalogService } from '../src/main/catalog/catalog-service'
import { openDatabase } from '../src/main/ledger/database'
import { Ledger } from '../src/main/ledger/ledger'
import { FakeProcessor } from '../tests/fixtures/fake-processor'
import { tempDir } from '../tests/fixtures/temp-dir'
import { report, summarize } from './stats'

const ITEMS = Number(process.env.KASSA_BENCH_CATALOG_ITEMS ?? 5000)
const RUNS = 50

/**
 * The catalog at the size the issue names (5,000 items, seeded through the service's CSV import, one
 * transaction): `catalog:list` (every enabled item for the till, serialized as it crosses IPC/HTTP) and
 * `catalog:byCode` (a barcode, and a SKU in another case), median and p95, on a real file in the OS temp folder.
 */
export async function benchCatalog(): Promise<void> {
  const dir = tempDir()
  const ledger = new Ledger(openDatabase(join(dir.path, 'kassa.sqlite')))
  const catalog = new CatalogService({ ledger, currency: () => 'EUR', processor: () => new FakeProcessor() })
  const rows = Array.from(
    { length: ITEMS },
    (_, i) =>
      `Item ${i} ${['coffee', 'tea', 'cake', 'bread'][i % 4]},${(i % 50) + 1}.${String(i % 100).padStart(2, '0')},fixed,SKU-${i},${4000000000000 + i},Category ${i % 20},${i % 2 ? '7' : '19'},${i % 3 ? '' : 100},true`
  )
  const seedStart = performance.now()
  const seeded = catalog.importCsv(
    ['title,price,price_type,sku,barcode,category,tax_rate,inventory,enabled', ...rows].join('\n')
  )
  const seedMs = performance.now() - seedStart
  console.log(`catalog: ${seeded.created} items imported from CSV in ${seedMs.toFixed(0)} ms`)

  const list: number[] = []
  let bytes = 0
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now()
    bytes = JSON.stringify(catalog.list()).length
    list.push(performance.now() - start)
  }
  report(
    `catalog:list, ${ITEMS} items (${(bytes / 1024).toFixed(0)} KiB JSON)`,
    list,
    'one call per till start'
  )

  const byCode: number[] = []
  for (let run = 0; run < RUNS * 20; run++) {
    const i = (run * 7919) % ITEMS
    const code = run % 2 ? String(4000000000000 + i) : `sku-${i}`
    const start = performance.now()
    if (!catalog.byCode(code)) throw new Error(`no item for ${code}`)
    byCode.push(performance.now() - start)
  }
  // Sub-millisecond: printed in microseconds, which `report`'s 0.1 ms would round to 0.
  const s = summarize(byCode)
  const us = (ms: number) => (ms * 1000).toFixed(0)
  console.log(
    `catalog:byCode (barcode or SKU): median ${us(s.median)} µs, p95 ${us(s.p95)} µs (n=${s.n}, max ${us(s.max)} µs)` +
      ' — target ≤ 30 ms for scan → item in the cart'
  )
  ledger.close()
  dir.remove()
}
