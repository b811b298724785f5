import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { SaleView } from '@shared/contract'
import type { DayReportView } from '@shared/day'
import type { RecoveryItemView, RecoveryListView } from '@shared/recovery'
import type { Core } from '../../../src/main/core'
import { addDays } from '../../../src/main/day/business-day'
import { MemorySecretStore } from '../../fixtures/memory-secret-store'
import { tempDir } from '../../fixtures/temp-dir'
import { startBtcpaySimulator, type BtcpaySimulator } from '../../simulators/btcpay'
import { startPlisioSimulator, type PlisioSimulator } from '../../simulators/plisio'
import { fails, ok, processorCore, waitForSale } from '../core/processor-helpers'
import { auditRows, btcpayDelivery } from '../webhooks/helpers'
import {
  btcpayDriver,
  demoDriver,
  itemOfSale,
  plisioDriver,
  todayReport,
  waitForItem
} from './recovery-drivers'

// What can go wrong around a recovery: a refusal, a lost answer and a restart, abandoning, the original sale paid
// late, a payment after its day was closed, and the webhook that ends a sale.

const SECRET = 'kassa-test-webhook-secret'
let btcpay: BtcpaySimulator
let plisio: PlisioSimulator
let dir: ReturnType<typeof tempDir>
let secrets: MemorySecretStore
let core: Core

const makeCore = (overrides: Parameters<typeof processorCore>[2] = {}) =>
  processorCore(dir.path, secrets, {
    recovery: { pollMs: 100 },
    ...overrides,
    connectors: {
      plisio: { baseUrl: plisio.url, ...overrides.connectors?.plisio },
      btcpay: { webhookSecret: SECRET, ...overrides.connectors?.btcpay }
    }
  })

beforeAll(async () => {
  ;[btcpay, plisio] = await Promise.all([startBtcpaySimulator(), startPlisioSimulator()])
})
afterAll(async () => {
  await Promise.all([btcpay.close(), plisio.close()])
})
beforeEach(async () => {
  dir = tempDir()
  secrets = new MemorySecretStore()
  core = makeCore()
  await core.start()
})
afterEach(async () => {
  await core.stop()
  dir.remove()
})

describe('a payment request the processor refuses', () => {
  it('leaves the item as it was, records the request failed with the reason, and a new attempt may follow', async () => {
    const driver = btcpayDriver(btcpay)
    await driver.connect(core)
    const sale = await driver.fail(core, false)
    const item = await itemOfSale(core, sale.id)
    btcpay.control.failNext({ method: 'POST', path: '/payment-requests', status: 422 })
    const refused = await fails(core, 'recovery:request', { itemId: item.id })
    expect(refused.code).toBe('processor-invalid-request')
    const after = await ok<RecoveryItemView>(core, 'recovery:get', { itemId: item.id })
    expect(after.status).toBe('open')
    expect(after.paymentRequest).toMatchObject({
      orderId: `${item.id}-1`,
      status: 'failed',
      id: null,
      error: { code: 'processor-invalid-request' }
    })
    expect(await driver.held(`${item.id}-1`)).toEqual([])
    const second = await ok<RecoveryItemView>(core, 'recovery:request', { itemId: item.id })
    expect(second.paymentRequest).toMatchObject({ orderId: `${item.id}-2`, status: 'open', amount: '20.00' })
    expect(core.ledger.auditFor(sale.id).map((e) => e.action)).toContain('recovery.request-refused')
    // Simulating a payment is the Demo's alone.
    expect((await fails(core, 'demo:simulateRequest', { itemId: item.id })).code).toBe('conflict')
  })
})

describe('a payment request that expires', () => {
  it('puts the item back to open; the next request is a new attempt', async () => {
    const driver = plisioDriver(plisio)
    await driver.connect(core)
    const sale = await driver.fail(core, false)
    const item = await itemOfSale(core, sale.id)
    const requested = await ok<RecoveryItemView>(core, 'recovery:request', { itemId: item.id })
    plisio.control.expire(requested.paymentRequest!.id!)
    const reopened = await ok<RecoveryItemView>(core, 'recovery:refresh', { itemId: item.id })
    expect(reopened).toMatchObject({
      status: 'open',
      paymentRequest: { orderId: `${item.id}-1`, status: 'expired' }
    })
    const again = await ok<RecoveryItemView>(core, 'recovery:request', { itemId: item.id })
    expect(again).toMatchObject({
      status: 'requested',
      paymentRequest: { orderId: `${item.id}-2`, status: 'open' }
    })
    expect(again.paymentRequest?.id).not.toBe(requested.paymentRequest?.id)
  })
})

