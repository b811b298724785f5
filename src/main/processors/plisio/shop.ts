import type { CallOptions } from '../types'
import type { PlisioClient } from './client'
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
export class AccountResource {
  constructor(private readonly client: PlisioClient) {}

  /**
   * `GET /shops` → the shop's name, white-label flag and commission payer.
   * @throws ProcessorError `processor-auth` for a wrong key.
   */
  async shop(options?: CallOptions): Promise<PlisioShop> {
    const data = await this.client.get('shops', {}, ShopSchema, options)
    return {
      name: data.name,
      whiteLabel: data.white_label,
      commissionPayer: data.commission_payment ?? null,
      link: data.link ?? null,
      verified: data.verified ?? null
    }
  }

  /**
   * `GET /currencies/{fiat}` → every coin with its rate in `fiat`, `min_sum_in`, maintenance and enabled flags.
   * @param fiat ISO code, e.g. `EUR`
   */
  async currencies(fiat: string, options?: CallOptions): Promise<PlisioCoin[]> {
    const data = await this.client.get(`currencies/${encodeURIComponent(fiat)}`, {}, CoinListSchema, options)
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
      commissionPercent: coin.invoice_commission_percentage ?? null
    }))
  }

  /**
   * `GET /balances/{psys_cid}` → the shop's balance in one coin. Needs this computer's IP in Request IP.
   * @throws ProcessorError `processor-permission` (IP not whitelisted), `processor-invalid-request` (code 105,
   *   unsupported coin).
   */
  async balance(psysCid: string, options?: CallOptions): Promise<PlisioBalance> {
    const data = await this.client.get(`balances/${encodeURIComponent(psysCid)}`, {}, BalanceSchema, options)
    return { psysCid: data.psys_cid, currency: data.currency ?? data.psys_cid, balance: data.balance }
  }
}
