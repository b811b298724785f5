import { createServer } from 'node:net'
import { expect } from 'vitest'
import type { SaleView } from '@shared/contract'
import type { Result } from '@shared/errors'
import type { Core, CoreOptions } from '../../../src/main/core'
import { createCore } from '../../../src/main/core'
import { dispatch } from '../../../src/main/dispatch'
import type { SecretStore } from '../../../src/main/secrets/secret-store'
import { waitFor } from '../../fixtures/temp-dir'

/** A core for processor tests: fast tracker, no retries, the given secret store and connector overrides. */
export function processorCore(
  dataDir: string,
  secrets: SecretStore,
  overrides: Partial<CoreOptions> = {}
): Core {
  return createCore({
    dataDir,
    secrets,
    version: 'test',
    transport: 'web',
    tracker: { focusIntervalMs: 50, backgroundIntervalMs: 100 },
    demo: { confirmDelayMs: 50 },
    retryCreateMs: 100,
    // Agent access turned on in a test listens on a free port, never the till's 7420.
    mcp: { port: 0 },
    ...overrides,
    connectors: {
      btcpay: { maxRetries: 0, timeoutMs: 3000, ...overrides.connectors?.btcpay },
      plisio: { maxRetries: 0, timeoutMs: 3000, ...overrides.connectors?.plisio },
      // 6000 a minute: the tracker may read a BTPay invoice every 40 ms.
      btpay: { maxRetries: 0, timeoutMs: 3000, requestsPerMinute: 6000, ...overrides.connectors?.btpay }
    }
  })
}

/** Call through the contract's dispatcher (the zod schemas run) and expect success. */
export async function ok<T = unknown>(core: Core, name: string, input: unknown): Promise<T> {
  const result = await dispatch(core.handlers, name, input)
  if (!result.ok) throw new Error(`${name} failed: ${result.error.code}: ${result.error.message}`)
  return result.value as T
}

/** Call through the dispatcher and expect a failure; returns its code and message. */
export async function fails(
  core: Core,
  name: string,
  input: unknown
): Promise<{ code: string; message: string }> {
  const result: Result<unknown> = await dispatch(core.handlers, name, input)
  expect(result.ok, `${name} should fail`).toBe(false)
  return (result as { ok: false; error: { code: string; message: string } }).error
}

/** Poll `sale:get` until `done` holds. */
export function waitForSale(
  core: Core,
  saleId: string,
  done: (sale: SaleView) => boolean,
  what = 'sale'
): Promise<SaleView> {
  return waitFor(() => ok<SaleView>(core, 'sale:get', { saleId }), done, { timeoutMs: 10_000, what })
}

/** A 127.0.0.1 port nothing listens on (bound, then closed). */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
