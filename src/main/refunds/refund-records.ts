import { randomUUID } from 'node:crypto'
import type { RefundView } from '@shared/contract'
import { KassaError } from '@shared/errors'
import type { Invoice } from '@shared/invoice'
import { decimalToMinor, formatMinor } from '@shared/money'
import type { Ledger, SaleRecord } from '../ledger/ledger'
import {
  RefundLimitError,
  refundCounts,
  toRefundView,
  type RefundBook,
  type RefundChange,
  type RefundRecord
} from '../ledger/refund-book'
import {
  DEFAULT_REFUND_POLICY,
  type RefundPolicyStamp,
  type RefundPolicyView,
  type RefundTriageView,
  type RefundVariantName
} from '@shared/refund-policy'
import { mayHaveReachedProcessor, ProcessorError } from '../processors/errors'
import { admitTriage, triageRefund } from './refund-policy'
import type { PaymentProcessor } from '../processors/types'

/** What every refund strategy needs from the rest of the core. */
export interface RefundRecordsDeps {
  ledger: Ledger
  refunds: RefundBook
  processorFor(id: SaleRecord['processor']): PaymentProcessor | null
  onSaleChanged(saleId: string): void
  /** Look refund `refundId` of `saleId` up again after `delayMs` (or the default wait), under the sale's queue. */
  retryLater(saleId: string, refundId: string, delayMs?: number): void
  /** The owner's refund policy and the store currency its limit is in; default: no policy, the sale's currency. */
  policy?(): { rules: RefundPolicyView; storeCurrency: string }
  /**
   * Whether the owner approves a `needs-owner` refund for a caller with `ownerSession`: `owner` (a valid session),
   * `no-pin` (no owner PIN is set), null (ask for the PIN). Default null.
   */
  ownerApproval?(ownerSession: string | null): 'owner' | 'no-pin' | null
  /** Clock of the refund window (ms since the epoch); default `Date.now`. */
  now?(): number
  /** True while the health monitor says `processor` cannot be reached (default: never). */
  isOffline?(processor: SaleRecord['processor']): boolean
}

/** What a refund asked for at the counter brings to its triage (the rest comes from the ledger). */
export interface AskedRefund {
  /** Its value in the sale's currency after any restocking fee; null while not priced yet. */
  amountMinor: bigint | null
  variant: RefundVariantName | null
  /** Undefined: not checked (a preview). */
  reason?: string | null
  subtractPercentage?: string | null
}

/** The fields a strategy gives a new refund; the rest (ids, processor, nulls) are filled in. */
export type NewRefund = Pick<RefundRecord, 'kind' | 'amount' | 'currency' | 'fiatMinor' | 'state'> &
  Partial<Omit<RefundRecord, 'id' | 'saleId' | 'processor' | 'createdAt' | 'updatedAt'>>

/**
 * The ledger's side of every refund, shared by the strategies: reserve an intent (checked against what is left, in
 * one transaction), apply an outcome, audit it, tell the screens; and the checks every refund call starts with.
 */
export class RefundRecords {
  constructor(private readonly deps: RefundRecordsDeps) {}

  /**
   * Record a new refund of `sale`, its fiat value reserved against what the invoice shows paid, in one transaction;
   * fields not given are null. A refund already made with the same idempotency key is returned instead.
   * @throws KassaError `invalid-input` when its value is more than is left to refund on the sale.
   */
  reserve(sale: SaleRecord, invoice: Invoice, fields: NewRefund): RefundRecord {
    try {
      return this.deps.refunds.reserve(
        {
          id: 'rfd_' + randomUUID().replace(/-/g, ''),
          saleId: sale.id,
          processor: sale.processor,
          variant: null,
          subtractPercentage: null,
          claimLink: null,
          externalId: null,
          method: null,
          destination: null,
          reason: null,
          txId: null,
          idempotencyKey: null,
          request: null,
          error: null,
          ...fields
        },
        decimalToMinor(invoice.paid, invoice.currency)
      )
    } catch (error) {
      if (!(error instanceof RefundLimitError)) throw error
      throw new KassaError(
        'invalid-input',
        `At most ${formatMinor(error.leftMinor, sale.currency)} ${sale.currency} is left to refund on this sale`,
        {
          reason: 'more-than-left',
          amount: formatMinor(error.leftMinor, sale.currency),
          currency: sale.currency
        }
      )
    }
  }

  /** The owner's refund policy (default: none) and the store currency its limit is in. */
  policy(sale: SaleRecord): { rules: RefundPolicyView; storeCurrency: string } {
    return this.deps.policy?.() ?? { rules: DEFAULT_REFUND_POLICY, storeCurrency: sale.currency }
  }

