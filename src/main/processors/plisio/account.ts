import type { BalanceView } from '@shared/contract'
import type { AccountPort } from '../ports'
import type { CallOptions } from '../types'
import { unixToIso } from './normalize'
import type { OperationsResource } from './operations'
import type { AccountResource, PlisioCoin } from './shop'

/**
 * The shop's Plisio account as the account port: balances of the enabled coins (`GET /currencies/{fiat}`, then
 * `GET /balances/{psys_cid}` per coin; a coin whose balance cannot be read is left out, and if none can — e.g. Request
 * IP not whitelisted — that error is thrown) and the operations list (`GET /operations` with `page`, `limit`, `type`,
 * `status`, `currency`, `search`).
 */
export function plisioAccount(
  account: AccountResource,
  operations: OperationsResource,
  freshCoins: (fiat: string, options?: CallOptions) => Promise<PlisioCoin[]>
): AccountPort {
  return {
    async balances(fiat, options) {
      const coins = (await freshCoins(fiat, options)).filter((coin) => coin.enabled)
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
