import { join } from 'node:path'
import Database from 'libsql'
import type { CallName, SaleView } from '@shared/contract'
import type { Result } from '@shared/errors'
import type { AgentClient } from '../../../src/main/agents/agent-access'
import type { Core, CoreOptions } from '../../../src/main/core'
import { dispatch } from '../../../src/main/dispatch'
import { tempDir } from '../../fixtures/temp-dir'
import { testCore, waitForState } from '../core/helpers'

export const PIN = '4826'

/**
 * A real core over a temp data folder, the Demo processor connected, with a clock tests can move (`skip`), calls
 * through the contract's dispatcher (owner gate included), and a count of what reaches the Demo's refund port.
 */
export interface AgentHarness {
  core: Core
  dir: ReturnType<typeof tempDir>
  /** Move the core's clock on by `ms` (the Demo and the refund window follow it). */
  skip(ms: number): void
  send(name: CallName, input: unknown, ownerSession?: string | null): Promise<Result<unknown>>
  ok<T>(name: CallName, input: unknown, ownerSession?: string | null): Promise<T>
  /**
   * The pull payments in the Demo's own books (`demo.sqlite`), i.e. refunds that reached the processor, whenever
   * they were made: also one made while the core was starting (an approval carried on after a crash).
   */
  pullCreates(): number
  /** A paid Demo sale of `amount` USD. */
  paidSale(amount?: string): Promise<SaleView>
  /** Turn the server on and make a client with `scopes`; its token and the client as authenticated. */
  client(
    scopes?: string[],
    name?: string,
    ownerSession?: string | null
  ): Promise<{ token: string; client: AgentClient }>
  /** Stop this core and build a new one over the same folder (a restart). */
  restart(): Promise<void>
  close(): Promise<void>
}

export async function agentHarness(overrides: Partial<CoreOptions> = {}): Promise<AgentHarness> {
  const dir = tempDir()
  let skipped = 0
  const now = (): number => Date.now() + skipped
  let core = testCore(dir.path, { now, ...overrides })
  await core.start()
  const send = (name: CallName, input: unknown, ownerSession: string | null = null) =>
    dispatch(core.handlers, name, input, { ownerSession })
  const ok = async <T>(name: CallName, input: unknown, ownerSession: string | null = null): Promise<T> => {
    const result = await send(name, input, ownerSession)
    if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`)
    return result.value as T
  }
  const harness: AgentHarness = {
    get core() {
      return core
    },
    dir,
    skip: (ms) => {
      skipped += ms
    },
    send,
    ok,
    pullCreates: () => {
      const db = new Database(join(dir.path, 'demo.sqlite'), { readonly: true })
      try {
        return Number((db.prepare('SELECT COUNT(*) AS n FROM demo_refunds').get() as { n: number }).n)
      } finally {
        db.close()
      }
    },
    async paidSale(amount = '80.00') {
      const sale = await ok<SaleView>('sale:charge', { amount, currency: 'USD' })
      await ok('invoice:focus', { saleId: sale.id })
      await ok('demo:simulate', { saleId: sale.id, kind: 'full' })
      return waitForState(core, sale.id, 'paid')
    },
    async client(scopes = ['read', 'recovery', 'refunds'], name = 'Claude Desktop', ownerSession = null) {
      await ok('agent:configure', { enabled: true }, ownerSession)
      const made = await ok<{ token: string }>('agent:createClient', { name, scopes }, ownerSession)
      const client = core.agentTools.access.authenticate(made.token)
      if (!client) throw new Error('a new client token was refused')
      return { token: made.token, client }
    },
    async restart() {
      await core.stop()
      core = testCore(dir.path, { now, ...overrides })
      await core.start()
    },
    async close() {
      await core.stop()
      dir.remove()
    }
  }
  return harness
}