describe('a lost answer, then a restart', () => {
  it('keeps the request creating and, after the restart, asks again with the same order id: one invoice', async () => {
    await core.stop()
    core = makeCore({ connectors: { plisio: { timeoutMs: 300 } } })
    await core.start()
    const driver = plisioDriver(plisio)
    await driver.connect(core)
    const sale = await driver.fail(core, true)
    const item = await itemOfSale(core, sale.id)
    plisio.control.failNext({ path: 'invoices/new', delayMs: 1000 })
    const lost = await fails(core, 'recovery:request', { itemId: item.id })
    expect(lost.code).toBe('processor-connection')
    const creating = await ok<RecoveryItemView>(core, 'recovery:get', { itemId: item.id })
    expect(creating).toMatchObject({ status: 'open', paymentRequest: { status: 'creating', id: null } })

    await core.stop()
    core = makeCore()
    await core.start()
    const requested = await waitForItem(core, item.id, 'requested')
    expect(requested.paymentRequest).toMatchObject({
      orderId: `${item.id}-1`,
      status: 'open',
      amount: '10.00'
    })
    const asks = plisio.control.requests.filter(
      (r) => r.path === 'invoices/new' && r.query.order_number?.startsWith(`payreq-${item.id}`)
    )
    expect(asks.map((r) => r.query.order_number)).toEqual([`payreq-${item.id}-1`, `payreq-${item.id}-1`])
    expect(plisio.control.invoice(requested.paymentRequest!.id!)).toMatchObject({
      orderNumber: `payreq-${item.id}-1`,
      sourceAmount: '10.00'
    })
  })
})

describe('abandoning', () => {
  it('archives the open request (Demo) and refuses a request afterwards', async () => {
    const driver = demoDriver()
    await driver.connect(core)
    const sale = await driver.fail(core, false)
    const item = await itemOfSale(core, sale.id)
    const requested = await ok<RecoveryItemView>(core, 'recovery:request', { itemId: item.id })
    const abandoned = await ok<RecoveryItemView>(core, 'recovery:abandon', {
      itemId: item.id,
      note: 'Customer will pay in cash'
    })
    expect(abandoned).toMatchObject({
      status: 'abandoned',
      note: 'Customer will pay in cash',
      abandonedAt: expect.any(String),
      paymentRequest: { status: 'archived' }
    })
    const invoice = await core.processors.get('demo')!.getInvoice(requested.paymentRequest!.id!)
    expect(invoice.status).toBe('Invalid')
    expect((await fails(core, 'recovery:request', { itemId: item.id })).code).toBe('conflict')
    const audit = auditRows(core, 'recovery.abandoned').at(-1)
    expect(audit?.details).toMatchObject({ requestArchived: true })
  })

  it('is recorded even when the processor cannot archive (Plisio), and the audit says so', async () => {
    const driver = plisioDriver(plisio)
    await driver.connect(core)
    const sale = await driver.fail(core, false)
    const item = await itemOfSale(core, sale.id)
    await ok(core, 'recovery:request', { itemId: item.id })
    const abandoned = await ok<RecoveryItemView>(core, 'recovery:abandon', { itemId: item.id })
    expect(abandoned).toMatchObject({ status: 'abandoned', paymentRequest: { status: 'open' } })
    const audit = auditRows(core, 'recovery.abandoned').at(-1)
    expect(audit?.details).toMatchObject({
      requestArchived: false,
      archiveRefused: expect.stringContaining('Plisio cannot cancel')
    })
  })

  it('refuses to abandon a recovered item', async () => {
    const driver = demoDriver()
    await driver.connect(core)
    const sale = await driver.fail(core, false)
    const item = await itemOfSale(core, sale.id)
    const requested = await ok<RecoveryItemView>(core, 'recovery:request', { itemId: item.id })
    await driver.pay(core, requested)
    await waitForItem(core, item.id, 'recovered')
    expect((await fails(core, 'recovery:abandon', { itemId: item.id })).code).toBe('conflict')
  })
})

describe('the original sale paid late', () => {
  it('closes the item as recovered without an amount of its own, archives the request, and counts once', async () => {
    const driver = btcpayDriver(btcpay)
    await driver.connect(core)
    const sale = await driver.fail(core, false)
    const item = await itemOfSale(core, sale.id)
    const requested = await ok<RecoveryItemView>(core, 'recovery:request', { itemId: item.id })
    btcpay.control.pay(sale.invoice!.id, 'late')
    btcpay.control.settle(sale.invoice!.id)
    await ok(core, 'invoice:focus', { saleId: sale.id })
    await waitForSale(core, sale.id, (s: SaleView) => s.state === 'paid', 'paid late')
    const recovered = await waitForItem(core, item.id, 'recovered')
    expect(recovered).toMatchObject({ recoveredAmount: null, recoveredDay: null })
    await expect.poll(() => btcpayArchived(requested.paymentRequest!.id!), { timeout: 5000 }).toBe(true)
    const report = await todayReport(core)
    expect(report.figures.recovered).toEqual([])
    expect(report.recoveries).toEqual([])
    expect(report.figures.totals).toEqual([
      expect.objectContaining({ currency: 'USD', sales: 1, net: '20.00' })
    ])
  })
})

const btcpayArchived = (id: string) =>
  (btcpay.state.paymentRequests.get(id) as { archived?: boolean } | undefined)?.archived === true

