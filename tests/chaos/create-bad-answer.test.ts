import { afterAll, beforeAll, expect, it } from 'vitest'
import type { SaleView } from '@shared/contract'
import { startRig, type ChaosRig } from './chaos-rig'
import { checkInvariants, readLedger } from './crash-harness'
import type { FaultKind } from './fault-proxy'

/**
 * Defects the fault loop found, each alone (fixed): the processor makes what it was asked for, but its answer
 * reaches the till cut in half or not JSON. The till got `processor-bad-response` and took it for "nothing was made":
 * - a charge (or, at BTCPay, the read of the new invoice's payment methods that follows the create): the sale ends
 *   `failed` with no invoice while the processor holds a payable invoice for it — a customer could pay a sale the
 *   cashier then rings up again. What must hold: the sale holds the one invoice made (looked up by order id);
 * - a BTCPay refund (`POST …/invoices/{id}/refund`): the refund's intent is dropped from the ledger while BTCPay
 *   holds a claimable pull payment for it — money could leave with no record. What must hold: the refund holds it;
 * - a Plisio withdrawal (`GET /operations/withdraw`): the same, with the coins already sent from the shop's
 *   balance. What must hold: the refund holds the withdrawal (or is `unknown` until the owner checks).
 *
 * Such an answer is now an unknown outcome (`mayHaveReachedProcessor`): the sale stays `creating` and its invoice is
 * looked up by order id, the refund stays `pending` (a withdrawal `unknown` when it cannot be found) and its pull
 * payment is looked up by the refund id.
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
    { sales: new Set(acknowledged.filter((id) => id.startsWith('sale_'))), refunds: new Set() },
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
  expect(found).toEqual([])
  const settled = await rig.call<SaleView>('sale:get', { saleId: sale.id })
  expect(settled.state).toBe('awaiting')
  expect(settled.invoice).not.toBeNull()
}

it('BTCPay: a cut answer to the payment-methods read after the create leaves the sale holding the invoice made', async () => {
  spoilFirst('btcpay', /^GET .*\/invoices\/[^/]+\/payment-methods$/, 'truncated')
  await chargeAndCheck('btcpay')
})

it('Plisio: a create answered with malformed JSON leaves the sale holding the invoice made', async () => {
  spoilFirst('plisio', /^GET .*\/invoices\/new$/, 'malformed')
  await chargeAndCheck('plisio')
})

it('BTCPay: a refund answered with cut JSON keeps its intent and ends holding the one pull payment made', async () => {
  // Paid first with everything passing; then the refund's answer is cut.
  const sale = await rig.paidSale('btcpay', '30.00')
  const before = await problems([])
  spoilFirst('btcpay', /^POST .*\/invoices\/[^/]+\/refund$/, 'truncated')
  await rig
    .call('refund:create', {
      saleId: sale.id,
      variant: 'Custom',
      customAmount: '5.00',
      customCurrency: 'USD'
    })
    .catch(() => undefined)
  rig.proxies!.btcpay.setSchedule(null)
  await rig.settle()
  const found = (await problems([])).filter((problem) => !before.includes(problem))
  expect(found).toEqual([])
  expect(rig.btcpay.state.pullPayments.size).toBe(1)
})

it('Plisio: a withdrawal answered with malformed JSON keeps its intent and ends holding the one withdrawal made', async () => {
  const sale = await rig.paidSale('plisio', '30.00')
  const before = await problems([])
  spoilFirst('plisio', /^GET .*\/operations\/withdraw$/, 'malformed')
  await rig
    .call('refund:withdraw', {
      saleId: sale.id,
      address: 'bc1qchaoscustomer000000000000000000000000',
      amount: '0.00001500'
    })
    .catch(() => undefined)
  rig.proxies!.plisio.setSchedule(null)
  await rig.settle()
  const found = (await problems([])).filter((problem) => !before.includes(problem))
  expect(found).toEqual([])
  expect(rig.plisio.control.withdrawals()).toHaveLength(1)
})
