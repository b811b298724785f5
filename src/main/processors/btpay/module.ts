import { z } from 'zod'
import { ServerUrlSchema } from '@shared/schemas'
import { BTPAY_NOTES, btpayConnectionView } from '../connection-view'
import type { ProcessorModule } from '../module'
import { createBtpayProcessor, type BtpayConfig, type BtpayProcessor } from './processor'

/** Default grace after a BTPay quote deadline before a pending invoice is cancelled (seconds). */
export const DEFAULT_BTPAY_GRACE_SECONDS = 600

/**
 * BTPay's stored settings: the server its key was checked against, the owner's grace (seconds), and the store's
 * quote lifetime in minutes (BTPay's `BTC_QUOTE_DEADLINE`, default 30): a new invoice's deadline is its finalize
 * time plus this, corrected from BTPay's public status page once the QR is up.
 */
const BtpaySettings = z.strictObject({
  baseUrl: ServerUrlSchema,
  graceSeconds: z.int().min(0).max(86_400).optional(),
  quoteMinutes: z.int().min(1).max(1440).optional()
})
type BtpaySettings = z.infer<typeof BtpaySettings>

/** BTPay's default quote lifetime (`BTC_QUOTE_DEADLINE`), minutes. */
export const DEFAULT_BTPAY_QUOTE_MINUTES = 30

/** BTPay: invoices polled within its budget, abandoned past the quote plus grace, refunds recorded only. */
export const btpayModule: ProcessorModule<BtpaySettings> = {
  id: 'btpay',
  label: 'BTPay',
  notes: BTPAY_NOTES,
  refunds: 'record',
  needsKey: true,
  webhooks: {
    mode: 'register',
    followed: 'Kassa asks BTPay for each open invoice’s status itself, so no payment is missed.',
    caveat:
      'BTPay 0.1 does not send deliveries yet (its dispatcher is not started), and it refuses addresses that are not public.'
  },
  configSchema: BtpaySettings,
  configFrom: (request, previous) => ({
    baseUrl: request.baseUrl,
    graceSeconds: request.graceSeconds ?? previous?.graceSeconds ?? DEFAULT_BTPAY_GRACE_SECONDS,
    quoteMinutes: request.quoteMinutes ?? previous?.quoteMinutes ?? DEFAULT_BTPAY_QUOTE_MINUTES
  }),
  keyTarget: (config) => config.baseUrl,
  build: (config, secrets, context) =>
    createBtpayProcessor({
      now: context.now,
      ...(context.overrides.btpay as Partial<BtpayConfig> | undefined),
      baseUrl: config.baseUrl,
      apiKey: secrets.apiKey,
      log: context.log.child({ processor: 'btpay' }),
      graceSeconds: config.graceSeconds ?? DEFAULT_BTPAY_GRACE_SECONDS,
      quoteDeadlineSeconds: (config.quoteMinutes ?? DEFAULT_BTPAY_QUOTE_MINUTES) * 60,
      ...(secrets.webhookSecret && { webhookSecret: secrets.webhookSecret })
    }),
  verify: async (processor, context) =>
    btpayConnectionView(
      await (processor as BtpayProcessor).verifyConnection(),
      new Date(context.now()).toISOString()
    )
}
