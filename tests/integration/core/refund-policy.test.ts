import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CallName, RefundOptionsView, RefundView, SaleView } from '@shared/contract'
import type { Result } from '@shared/errors'
import type { Core } from '../../../src/main/core'
import { dispatch } from '../../../src/main/dispatch'
import { RefundBook } from '../../../src/main/ledger/refund-book'
import { DAY_MS } from '../../../src/main/refunds/refund-policy'
import { tempDir } from '../../fixtures/temp-dir'
import { testCore, waitForState } from './helpers'

const PIN = '4826'

let dir: ReturnType<typeof tempDir>
let core: Core
/** Days skipped ahead of the real clock (ms): the Demo confirms on the core's clock. */
let skipped: number
let pullCreates: ReturnType<typeof vi.fn>

beforeEach(async () => {
  dir = tempDir()
  skipped = 0
  core = testCore(dir.path, { now: () => Date.now() + skipped })
  await core.start()
  // Count what reaches the Demo's refund port: a refused or held refund must never get there.
  const port = core.processors.get('demo')!.ports.pullPayments!
  const original = port.create.bind(port)
  pullCreates = vi.fn(original)
  port.create = pullCreates as typeof port.create
})
afterEach(async () => {
  await core.stop()
  dir.remove()
})

function send(name: CallName, input: unknown, ownerSession: string | null = null): Promise<Result<unknown>> {
  return dispatch(core.handlers, name, input, { ownerSession })
}
async function ok<T>(name: CallName, input: unknown, ownerSession: string | null = null): Promise<T> {
  const result = await send(name, input, ownerSession)
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`)
  return result.value as T
}

async function paidSale(amount = '80.00'): Promise<SaleView> {
  const sale = await ok<SaleView>('sale:charge', { amount, currency: 'USD' })
  await ok('invoice:focus', { saleId: sale.id })
  await ok('demo:simulate', { saleId: sale.id, kind: 'full' })
  return waitForState(core, sale.id, 'paid')
}

/** The owner's PIN set (the owner's session back), then the policy set with it. */
async function ownerSets(policy: Record<string, unknown>): Promise<string> {
  const { session } = await ok<{ session: string }>('owner:setPin', { pin: PIN })
  await ok('settings:update', { refundPolicy: policy }, session)
  return session
}

const stored = (saleId: string) => new RefundBook(core.ledger.database).forSale(saleId)
/** The `refund.policy` audit rows of a sale: actor and details. */
const policyAudit = (saleId: string) =>
  (
    core.ledger.database
      .prepare(
        "SELECT actor, details_json AS details FROM audit_log WHERE sale_id = ? AND action = 'refund.policy' ORDER BY seq"
      )
      .all(saleId) as { actor: string; details: string }[]
  ).map((row) => ({ actor: row.actor, ...(JSON.parse(row.details) as Record<string, unknown>) }))

describe('refund policy triage through the core (Demo)', () => {
  it('a shop that set nothing refunds as before, the triage on the refund', async () => {
    const sale = await paidSale()
    const refund = await ok<RefundView>('refund:create', { saleId: sale.id, variant: 'Fiat' })
    expect(refund.policy).toEqual({ decision: 'allowed', rule: null, approvedBy: null })
    expect(stored(sale.id)[0]?.policy?.decision).toBe('allowed')
    expect(pullCreates).toHaveBeenCalledTimes(1)
  })

  it('above the cashier limit: owner-required naming the limit, nothing recorded or sent; with the owner once', async () => {
    const session = await ownerSets({ cashierLimit: '50' })
    const sale = await paidSale('80.00')
    const options = await ok<RefundOptionsView>('refund:options', { saleId: sale.id })
    expect(options.variants.find((v) => v.variant === 'Fiat')?.triage).toMatchObject({
      decision: 'needs-owner',
      rule: 'cashier-limit',
      values: { limit: '50.00', amount: '80.00', currency: 'USD' }
    })
    const held = await send('refund:create', {
      saleId: sale.id,
      variant: 'Fiat',
      idempotencyKey: 'k'.repeat(32)
    })
    expect(held).toMatchObject({
      ok: false,
      error: {
        code: 'owner-required',
        params: { reason: 'policy-cashier-limit', limit: '50.00', amount: '80.00' }
      }
    })
    expect(stored(sale.id)).toEqual([])
    expect(pullCreates).not.toHaveBeenCalled()
    expect(policyAudit(sale.id)).toEqual([
      expect.objectContaining({ decision: 'needs-owner', rule: 'cashier-limit', outcome: 'owner-required' })
    ])

    // The renderer's retry: the same call (same key) with the owner's session.
    const input = { saleId: sale.id, variant: 'Fiat', idempotencyKey: 'k'.repeat(32) }
    const made = await ok<RefundView>('refund:create', input, session)
    expect(made.policy).toEqual({ decision: 'needs-owner', rule: 'cashier-limit', approvedBy: 'owner' })
    expect(await ok<RefundView>('refund:create', input, session)).toMatchObject({ id: made.id })
    expect(stored(sale.id)).toHaveLength(1)
    expect(pullCreates).toHaveBeenCalledTimes(1)
    expect(policyAudit(sale.id).at(-1)).toMatchObject({ outcome: 'proceeds', approvedBy: 'owner' })
    const auditRow = core.ledger
      .auditFor(sale.id)
      .find((a) => a.action === 'refund.policy' && a.actor === 'owner')
    expect(auditRow).toBeDefined()
  })

  it('a refund under the limit needs no PIN', async () => {
    await ownerSets({ cashierLimit: '50' })
    const sale = await paidSale('40.00')
    const refund = await ok<RefundView>('refund:create', { saleId: sale.id, variant: 'Fiat' })
    expect(refund.policy?.decision).toBe('allowed')
  })

  it('a variant the owner did not allow is refused: conflict policy-variant, nothing recorded or sent', async () => {
    await ownerSets({ allowedVariants: ['Fiat'], defaultVariant: 'Fiat' })
    const sale = await paidSale()
    const refused = await send('refund:create', { saleId: sale.id, variant: 'RateThen' })
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'conflict', params: { reason: 'policy-variant' } }
    })
    expect(stored(sale.id)).toEqual([])
    expect(pullCreates).not.toHaveBeenCalled()
    expect(policyAudit(sale.id)).toEqual([
      expect.objectContaining({ decision: 'refused', outcome: 'refused' })
    ])
  })

  it('past the window, a recorded refund needs the owner; a listed reason is required', async () => {
    await ownerSets({
      windowDays: 7,
      reasons: ['Damaged', 'Wrong item'],
      allowOtherReason: false
    })
    const sale = await paidSale('20.00')
    const base = { saleId: sale.id, amount: '5.00', method: 'cash' }
    expect(await send('refund:record', { ...base, reason: 'Changed mind' })).toMatchObject({
      error: { code: 'conflict', params: { reason: 'policy-reason' } }
    })
    skipped += 7 * DAY_MS + 60_000
    expect(await send('refund:record', { ...base, reason: 'Damaged' })).toMatchObject({
      error: { code: 'owner-required', params: { reason: 'policy-window', windowDays: '7', days: '7' } }
    })
    expect(stored(sale.id)).toEqual([])
    // A week later the owner's session has long expired: the owner unlocks again.
    const { session } = await ok<{ session: string }>('owner:unlock', { pin: PIN })
    const made = await ok<RefundView>('refund:record', { ...base, reason: 'Damaged' }, session)
    expect(made).toMatchObject({ amount: '5.00', policy: { rule: 'window', approvedBy: 'owner' } })
  })

  it('the restocking fee is taken off a recorded refund and is the default subtractPercentage of a pull payment', async () => {
    await ownerSets({ restockingFee: '10' })
    const sale = await paidSale('12.34')
    const options = await ok<RefundOptionsView>('refund:options', { saleId: sale.id })
    const fiat = options.variants.find((v) => v.variant === 'Fiat')!
    expect(fiat.fiat).toBe('11.10') // 12.34 less 1.234 rounded up to 1.24
    const made = await ok<RefundView>('refund:create', { saleId: sale.id, variant: 'Fiat' })
    expect(made).toMatchObject({ subtractPercentage: '10', amount: '11.10', fiatAmount: '11.10' })
    const sale2 = await paidSale('9.99')
    const recorded = await ok<RefundView>('refund:record', {
      saleId: sale2.id,
      amount: '9.99',
      method: 'cash',
      reason: 'x'
    })
    expect(recorded).toMatchObject({ amount: '8.99', fiatAmount: '8.99', subtractPercentage: '10' })
  })

  it('one refund per sale holds for two concurrent requests: exactly one is made', async () => {
    await ownerSets({ multipleRefunds: false })
    const sale = await paidSale('30.00')
    const asks = [1, 2].map((n) =>
      send('refund:create', {
        saleId: sale.id,
        variant: 'Custom',
        customAmount: '5.00',
        customCurrency: 'USD',
        reason: `r${n}`
      })
    )
    const results = await Promise.all(asks)
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.filter((r) => !r.ok)).toEqual([
      expect.objectContaining({
        error: expect.objectContaining({
          code: 'owner-required',
          params: expect.objectContaining({ reason: 'policy-one-per-sale' })
        })
      })
    ])
    expect(stored(sale.id)).toHaveLength(1)
    expect(pullCreates).toHaveBeenCalledTimes(1)
    const view = await ok<SaleView>('sale:get', { saleId: sale.id })
    expect(view.refunds[0]?.policy).toEqual({ decision: 'allowed', rule: null, approvedBy: null })
  })

  it('a policy that holds refunds for the owner cannot be saved before an owner PIN exists', async () => {
    for (const refundPolicy of [{ cashierLimit: '1' }, { windowDays: 30 }, { multipleRefunds: false }]) {
      expect(await send('settings:update', { refundPolicy })).toMatchObject({
        ok: false,
        error: { code: 'conflict', params: { reason: 'owner-pin-first' } }
      })
    }
    const settings = await ok<{ refundPolicy: { cashierLimit: string | null; windowDays: number | null } }>(
      'settings:get',
      {}
    )
    expect(settings.refundPolicy).toMatchObject({ cashierLimit: null, windowDays: null })
    // Rules that hold nothing for the owner are fine without a PIN.
    await ok('settings:update', { refundPolicy: { reasons: ['Damaged'] } })
  })

  it('changing the policy is the owner’s: a cashier without a session gets owner-required', async () => {
    await ownerSets({ cashierLimit: '50' })
    expect(await send('settings:update', { refundPolicy: { cashierLimit: null } })).toMatchObject({
      error: { code: 'owner-required' }
    })
    const settings = await ok<{ refundPolicy: { cashierLimit: string | null } }>('settings:get', {})
    expect(settings.refundPolicy.cashierLimit).toBe('50.00')
  })
})
