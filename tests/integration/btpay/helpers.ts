import {
  createBtpayProcessor,
  type BtpayConfig,
  type BtpayCreateInvoiceRequest
} from '../../../src/main/processors/btpay'
import type { BtpaySimulator } from '../../simulators/btpay'

/** A connector for the simulator with short timeouts and backoffs, and a budget that never slows tests down. */
export function connect(sim: BtpaySimulator, overrides: Partial<BtpayConfig> = {}) {
  return createBtpayProcessor({
    baseUrl: sim.url,
    apiKey: sim.apiKey,
    requestsPerMinute: 100_000,
    timeoutMs: 2_000,
    minBackoffMs: 5,
    maxBackoffMs: 20,
    rateLimitPauseMs: 20,
    ...overrides
  })
}

let saleCounter = 0

/** Two lines (2 × 4.50 + 1 × 3.00 = 12.00) plus 10 % tax = 13.20 USD. */
export function twoLineSale(): BtpayCreateInvoiceRequest {
  saleCounter++
  return {
    orderId: `sale_${String(saleCounter).padStart(10, '0')}`,
    amount: '13.20',
    currency: 'USD',
    description: 'Counter sale',
    lines: [
      { name: 'Espresso', unitPrice: '4.50', quantity: 2 },
      { name: 'Croissant', unitPrice: '3.00', quantity: 1 }
    ],
    taxRate: '10',
    customer: { email: 'ana@example.com', name: 'Ana' }
  }
}