  /** Triage `asked` against the owner's policy with what the ledger knows of the sale; records nothing. */
  triage(sale: SaleRecord, asked: AskedRefund): RefundTriageView {
    const { rules, storeCurrency } = this.policy(sale)
    const earlier = this.deps.refunds.forSale(sale.id).filter((r) => refundCounts(r.state)).length
    return triageRefund(rules, {
      now: (this.deps.now ?? Date.now)(),
      paidAtMs: sale.paidAt ? Date.parse(sale.paidAt) : null,
      currency: sale.currency,
      storeCurrency,
      earlierRefunds: earlier,
      ...asked
    })
  }

  /**
   * Triage a refund asked for at the counter (`call`) and let it go on, or stop it before anything is recorded or
   * sent (`admitTriage`: `conflict` `policy-<rule>`, or `owner-required` without the owner's approval). A stop,
   * and a `final` triage that goes on, are audited (`refund.policy`: decision, rule, values, outcome).
   * Callers hold the sale's queue, so one-per-sale holds for concurrent requests.
   * @returns the stamp to keep on the refund
   */
  admit(
    sale: SaleRecord,
    asked: AskedRefund,
    ownerSession: string | null,
    call: string,
    final: boolean
  ): RefundPolicyStamp {
    const triage = this.triage(sale, asked)
    const approval =
      triage.decision === 'needs-owner' ? (this.deps.ownerApproval?.(ownerSession) ?? null) : null
    const details = { call, decision: triage.decision, rule: triage.rule, values: triage.values }
    try {
      const stamp = admitTriage(triage, approval, call)
      if (final) {
        this.deps.ledger.audit(approval === 'owner' ? 'owner' : 'cashier', 'refund.policy', sale.id, {
          ...details,
          approvedBy: stamp.approvedBy,
          outcome: 'proceeds'
        })
      }
      return stamp
    } catch (error) {
      this.deps.ledger.audit('cashier', 'refund.policy', sale.id, {
        ...details,
        outcome: triage.decision === 'refused' ? 'refused' : 'owner-required'
      })
      throw error
    }
  }

  /** The refund a repeated request (same idempotency key) already made, or null. */
  repeated(idempotencyKey: string | undefined): RefundView | null {
    const record = idempotencyKey ? this.deps.refunds.byIdempotencyKey(idempotencyKey) : null
    if (!record) return null
    return toRefundView(record, this.deps.ledger.requireSale(record.saleId).currency)
  }

  /** Apply the processor's outcome to a refund, audit it and tell the screens. */
  finish(sale: SaleRecord, record: RefundRecord, change: RefundChange, action: string): RefundView {
    return this.done(sale, this.deps.refunds.update(record.id, change), action)
  }

  /** Change a refund in the ledger, nothing else (no audit, no event). */
  update(refundId: string, change: RefundChange): RefundRecord {
    return this.deps.refunds.update(refundId, change)
  }

  /** Audit a refund as it now is and tell the screens. */
  done(sale: SaleRecord, record: RefundRecord, action: string): RefundView {
    this.audit(sale, record, action)
    this.deps.onSaleChanged(sale.id)
    return toRefundView(record, sale.currency)
  }

  /** One audit row for a refund step (`refund.requested`, `refund.created`, …). */
  audit(sale: SaleRecord, record: RefundRecord, action: string): void {
    this.deps.ledger.audit('cashier', action, sale.id, {
      refundId: record.id,
      kind: record.kind,
      amount: record.amount,
      currency: record.currency,
      state: record.state,
      ...(record.externalId && { externalId: record.externalId }),
      ...(record.policy && {
        policy: {
          decision: record.policy.decision,
          rule: record.policy.rule,
          approvedBy: record.policy.approvedBy
        }
      })
    })
  }

  /**
   * The processor refused a refund the cashier is waiting for: nothing was made, so the intent is dropped (its
   * amount free again) and the attempt stays in the audit log. @returns the error, for the caller to throw.
   */
  refused(sale: SaleRecord, record: RefundRecord, error: ProcessorError | KassaError): Error {
    this.deps.refunds.dropRefused(record.id)
    this.deps.ledger.audit('cashier', 'refund.refused', sale.id, {
      refundId: record.id,
      kind: record.kind,
      amount: record.amount,
      currency: record.currency,
      reason: error.message
    })
    return error
  }

  /** True while the health monitor says the sale's processor cannot be reached. */
  offline(sale: SaleRecord): boolean {
    return this.deps.isOffline?.(sale.processor) ?? false
  }

