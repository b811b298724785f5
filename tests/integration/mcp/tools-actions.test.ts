import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Client } from '@modelcontextprotocol/sdk/client/index.js'
import type { CallToolResult, Progress } from '@modelcontextprotocol/sdk/types.js'
import type { AgentRequestView } from '@shared/agents'
import type { SaleView } from '@shared/contract'
import type { RecoveryItemView } from '@shared/recovery'
import type { AgentClient } from '../../../src/main/agents/agent-access'
import type { Core } from '../../../src/main/core'
import {
  agentClient,
  auditOf,
  connectAgent,
  failedCharge,
  paidSale,
  parsed,
  rigDeps,
  textOf
} from '../../fixtures/mcp-harness'
import { tempDir, waitFor } from '../../fixtures/temp-dir'
import { testCore } from '../core/helpers'
import { ok } from '../core/processor-helpers'

// The `recovery` and `refunds` tools against a real core (Demo processor, the real AgentService): drafts, payment
// requests made at once within the owner's limit or left pending above it (waited on with progress, then approved
// or declined through the contract), refund triage, and refund requests that stay pending until a person at the
// till approves (then the refund reaches the processor once) or declines (then it never does), with the
// percentage kept exact.

interface Outcome {
  status: string
  message: string
  requestId: string
  kind: string
  amount: string
  link: string | null
  refundId: string | null
  decidedBy: string | null
  request: AgentRequestView
}

let dir: ReturnType<typeof tempDir>
let core: Core
let agent: AgentClient
let mcp: Client

const tool = async (name: string, args: Record<string, unknown>): Promise<CallToolResult> =>
  (await mcp.callTool({ name, arguments: args })) as CallToolResult
const refundsOf = async (saleId: string) => (await ok<SaleView>(core, 'sale:get', { saleId })).refunds

/** The pending request this test's agent made, once the tool made it. */
async function pendingRequest(): Promise<AgentRequestView> {
  const pending = await waitFor(
    () => ok<AgentRequestView[]>(core, 'agent:requests', { filter: 'pending' }),
    (requests) => requests.some((r) => r.clientId === agent.id),
    { what: 'a pending agent request' }
  )
  return pending.find((r) => r.clientId === agent.id)!
}

beforeAll(async () => {
  dir = tempDir()
  core = testCore(dir.path)
  await core.start()
}, 30_000)
afterAll(async () => {
  await core.stop()
  dir.remove()
})
beforeEach(async () => {
  agent = await agentClient(core, ['read', 'recovery', 'refunds'])
  mcp = await connectAgent(rigDeps(core, {}), agent)
})

