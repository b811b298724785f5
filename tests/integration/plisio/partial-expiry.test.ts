import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { RefundOptionsView, SaleView } from '@shared/contract'
import type { Core } from '../../../src/main/core'
import { MemorySecretStore } from '../../fixtures/memory-secret-store'
import { tempDir } from '../../fixtures/temp-dir'
import { startPlisioSimulator, type PlisioSimulator } from '../../simulators/plisio'
import { fails, ok, processorCore, waitForSale } from '../core/processor-helpers'

// Half of a 25.00 EUR sale paid in BTC (60 000 EUR/BTC: 0.00041667 due, 0.00020833 paid), then the invoice
// expires: through the real core, the Plisio connector and the simulator's OperationDto answers.
const CUSTOMER_ADDRESS = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'
let sim: PlisioSimulator
let dir: ReturnType<typeof tempDir>
let core: Core

beforeAll(async () => {
  sim = await startPlisioSimulator()
})
afterAll(async () => {
  await sim.close()
})
beforeEach(async () => {
  dir = tempDir()
  core = processorCore(dir.path, new MemorySecretStore(), { connectors: { plisio: { baseUrl: sim.url } } })
  await core.start()
  await ok(core, 'processor:connect', { processor: 'plisio', apiKey: sim.apiKey })
})
afterEach(async () => {
  await core.stop()
  dir.remove()
})

async function halfPaidSale(): Promise<SaleView> {
  const sale = await ok<SaleView>(core, 'sale:charge', {
    amount: '25.00',
    currency: 'EUR',
    paymentMethod: 'BTC'
  })
  sim.control.payPartial(sale.invoice!.id)
  // Focusing reads the invoice at once (Plisio's own poll floor is 5 s).
  await ok(core, 'invoice:focus', { saleId: sale.id })
  return waitForSale(core, sale.id, (s) => s.invoice?.additionalStatus === 'PaidPartial', 'partly paid')
}

describe('Plisio: half paid, then expired, through the core', () => {
  it('a half payment is partly paid, never "payment seen" or paid; the QR asks only for the rest', async () => {
    const sale = await halfPaidSale()
    const address = sim.control.invoice(sale.invoice!.id)?.walletHash
    expect(sale.state).toBe('awaiting')
    expect(sale.invoice).toMatchObject({ status: 'New', rawStatus: 'pending', paid: '12.50', due: '12.50' })
    expect(sale.invoice?.paymentMethods[0]).toMatchObject({
      paid: '0.00020833',
      due: '0.00020834',
      paymentLink: `bitcoin:${address}?amount=0.00020834`
    })
  })

  it('expires with exactly the half paid, and refunds offer at most what was paid', async () => {
    const half = await halfPaidSale()
    sim.control.expire(half.invoice!.id)
    // Plisio's callback says `expired` and carries the invoice's whole amount: it only makes Kassa read again.
    const { body, contentType } = sim.control.buildCallback(half.invoice!.id)
    const delivered = await core.receiveWebhook('plisio', Buffer.from(body), { 'content-type': contentType })
    expect(delivered.status).toBe(204)
    const sale = await waitForSale(core, half.id, (s) => s.state === 'expired', 'expired')
    expect(sale.invoice).toMatchObject({
      status: 'Expired',
      additionalStatus: 'PaidPartial',
      rawStatus: 'expired',
      amount: '25.00',
      paid: '12.50',
      due: '12.50'
    })
    expect(sale.invoice?.paymentMethods[0]).toMatchObject({ paid: '0.00020833', due: '0.00020834' })

    const options = await ok<RefundOptionsView>(core, 'refund:options', { saleId: sale.id })
    expect(options).toMatchObject({
      mode: 'withdrawal',
      currency: 'EUR',
      paid: '12.50',
      refunded: '0.00',
      blockedReason: null,
      coin: { id: 'BTC', currency: 'BTC', paid: '0.00020833' }
    })

    // Refunding the whole invoice's BTC is more than was paid: refused before Plisio is asked.
    const before = sim.control.requests.length
    const error = await fails(core, 'refund:withdraw', {
      saleId: sale.id,
      address: CUSTOMER_ADDRESS,
      amount: '0.00041667'
    })
    expect(error.code).toBe('invalid-input')
    expect(error.message).toMatch(/At most 12\.50 EUR is left/)
    expect(sim.control.requests.slice(before).some((r) => r.path === 'operations/withdraw')).toBe(false)
  })
})
