import { afterAll, beforeAll, expect, it } from 'vitest'
import type { RefundView, SaleView } from '@shared/contract'
import { waitFor } from '../fixtures/temp-dir'
import { startRig, type ChaosRig } from './chaos-rig'
import { checkInvariants, readLedger, seededRandom } from './crash-harness'

/**
 * SIGKILL the till's main process (the built web host, `out/main/web.js`) at random moments of a charge and of each
 * refund kind, against the BTCPay and Plisio simulators; start it again over the same data folder; and check that no
 * sale is lost, no invoice or refund is made twice or left orphaned, and the ledger agrees with the simulators'
 * books. `npm test` runs a short seeded loop; `npm run chaos` a long one (KASSA_CHAOS_ROUNDS, KASSA_CHAOS_SEED).
 */
const KINDS = ['charge', 'pullPayment', 'withdrawal', 'recorded'] as const
const MOMENTS = ['early', 'work-done', 'answered'] as const
/** Every kind at each of its kill moments (a recorded refund asks no processor: early only). */
const COMBINATIONS = KINDS.flatMap((kind) =>
  (kind === 'recorded' ? (['early'] as const) : MOMENTS).map((moment) => ({ kind, moment }))
)
/** The first rounds meet every combination once, in a seeded order; the rounds after them draw at random. */
const ROUNDS = Number(process.env.KASSA_CHAOS_ROUNDS ?? COMBINATIONS.length)
const SEED = Number(process.env.KASSA_CHAOS_SEED ?? 20261128)
/** A loaded 2-core machine starts the web host in up to ~5 s: a long run gets time for each round (ms). */
const TIMEOUT_MS = Math.max(600_000, ROUNDS * 10_000)
const ADDRESS = 'bc1qchaoscustomer000000000000000000000000'

let rig: ChaosRig

beforeAll(async () => {
  rig = await startRig({ faults: false, smtp: false })
})
afterAll(() => rig?.close())

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const call = <T>(name: string, input: Record<string, unknown>) => rig.call<T>(name, input)

it(
  `keeps every sale and refund exactly once through ${ROUNDS} SIGKILLs (seed ${SEED})`,
  async () => {
    const random = seededRandom(SEED)
    const planned = [...COMBINATIONS]
    for (let i = planned.length - 1; i > 0; i--) {
      const j = random.int(0, i)
      ;[planned[i], planned[j]] = [planned[j]!, planned[i]!]
    }
    const met = new Set<string>()
    const { btcpay, plisio, dataDir } = rig
    await rig.start()
    await rig.connect()
    const plisioSales = [await rig.paidSale('plisio', '40.00'), await rig.paidSale('plisio', '40.00')]
    const btcpaySales = [await rig.paidSale('btcpay', '40.00'), await rig.paidSale('btcpay', '40.00')]
    const acknowledged = { sales: new Set<string>(), refunds: new Set<string>() }
    const kinds = { charge: 0, pullPayment: 0, withdrawal: 0, recorded: 0 }
    const moments = { early: 0, 'work-done': 0, answered: 0 }
    let killedDuringCall = 0
    /** What the simulators have made of this kind so far (the charge's invoice, the pull payment, the withdrawal). */
    const madeCount = (kind: string): number =>
      kind === 'charge'
        ? btcpay.state.invoices.size
        : kind === 'pullPayment'
          ? btcpay.state.pullPayments.size
          : kind === 'withdrawal'
            ? plisio.control.withdrawals().length
            : 0

    for (let round = 0; round < ROUNDS; round++) {
      const plan = planned[round]
      const kind = plan?.kind ?? KINDS[random.int(0, 3)]!
      kinds[kind]++
      // The processor holds its answer a while after doing the work, so kills land before, during and after it.
      const hold = random.int(20, 120)
      if (kind === 'withdrawal') plisio.control.failNext({ path: 'operations/withdraw', delayMs: hold })
      if (kind === 'charge' || kind === 'pullPayment')
        btcpay.control.failNext({ delayMs: hold, method: 'POST' })
      const cents = String(random.int(10, 150)).padStart(3, '0')
      const amount = `${cents.slice(0, -2)}.${cents.slice(-2)}`
      const saleFor = (list: SaleView[]) => list[random.int(0, list.length - 1)]!
      const request: Promise<{ id: string } | null> = (async () => {
        switch (kind) {
          case 'charge':
            return call<SaleView>('sale:charge', { amount, currency: 'USD' })
          case 'pullPayment':
            return call<RefundView>('refund:create', {
              saleId: saleFor(btcpaySales).id,
              variant: 'Custom',
              customAmount: amount,
              customCurrency: 'USD'
            })
          case 'withdrawal':
            return call<RefundView>('refund:withdraw', {
              saleId: saleFor(plisioSales).id,
              address: ADDRESS,
              amount: `0.0000${random.int(1000, 2000)}`
            })
          case 'recorded':
            return call<RefundView>('refund:record', {
              saleId: saleFor([...btcpaySales, ...plisioSales]).id,
              amount,
              method: 'cash',
              reason: 'chaos'
            })
        }
      })().catch(() => null)
      // Where to kill: early (before or while asking), once the processor did the work but still holds its answer,
      // or just after the answer reached the till (while it writes the ledger).
      const moment = plan?.moment ?? (kind === 'recorded' ? 'early' : MOMENTS[random.int(0, 2)]!)
      met.add(`${kind} ${moment}`)
      const made = madeCount(kind)
      if (moment === 'early') await sleep(random.int(0, 40))
      else {
        await waitFor(
          () => madeCount(kind),
          (n) => n > made,
          { timeoutMs: 5000, intervalMs: 1, what: `${kind} at the simulator` }
        ).catch(() => undefined)
        await sleep(moment === 'work-done' ? random.int(0, Math.max(0, hold - 10)) : hold + random.int(0, 15))
      }
      moments[moment]++
      const answered = await Promise.race([
        request,
        new Promise<'open'>((resolve) => setImmediate(() => resolve('open')))
      ])
      if (answered === 'open') killedDuringCall++
      await rig.kill()
      const result = await request
      if (result) (kind === 'charge' ? acknowledged.sales : acknowledged.refunds).add(result.id)
      await rig.start()
      await rig.settle()
      const problems = checkInvariants(readLedger(dataDir), btcpay, plisio, acknowledged)
      expect(problems, `after round ${round} (${kind}, seed ${SEED})`).toEqual([])
    }
    if (ROUNDS >= COMBINATIONS.length) expect(met.size).toBe(COMBINATIONS.length)
    console.log(
      `chaos: ${ROUNDS} kill points (seed ${SEED}): ${kinds.charge} charges, ${kinds.pullPayment} BTCPay refunds, ` +
        `${kinds.withdrawal} Plisio withdrawals, ${kinds.recorded} recorded refunds; killed ${moments.early} early, ` +
        `${moments['work-done']} with the processor's work done and its answer held, ${moments.answered} just after ` +
        `the answer; ${killedDuringCall} with the call still open; ${btcpay.state.invoices.size} invoices, ${btcpay.state.pullPayments.size} pull ` +
        `payments, ${plisio.control.withdrawals().length} withdrawals at the simulators`
    )
  },
  TIMEOUT_MS
)
