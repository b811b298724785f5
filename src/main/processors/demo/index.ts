/**
 * The built-in Demo processor (no account, regtest-like, its own SQLite books). The connector is `DemoProcessor`
 * (`processor.ts`), built by `createDemoProcessor(config)`.
 */
export { createDemoProcessor, DemoProcessor } from './processor'
export type { DemoConfig } from './processor'
export { demoStatus, nextDemoChange } from './status'
export { toDemoInvoice } from './normalize'
export { signDemoWebhook, verifyDemoWebhook } from './webhooks'
export { DEMO_RATE_LABEL, demoRate } from './rates'
