import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { ReconcileRunView } from '@shared/day'
import type { RecoveryDetailView, RecoveryItemView, RecoveryListView } from '@shared/recovery'
import type { Core } from '../../../src/main/core'
import { MemorySecretStore } from '../../fixtures/memory-secret-store'
import { tempDir, waitFor } from '../../fixtures/temp-dir'
import { startBtcpaySimulator, type BtcpaySimulator } from '../../simulators/btcpay'
import { startBtpaySimulator, type BtpaySimulator } from '../../simulators/btpay'
import { startPlisioSimulator, type PlisioSimulator } from '../../simulators/plisio'
import { ok, processorCore } from '../core/processor-helpers'
import {
  btcpayDriver,
  btpayDriver,
  demoDriver,
  itemOfSale,
  plisioDriver,
  todayReport,
  waitForItem,
  type RecoveryDriver
} from './recovery-drivers'

// The whole recovery flow against each processor's simulator: a sale with a customer ends half paid, enters the
// queue once with its context, one payment request asks for exactly what is due, the customer pays it at the
// simulator, the poll marks it recovered, and the day close lists it apart from the day's own money.

let btcpay: BtcpaySimulator
let btpay: BtpaySimulator
let plisio: PlisioSimulator
let dir: ReturnType<typeof tempDir>
let core: Core

beforeAll(async () => {
  ;[btcpay, btpay, plisio] = await Promise.all([
    startBtcpaySimulator(),
    startBtpaySimulator(),
    startPlisioSimulator()
  ])
})
afterAll(async () => {
  await Promise.all([btcpay.close(), btpay.close(), plisio.close()])
})
beforeEach(async () => {
  dir = tempDir()
  core = processorCore(dir.path, new MemorySecretStore(), {
    connectors: { plisio: { baseUrl: plisio.url } },
    recovery: { pollMs: 100 }
  })
  await core.start()
})
afterEach(async () => {
  await core.stop()
  dir.remove()
})

const drivers: (() => RecoveryDriver)[] = [
  () => demoDriver(),
  () => btcpayDriver(btcpay),
  () => btpayDriver(btpay),
  () => plisioDriver(plisio)
]

describe.each(drivers.map((make) => [make().name, make] as const))(
  '%s: fail → queue → request → recovered',
  (_name, make) => {
    it('recovers a failed sale with one payment request for exactly what is due, counted apart on the day', async () => {
      const driver = make()
      await driver.connect(core)
      const updates: RecoveryItemView[] = []
      core.events.subscribe((name, payload) => {
        if (name === 'recovery:updated') updates.push(payload as RecoveryItemView)
      })
      const sale = await driver.fail(core, driver.underpays)
      const queued = await itemOfSale(core, sale.id, 'active')
      const due = driver.underpays ? '10.00' : '20.00'
      expect(queued).toMatchObject({
        saleId: sale.id,
        reason: driver.underpays ? 'underpaid' : 'expired',
        status: 'open',
        currency: driver.currency,
        amount: '20.00',
        paid: driver.underpays ? '10.00' : '0.00',
        due,
        paymentRequest: null,
        customer: { label: 'Jürgen Weiß', email: 'juergen.weiss@example.org', language: null }
      })
      // Once: a second read of the same ended invoice adds nothing.
      await ok(core, 'invoice:focus', { saleId: sale.id })
      const all = await ok<RecoveryListView>(core, 'recovery:list', { filter: 'all' })
      expect(all.items.filter((item) => item.saleId === sale.id)).toHaveLength(1)
      expect(all.rate).toMatchObject({ failed: 1, open: 1, recovered: 0, rate: '0.0' })

      const detail = await ok<RecoveryDetailView>(core, 'recovery:get', { itemId: queued.id })
      expect(detail.lines).toEqual([expect.objectContaining({ name: 'Espresso beans', quantity: 2 })])
      expect(detail.customer?.name).toBe('Jürgen Weiß')
      expect(detail.history).toEqual([])
      expect(detail.messages).toEqual([])

      const before = await todayReport(core)
      const requested = await ok<RecoveryItemView>(core, 'recovery:request', { itemId: queued.id })
      expect(requested.status).toBe('requested')
      expect(requested.paymentRequest).toMatchObject({
        orderId: `${queued.id}-1`,
        processor: sale.processor,
        amount: due,
        currency: driver.currency,
        status: 'open',
        link: expect.stringMatching(/\S/)
      })
      // Asking again returns the live request instead of making a second.
      const again = await ok<RecoveryItemView>(core, 'recovery:request', { itemId: queued.id })
      expect(again.paymentRequest?.id).toBe(requested.paymentRequest?.id)
      const held = await driver.held(`${queued.id}-1`)
      expect(held).toHaveLength(1)
      expect(held[0]?.amount).toBe(due)

      await driver.pay(core, requested)
      const recovered = await waitForItem(core, queued.id, 'recovered')
      expect(recovered).toMatchObject({
        recoveredAmount: due,
        recoveredDay: before.day,
        paymentRequest: { status: 'paid' }
      })
      expect(updates.some((item) => item.id === queued.id && item.status === 'recovered')).toBe(true)

      const after = await todayReport(core)
      expect(after.figures.recovered).toEqual([{ currency: driver.currency, count: 1, amount: due }])
      expect(after.recoveries).toEqual([
        expect.objectContaining({
          itemId: queued.id,
          saleId: sale.id,
          amount: due,
          currency: driver.currency
        })
      ])
      // The day's own money is what it was: the recovered money is counted apart.
      expect(after.figures.totals).toEqual(before.figures.totals)
      const rate = await ok<RecoveryListView>(core, 'recovery:list', { filter: 'recovered' })
      expect(rate.rate).toMatchObject({
        failed: 1,
        recovered: 1,
        rate: '100.0',
        recoveredAmounts: [{ currency: driver.currency, amount: due }]
      })
      const audit = core.ledger.auditFor(sale.id).map((entry) => entry.action)
      expect(audit).toEqual(
        expect.arrayContaining(['recovery.queued', 'recovery.requested', 'recovery.recovered'])
      )

      // Reconciling the day: the request the customer paid is this till's, neither another till's nor an
      // outside sale to import (importing it would count the recovered money a second time).
      const started = await ok<ReconcileRunView>(core, 'reconcile:start', {
        processor: sale.processor,
        fromDay: before.day,
        toDay: before.day
      })
      const run = await waitFor(
        () => ok<ReconcileRunView>(core, 'reconcile:get', { runId: started.id }),
        (r) => r.state !== 'running',
        { timeoutMs: 20_000, what: 'the reconciliation' }
      )
      expect(run.state).toBe('done')
      expect(run.differences.filter((d) => d.kind === 'missing-in-kassa')).toEqual([])
      expect(run).toMatchObject({ otherTills: 0, outsideKassa: 0 })
    })
  }
)