describe('recovery tools', () => {
  let item: RecoveryItemView
  beforeEach(async () => {
    item = await failedCharge(core)
  })

  it('draft_recovery_message drafts the message in the language asked and sends nothing', async () => {
    const draft = parsed<{ itemId: string; subject: string; body: string; to: string; language: string }>(
      await tool('draft_recovery_message', { item_id: item.id, language: 'de' })
    )
    expect(draft).toMatchObject({ itemId: item.id, language: 'de', to: 'juergen.weiss@example.org' })
    expect(draft.body.length).toBeGreaterThan(20)
    expect(await ok(core, 'recovery:outbox', { itemId: item.id })).toEqual([])
  })

  it('create_payment_request within the limit makes the request at once, and again gives the same one', async () => {
    const first = parsed<{ status: string; link: string; amount: string }>(
      await tool('create_payment_request', { item_id: item.id })
    )
    expect(first.status).toBe('created')
    expect(first.link).toMatch(/^(https?|bitcoin):/)
    expect(first.amount).toBe(item.due)
    const again = parsed<{ link: string }>(await tool('create_payment_request', { item_id: item.id }))
    expect(again.link).toBe(first.link)
  })

  describe('above the limit', () => {
    beforeEach(async () => {
      await ok(core, 'agent:configure', { paymentRequestLimit: '0' })
      return async () => {
        await ok(core, 'agent:configure', { paymentRequestLimit: '100' })
      }
    })

    it('create_payment_request waits for a person, telling the agent it waits, and makes nothing', async () => {
      const progress: Progress[] = []
      const started = Date.now()
      const result = (await mcp.callTool(
        { name: 'create_payment_request', arguments: { item_id: item.id, wait_seconds: 1 } },
        undefined,
        { onprogress: (p) => progress.push(p) }
      )) as CallToolResult
      const value = parsed<Outcome>(result)
      expect(value).toMatchObject({ status: 'pending', kind: 'payment-request', amount: item.due })
      expect(value.requestId).toMatch(/^agr_/)
      expect(value.message).toMatch(/waits for a person at the till/)
      expect(Date.now() - started).toBeGreaterThanOrEqual(950)
      expect(progress.length).toBeGreaterThanOrEqual(2)
      expect(progress.every((p) => p.total === 1)).toBe(true)
      const steps = progress.map((p) => p.progress)
      expect(steps.every((p, i) => i === 0 || p > steps[i - 1]!)).toBe(true)
      expect(
        (await ok<RecoveryItemView>(core, 'recovery:get', { itemId: item.id })).paymentRequest
      ).toBeNull()
    })

    it('create_payment_request answers approved with the link once a person approves at the till', async () => {
      const call = tool('create_payment_request', { item_id: item.id, wait_seconds: 30 })
      await ok(core, 'agent:approve', { requestId: (await pendingRequest()).id })
      const value = parsed<Outcome>(await call)
      expect(value.status).toBe('approved')
      const made = await ok<RecoveryItemView>(core, 'recovery:get', { itemId: item.id })
      expect(made.paymentRequest?.link).toBeTruthy()
      expect(value.link).toBe(made.paymentRequest!.link)
    })

    it('create_payment_request answers declined when a person declines while it waits', async () => {
      const call = tool('create_payment_request', { item_id: item.id, wait_seconds: 30 })
      await ok(core, 'agent:decline', { requestId: (await pendingRequest()).id, note: 'not this one' })
      const value = parsed<Outcome>(await call)
      expect(value.status).toBe('declined')
      expect(value.message).toMatch(/declined .*nothing was sent/)
      expect(
        (await ok<RecoveryItemView>(core, 'recovery:get', { itemId: item.id })).paymentRequest
      ).toBeNull()
    })
  })
})

