// Seeds a ledger with many sales through its own write path (createSale, applyInvoice), in batched transactions.
import type { SaleLine } from '@shared/contract'
import type { Invoice } from '@shared/invoice'
import { formatMinor } from '@shared/money'
import type { Ledger } from '../src/main/ledger/ledger'

/** What a shop sells: line names and memos are drawn from these. */
export const ITEMS = [
  'Espresso',
  'Flat white',
  'Cappuccino',
  'Oat latte',
  'Chai latte',
  'Hot chocolate',
  'Green tea',
  'Earl Grey',
  'Croissant',
  'Pain au chocolat',
  'Cinnamon bun',
  'Banana bread',
  'Carrot cake',
  'Cheesecake',
  'Bagel with salmon',
  'Avocado toast',
  'Club sandwich',
  'Tomato soup',
  'Caesar salad',
  'Orange juice',
  'Sparkling water',
  'Kombucha',
  'Granola bowl',
  'Muffin',
  'Brownie',
  'Coffee beans 250g',
  'Gift card',
  'Tote bag',
  'Mug',
  'Sticker'
]
const MEMOS = [
  'Table 4',
  'Take away',
  'Terrace',
  'Staff',
  'Catering order',
  'Birthday',
  null,
  null,
  null,
  null
]

const SECOND = 1000
/** The seed's clock: one sale every 30 s from 2025-01-01 (10⁶ sales span about 347 days). */
export const SEED_START = Date.parse('2025-01-01T08:00:00.000Z')
export const SEED_STEP_MS = 30 * SECOND

/** A small deterministic PRNG (mulberry32), so two runs seed the same ledger. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const HEX = '0123456789abcdef'
const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'

function word(random: () => number, alphabet: string, length: number): string {
  let out = ''
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)]
  return out
}

/** What `seedLedger` made. */
export interface Seeded {
  count: number
  ms: number
  /** The seed clock's time after the last sale (ms since the epoch). */
  end: number
}

/**
 * Write `count` sales (USD, 1–3 lines or a keypad amount, a memo on some) with a BTCPay-like invoice each (22
 * base58 characters, mixed case), through `Ledger.createSale` and `Ledger.applyInvoice`, `batchSize` sales per
 * transaction. 90 % settle 45 s after their creation (one BTC payment), the others expire, and the last `open`
 * stay `New` (the tracker's open invoices).
 * @param clock set to each write's time (ms), read by the ledger's `now`
 */
export function seedLedger(
  ledger: Ledger,
  clock: { now: number },
  count: number,
  {
    batchSize = 10_000,
    open = 500,
    onBatch
  }: { batchSize?: number; open?: number; onBatch?: (done: number) => void } = {}
): Seeded {
  const random = prng(42)
  const start = performance.now()
  for (let done = 0; done < count;) {
    const until = Math.min(count, done + batchSize)
    ledger.batch(() => {
      for (let n = done; n < until; n++) {
        const created = SEED_START + n * SEED_STEP_MS
        clock.now = created
        const lines: SaleLine[] = []
        const lineCount = random() < 0.2 ? 0 : 1 + Math.floor(random() * 3)
        let amountMinor = 0n
        for (let l = 0; l < lineCount; l++) {
          const unit = BigInt(150 + Math.floor(random() * 1500))
          const quantity = 1 + Math.floor(random() * 3)
          lines.push({
            name: ITEMS[Math.floor(random() * ITEMS.length)] ?? 'Item',
            unitPrice: formatMinor(unit, 'USD'),
            quantity
          })
          amountMinor += unit * BigInt(quantity)
        }
        if (lineCount === 0) amountMinor = BigInt(100 + Math.floor(random() * 20_000))
        const memo = MEMOS[Math.floor(random() * MEMOS.length)] ?? null
        const id = 'sale_' + word(random, HEX, 32)
        const invoiceId = word(random, BASE58, 22)
        const amount = formatMinor(amountMinor, 'USD')
        ledger.createSale({ id, currency: 'USD', amountMinor, memo, lines, processor: 'btcpay' })
        const invoice: Invoice = {
          id: invoiceId,
          processor: 'btcpay',
          orderId: id,
          status: 'New',
          additionalStatus: 'None',
          rawStatus: 'New',
          currency: 'USD',
          amount,
          paid: '0.00',
          due: amount,
          createdAt: new Date(created).toISOString(),
          expiresAt: new Date(created + 15 * 60 * SECOND).toISOString(),
          checkoutLink: `https://btcpay.example/i/${invoiceId}`,
          paymentMethods: [],
          payments: []
        }
        ledger.applyInvoice(id, invoice)
        const fate = random()
        if (n < count - open) {
          clock.now = created + (fate < 0.9 ? 45 : 15 * 60) * SECOND
          const settled = fate < 0.9
          ledger.applyInvoice(id, {
            ...invoice,
            status: settled ? 'Settled' : 'Expired',
            rawStatus: settled ? 'Settled' : 'Expired',
            paid: settled ? amount : '0.00',
            due: settled ? '0.00' : amount,
            payments: settled
              ? [
                  {
                    id: word(random, HEX, 64),
                    method: 'BTC-CHAIN',
                    currency: 'BTC',
                    amount: '0.000' + String(10_000 + Math.floor(random() * 89_999)),
                    receivedAt: new Date(clock.now).toISOString(),
                    status: 'Settled'
                  }
                ]
              : []
          })
        }
      }
    })
    done = until
    onBatch?.(done)
  }
  return { count, ms: performance.now() - start, end: SEED_START + count * SEED_STEP_MS }
}