  /**
   * A refund kept unsent because its processor is offline: say so, and try again later (and when the processor
   * answers again). @returns its view
   */
  held(sale: SaleRecord, record: RefundRecord): RefundView {
    const label = this.processorLabel(sale)
    const message = `${label} cannot be reached: Kassa keeps this refund and sends it once ${label} answers again`
    const updated = this.deps.refunds.update(record.id, { error: message })
    this.deps.retryLater(sale.id, record.id)
    this.deps.onSaleChanged(sale.id)
    return toRefundView(updated, sale.currency)
  }

  /** A pending refund the processor could not be asked about: say why, and look again later. */
  stillPending(sale: SaleRecord, record: RefundRecord, what: string, error: unknown): RefundView {
    const message = `${what} (${failureText(error)}): Kassa looks it up again before asking twice`
    const updated = this.deps.refunds.update(record.id, { error: message })
    const delay = error instanceof ProcessorError && error.retryAfterMs ? error.retryAfterMs : undefined
    this.deps.retryLater(sale.id, record.id, delay)
    this.deps.onSaleChanged(sale.id)
    return toRefundView(updated, sale.currency)
  }

  /**
   * The sale, and its invoice when `strict` requires something paid and left to refund.
   * @throws KassaError `not-found`; `conflict` (strict: nothing paid, or fully refunded).
   */
  requirePaidSale(saleId: string, strict: true): { sale: SaleRecord; invoice: Invoice }
  requirePaidSale(saleId: string, strict: false): { sale: SaleRecord; invoice: Invoice | null }
  requirePaidSale(saleId: string, strict: boolean): { sale: SaleRecord; invoice: Invoice | null } {
    const sale = this.deps.ledger.getSale(saleId)
    if (!sale) throw new KassaError('not-found', `No sale ${saleId}`, { reason: 'no-sale', id: saleId })
    const invoice = this.deps.ledger.getInvoiceForSale(saleId)
    if (strict) {
      const paid = invoice ? decimalToMinor(invoice.paid, invoice.currency) : 0n
      if (!invoice || paid <= 0n) {
        throw new KassaError('conflict', 'Nothing was paid for this sale', { reason: 'nothing-paid' })
      }
      if (this.deps.refunds.refundedMinor(saleId) >= paid) {
        throw new KassaError('conflict', 'This sale is already fully refunded', { reason: 'fully-refunded' })
      }
    }
    return { sale, invoice }
  }

  /** The sale's processor. @throws KassaError `not-configured` when it is not connected. */
  requireProcessor(sale: SaleRecord): PaymentProcessor {
    const processor = this.deps.processorFor(sale.processor)
    if (!processor) {
      throw new KassaError(
        'not-configured',
        `${sale.processor} is not connected: connect it again in Settings`,
        { processor: sale.processor }
      )
    }
    return processor
  }

  /** The refund and its sale. @throws KassaError `not-found`. */
  requireRefund(refundId: string): { record: RefundRecord; sale: SaleRecord } {
    const record = this.deps.refunds.get(refundId)
    if (!record)
      throw new KassaError('not-found', `No refund ${refundId}`, { reason: 'no-refund', id: refundId })
    return { record, sale: this.deps.ledger.requireSale(record.saleId) }
  }

  /** True when a refund of `processor` already holds this processor id (a look-up must not attach one twice). */
  holds(processor: string, externalId: string): boolean {
    return this.deps.refunds.hasExternalId(processor, externalId)
  }

  /** The label of a sale's processor, or its id when it is not connected. */
  processorLabel(sale: SaleRecord): string {
    return this.deps.processorFor(sale.processor)?.label ?? sale.processor
  }

  /** Change a refund's state, audit it and tell the screens, when anything changed. */
  follow(sale: SaleRecord, record: RefundRecord, change: RefundChange): RefundView {
    const same = change.state === record.state && (change.txId ?? record.txId) === record.txId
    return same ? toRefundView(record, sale.currency) : this.finish(sale, record, change, 'refund.updated')
  }
}

/**
 * True when the processor answered and refused (a 4xx: invalid request, permission, key): nothing was made. A lost
 * or unreadable answer (timeout, connection, 5xx, a cut or non-JSON body: `mayHaveReachedProcessor`) is not a
 * refusal, the refund may exist; nor is a 429 (asked again later).
 */
export function isRefusal(error: unknown): error is ProcessorError | KassaError {
  if (error instanceof ProcessorError) return !error.retryable && !mayHaveReachedProcessor(error)
  return error instanceof KassaError
}

/** A short, safe description of a failure for a refund's `error`. */
export function failureText(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 200) : 'no answer'
}
