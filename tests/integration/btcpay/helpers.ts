/** Shared set-up: a simulator and a connector with short timeouts and backoffs so the suite stays fast. */
import {
  createBtcpayProcessor,
  type BtcpayConfig,
  type BtcpayProcessor
} from '../../../src/main/processors/btcpay'
import type { CreateInvoiceRequest } from '../../../src/main/processors/types'
import { startBtcpaySimulator, type BtcpaySimulator } from '../../simulators/btcpay'

export interface Harness {
  sim: BtcpaySimulator
  btcpay: BtcpayProcessor
  /** A connector for the same server with another key (and options). */
  connector(overrides?: Partial<BtcpayConfig>): BtcpayProcessor
}

export async function startHarness(overrides: Partial<BtcpayConfig> = {}): Promise<Harness> {
  const sim = await startBtcpaySimulator()
  const connector = (more: Partial<BtcpayConfig> = {}): BtcpayProcessor =>
    createBtcpayProcessor({
      serverUrl: sim.url,
      storeId: sim.storeId,
      apiKey: sim.apiKey,
      timeoutMs: 2_000,
      maxRetries: 2,
      maxBackoffMs: 50,
      reconnect: { minBackoffMs: 20, maxBackoffMs: 100 },
      ...overrides,
      ...more
    })
  return { sim, btcpay: connector(), connector }
}

let sale = 0
/** A sale of two lattes and a croissant, 12.50 USD, with a unique order id. */
export function saleRequest(overrides: Partial<CreateInvoiceRequest> = {}): CreateInvoiceRequest {
  sale += 1
  return {
    orderId: `KASSA-${process.pid}-${sale}-${Date.now().toString(36)}`,
    amount: '12.50',
    currency: 'USD',
    description: 'Coffee bar sale',
    lines: [
      { name: 'Latte', unitPrice: '4.50', quantity: 2 },
      { name: 'Croissant', unitPrice: '3.50', quantity: 1 }
    ],
    expirySeconds: 900,
    ...overrides
  }
}
