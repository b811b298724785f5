import { ProcessorError } from '../errors'
import type { HealthPort, HealthReport } from '../ports'
import type { CallOptions } from '../types'

/** What the health check needs of the connector: its rates call. */
interface RatesSource {
  getRates(currencies: string[], options?: CallOptions): Promise<unknown>
}

/**
 * BTPay's health: `GET /api/v1/rates`, its cheapest call that needs the key (BTPay has no "who am I" or health
 * endpoint; the same call `verifyConnection` makes). Its 503 "Exchange rate service not available" means BTPay is up
 * but cannot price an invoice: `degraded`, in those words.
 * @throws ProcessorError unreachable, other 5xx, or `processor-auth` for a key BTPay no longer accepts: offline.
 */
export function btpayHealth(source: RatesSource): HealthPort {
  return {
    async check(options?: CallOptions): Promise<HealthReport> {
      try {
        await source.getRates([], options)
        return { state: 'online', detail: null }
      } catch (error) {
        if (error instanceof ProcessorError && error.status === 503 && /rate service/i.test(error.message)) {
          return {
            state: 'degraded',
            detail: 'BTPay has no exchange rates right now, so new sales cannot be priced'
          }
        }
        throw error
      }
    }
  }
}
