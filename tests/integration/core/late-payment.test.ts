import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Invoice } from '@shared/invoice'
import { openDatabase } from '../../../src/main/ledger/database'
import { MIGRATIONS } from '../../../src/main/ledger/migrations'
import { Ledger } from '../../../src/main/ledger/ledger'
import { InvoiceTracker } from '../../../src/main/tracker/tracker'
import { FakeProcessor, fakeInvoice } from '../../fixtures/fake-processor'
import { tempDir } from '../../fixtures/temp-dir'

const T0 = Date.parse('2025-03-01T12:00:00.000Z')
const HOUR = 3_600_000
const SALE = 'sale_0000000000000001'

let dir: ReturnType<typeof tempDir>
let clock = T0
const open: Ledger[] = []

function openLedger(): Ledger {
  const ledger = new Ledger(openDatabase(join(dir.path, 'ledger.sqlite')), () => clock)
  open.push(ledger)
  return ledger
}

/** A tracker over `ledger` that is started and stopped at once: what it picked up from the ledger is what a restart would follow. */
function resumed(ledger: Ledger): InvoiceTracker {
  const processor = new FakeProcessor(() => clock)
  const tracker = new InvoiceTracker({
    ledger,
    processorFor: () => processor,
    onSaleChanged: () => {},
    onConnectivity: () => {},
    now: () => clock
  })
  tracker.start()
  tracker.stop()
  return tracker
}

function expired(overrides: Partial<Invoice> = {}): Invoice {
  return fakeInvoice('inv1', SALE, {
    status: 'Expired',
    rawStatus: 'expired',
    expiresAt: new Date(T0).toISOString(),
    ...overrides
  })
}

function monitorUntilColumn(ledger: Ledger): string | null {
  const row = ledger.database.prepare('SELECT monitor_until FROM invoices WHERE id = ?').get('inv1') as {
    monitor_until: string | null
  }
  return row.monitor_until
}

beforeEach(() => {
  dir = tempDir()
  clock = T0
  const ledger = openLedger()
  ledger.createSale({
    id: SALE,
    currency: 'USD',
    amountMinor: 1234n,
    memo: null,
    lines: [],
    processor: 'demo'
  })
  ledger.applyInvoice(SALE, fakeInvoice('inv1', SALE))
})

afterEach(() => {
  for (const ledger of open.splice(0)) ledger.close()
  dir.remove()
})

describe('upgrading a ledger from before the late-payment watch', () => {
  it('watches the invoices that expired within the last 24 h, so a late payment to them is still seen', () => {
    for (const ledger of open.splice(0)) ledger.close()
    dir.remove()
    dir = tempDir()
    const before = MIGRATIONS.findIndex((step) => typeof step === 'string' && step.includes('monitor_until'))
    const old = openDatabase(join(dir.path, 'ledger.sqlite'), MIGRATIONS.slice(0, before))
    const insert = (id: string, status: string, expiresAt: number) => {
      const saleId = `sale_${id.padStart(16, '0')}`
      old
        .prepare(
          `INSERT INTO sales (id, created_at, updated_at, currency, amount_minor, processor, state)
             VALUES (?, '2025-03-01T00:00:00.000Z', '2025-03-01T00:00:00.000Z', 'USD', 1234, 'demo', 'expired')`
        )
        .run(saleId)
      old
        .prepare(
          `INSERT INTO invoices (processor, id, sale_id, status, additional_status, raw_status, currency,
             amount_minor, paid_minor, expires_at, final, data_json, updated_at)
           VALUES ('demo', ?, ?, ?, 'None', 'x', 'USD', 1234, 0, ?, 1, '{}', '')`
        )
        .run(id, saleId, status, new Date(expiresAt).toISOString())
    }
    insert('recent', 'Expired', T0 - HOUR)
    insert('old', 'Expired', T0 - 25 * HOUR)
    insert('settled', 'Settled', T0 - HOUR)
    old.close()
    const upgraded = openLedger()
    expect(upgraded.openInvoices().map((o) => o.invoiceId)).toEqual(['recent'])
  })
})

describe('the late-payment watch survives a restart', () => {
  it('keeps the monitoring window in the ledger and resumes the expired invoice until the window ends', () => {
    const until = new Date(T0 + HOUR).toISOString()
    open[0]!.applyInvoice(SALE, expired({ monitorUntil: until }))
    open.pop()!.close()

    clock = T0 + HOUR - 1000
    const reopened = openLedger()
    expect(monitorUntilColumn(reopened)).toBe(until)
    expect(reopened.openInvoices()).toEqual([{ processor: 'demo', invoiceId: 'inv1', saleId: SALE }])
    expect(resumed(reopened).isTracking('demo', 'inv1')).toBe(true)

    clock = T0 + HOUR + 1000
    expect(reopened.openInvoices()).toEqual([])
    expect(resumed(reopened).isTracking('demo', 'inv1')).toBe(false)
  })

  it('without a window from the processor, keeps 24 h after the expiry', () => {
    open[0]!.applyInvoice(SALE, expired())
    expect(monitorUntilColumn(open[0]!)).toBe(new Date(T0 + 24 * HOUR).toISOString())
    clock = T0 + 23 * HOUR
    expect(open[0]!.openInvoices()).toHaveLength(1)
    clock = T0 + 24 * HOUR + 1000
    expect(open[0]!.openInvoices()).toEqual([])
  })

  it('ends the watch once the late payment is confirmed, and never watches Invalid or Settled invoices', () => {
    const ledger = open[0]!
    const until = new Date(T0 + HOUR).toISOString()
    const payment = {
      id: 'tx-0',
      method: 'BTC-CHAIN',
      amount: '0.00018985',
      currency: 'BTC',
      receivedAt: new Date(T0 + 1000).toISOString(),
      status: 'Settled' as const
    }
    ledger.applyInvoice(
      SALE,
      expired({
        additionalStatus: 'PaidLate',
        paid: '12.34',
        due: '0.00',
        payments: [payment],
        monitorUntil: until
      })
    )
    expect(ledger.getSale(SALE)?.state).toBe('paid')
    expect(monitorUntilColumn(ledger)).toBeNull()
    expect(ledger.openInvoices()).toEqual([])
    for (const status of ['Invalid', 'Settled'] as const) {
      ledger.applyInvoice(SALE, expired({ status, monitorUntil: until }))
      expect(monitorUntilColumn(ledger)).toBeNull()
      expect(ledger.openInvoices()).toEqual([])
    }
  })
})
