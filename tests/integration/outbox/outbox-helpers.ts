import type { ProcessorHealthView, SaleView } from '@shared/contract'
import type { KassaErrorData } from '@shared/errors'
import type { Core, CoreOptions } from '../../../src/main/core'
import { dispatch } from '../../../src/main/dispatch'
import type { SecretStore } from '../../../src/main/secrets/secret-store'
import { waitFor } from '../../fixtures/temp-dir'
import { processorCore } from '../core/processor-helpers'

export { ok, waitForSale } from '../core/processor-helpers'

/** Health checks fast enough for a test to see a processor go and come back within a second. */
export const FAST_HEALTH = { intervalMs: 300, offlineIntervalMs: 200, minGapMs: 50, timeoutMs: 400 }

/**
 * A core for outbox tests: fast health checks, short connector timeouts (a held answer is a lost one), and by
 * default no outbox retries on the timer within a test (60 s), so a drain seen is the health monitor's doing.
 */
export function outboxCore(
  dataDir: string,
  secrets: SecretStore,
  overrides: Partial<CoreOptions> = {}
): Core {
  return processorCore(dataDir, secrets, {
    health: FAST_HEALTH,
    retryCreateMs: 60_000,
    ...overrides,
    connectors: {
      btcpay: { timeoutMs: 500, ...overrides.connectors?.btcpay },
      plisio: { timeoutMs: 500, ...overrides.connectors?.plisio }
    }
  })
}

/** Call through the dispatcher and expect a failure; the error with its params. */
export async function refused(core: Core, name: string, input: unknown): Promise<KassaErrorData> {
  const result = await dispatch(core.handlers, name, input)
  if (result.ok) throw new Error(`${name} should have failed, gave ${JSON.stringify(result.value)}`)
  return result.error
}

/** Wait until the health monitor says `state` for `processor`. */
export function healthOf(
  core: Core,
  processor: string,
  state: ProcessorHealthView['state']
): Promise<ProcessorHealthView | undefined> {
  return waitFor(
    async () => (await core.handlers['processor:health']({})).find((view) => view.processor === processor),
    (view) => view?.state === state,
    { timeoutMs: 8_000, what: `${processor} to be ${state}` }
  )
}

/** Poll the sale until `done` holds (15 s). */
export function saleUntil(core: Core, saleId: string, done: (sale: SaleView) => boolean, what: string) {
  return waitFor(() => core.handlers['sale:get']({ saleId }), done, { timeoutMs: 15_000, what })
}

/** The audit actions of a sale, oldest first. */
export function auditActions(core: Core, saleId: string): string[] {
  return core.ledger.auditFor(saleId).map((entry) => entry.action)
}
