import Big from 'big.js'
import type { PayOptionView } from '@shared/contract'
import { currencyExponent } from '@shared/currency'
import type { PaymentProcessor } from '../processors/types'
import { coinRefusal } from '../processors/plisio/invoices'
import type { PlisioProcessor } from '../processors/plisio/processor'

/**
 * The ways to pay the processor offers for `amount` (fiat decimal string in `currency`). Plisio: every enabled coin
 * (`GET /currencies/{fiat}`) with its rate and minimum; coins in maintenance or whose minimum is above the amount
 * are listed as unavailable with the reason. Other processors: an empty list (the processor offers its own
 * methods on the invoice).
 * @throws ProcessorError when Plisio cannot be asked.
 */
export async function payOptionsFor(
  processor: PaymentProcessor,
  amount: string,
  currency: string
): Promise<PayOptionView[]> {
  if (processor.id !== 'plisio') return []
  const coins = await (processor as PlisioProcessor).listCurrencies(currency)
  return coins
    .filter((coin) => coin.enabled)
    .map((coin) => {
      const reason = coinRefusal(coin, amount, currency)
      return {
        id: coin.psysCid,
        label: coin.name || coin.psysCid,
        currency: coin.currency,
        rate: coin.fiatRate,
        minAmount:
          coin.minSumIn && coin.fiatRate
            ? new Big(coin.minSumIn)
                .times(new Big(coin.fiatRate))
                .round(currencyExponent(currency), Big.roundUp)
                .toFixed(currencyExponent(currency))
            : null,
        available: reason === null,
        reason
      }
    })
}
