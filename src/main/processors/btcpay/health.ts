import { z } from 'zod'
import type { HealthPort, HealthReport } from '../ports'
import type { CallOptions } from '../types'
import { path, type BtcpayClient } from './client'
import type { Server } from './misc'
import type { ServerInfoData } from './schemas'

const HealthSchema = z.object({ synchronized: z.boolean() })

/**
 * BTCPay's health: `GET /api/v1/health` (anonymous, `{synchronized}`) and `GET /api/v1/server/info` (any valid key:
 * proves the key still works, and says per payment method whether its node is available and synced), asked
 * together. Degraded when the server says it is not synchronized or a node is not available.
 * @throws ProcessorError from either request (unreachable, 5xx, `processor-auth` for a revoked key): offline.
 */
export function btcpayHealth(client: BtcpayClient, server: Server): HealthPort {
  return {
    async check(options?: CallOptions): Promise<HealthReport> {
      const [health, info] = await Promise.all([
        client.send(HealthSchema, { method: 'GET', path: path('api/v1', 'health') }, options),
        server.info(options)
      ])
      return healthReport(health.synchronized, info)
    }
  }
}

/** The report from `/health`'s `synchronized` and server info's sync state. */
export function healthReport(synchronized: boolean, info: ServerInfoData): HealthReport {
  const unavailable = (info.syncStatus ?? [])
    .filter((status) => status.available === false)
    .map((status) => status.paymentMethodId ?? 'a payment method')
  if (unavailable.length > 0) {
    return {
      state: 'degraded',
      detail: `BTCPay Server cannot reach its node for ${unavailable.join(', ')}: payments may not be seen`
    }
  }
  if (!synchronized || !info.fullySynched) {
    return {
      state: 'degraded',
      detail: "BTCPay Server's node is still synchronizing: payments may be seen late"
    }
  }
  return { state: 'online', detail: null }
}
