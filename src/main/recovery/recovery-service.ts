import type {
  OutboxMessageView,
  RecoveryDetailView,
  RecoveryFilter,
  RecoveryItemView,
  RecoveryListView
} from '@shared/recovery'
import type { BusinessDayRule } from '../day/business-day'
import type { Ledger } from '../ledger/ledger'
import type { Logger } from '../log/logger'
import type { PaymentProcessor } from '../processors/types'
import type { CustomerService } from '../customers/customer-service'
import { KassaError } from '@shared/errors'
import type { ProcessorId } from '@shared/invoice'

/** What the recovery service needs from the core. */
export interface RecoveryServiceDeps {
  ledger: Ledger
  customers: CustomerService
  /** The connected processor of that id, or null. */
  processorFor(id: ProcessorId): PaymentProcessor | null
  businessDayRule: () => BusinessDayRule
  /** The outbox's messages about an item, newest first (from `RecoveryMessages`). */
  messagesOf: (itemId: string) => OutboxMessageView[]
  /** Tell the renderer an item moved on (`recovery:updated`). */
  onUpdated: (item: RecoveryItemView) => void
  /** ms since the epoch. */
  now: () => number
  log: Logger
}

/**
 * The Recovery queue (docs/recovery.md): failed charges, their context, payment requests for what is due, and
 * their outcome. SCAFFOLD: the lead's contract commit; the recovery-core work fills every method.
 */
export class RecoveryService {
  constructor(readonly deps: RecoveryServiceDeps) {}

  list(_query: {
    filter?: RecoveryFilter
    before?: string
    limit?: number
    days?: number
  }): RecoveryListView {
    throw notYet()
  }
  detail(_itemId: string): RecoveryDetailView {
    throw notYet()
  }
  request(_itemId: string): Promise<RecoveryItemView> {
    return Promise.reject(notYet())
  }
  refresh(_itemId: string): Promise<RecoveryItemView> {
    return Promise.reject(notYet())
  }
  abandon(_itemId: string, _note: string | undefined): Promise<RecoveryItemView> {
    return Promise.reject(notYet())
  }
  /** Demo only: pay the item's open payment request in full. @throws KassaError `conflict` otherwise */
  simulatePaid(_itemId: string): Promise<RecoveryItemView> {
    return Promise.reject(notYet())
  }
  /** Record that a message about the item went out at `at` (ISO 8601). */
  noteSent(_itemId: string, _at: string): void {
    throw notYet()
  }
  start(): void {}
  async stop(): Promise<void> {}
}

const notYet = (): KassaError => new KassaError('not-configured', 'Failed-charge recovery is not built yet')
