import Big from 'big.js'
import { randomBytes } from 'node:crypto'

/** One coin the simulated Plisio offers. `prices` are fiat per 1 coin, by fiat code. */
export interface SimCoin {
  cid: string
  currency: string
  name: string
  prices: Record<string, string>
  minSumIn: string
  hidden: boolean
  maintenance: boolean
  /** Commission on invoices in percent. */
  commissionPercent: string
  /** Network fee per payout by fee plan. */
  fees: Record<string, string>
}

/** A simulated invoice (an operation of type `invoice`). Crypto amounts are decimal strings. */
export interface SimInvoice {
  id: string
  orderNumber: string
  orderName: string
  description: string
  email: string
  psysCid: string
  currency: string
  sourceCurrency: string
  sourceAmount: string
  sourceRate: string
  /** Crypto due. */
  amount: string
  /** Crypto received. */
  received: string
  status: string
  walletHash: string
  createdAt: number
  expireAt: number
  tx: { txid: string; value: string; confirmations: number }[]
  /** For a `cancelled duplicate`: the invoice that replaced it. */
  activeId: string | null
  callbackUrl: string | null
}

/** A simulated withdrawal (operation of type `cash_out`). */
export interface SimWithdrawal {
  id: string
  psysCid: string
  to: string
  amount: string
  fee: string
  plan: string
  status: string
  createdAt: number
  /** Set once the payout is broadcast (`completeWithdrawal`). */
  txId?: string
}

/** The simulated shop behind the api key. */
export interface SimShop {
  id: string
  name: string
  whiteLabel: boolean
  commissionPayment: 'shop' | 'client'
}

export function newId(): string {
  return randomBytes(12).toString('hex')
}

/** Default coins: BTC (enabled), LTC (maintenance), ETH (enabled, high minimum), USDT_TRX (disabled). */
export function defaultCoins(): SimCoin[] {
  return [
    {
      cid: 'BTC',
      currency: 'BTC',
      name: 'Bitcoin',
      prices: { EUR: '60000.00', USD: '65000.00' },
      minSumIn: '0.00010000',
      hidden: false,
      maintenance: false,
      commissionPercent: '0.5',
      fees: { normal: '0.00001500', priority: '0.00003000', economy: '0.00000800' }
    },
    {
      cid: 'LTC',
      currency: 'LTC',
      name: 'Litecoin',
      prices: { EUR: '80.00', USD: '86.00' },
      minSumIn: '0.01000000',
      hidden: false,
      maintenance: true,
      commissionPercent: '0.5',
      fees: { normal: '0.00010000', priority: '0.00020000' }
    },
    {
      cid: 'ETH',
      currency: 'ETH',
      name: 'Ethereum',
      prices: { EUR: '3000.00', USD: '3250.00' },
      minSumIn: '0.05000000',
      hidden: false,
      maintenance: false,
      commissionPercent: '0.5',
      fees: { normal: '0.00050000', priority: '0.00090000' }
    },
    {
      cid: 'USDT_TRX',
      currency: 'USDT',
      name: 'Tether (TRC-20)',
      prices: { EUR: '0.92', USD: '1.00' },
      minSumIn: '1.00000000',
      hidden: true,
      maintenance: false,
      commissionPercent: '0.5',
      fees: { normal: '1.00000000' }
    }
  ]
}

/** Crypto amount of a fiat amount at `price` (fiat per coin), rounded up to 8 places. */
export function cryptoFor(sourceAmount: string, price: string): string {
  return new Big(sourceAmount).div(new Big(price)).round(8, Big.roundUp).toFixed(8)
}

/** A deterministic-looking fake address for a coin. */
export function fakeAddress(cid: string): string {
  const hex = randomBytes(16).toString('hex')
  return cid === 'BTC' ? `bc1q${hex}` : cid === 'LTC' ? `ltc1q${hex}` : `0x${hex}${hex.slice(0, 8)}`
}