describe('refund tools', () => {
  let sale: SaleView
  beforeEach(async () => {
    sale = await paidSale(core)
  })

  it('triage_refund previews each variant with the policy and the chosen one, changing nothing', async () => {
    const value = parsed<{
      mode: string
      chosen: { variant: string; fiat: string; triage: { decision: string } }
      variants: unknown[]
    }>(await tool('triage_refund', { sale_id: sale.id, variant: 'Fiat', subtract_percentage: '10' }))
    expect(value.mode).toBe('api')
    expect(value.chosen).toMatchObject({ variant: 'Fiat', fiat: '18.00' })
    expect(value.chosen.triage.decision).toBeTruthy()
    expect(value.variants.length).toBe(5)
    expect(await refundsOf(sale.id)).toEqual([])
  })

  it('request_refund stays pending with nothing at the processor until approved, then refunds once', async () => {
    const pending = parsed<Outcome>(
      await tool('request_refund', {
        sale_id: sale.id,
        variant: 'Fiat',
        subtract_percentage: 12.5,
        reason: 'The grinder was broken'
      })
    )
    expect(pending).toMatchObject({ status: 'pending', kind: 'refund' })
    expect(pending.message).toMatch(/Nothing has been sent yet/)
    expect(pending.request).toMatchObject({ subtractPercentage: '12.5', variant: 'Fiat' })
    expect(await refundsOf(sale.id)).toEqual([])
    await ok(core, 'agent:approve', { requestId: pending.requestId })
    const status = parsed<Outcome>(await tool('get_request_status', { request_id: pending.requestId }))
    expect(status.status).toBe('approved')
    const refunds = await refundsOf(sale.id)
    expect(refunds).toHaveLength(1)
    expect(status.refundId).toBe(refunds[0]!.id)
    expect(status.link).toBe(refunds[0]!.claimLink)
    expect(status.amount).toBe('17.50')
  })

  it('request_refund answers declined when a person declines while it waits, and nothing is refunded', async () => {
    const call = tool('request_refund', {
      sale_id: sale.id,
      variant: 'Fiat',
      reason: 'Wrong size',
      wait_seconds: 30
    })
    await ok(core, 'agent:decline', { requestId: (await pendingRequest()).id })
    expect(parsed<Outcome>(await call).status).toBe('declined')
    expect(await refundsOf(sale.id)).toEqual([])
  })

  it('stops waiting when the agent cancels the call; the request still waits at the till', async () => {
    const cancel = new AbortController()
    const call = mcp.callTool(
      {
        name: 'request_refund',
        arguments: { sale_id: sale.id, variant: 'Fiat', reason: 'Cold coffee', wait_seconds: 60 }
      },
      undefined,
      { signal: cancel.signal }
    )
    const request = await pendingRequest()
    cancel.abort()
    await expect(call).rejects.toThrow()
    // The server ends the wait and audits the call, without deciding anything.
    const audit = await waitFor(
      () => auditOf(core, agent.id),
      (rows) => rows.some((r) => r.tool === 'request_refund'),
      { what: 'the cancelled call in the audit' }
    )
    expect(audit.find((r) => r.tool === 'request_refund')!.ms).toBeLessThan(30_000)
    const still = await ok<AgentRequestView[]>(core, 'agent:requests', { filter: 'pending' })
    expect(still.map((r) => r.id)).toContain(request.id)
    await ok(core, 'agent:decline', { requestId: request.id })
  })

  it('takes the percentage exactly: strings as written, numbers by their canonical text up to 2 decimals', async () => {
    const ask = async (subtract_percentage: unknown) =>
      tool('request_refund', { sale_id: sale.id, variant: 'Fiat', subtract_percentage, reason: 'Too sweet' })
    for (const [given, kept] of [
      ['12.125', '12.125'],
      [7, '7'],
      [0.5, '0.5']
    ] as const) {
      const outcome = parsed<Outcome>(await ask(given))
      expect(outcome.request.subtractPercentage).toBe(kept)
      await ok(core, 'agent:decline', { requestId: outcome.requestId })
    }
    expect(textOf(await ask(12.555))).toMatch(
      /subtract_percentage: A percentage given as a number may have at most 2/
    )
    expect(textOf(await ask(1e-7))).toMatch(/at most 2 decimals/)
    expect(textOf(await ask('101'))).toMatch(/subtract_percentage: Percentage must be a number from 0 to 100/)
    expect(textOf(await ask(true))).toMatch(/subtract_percentage: A percentage is a string like "12.5"/)
  })

  it('refuses a refund without a reason, of an unknown sale, or twice at once, as tool errors', async () => {
    const noReason = await tool('request_refund', { sale_id: sale.id, variant: 'Fiat' })
    expect(textOf(noReason)).toMatch(/^invalid-input: Invalid arguments for request_refund: reason: /)
    const unknown = await tool('request_refund', {
      sale_id: 'sale_00000000000000000000000000',
      variant: 'Fiat',
      reason: 'never came'
    })
    expect(unknown.isError).toBe(true)
    expect(textOf(unknown)).toMatch(/^not-found: /)
    expect(
      parsed<Outcome>(await tool('request_refund', { sale_id: sale.id, variant: 'Fiat', reason: 'one' }))
        .status
    ).toBe('pending')
    const twice = await tool('request_refund', { sale_id: sale.id, variant: 'Fiat', reason: 'two' })
    expect(textOf(twice)).toBe('conflict: A refund of this sale already waits for a person')
  })
})
