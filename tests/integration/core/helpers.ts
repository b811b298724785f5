import type { CallName, CallOutput, ParsedInput, SaleView } from '@shared/contract'
import type { Result } from '@shared/errors'
import { createCore, type Core, type CoreOptions } from '../../../src/main/core'
import { dispatch } from '../../../src/main/dispatch'
import { MemorySecretStore } from '../../fixtures/memory-secret-store'
import { waitFor } from '../../fixtures/temp-dir'

/** A core over `dataDir` with fast timings, as the brief's tests need. */
export function testCore(dataDir: string, overrides: Partial<CoreOptions> = {}): Core {
  return createCore({
    dataDir,
    secrets: new MemorySecretStore(),
    version: 'test',
    transport: 'web',
    tracker: { focusIntervalMs: 50, backgroundIntervalMs: 100 },
    demo: { confirmDelayMs: 50 },
    // Agent access turned on in a test listens on a free port, never the till's 7420.
    mcp: { port: 0 },
    ...overrides
  })
}

/** Call a handler directly (input already valid). */
export function call<K extends CallName>(core: Core, name: K, input: ParsedInput<K>): Promise<CallOutput<K>> {
  return core.handlers[name](input)
}

/** Call through the contract's dispatcher, as a transport would. */
export function invoke(core: Core, name: string, input: unknown): Promise<Result<unknown>> {
  return dispatch(core.handlers, name, input)
}

/** Poll `sale:get` until the sale is in `state` (generous deadline). */
export function waitForState(core: Core, saleId: string, state: SaleView['state']): Promise<SaleView> {
  return waitFor(
    () => core.handlers['sale:get']({ saleId }),
    (sale) => sale.state === state,
    { timeoutMs: 10_000, what: `sale ${saleId} to be ${state}` }
  )
}
