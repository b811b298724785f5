import { z } from 'zod'
import { plisioConnectionView, PLISIO_NOTES } from '../connection-view'
import { ProcessorError } from '../errors'
import type { ModuleContext, ProcessorModule } from '../module'
import { PLISIO_API_BASE } from './client'
import { createPlisioProcessor, type PlisioConfig, type PlisioProcessor } from './processor'

/**
 * Plisio's stored settings: the API root its key was checked against (`KASSA_PLISIO_API_URL` or the public one),
 * absent in settings stored before keys were bound (then the public root).
 */
const PlisioSettings = z.strictObject({ apiUrl: z.string().optional() })
type PlisioSettings = z.infer<typeof PlisioSettings>

/** This build's Plisio API root. */
function apiRoot(context: ModuleContext): string {
  return (context.overrides.plisio as Partial<PlisioConfig> | undefined)?.baseUrl ?? PLISIO_API_BASE
}

/** Plisio: coins chosen at charge time, refunds by withdrawal from the balance, the account's own books. */
export const plisioModule: ProcessorModule<PlisioSettings> = {
  id: 'plisio',
  label: 'Plisio',
  notes: PLISIO_NOTES,
  refunds: 'withdrawal',
  needsKey: true,
  webhooks: {
    mode: 'static',
    followed: 'Kassa reads each open invoice from Plisio itself, so no payment is missed.',
    setup:
      'Plisio signs its callbacks with your API key, so there is nothing to register. Plisio cannot reach this till ' +
      'unless its Status URL is this till’s public address followed by /webhooks/plisio.'
  },
  configSchema: PlisioSettings,
  // The root is this build's, never the caller's: a request cannot point the key elsewhere.
  configFrom: (_request, _previous, context) => ({ apiUrl: apiRoot(context) }),
  keyTarget: (_config, context) => apiRoot(context),
  keyBinding: (config) => config.apiUrl ?? PLISIO_API_BASE,
  configView: () => ({}),
  build: (_config, secrets, context) =>
    createPlisioProcessor({
      ...(context.overrides.plisio as Partial<PlisioConfig> | undefined),
      apiKey: secrets.apiKey,
      log: context.log.child({ processor: 'plisio' })
    }),
  async verify(processor, context) {
    const plisio = processor as PlisioProcessor
    const info = await plisio.verifyConnection()
    const shop = await plisio.getShop()
    const fiat = context.currency()
    const coins = await plisio.listCurrencies(fiat).catch((error: unknown) => {
      if (error instanceof ProcessorError && error.code !== 'processor-auth') return []
      throw error
    })
    return plisioConnectionView(info, shop, coins, fiat, new Date(context.now()).toISOString())
  }
}
