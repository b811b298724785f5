import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import type { RefundVariantPreview, SimulateKind } from '@shared/contract'
import type { Invoice } from '@shared/invoice'
import { formatMinor } from '@shared/money'
import { createBtcpayProcessor, type BtcpayProcessor } from '../../../src/main/processors/btcpay'
import { DemoProcessor } from '../../../src/main/processors/demo'
import type { PaymentProcessor, RefundVariant } from '../../../src/main/processors/types'
import { previewVariants, refundBasis, type RefundBasis } from '../../../src/main/refunds/refund-preview'
import { testRefundId } from '../../fixtures/refund-id'
import { tempDir } from '../../fixtures/temp-dir'
import { startBtcpaySimulator, type BtcpaySimulator } from '../../simulators/btcpay'

// What the refund screen previews is what the processor then creates, to the minor unit or satoshi, for every
// variant and subtracted percentage: the figure compared is the one in the refund's own currency (BTC for RateThen,
// CurrentRate, OverpaidAmount and Custom in BTC; the sale's fiat for Fiat and Custom in fiat).

const PERCENTAGES = ['0', '10', '33.33']

/** xorshift32 from a fixed seed: the same "random" amounts on every run, so a failure can be replayed. */
function amounts(seed: number, count: number, maxMinor: number): bigint[] {
  let x = seed >>> 0
  const out: bigint[] = []
  for (let i = 0; i < count; i++) {
    x ^= x << 13
    x >>>= 0
    x ^= x >>> 17
    x ^= x << 5
    x >>>= 0
    out.push(BigInt((x % maxMinor) + 1))
  }
  return out
}

interface Case {
  variant: RefundVariant
  subtractPercentage: string
  customAmount?: string
  customCurrency?: string
}

/** Every variant with every percentage; Custom in the sale's fiat and in BTC. */
function cases(currency: string, customFiat: string, customBtc: string): Case[] {
  const variants: Omit<Case, 'subtractPercentage'>[] = [
    { variant: 'RateThen' },
    { variant: 'CurrentRate' },
    { variant: 'Fiat' },
    { variant: 'OverpaidAmount' },
    { variant: 'Custom', customAmount: customFiat, customCurrency: currency },
    { variant: 'Custom', customAmount: customBtc, customCurrency: 'BTC' }
  ]
  return variants.flatMap((v) => PERCENTAGES.map((subtractPercentage) => ({ ...v, subtractPercentage })))
}

/** The amount the preview says the refund pays, in `currency` (the refund's own). */
function previewed(preview: RefundVariantPreview, currency: string, saleCurrency: string): string | null {
  if (currency === 'BTC') return preview.cryptoAmount
  return currency === saleCurrency ? preview.fiat : null
}

/**
 * Preview each case over `basis`, make the refund, and return the disagreements (empty when all agree). An
 * unavailable preview must be refused by the processor, and a refused refund must have been previewed unavailable.
 */
async function disagreements(
  processor: PaymentProcessor,
  invoice: Invoice,
  basis: RefundBasis,
  all: Case[]
): Promise<string[]> {
  const found: string[] = []
  for (const c of all) {
    const custom = { amount: c.customAmount, currency: c.customCurrency }
    const preview = previewVariants(basis, c.subtractPercentage, custom).find((v) => v.variant === c.variant)!
    const label = `${invoice.amount} ${invoice.currency} ${invoice.additionalStatus} ${c.variant} ${c.customAmount ?? ''} ${c.customCurrency ?? ''} −${c.subtractPercentage} %`
    let made: { amount: string; currency: string }
    try {
      made = await processor.ports.pullPayments!.create({
        refundId: testRefundId(),
        invoiceId: invoice.id,
        ...c
      })
    } catch (error) {
      if (preview.available) found.push(`${label}: previewed, then refused: ${(error as Error).message}`)
      continue
    }
    if (!preview.available) {
      found.push(`${label}: previewed unavailable (${preview.reason}), then made ${made.amount}`)
      continue
    }
    const shown = previewed(preview, made.currency, invoice.currency)
    if (shown !== made.amount)
      found.push(`${label}: previewed ${shown}, made ${made.amount} ${made.currency}`)
  }
  return found
}

