import { z } from 'zod'
import { ServerUrlSchema } from '@shared/schemas'
import { btcpayConnectionView } from '../connection-view'
import type { ProcessorModule } from '../module'
import { createBtcpayProcessor, type BtcpayConfig, type BtcpayProcessor } from './processor'

/** BTCPay's stored settings: the server its key was checked against (the only one it is sent to) and the store. */
const BtcpaySettings = z.strictObject({
  serverUrl: ServerUrlSchema,
  storeId: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'Not a BTCPay store id')
})
type BtcpaySettings = z.infer<typeof BtcpaySettings>

/** BTCPay Server (Greenfield API): pull-payment refunds, the checkout websocket, webhooks, its invoice list. */
export const btcpayModule: ProcessorModule<BtcpaySettings> = {
  id: 'btcpay',
  label: 'BTCPay Server',
  notes: [],
  refunds: 'api',
  needsKey: true,
  webhooks: {
    mode: 'register',
    followed:
      'Kassa follows every invoice itself (it reads it every few seconds, and listens to BTCPay’s checkout websocket for the one on screen), so no payment is missed.'
  },
  canRevokeKey: true,
  configSchema: BtcpaySettings,
  configFrom: (request) => ({ serverUrl: request.serverUrl, storeId: request.storeId }),
  keyTarget: (config) => config.serverUrl,
  build: (config, secrets, context) =>
    createBtcpayProcessor({
      ...(context.overrides.btcpay as Partial<BtcpayConfig> | undefined),
      serverUrl: config.serverUrl,
      storeId: config.storeId,
      apiKey: secrets.apiKey,
      log: context.log.child({ processor: 'btcpay' }),
      ...(secrets.webhookSecret && { webhookSecret: secrets.webhookSecret })
    }),
  verify: async (processor, context) =>
    btcpayConnectionView(
      await (processor as BtcpayProcessor).verifyConnection(),
      new Date(context.now()).toISOString()
    ),
  /** `DELETE /api/v1/api-keys/current`. */
  revokeKey: (processor) => (processor as BtcpayProcessor).apiKeys.revokeCurrent(),
  /** `GET /api/v1/stores` with a key not yet stored (a probe connector with no store). */
  async stores(serverUrl, apiKey, context) {
    const probe = createBtcpayProcessor({
      ...(context.overrides.btcpay as Partial<BtcpayConfig> | undefined),
      serverUrl,
      storeId: '_',
      apiKey,
      log: context.log.child({ processor: 'btcpay' })
    })
    const stores = await probe.stores.list()
    return stores.map((store) => ({ id: store.id, name: store.name, defaultCurrency: store.defaultCurrency }))
  }
}
