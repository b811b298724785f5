import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Events, SaleView } from '@shared/contract'
import type { FiatCurrency } from '@shared/currency'
import type { Core } from '../../../src/main/core'
import { tempDir, waitFor } from '../../fixtures/temp-dir'
import { call, invoke, testCore, waitForState } from './helpers'

let dir: ReturnType<typeof tempDir>
let core: Core
let updates: SaleView[]
let connectivity: Events['connectivity:changed'][]

beforeEach(async () => {
  dir = tempDir()
  core = testCore(dir.path)
  updates = []
  connectivity = []
  core.events.subscribe((name, payload) => {
    if (name === 'sale:updated') updates.push(payload as SaleView)
    else connectivity.push(payload as Events['connectivity:changed'])
  })
  await core.start()
})

afterEach(async () => {
  await core.stop()
  dir.remove()
})

const charge = (amount = '12.34', currency: FiatCurrency = 'USD') =>
  call(core, 'sale:charge', { amount, currency })
const updatesOf = (saleId: string) => updates.filter((sale) => sale.id === saleId)

describe('sale flows through the handlers', () => {
  it('charges a sale: awaiting with a Demo invoice for the amount, announced on the event bus', async () => {
    const sale = await call(core, 'sale:charge', {
      amount: '12.34',
      currency: 'USD',
      memo: 'Table 4',
      lines: [{ name: 'Coffee', unitPrice: '6.17', quantity: 2 }]
    })
    expect(sale).toMatchObject({
      amount: '12.34',
      currency: 'USD',
      memo: 'Table 4',
      processor: 'demo',
      state: 'awaiting',
      error: null,
      simulatable: true
    })
    expect(sale.id).toMatch(/^sale_[0-9a-z]+$/)
    expect(sale.invoice).toMatchObject({ orderId: sale.id, status: 'New', amount: '12.34', due: '12.34' })
    expect(sale.invoice!.paymentMethods.map((m) => m.id)).toEqual(['BTC-CHAIN', 'BTC-LN'])
    expect(sale.invoice!.paymentMethods[0]!.paymentLink).toMatch(/^bitcoin:bcrt1q[0-9a-z]+\?amount=0\.000189/)
    expect(updatesOf(sale.id).map((s) => s.state)).toEqual(['awaiting'])
    expect(await call(core, 'sale:get', { saleId: sale.id })).toEqual(sale)
  })

  it('takes a partial then a full payment to paid, through New+PaidPartial and Processing', async () => {
    const sale = await charge()
    await call(core, 'invoice:focus', { saleId: sale.id })
    const partial = await call(core, 'demo:simulate', { saleId: sale.id, kind: 'partial' })
    expect(partial.state).toBe('awaiting')
    expect(partial.invoice).toMatchObject({ status: 'New', additionalStatus: 'PaidPartial' })
    expect(partial.invoice!.due).not.toBe('0.00')
    expect(partial.simulatable).toBe(true)
    const full = await call(core, 'demo:simulate', { saleId: sale.id, kind: 'full' })
    expect(full.invoice?.status).toBe('Processing')
    expect(full.simulatable).toBe(false)
    const paid = await waitForState(core, sale.id, 'paid')
    expect(paid.invoice).toMatchObject({ status: 'Settled', paid: '12.34', due: '0.00' })
    expect(paid.invoice!.payments).toHaveLength(2)
    expect(paid.invoice!.payments.every((p) => p.status === 'Settled')).toBe(true)
    // A payment confirming inside a status may add an update with the same status: collapse those.
    const seen = updatesOf(sale.id)
      .map((s) => `${s.state}:${s.invoice?.status}/${s.invoice?.additionalStatus}`)
      .filter((label, i, all) => label !== all[i - 1])
    expect(seen).toEqual([
      'awaiting:New/None',
      'awaiting:New/PaidPartial',
      'awaiting:Processing/None',
      'paid:Settled/None'
    ])
    expect(core.ledger.statusHistory('demo', sale.invoice!.id).map((h) => h.status)).toEqual([
      'New',
      'New',
      'Processing',
      'Settled'
    ])
  })

  it('records an overpayment as PaidOver and still reaches paid', async () => {
    const sale = await charge()
    const over = await call(core, 'demo:simulate', { saleId: sale.id, kind: 'over' })
    expect(over.invoice).toMatchObject({ status: 'Processing', additionalStatus: 'PaidOver' })
    expect(over.invoice!.due.startsWith('-')).toBe(true)
    const paid = await waitForState(core, sale.id, 'paid')
    expect(paid.invoice).toMatchObject({ status: 'Settled', additionalStatus: 'PaidOver' })
  })

  it('marks a sale expired when its quote expires', async () => {
    const sale = await charge()
    const expired = await call(core, 'demo:simulate', { saleId: sale.id, kind: 'expire' })
    expect(expired.state).toBe('expired')
    expect(expired.invoice?.status).toBe('Expired')
    expect(expired.simulatable).toBe(false)
    expect(updatesOf(sale.id).at(-1)?.state).toBe('expired')
    const again = await invoke(core, 'demo:simulate', { saleId: sale.id, kind: 'full' })
    expect(again).toMatchObject({ ok: false, error: { code: 'processor-invalid-request' } })
  })

  it('records a Demo payment after expiry: expired, paid late, then paid once confirmed, audited', async () => {
    const sale = await charge()
    await call(core, 'invoice:focus', { saleId: sale.id }) // on the payment screen, as the Simulate buttons are
    const late = await call(core, 'demo:simulate', { saleId: sale.id, kind: 'late' })
    expect(late.state).toBe('expired')
    expect(late.invoice).toMatchObject({
      status: 'Expired',
      additionalStatus: 'PaidLate',
      paid: '12.34',
      due: '0.00'
    })
    const paid = await waitForState(core, sale.id, 'paid')
    expect(paid.invoice).toMatchObject({ status: 'Expired', additionalStatus: 'PaidLate', paid: '12.34' })
    expect(updatesOf(sale.id).at(-1)?.state).toBe('paid')
    const actions = core.ledger.auditFor(sale.id).map((a) => a.action)
    expect(actions.filter((a) => a === 'invoice.paid-late')).toHaveLength(1)
    expect(actions.indexOf('sale.expired')).toBeLessThan(actions.indexOf('sale.paid'))
  })

  it('takes a Demo late payment for an invoice that already expired', async () => {
    const sale = await charge()
    await call(core, 'invoice:focus', { saleId: sale.id })
    await call(core, 'demo:simulate', { saleId: sale.id, kind: 'expire' })
    // Let the tracker read the expired invoice first: it then waits slowly, and the Demo's push wakes it.
    await new Promise((resolve) => setTimeout(resolve, 200))
    const late = await call(core, 'demo:simulate', { saleId: sale.id, kind: 'late' })
    expect(late.invoice).toMatchObject({ status: 'Expired', additionalStatus: 'PaidLate', paid: '12.34' })
    await waitForState(core, sale.id, 'paid')
    const again = await invoke(core, 'demo:simulate', { saleId: sale.id, kind: 'late' })
    expect(again).toMatchObject({ ok: false, error: { code: 'processor-invalid-request' } })
  })

  it('cancels an unpaid sale: state cancelled, invoice Invalid at the processor', async () => {
    const sale = await charge()
    const cancelled = await call(core, 'sale:cancel', { saleId: sale.id })
    expect(cancelled.state).toBe('cancelled')
    expect(cancelled.invoice).toMatchObject({ status: 'Invalid', additionalStatus: 'Marked' })
    expect(updatesOf(sale.id).at(-1)?.state).toBe('cancelled')
    expect(core.ledger.auditFor(sale.id).map((a) => `${a.actor}:${a.action}`)).toContain(
      'cashier:sale.cancelled'
    )
    // The tracker reads the Invalid invoice, stops following it, and the sale stays cancelled.
    await waitFor(
      () => core.tracker.isTracking('demo', sale.invoice!.id),
      (tracking) => !tracking,
      { what: 'the tracker to let go of the cancelled invoice' }
    )
    expect((await call(core, 'sale:get', { saleId: sale.id })).state).toBe('cancelled')
    expect(core.ledger.openInvoices()).toEqual([])
  })

  it('refuses to cancel a paid sale with conflict', async () => {
    const sale = await charge()
    await call(core, 'demo:simulate', { saleId: sale.id, kind: 'full' })
    await waitForState(core, sale.id, 'paid')
    const result = await invoke(core, 'sale:cancel', { saleId: sale.id })
    expect(result).toMatchObject({ ok: false, error: { code: 'conflict' } })
    expect((await call(core, 'sale:get', { saleId: sale.id })).state).toBe('paid')
  })

  it('refuses to cancel a sale whose payment is on its way with conflict', async () => {
    const slow = testCore(tempDirFor(), { demo: { confirmDelayMs: 60_000 } })
    await slow.start()
    try {
      const sale = await call(slow, 'sale:charge', { amount: '1.00', currency: 'USD' })
      await call(slow, 'demo:simulate', { saleId: sale.id, kind: 'full' })
      expect(await invoke(slow, 'sale:cancel', { saleId: sale.id })).toMatchObject({
        ok: false,
        error: { code: 'conflict' }
      })
      expect((await call(slow, 'sale:get', { saleId: sale.id })).state).toBe('awaiting')
    } finally {
      await slow.stop()
    }
  })

  it('answers not-found for an unknown sale', async () => {
    for (const name of ['sale:get', 'sale:cancel']) {
      expect(await invoke(core, name, { saleId: 'sale_00000000000000000000000000' })).toMatchObject({
        ok: false,
        error: { code: 'not-found' }
      })
    }
  })

  it('lists sales newest first, honouring the limit', async () => {
    const ids: string[] = []
    for (const amount of ['1.00', '2.00', '3.00']) {
      ids.push((await charge(amount)).id)
      await new Promise((resolve) => setTimeout(resolve, 5)) // distinct creation times
    }
    const list = await call(core, 'sale:list', {})
    expect(list.map((s) => s.id)).toEqual([...ids].reverse())
    expect(list.map((s) => s.amount)).toEqual(['3.00', '2.00', '1.00'])
    expect((await call(core, 'sale:list', { limit: 2 })).map((s) => s.id)).toEqual([ids[2], ids[1]])
  })

  it('prices in JPY and KWD with their exponents', async () => {
    expect((await charge('1234', 'JPY')).invoice).toMatchObject({ currency: 'JPY', amount: '1234' })
    expect((await charge('1.234', 'KWD')).invoice).toMatchObject({ currency: 'KWD', amount: '1.234' })
  })

  it('reports app info and the processor online once, however many reads succeed', async () => {
    expect(await call(core, 'app:info', {})).toEqual({ name: 'Kassa', version: 'test', transport: 'web' })
    const sale = await charge()
    await call(core, 'invoice:focus', { saleId: sale.id })
    await new Promise((resolve) => setTimeout(resolve, 300))
    // The health monitor's two reports (checking at start, then its answer); the reads add none.
    expect(connectivity.map((c) => [c.processor, c.state, c.detail])).toEqual([
      ['demo', 'unknown', null],
      ['demo', 'online', null]
    ])
  })
})

const extraDirs: ReturnType<typeof tempDir>[] = []
function tempDirFor(): string {
  const extra = tempDir()
  extraDirs.push(extra)
  return extra.path
}
afterEach(() => {
  for (const extra of extraDirs.splice(0)) extra.remove()
})
