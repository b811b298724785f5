/**
 * Plisio's insight port: read-only views of the shop's balances, its coins and what a withdrawal would cost, for
 * agents (issue 16), over the resources the account, pay-options and withdrawals ports already use. Nothing here
 * sends money: `fee-estimate` and `commission-estimate` only ask.
 */
import Big from 'big.js'
import { insightPort, invalidQuery, required } from '../insight'
import type { AccountPort, InsightPort, InsightQuery, InsightTopic, InsightValue } from '../ports'
import type { Account, PlisioCoin } from './account'
import { minimumFiat } from './invoices'
import type { Operations, PlisioFeePlan } from './operations'

/** The resources the port reads. */
export interface PlisioInsightSources {
  account: Account
  /** The account port (balances of every enabled coin, as the owner's screens read them). */
  accountPort: AccountPort
  operations: Operations
}

const LABEL = 'Plisio'
const COIN = /^[A-Za-z0-9_]{1,32}$/
const FIAT = /^[A-Za-z]{3}$/
const PLAN = /^[A-Za-z_]{1,32}$/
const AMOUNT = /^\d+(\.\d+)?$/
/** The fiat `balances` and `currencies` read rates in when the query names none. */
const DEFAULT_FIAT = 'USD'

/**
 * Plisio as the insight port. Every call is a GET with the key in the query (never in an answer or error: the port
 * redacts both with it); balances and operations need this computer's IP under Request IP. Amounts are decimal
 * strings in the coin (`psys_cid`) unless named fiat.
 * - `balances`: with `coin`, `GET /balances/{coin}`; without, every enabled coin (`GET /currencies/{fiat}`, then
 *   `GET /balances/{psys_cid}` each, a coin that cannot be read left out) → `{balances: [{coin, currency, balance}]}`.
 * - `currencies`: `GET /currencies/{fiat}` (`fiat` default USD) → `{fiat, coins: [{coin, currency, name, fiatRate
 *   (fiat per coin), rateUsd, priceUsd, minSumIn, minAmountFiat, maintenance, commissionPercent}]}`, enabled coins only.
 * - `fee-estimate`: needs `coin`, `amount`, `address`; `GET /operations/fee/{coin}?addresses=&amounts=&feePlan=` →
 *   `{coin, amount, feePlan, fee}`.
 * - `commission-estimate`: needs `coin`, optional `address` with `amount`, `feePlan`;
 *   `GET /operations/commission/{coin}` → `{coin, amount, feePlan, commission, fee, maxAmount}`.
 * - `fee-plans`: needs `coin`; `GET /operations/fee-plan/{coin}` → `{coin, plans: [{name, value, details}]}`
 *   (`value` the plan's fee rate as Plisio gives it; `details` its chain-specific fields, `conf_target`, `gasPrice`…).
 * @throws ProcessorError `processor-invalid-request` before any request for another topic or a query missing or
 *   mangling what the topic needs; else as the connector's calls (`processor-permission` for Request IP,
 *   `processor-bad-response` for an answer of another shape).
 */
