import type { PayOptionsPort } from '../ports'
import { coinRefusal, minimumFiat } from './invoices'
import type { Account } from './account'

/**
 * Plisio's coins as the pay-options port: every enabled coin (`GET /currencies/{fiat}`) with its rate and minimum;
 * coins in maintenance or whose minimum is above the amount are listed as unavailable with the reason.
 * `fresh: false` reuses the connector's cached list (the check just before charging, right after the picker read it).
 */
export function plisioPayOptions(account: Account): PayOptionsPort {
  return {
    async list(amount, currency, { fresh = true } = {}) {
      const coins = await (fresh ? account.currencies(currency) : account.cachedCurrencies(currency))
      return coins
        .filter((coin) => coin.enabled)
        .map((coin) => {
          const reason = coinRefusal(coin, amount, currency)
          return {
            id: coin.psysCid,
            label: coin.name || coin.psysCid,
            currency: coin.currency,
            rate: coin.fiatRate,
            minAmount: minimumFiat(coin, currency),
            available: reason === null,
            reason
          }
        })
    }
  }
}
