import type { BalanceView, OperationPageView } from '@shared/contract'
import { KassaError } from '@shared/errors'
import type { OperationListFilters } from '../processors/plisio/operations'
import type { PlisioProcessor } from '../processors/plisio/processor'
import { unixToIso } from '../processors/plisio/normalize'
import type { PaymentProcessor } from '../processors/types'

/**
 * The owner's view of the processor's own books: balances per coin and the operations list, paged and filtered as
 * the processor offers them (Plisio today), ready for the day close to reconcile against.
 */
export class OwnerService {
  constructor(private readonly active: () => PaymentProcessor) {}

  /**
   * Balances of the enabled coins: `GET /currencies/{fiat}` then `GET /balances/{psys_cid}` per coin. A coin whose
   * balance cannot be read is left out; if none can (e.g. Request IP not whitelisted), that error is raised.
   * @returns empty for processors without a balance API.
   * @throws ProcessorError from Plisio.
   */
  async balances(fiat: string): Promise<BalanceView[]> {
    const processor = this.active()
    if (processor.id !== 'plisio') return []
    const plisio = processor as PlisioProcessor
    const coins = (await plisio.listCurrencies(fiat)).filter((coin) => coin.enabled)
    const results = await Promise.allSettled(coins.map((coin) => plisio.getBalance(coin.psysCid)))
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
  }

  /**
   * One page of the processor's operations (`GET /operations` with `page`, `limit`, `type`, `status`, `currency`,
   * `search`).
   * @throws KassaError `conflict` for a processor without an operations list; ProcessorError from Plisio.
   */
  async operations(filters: OperationListFilters): Promise<OperationPageView> {
    const processor = this.active()
    if (processor.id !== 'plisio') {
      throw new KassaError(
        'conflict',
        `${processor.label} has no operations list in Kassa: see its own dashboard`
      )
    }
    const page = await (processor as PlisioProcessor).listOperations(filters)
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
          op.created_at_utc !== null && op.created_at_utc !== undefined ? unixToIso(op.created_at_utc) : null
      })),
      page: page.page,
      pageCount: page.pageCount,
      totalCount: page.totalCount,
      nextPage: page.nextPage
    }
  }
}
