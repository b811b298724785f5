import { createPlisioProcessor } from '../../../src/main/processors/plisio'
import type { PlisioConfig, PlisioProcessor } from '../../../src/main/processors/plisio'
import type { CreateInvoiceRequest } from '../../../src/main/processors/types'
import { startPlisioSimulator } from '../../simulators/plisio'
import type { PlisioSimulator } from '../../simulators/plisio'

/** A simulator and a connector pointed at it, with short timeouts and backoffs for tests. */
export async function setup(
  overrides: Partial<PlisioConfig> = {}
): Promise<{ sim: PlisioSimulator; plisio: PlisioProcessor }> {
  const sim = await startPlisioSimulator()
  const plisio = createPlisioProcessor({
    apiKey: sim.apiKey,
    baseUrl: sim.url,
    checkoutBaseUrl: `${sim.origin}/invoice/`,
    timeoutMs: 2_000,
    maxBackoffMs: 20,
    coinsCacheMs: 0,
    ...overrides
  })
  return { sim, plisio }
}

/** A sale of `amount` EUR paid in BTC. */
export function sale(orderId: string, amount = '25.00', methods = ['BTC-CHAIN']): CreateInvoiceRequest {
  return {
    orderId,
    amount,
    currency: 'EUR',
    description: 'Flat white ×2',
    lines: [{ name: 'Flat white', unitPrice: '12.50', quantity: 2 }],
    paymentMethods: methods
  }
}
