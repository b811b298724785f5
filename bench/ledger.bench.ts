import { join } from 'node:path'
import { openDatabase, type Synchronous } from '../src/main/ledger/database'
import { Ledger } from '../src/main/ledger/ledger'
import { RefundBook } from '../src/main/ledger/refund-book'
import { SaleService } from '../src/main/sales/sale-service'
import type { InvoiceTracker } from '../src/main/tracker/tracker'
import { FakeProcessor } from '../tests/fixtures/fake-processor'
import { tempDir } from '../tests/fixtures/temp-dir'

const SALES = Number(process.env.KASSA_BENCH_LEDGER_SALES ?? 2000)

/**
 * Sales per second the ledger records durably on the charge path (`SaleService.charge`: the sale written before the
 * processor is asked, then its invoice applied), with the processor stubbed in memory, for `synchronous = FULL` (what
 * the till uses) and `NORMAL` side by side, on a real file in the OS temp folder.
 */
export async function benchLedger(): Promise<void> {
  const results: Record<Synchronous, number> = { FULL: 0, NORMAL: 0 }
  for (const mode of ['NORMAL', 'FULL'] as const) {
    const dir = tempDir()
    const ledger = new Ledger(openDatabase(join(dir.path, 'kassa.sqlite'), undefined, mode))
    const processor = new FakeProcessor()
    // Every sale is new: skip the fake's look-up by order id, a scan that would grow with the run.
    processor.createInvoice = async (request) => processor.addInvoice(request.orderId)
    const tracker = { track: () => undefined } as unknown as InvoiceTracker
    const sales = new SaleService({
      ledger,
      refunds: new RefundBook(ledger.database),
      tracker,
      processorFor: () => processor,
      requireProcessor: () => processor,
      onSaleChanged: () => undefined
    })
    const start = performance.now()
    for (let n = 0; n < SALES; n++) {
      await sales.charge({ amount: `${1 + (n % 90)}.25`, currency: 'USD' }, 'demo')
    }
    const seconds = (performance.now() - start) / 1000
    results[mode] = SALES / seconds
    await sales.stop()
    ledger.close()
    dir.remove()
  }
  console.log(
    `ledger, charge path (processor stubbed), ${SALES} sales: synchronous FULL ${results.FULL.toFixed(0)} sales/s ` +
      `(the till's setting), NORMAL ${results.NORMAL.toFixed(0)} sales/s — FULL costs ` +
      `${(100 - (100 * results.FULL) / results.NORMAL).toFixed(0)} %`
  )
}
