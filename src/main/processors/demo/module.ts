import { join } from 'node:path'
import { z } from 'zod'
import type { ProcessorModule } from '../module'
import { createDemoProcessor, type DemoConfig } from './processor'

/** The Demo: no account, no key, always there; it keeps its own books (`demo.sqlite`) in the data folder. */
export const demoModule: ProcessorModule<Record<string, never>> = {
  id: 'demo',
  label: 'Demo (no account)',
  notes: ['The Demo processor takes no real money: use Simulate payment on the payment screen.'],
  refunds: 'api',
  needsKey: false,
  webhooks: { mode: 'none', followed: 'The Demo processor needs no webhooks.' },
  configSchema: z.strictObject({}),
  configFrom: () => ({}),
  keyTarget: () => '',
  build: (_config, _secrets, context) =>
    createDemoProcessor({
      path: join(context.dataDir, 'demo.sqlite'),
      now: context.now,
      ...(context.overrides.demo as Partial<Omit<DemoConfig, 'path'>> | undefined)
    }),
  verify: async () => {
    throw new Error('The Demo needs no connection check')
  }
}