export function plisioInsight(sources: PlisioInsightSources, apiKey: string): InsightPort {
  const { account, accountPort, operations } = sources
  return insightPort(LABEL, apiKey, {
    async balances(query, options) {
      if (query.coin != null) {
        const one = await account.balance(coinOf('balances', query), options)
        return { balances: [{ coin: one.psysCid, currency: one.currency, balance: one.balance }] }
      }
      const all = await accountPort.balances(fiatOf(query), options)
      return {
        balances: all.map((b) => ({ coin: b.coin, currency: b.currency, balance: b.balance }))
      }
    },
    async currencies(query, options) {
      const fiat = fiatOf(query)
      const coins = await account.currencies(fiat, options)
      return { fiat, coins: coins.filter((coin) => coin.enabled).map((coin) => coinView(coin, fiat)) }
    },
    async 'fee-estimate'(query, options) {
      const coin = coinOf('fee-estimate', query)
      const amount = amountOf('fee-estimate', query)
      const address = addressOf('fee-estimate', query)
      const feePlan = feePlanOf(query)
      const fee = await operations.fee(coin, { addresses: address, amounts: amount, feePlan }, options)
      return { coin: fee.psysCid, amount, feePlan: fee.plan, fee: fee.fee }
    },
    async 'commission-estimate'(query, options) {
      const coin = coinOf('commission-estimate', query)
      const feePlan = feePlanOf(query)
      const payout =
        query.address == null && query.amount == null
          ? {}
          : {
              addresses: addressOf('commission-estimate', query),
              amounts: amountOf('commission-estimate', query)
            }
      const result = await operations.commission(coin, { ...payout, feePlan }, options)
      return {
        coin,
        amount: payout.amounts ?? null,
        feePlan: result.plan,
        commission: result.commission,
        fee: result.fee,
        maxAmount: result.maxAmount
      }
    },
    async 'fee-plans'(query, options) {
      const coin = coinOf('fee-plans', query)
      return { coin, plans: (await operations.feePlans(coin, options)).map(feePlanView) }
    }
  })
}

/** An enabled coin as `currencies` shows it; `minAmountFiat` is `min_sum_in` in `fiat`, rounded up. */
export function coinView(coin: PlisioCoin, fiat: string): InsightValue {
  return {
    coin: coin.psysCid,
    currency: coin.currency,
    name: coin.name,
    fiatRate: coin.fiatRate,
    rateUsd: coin.rateUsd,
    priceUsd: coin.priceUsd,
    minSumIn: coin.minSumIn,
    minAmountFiat: minimumFiat(coin, fiat),
    maintenance: coin.maintenance,
    commissionPercent: coin.commissionPercent
  }
}

/** A fee plan with its chain-specific fields as plain JSON (numbers other than whole ones as decimal strings). */
export function feePlanView(plan: PlisioFeePlan): InsightValue {
  const details: Record<string, InsightValue> = {}
  for (const [key, value] of Object.entries(plan.details)) {
    const plain = plainValue(value)
    if (plain !== undefined) details[key] = plain
  }
  return { name: plan.name, value: plan.value, details }
}

function plainValue(value: unknown): InsightValue | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value
  if (typeof value === 'number' && Number.isFinite(value)) {
    return Number.isInteger(value) ? value : new Big(value).toFixed()
  }
  return undefined
}

function coinOf(topic: InsightTopic, query: InsightQuery): string {
  const coin = required(LABEL, topic, query, 'coin')
  if (!COIN.test(coin))
    throw invalidQuery(`"${coin.slice(0, 40)}" is not a Plisio coin id (BTC, USDT_TRX, …)`)
  return coin.toUpperCase()
}

function amountOf(topic: InsightTopic, query: InsightQuery): string {
  const amount = required(LABEL, topic, query, 'amount')
  if (!AMOUNT.test(amount) || new Big(amount).lte(0))
    throw invalidQuery(`"${amount.slice(0, 40)}" is not a positive decimal amount`)
  return amount
}

function addressOf(topic: InsightTopic, query: InsightQuery): string {
  const address = required(LABEL, topic, query, 'address')
  if (/[\s,]/.test(address) || address.length > 200)
    throw invalidQuery('Give one withdrawal address, without spaces or commas')
  return address
}

function feePlanOf(query: InsightQuery): string | undefined {
  const plan: unknown = query.feePlan
  if (plan == null) return undefined
  if (typeof plan !== 'string' || !PLAN.test(plan))
    throw invalidQuery(
      `"${String(plan).slice(0, 40)}" is not a Plisio fee plan (normal, priority, economy, …)`
    )
  return plan
}

function fiatOf(query: InsightQuery): string {
  const fiat: unknown = query.fiat
  if (fiat == null) return DEFAULT_FIAT
  if (typeof fiat !== 'string' || !FIAT.test(fiat))
    throw invalidQuery(`"${String(fiat).slice(0, 40)}" is not an ISO 4217 currency code`)
  return fiat.toUpperCase()
}
