import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Client } from '@modelcontextprotocol/sdk/client/index.js'
import type { CallToolResult, Progress } from '@modelcontextprotocol/sdk/types.js'
import type { SaleView } from '@shared/contract'
import type { RecoveryItemView } from '@shared/recovery'
import type { Core } from '../../../src/main/core'
import type { McpDeps } from '../../../src/main/mcp/mcp-deps'
import { FakeAgentAccess } from '../../fixtures/mcp-fake-access'
import {
  agentClient,
  connectAgent,
  failedCharge,
  paidSale,
  parsed,
  rigDeps,
  textOf
} from '../../fixtures/mcp-harness'
import { tempDir } from '../../fixtures/temp-dir'
import { testCore } from '../core/helpers'

// The `recovery` and `refunds` tools against a real core with the Demo processor: drafts, payment requests made
// at once within the owner's limit or left pending above it (waited on with progress, then approved or declined),
// refund triage, and refund requests that stay pending until a person decides, with the percentage kept exact.

let dir: ReturnType<typeof tempDir>
let core: Core
let access: FakeAgentAccess
let deps: McpDeps
let mcp: Client
let sale: SaleView
let item: RecoveryItemView

const tool = async (name: string, args: Record<string, unknown>): Promise<CallToolResult> =>
  (await mcp.callTool({ name, arguments: args })) as CallToolResult

beforeAll(async () => {
  dir = tempDir()
  core = testCore(dir.path)
  await core.start()
  sale = await paidSale(core)
  item = await failedCharge(core)
}, 30_000)
afterAll(async () => {
  await core.stop()
  dir.remove()
})
beforeEach(async () => {
  access = new FakeAgentAccess()
  deps = rigDeps(core, access, {})
  mcp = await connectAgent(deps, agentClient(['read', 'recovery', 'refunds']))
})

