import type { HealthPort, HealthReport } from '../ports'
import type { CallOptions } from '../types'
import type { Account } from './account'

/**
 * Plisio's health: `GET /shops`, its cheapest call that needs the key (one small object, and unlike the balance and
 * operations calls it does not need the computer's IP under Request IP, so it tells reachability and key apart from
 * that setting). Plisio has no sync state to report, so an answer is `online`.
 * @throws ProcessorError unreachable, 5xx, or `processor-auth` for a key Plisio no longer accepts: offline.
 */
export function plisioHealth(account: Account): HealthPort {
  return {
    async check(options?: CallOptions): Promise<HealthReport> {
      await account.shop(options)
      return { state: 'online', detail: null }
    }
  }
}
