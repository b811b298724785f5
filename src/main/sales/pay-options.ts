import type { PayOptionView } from '@shared/contract'
import type { PaymentProcessor } from '../processors/types'
import { coinRefusal, minimumFiat } from '../processors/plisio/invoices'
import type { PlisioProcessor } from '../processors/plisio/processor'

/**
 * The ways to pay the processor offers for `amount` (fiat decimal string in `currency`). Plisio: every enabled coin
 * (`GET /currencies/{fiat}`) with its rate and minimum; coins in maintenance or whose minimum is above the amount
 * are listed as unavailable with the reason. `fresh: false` reuses the connector's cached list (a check just
 * before charging, right after the picker read it). Other processors: an empty list (the processor offers its own
 * methods on the invoice).
 * @throws ProcessorError when Plisio cannot be asked.
 */
export async function payOptionsFor(
  processor: PaymentProcessor,
  amount: string,
  currency: string,
  { fresh = true }: { fresh?: boolean } = {}
): Promise<PayOptionView[]> {
  if (processor.id !== 'plisio') return []
  const plisio = processor as PlisioProcessor
  const coins = await (fresh ? plisio.listCurrencies(currency) : plisio.cachedCurrencies(currency))
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