describe('the Demo creates what the refund preview shows', () => {
  let dir: ReturnType<typeof tempDir>
  let demo: DemoProcessor
  let now = Date.parse('2026-03-02T10:00:00Z')
  beforeAll(() => {
    dir = tempDir()
    demo = new DemoProcessor({ path: join(dir.path, 'demo.sqlite'), now: () => now, confirmDelayMs: 10 })
  })
  afterAll(async () => {
    await demo.close()
    dir.remove()
  })

  /** An invoice for `minor` of `currency`, paid as `kind` (`partial` then expired: refundable, PaidPartial). */
  async function paid(minor: bigint, currency: string, kind: SimulateKind | 'partial-expired') {
    const invoice = await demo.createInvoice({
      orderId: `sale_agree${now}`,
      amount: formatMinor(minor, currency),
      currency,
      description: 'agreement',
      lines: []
    })
    now += 1
    await demo.simulate(invoice.id, kind === 'partial-expired' ? 'partial' : kind)
    if (kind === 'partial-expired') await demo.simulate(invoice.id, 'expire')
    now += 1000
    return demo.getInvoice(invoice.id)
  }

  const table: [string, bigint[]][] = [
    ['USD', [1n, 100n, 400n, 1234n, 1300n, 9999n, 123456n, ...amounts(0x5eed, 12, 500_000)]],
    ['EUR', [1n, 437n, ...amounts(0xe0e0, 4, 100_000)]],
    // One sat is worth more than half an öre: the BTC paid can be worth a minor unit above the price.
    ['SEK', [10_000n, ...amounts(0x5e4, 4, 1_000_000)]],
    ['JPY', [1n, 500n, 12345n, ...amounts(0x1a9, 4, 1_000_000)]],
    ['KWD', [1n, 3750n, ...amounts(0x4b, 4, 1_000_000)]],
    ['VND', [1000n, 250000n, ...amounts(0x7d, 4, 10_000_000)]]
  ]

  for (const [currency, minors] of table) {
    it(`agrees for every variant in ${currency} (paid, overpaid, partly paid then expired)`, async () => {
      const [rate] = await demo.getRates([currency])
      const found: string[] = []
      for (const minor of minors) {
        for (const kind of ['full', 'over', 'partial-expired'] as const) {
          const invoice = await paid(minor, currency, kind)
          const custom = formatMinor(minor - minor / 3n || 1n, currency)
          const all = cases(currency, custom, '0.00012345')
          found.push(...(await disagreements(demo, invoice, refundBasis(invoice, rate!.rate), all)))
        }
      }
      expect(found).toEqual([])
    })
  }
})

describe('the BTCPay simulator creates what the refund preview shows', () => {
  let sim: BtcpaySimulator
  let btcpay: BtcpayProcessor
  beforeAll(async () => {
    sim = await startBtcpaySimulator()
    btcpay = createBtcpayProcessor({
      serverUrl: sim.url,
      storeId: sim.storeId,
      apiKey: sim.apiKey,
      timeoutMs: 2_000,
      maxRetries: 0
    })
  })
  afterAll(async () => {
    sim.control.setRate('USD', '65000')
    await sim.close()
  })

  let order = 0
  async function paid(minor: bigint, kind: 'full' | 'over' | 'partial-expired'): Promise<Invoice> {
    sim.control.setRate('USD', '65000')
    const invoice = await btcpay.createInvoice({
      orderId: `agree-${process.pid}-${++order}`,
      amount: formatMinor(minor, 'USD'),
      currency: 'USD',
      description: 'agreement',
      lines: [],
      expirySeconds: 900
    })
    sim.control.pay(invoice.id, kind === 'partial-expired' ? 'partial' : kind)
    if (kind === 'partial-expired') sim.control.expire(invoice.id)
    else sim.control.settle(invoice.id)
    return btcpay.getInvoice(invoice.id)
  }

  const minors = [1n, 100n, 400n, 1250n, 1300n, 9999n, 123456n, ...amounts(0xb7c, 12, 500_000)]

  for (const endpoint of ['with', 'without'] as const) {
    it(`agrees for every variant ${endpoint} BTCPay's refund preview endpoint, the rate having moved`, async () => {
      const found: string[] = []
      for (const minor of minors) {
        for (const kind of ['full', 'over', 'partial-expired'] as const) {
          const invoice = await paid(minor, kind)
          sim.control.setRate('USD', '61234.56')
          const method = invoice.paymentMethods.find((m) => m.id === 'BTC-CHAIN')!
          const preview = endpoint === 'with' ? await btcpay.refunds.preview(invoice.id, method.id) : null
          const [rate] = await btcpay.getRates(['USD'])
          const basis = refundBasis(invoice, rate!.rate, preview)
          const all = cases('USD', formatMinor(minor - minor / 3n || 1n, 'USD'), '0.00012345')
          found.push(...(await disagreements(btcpay, invoice, basis, all)))
        }
      }
      expect(found).toEqual([])
    })
  }
})
