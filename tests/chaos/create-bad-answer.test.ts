import { afterAll, beforeAll, expect, it } from 'vitest'
import type { SaleView } from '@shared/contract'
import { startRig, type ChaosRig } from './chaos-rig'
import { KNOWN_DEFECT, checkInvariants, readLedger } from './crash-harness'
import type { FaultKind } from './fault-proxy'

/**
 * A defect the fault loop found, alone: the processor makes the sale's invoice, but its answer (or, at BTCPay, the
 * read of the new invoice's payment methods that follows) reaches the till cut in half. The till gets
 * `processor-bad-response`, which it does not take for an unknown outcome: the sale ends `failed` with no invoice,
 * while the processor holds a payable invoice for it — a customer could pay a sale the cashier then rings up again.
 * What must hold: the sale holds the one invoice the processor made (looked up by order id, as after a timeout).
 *
 * KNOWN DEFECT in src/main/sales (SaleService.createOnce), not the chaos tests' to fix (`KNOWN_DEFECT`): each test
 * asserts that exactly this violation happens, so it fails once the defect is fixed; then make it expect no
 * violation at all, and drop `KNOWN_DEFECT`.
 */
let rig: ChaosRig

beforeAll(async () => {
  rig = await startRig({ faults: true, smtp: false })
  await rig.start()
  await rig.connect()
})
afterAll(() => rig?.close())

/** Cut the first answer to `path`'s request (`fault`), then let everything pass. */
function spoilFirst(processor: 'btcpay' | 'plisio', path: RegExp, fault: FaultKind): void {
  let spoiled = false
  rig.proxies![processor].setSchedule((request) => {
    if (spoiled || !path.test(`${request.method} ${request.path}`)) return { kind: 'pass' }
    spoiled = true
    return { kind: fault }
  })
}

/** The invariants' violations now (the sales answered: `acknowledged`). */
async function problems(acknowledged: string[]): Promise<string[]> {
  return checkInvariants(
    readLedger(rig.dataDir),
    rig.btcpay,
    rig.plisio,
    { sales: new Set(acknowledged), refunds: new Set() },
    { plisioInvoices: await rig.plisioInvoices(), mailSubjects: [] }
  )
}

async function chargeAndCheck(processor: 'btcpay' | 'plisio'): Promise<void> {
  const before = await problems([])
  await rig.use(processor)
  const sale = await rig.call<SaleView>('sale:charge', {
    amount: '12.00',
    currency: 'USD',
    ...(processor === 'plisio' && { paymentMethod: 'BTC' })
  })
  rig.proxies![processor].setSchedule(null)
  await rig.settle()
  const found = (await problems([sale.id])).filter((problem) => !before.includes(problem))
  // Should be `toEqual([])`: see KNOWN DEFECT above.
  expect(found).toEqual([expect.stringMatching(KNOWN_DEFECT)])
  expect(found[0]).toContain(sale.id)
}

it('KNOWN DEFECT — BTCPay: a cut answer to the payment-methods read after the create fails the sale, its invoice made', async () => {
  spoilFirst('btcpay', /^GET .*\/invoices\/[^/]+\/payment-methods$/, 'truncated')
  await chargeAndCheck('btcpay')
})

it('KNOWN DEFECT — Plisio: a create answered with malformed JSON fails the sale, its invoice made', async () => {
  spoilFirst('plisio', /^GET .*\/invoices\/new$/, 'malformed')
  await chargeAndCheck('plisio')
})
