/**
 * The account port (the shop's balances and Plisio's operations list) and the resource behind it, the shop's
 * account: `GET /shops`, `GET /currencies/{fiat}` (cached for the pre-checks), `GET /balances/{psys_cid}`.
 */
import type { BalanceView } from '@shared/contract'
import type { AccountPort } from '../ports'
import type { CallOptions } from '../types'
import type { PlisioClient } from './client'
import { unixToIso } from './normalize'
import type { Operations } from './operations'
import { BalanceSchema, CoinListSchema, ShopSchema } from './schemas'

/** Who pays Plisio's commission on invoices: `shop` (deducted) or `client` (added to the customer's total). */
export type CommissionPayer = 'shop' | 'client' | (string & {})

/** The shop behind the api_key (`GET /shops`). */
export interface PlisioShop {
  name: string
  /** White-label shops get the deposit address back (`wallet_hash`), others a hosted `invoice_url`. */
  whiteLabel: boolean
  commissionPayer: CommissionPayer | null
  link: string | null
  verified: boolean | null
}

/** One coin as `GET /currencies/{fiat}` lists it. Amounts are decimal strings. */
export interface PlisioCoin {
  /** Plisio's id (`BTC`, `USDT_TRX`): the `psys_cid` of every other call. */
  psysCid: string
  /** Ticker (`BTC`, `USDT`). */
  currency: string
  name: string
  /** Enabled for this shop (`hidden` = 0). */
  enabled: boolean
  /** The coin's node is under maintenance: invoices in it are refused. */
  maintenance: boolean
  /** Smallest invoice, in the coin; null when not reported. */
  minSumIn: string | null
  /** Price of 1 coin in `fiat` (decimal string); null when not reported. */
  fiatRate: string | null
  fiat: string
  priceUsd: string | null
  /** Plisio's `rate_usd` as it sends it (decimal string); null when not reported. */
  rateUsd: string | null
  /** Plisio's invoice commission in percent, decimal string. */
  commissionPercent: string | null
}

/** A balance of one coin (`GET /balances/{psys_cid}`); `balance` is a decimal string in the coin. */
export interface PlisioBalance {
  psysCid: string
  currency: string
  balance: string
}

/** Shop, coins and balances: the account side of Plisio. */
export class Account {
  private readonly coinCache = new Map<string, { at: number; coins: Promise<PlisioCoin[]> }>()

  /** @param coinsCacheMs how long a `GET /currencies/{fiat}` answer is reused by `cachedCurrencies` */
  constructor(
    private readonly client: PlisioClient,
    private readonly coinsCacheMs: number
  ) {}

  /**
   * `GET /shops` → the shop's name, white-label flag and commission payer.
   * @throws ProcessorError `processor-auth` for a wrong key.
   */
  async shop(options?: CallOptions): Promise<PlisioShop> {
    const data = await this.client.send(ShopSchema, { method: 'GET', path: 'shops' }, options)
    return {
      name: data.name,
      whiteLabel: data.white_label,
      commissionPayer: data.commission_payment ?? null,
      link: data.link ?? null,
      verified: data.verified ?? null
    }
  }

  /**
   * `GET /currencies/{fiat}` read now → every coin with its rate in `fiat`, `min_sum_in`, maintenance and enabled
   * flags. The answer also refreshes the list `cachedCurrencies` gives (a failed read is not kept).
   * @param fiat ISO code, e.g. `EUR` (case-insensitive)
   */
  currencies(fiat: string, options?: CallOptions): Promise<PlisioCoin[]> {
    const key = fiat.toUpperCase()
    const coins = this.readCurrencies(key, options)
    this.coinCache.set(key, { at: Date.now(), coins })
    coins.catch(() => this.coinCache.delete(key))
    return coins
  }

  /** The same list, reused for `coinsCacheMs` (what the invoice pre-checks and rates see). */
  cachedCurrencies(fiat: string, options?: CallOptions): Promise<PlisioCoin[]> {
    const hit = this.coinCache.get(fiat.toUpperCase())
    return hit && Date.now() - hit.at < this.coinsCacheMs ? hit.coins : this.currencies(fiat, options)
  }

  private async readCurrencies(fiat: string, options?: CallOptions): Promise<PlisioCoin[]> {
    const data = await this.client.send(
      CoinListSchema,
      { method: 'GET', path: `currencies/${encodeURIComponent(fiat)}` },
      options
    )
    return data.map((coin) => ({
      psysCid: coin.cid,
      currency: coin.currency,
      name: coin.name,
      enabled: !coin.hidden,
      maintenance: coin.maintenance,
      minSumIn: coin.min_sum_in ?? null,
      fiatRate: coin.fiat_rate ?? null,
      fiat: coin.fiat ?? fiat,
      priceUsd: coin.price_usd ?? null,
      rateUsd: coin.rate_usd ?? null,
      commissionPercent: coin.invoice_commission_percentage ?? null
    }))
  }

  /**
   * `GET /balances/{psys_cid}` → the shop's balance in one coin. Needs this computer's IP in Request IP.
   * @throws ProcessorError `processor-permission` (IP not whitelisted), `processor-invalid-request` (code 105,
   *   unsupported coin).
   */
  async balance(psysCid: string, options?: CallOptions): Promise<PlisioBalance> {
    const data = await this.client.send(
      BalanceSchema,
      { method: 'GET', path: `balances/${encodeURIComponent(psysCid)}` },
      options
    )
    return { psysCid: data.psys_cid, currency: data.currency ?? data.psys_cid, balance: data.balance }
  }
}

/**
 * The shop's Plisio account as the account port: balances of the enabled coins (`GET /currencies/{fiat}`, then
 * `GET /balances/{psys_cid}` per coin; a coin whose balance cannot be read is left out, and if none can — e.g. Request
 * IP not whitelisted — that error is thrown) and the operations list (`GET /operations` with `page`, `limit`, `type`,
 * `status`, `currency`, `search`).
 */
export function plisioAccount(account: Account, operations: Operations): AccountPort {
  return {
    async balances(fiat, options) {
      const coins = (await account.currencies(fiat, options)).filter((coin) => coin.enabled)
      const results = await Promise.allSettled(coins.map((coin) => account.balance(coin.psysCid, options)))
      const balances: BalanceView[] = []
      for (const result of results) {
        if (result.status === 'fulfilled') {
          balances.push({
            coin: result.value.psysCid,
            currency: result.value.currency,
            balance: result.value.balance
          })
        }
      }
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
      if (!balances.length && failed) throw failed.reason
      return balances
    },
    async operations(filters, options) {
      const page = await operations.list(filters, options)
      return {
        items: page.items.map((op) => ({
          id: op.id,
          type: op.type,
          status: op.status,
          currency: op.currency ?? op.psys_cid ?? null,
          amount: op.amount ?? op.params?.amount ?? null,
          sourceCurrency: op.source_currency ?? op.params?.source_currency ?? null,
          sourceAmount: op.params?.source_amount ?? null,
          orderNumber: op.params?.order_number ?? null,
          createdAt:
            op.created_at_utc !== null && op.created_at_utc !== undefined
              ? unixToIso(op.created_at_utc)
              : null
        })),
        page: page.page,
        pageCount: page.pageCount,
        totalCount: page.totalCount,
        nextPage: page.nextPage
      }
    }
  }
}
