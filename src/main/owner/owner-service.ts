import type { BalanceView, OperationPageView } from '@shared/contract'
import { KassaError } from '@shared/errors'
import type { OperationFilters } from '../processors/ports'
import type { PaymentProcessor } from '../processors/types'

/**
 * The owner's view of the processor's own books, through its account port: balances per coin and the operations
 * list, paged and filtered as the processor offers them (Plisio today), ready for the day close to reconcile against.
 */
export class OwnerService {
  constructor(private readonly active: () => PaymentProcessor) {}

  /**
   * Balances of the enabled coins (Plisio `GET /currencies/{fiat}`, then `GET /balances/{psys_cid}` per coin).
   * @returns empty for processors without an account port.
   * @throws ProcessorError from the processor (none of the balances could be read).
   */
  async balances(fiat: string): Promise<BalanceView[]> {
    const account = this.active().ports.account
    return account ? account.balances(fiat) : []
  }

  /**
   * One page of the processor's operations (Plisio `GET /operations` with `page`, `limit`, `type`, `status`,
   * `currency`, `search`).
   * @throws KassaError `conflict` for a processor without an account port; ProcessorError from the processor.
   */
  async operations(filters: OperationFilters): Promise<OperationPageView> {
    const processor = this.active()
    if (!processor.ports.account) {
      throw new KassaError(
        'conflict',
        `${processor.label} has no operations list in Kassa: see its own dashboard`
      )
    }
    return processor.ports.account.operations(filters)
  }
}