describe('the day close', () => {
  it('freezes the day’s recoveries; one paid after its day was closed counts on the next open day', async () => {
    const driver = demoDriver()
    await driver.connect(core)
    const first = await itemOfSale(core, (await driver.fail(core, true)).id)
    const second = await itemOfSale(core, (await driver.fail(core, false)).id)
    await driver.pay(core, await ok<RecoveryItemView>(core, 'recovery:request', { itemId: first.id }))
    const today = (await waitForItem(core, first.id, 'recovered')).recoveredDay!
    const secondRequest = await ok<RecoveryItemView>(core, 'recovery:request', { itemId: second.id })

    const closed = await ok<DayReportView>(core, 'day:close', { day: today })
    expect(closed.figures.recovered).toEqual([{ currency: 'USD', count: 1, amount: '10.00' }])
    expect(closed.recoveries).toEqual([expect.objectContaining({ itemId: first.id, amount: '10.00' })])

    await driver.pay(core, secondRequest)
    const late = await waitForItem(core, second.id, 'recovered')
    expect(late.recoveredDay).toBe(addDays(today, 1))
    const frozen = await ok<DayReportView>(core, 'day:report', { day: today })
    expect(frozen.state).toBe('closed')
    expect(frozen.recoveries?.map((r) => r.itemId)).toEqual([first.id])
    const next = await ok<DayReportView>(core, 'day:report', { day: addDays(today, 1) })
    expect(next.figures.recovered).toEqual([{ currency: 'USD', count: 1, amount: '20.00' }])
    expect(next.recoveries).toEqual([expect.objectContaining({ itemId: second.id, saleDay: today })])
    const audit = auditRows(core, 'recovery.recovered').at(-1)
    expect(audit?.details).toMatchObject({ day: addDays(today, 1), belongsTo: today })
  })
})

describe('a BTCPay InvoiceExpired webhook', () => {
  it('makes the sale enter the queue once; the same delivery again is refused as a duplicate', async () => {
    await core.stop()
    core = makeCore({ tracker: { focusIntervalMs: 60_000, backgroundIntervalMs: 60_000 } })
    await core.start()
    await btcpayDriver(btcpay).connect(core)
    const sale = await ok<SaleView>(core, 'sale:charge', { amount: '12.00', currency: 'USD' })
    btcpay.control.expire(sale.invoice!.id)
    const { body, headers } = btcpayDelivery(SECRET, {
      deliveryId: `DLV-${sale.id}`,
      invoiceId: sale.invoice!.id,
      storeId: btcpay.storeId,
      type: 'InvoiceExpired'
    })
    expect((await core.receiveWebhook('btcpay', Buffer.from(body), headers)).status).toBe(204)
    const item = await itemOfSale(core, sale.id)
    expect(item).toMatchObject({ reason: 'expired', status: 'open', due: '12.00' })
    const again = await core.receiveWebhook('btcpay', Buffer.from(body), headers)
    expect(again.status).toBe(200)
    expect(again.message).toMatch(/duplicate/i)
    const queued = core.ledger.auditFor(sale.id).filter((e) => e.action === 'recovery.queued')
    expect(queued).toHaveLength(1)
  })
})

describe('the list and the context', () => {
  it('pages newest failure first by its cursor, and refuses an unknown item or cursor', async () => {
    const driver = demoDriver()
    await driver.connect(core)
    const saleIds: string[] = []
    for (let i = 0; i < 3; i++) saleIds.push((await driver.fail(core, false)).id)
    await itemOfSale(core, saleIds[2]!)
    const first = await ok<RecoveryListView>(core, 'recovery:list', { limit: 2 })
    expect(first.items.map((item) => item.saleId)).toEqual([saleIds[2], saleIds[1]])
    expect(first.nextCursor).not.toBeNull()
    const second = await ok<RecoveryListView>(core, 'recovery:list', { limit: 2, before: first.nextCursor })
    expect(second.items.map((item) => item.saleId)).toEqual([saleIds[0]])
    expect(second.nextCursor).toBeNull()
    expect(second.rate).toMatchObject({ days: 30, failed: 3, open: 3, rate: '0.0' })
    expect((await fails(core, 'recovery:list', { before: 'nonsense' })).code).toBe('invalid-input')
    expect((await fails(core, 'recovery:get', { itemId: `rec_${'f'.repeat(32)}` })).code).toBe('not-found')
    // A Demo item without a request has nothing to pay.
    expect((await fails(core, 'demo:simulateRequest', { itemId: first.items[0]!.id })).code).toBe('conflict')
  })

  it('keeps no personal data: after the customer is erased the item stands without one', async () => {
    const driver = demoDriver()
    await driver.connect(core)
    const sale = await driver.fail(core, false)
    const item = await itemOfSale(core, sale.id)
    await ok(core, 'recovery:request', { itemId: item.id })
    expect(item.customer?.id).toBeDefined()
    await ok(core, 'customer:erase', { customerId: item.customer!.id })
    const after = await ok<RecoveryItemView>(core, 'recovery:get', { itemId: item.id })
    expect(after.customer).toBeNull()
    const rows = JSON.stringify(
      [
        core.ledger.database.prepare('SELECT * FROM recovery_items').all(),
        core.ledger.database.prepare('SELECT * FROM recovery_requests').all()
      ],
      (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)
    )
    expect(rows).not.toMatch(/Jürgen|Weiß|juergen/i)
  })
})
