import { afterEach, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Invoice } from '@shared/invoice'
import { openDatabase } from '../../../src/main/ledger/database'
import { Ledger } from '../../../src/main/ledger/ledger'
import { InvoiceTracker } from '../../../src/main/tracker/tracker'
import type { PaymentProcessor } from '../../../src/main/processors/types'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })))

function invoice(id: string, status: Invoice['status'], rawStatus: string): Invoice {
  return {
    id,
    processor: 'plisio',
    orderId: 'sale_replaced0001',
    status,
    additionalStatus: 'None',
    rawStatus,
    currency: 'EUR',
    amount: '25.00',
    paid: status === 'Settled' ? '25.00' : '0.00',
    due: status === 'Settled' ? '0.00' : '25.00',
    createdAt: '2026-11-21T10:00:00.000Z',
    expiresAt: '2026-11-21T10:15:00.000Z',
    checkoutLink: null,
    paymentMethods: [],
    payments: []
  }
}

describe('an invoice the processor replaced (coin switch → cancelled duplicate)', () => {
  it('re-keys the sale’s one invoice row and the tracker follows the replacement to settlement', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kassa-replaced-'))
    dirs.push(dir)
    const ledger = new Ledger(openDatabase(join(dir, 'kassa.sqlite')))
    ledger.createSale({
      id: 'sale_replaced0001',
      currency: 'EUR',
      amountMinor: 2500n,
      memo: null,
      lines: [],
      processor: 'plisio'
    })
    ledger.applyInvoice('sale_replaced0001', invoice('old-txn', 'New', 'new'))
    const reads: string[] = []
    const processor = {
      id: 'plisio',
      capabilities: { refunds: 'withdrawal', push: false, simulate: false, minPollIntervalMs: 0 },
      // Reading the old id answers with the replacement; the replacement then settles.
      getInvoice: async (id: string) => {
        reads.push(id)
        return id === 'old-txn'
          ? invoice('new-txn', 'New', 'new')
          : invoice('new-txn', 'Settled', 'completed')
      }
    } as unknown as PaymentProcessor
    const changed: string[] = []
    const tracker = new InvoiceTracker({
      ledger,
      processorFor: () => processor,
      onSaleChanged: (saleId) => changed.push(saleId),
      onConnectivity: () => {},
      timing: { focusIntervalMs: 10, backgroundIntervalMs: 10, maxBackoffMs: 50 }
    })
    tracker.start()
    await expect.poll(() => ledger.getSale('sale_replaced0001')?.state, { timeout: 5000 }).toBe('paid')
    tracker.stop()
    expect(reads).toEqual(['old-txn', 'new-txn'])
    expect(ledger.countInvoicesForSale('sale_replaced0001')).toBe(1)
    expect(ledger.getInvoiceForSale('sale_replaced0001')?.id).toBe('new-txn')
    expect(ledger.auditFor('sale_replaced0001').map((entry) => entry.action)).toContain('invoice.replaced')
    expect(tracker.size).toBe(0)
    ledger.close()
  })
})