describe('recovery tools', () => {
  it('draft_recovery_message drafts the message in the language asked and sends nothing', async () => {
    const draft = parsed<{ itemId: string; subject: string; body: string; to: string; language: string }>(
      await tool('draft_recovery_message', { item_id: item.id, language: 'de' })
    )
    expect(draft).toMatchObject({ itemId: item.id, language: 'de', to: 'juergen.weiss@example.org' })
    expect(draft.body.length).toBeGreaterThan(20)
    const outbox = await core.handlers['recovery:outbox']({ itemId: item.id })
    expect(outbox).toEqual([])
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

  it('create_payment_request above the limit waits for a person, telling the agent it waits', async () => {
    access.view = { ...access.view, paymentRequestLimit: '0' }
    const progress: Progress[] = []
    const started = Date.now()
    const result = (await mcp.callTool(
      { name: 'create_payment_request', arguments: { item_id: item.id, wait_seconds: 1 } },
      undefined,
      {
        onprogress: (p) => progress.push(p)
      }
    )) as CallToolResult
    const value = parsed<{ status: string; requestId: string; message: string; amount: string }>(result)
    expect(value.status).toBe('pending')
    expect(value.requestId).toMatch(/^agr_/)
    expect(value.amount).toBe(item.due)
    expect(value.message).toMatch(/waits for a person at the till/)
    expect(Date.now() - started).toBeGreaterThanOrEqual(950)
    expect(progress.length).toBeGreaterThanOrEqual(2)
    expect(progress.every((p) => p.total === 1)).toBe(true)
    const steps = progress.map((p) => p.progress)
    expect(steps.every((p, i) => i === 0 || p > steps[i - 1]!)).toBe(true)
  })

  it('create_payment_request above the limit answers approved with the link once a person approves', async () => {
    access.view = { ...access.view, paymentRequestLimit: '0' }
    const call = tool('create_payment_request', { item_id: item.id, wait_seconds: 30 })
    const request = await waitForRequest()
    access.decide(request, 'approved', { paymentRequestId: 'pr_1', link: 'https://pay.example/pr_1' })
    const value = parsed<{ status: string; link: string; decidedBy: string }>(await call)
    expect(value).toMatchObject({
      status: 'approved',
      link: 'https://pay.example/pr_1',
      decidedBy: 'cashier'
    })
  })

  it('create_payment_request answers declined when a person declines while it waits', async () => {
    access.view = { ...access.view, paymentRequestLimit: '0' }
    const call = tool('create_payment_request', { item_id: item.id, wait_seconds: 30 })
    access.decide(await waitForRequest(), 'declined')
    const value = parsed<{ status: string; message: string }>(await call)
    expect(value.status).toBe('declined')
    expect(value.message).toMatch(/declined .*nothing was sent/)
  })
})

describe('refund tools', () => {
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
    expect((await core.handlers['sale:get']({ saleId: sale.id })).refunds).toEqual([])
  })

  it('request_refund leaves a pending request and nothing at the processor; approved, it says so', async () => {
    const pending = parsed<{ status: string; requestId: string; message: string; kind: string }>(
      await tool('request_refund', {
        sale_id: sale.id,
        variant: 'Fiat',
        subtract_percentage: 12.5,
        reason: 'The grinder was broken'
      })
    )
    expect(pending).toMatchObject({ status: 'pending', kind: 'refund' })
    expect(pending.message).toMatch(/Nothing has been sent yet/)
    const asked = access.requests.get(pending.requestId)!
    expect(asked).toMatchObject({
      subtractPercentage: '12.5',
      variant: 'Fiat',
      reason: 'The grinder was broken'
    })
    expect((await core.handlers['sale:get']({ saleId: sale.id })).refunds).toEqual([])
    access.decide(pending.requestId, 'approved', { refundId: 'rfd_1', link: 'https://claim.example/1' })
    const status = parsed<{ status: string; refundId: string; link: string }>(
      await tool('get_request_status', { request_id: pending.requestId })
    )
    expect(status).toMatchObject({ status: 'approved', refundId: 'rfd_1', link: 'https://claim.example/1' })
  })

  it('takes the percentage exactly: strings as written, numbers by their canonical text up to 2 decimals', async () => {
    const ask = (subtract_percentage: unknown) =>
      tool('request_refund', { sale_id: sale.id, variant: 'Fiat', subtract_percentage, reason: 'Too sweet' })
    const exact = parsed<{ requestId: string }>(await ask('12.125'))
    expect(access.requests.get(exact.requestId)!.subtractPercentage).toBe('12.125')
    const whole = parsed<{ requestId: string }>(await ask(7))
    expect(access.requests.get(whole.requestId)!.subtractPercentage).toBe('7')
    expect(textOf(await ask(12.555))).toMatch(
      /subtract_percentage: A percentage given as a number may have at most 2/
    )
    expect(textOf(await ask(1e-7))).toMatch(/at most 2 decimals/)
    expect(textOf(await ask('101'))).toMatch(/subtract_percentage: Percentage must be a number from 0 to 100/)
    expect(textOf(await ask(true))).toMatch(/subtract_percentage: A percentage is a string like "12.5"/)
  })

  it('refuses a refund without a reason, or of a sale that does not exist, as tool errors', async () => {
    const noReason = await tool('request_refund', { sale_id: sale.id, variant: 'Fiat' })
    expect(noReason.isError).toBe(true)
    expect(textOf(noReason)).toMatch(/^invalid-input: Invalid arguments for request_refund: reason: /)
    const unknown = await tool('request_refund', {
      sale_id: 'sale_00000000000000000000000000',
      variant: 'Fiat',
      reason: 'never came'
    })
    expect(unknown.isError).toBe(true)
    expect(textOf(unknown)).toMatch(/^not-found: /)
    expect(access.requests.size).toBe(0)
  })
})

/** The id of the first request the fake holds, once the tool made it. */
async function waitForRequest(): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const first = [...access.requests.keys()][0]
    if (first) return first
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error('no request was made')
}
