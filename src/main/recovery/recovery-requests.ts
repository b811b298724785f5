import { KassaError, type KassaErrorData } from '@shared/errors'
import { formatMinor } from '@shared/money'
import type { Logger } from '../log/logger'
import { ProcessorError } from '../processors/errors'
import { inLane } from '../processors/lanes'
import type { PaymentRequestsPort, PaymentRequestView } from '../processors/ports'
import type { CallOptions, PaymentProcessor } from '../processors/types'
import type { ProcessorId } from '@shared/invoice'
import type { RecoveryRequestRecord } from './recovery-book'
import { isRefusal } from './recovery-rules'

/** What asking a processor about payment requests needs. */
export interface RequestCallsDeps {
  processorFor(id: ProcessorId): PaymentProcessor | null
  log: Logger
  /** Per-request timeout in ms (default the connector's). */
  timeoutMs?: number
}

/** What the processor said of a request: its view, or a refusal (the request failed), or nothing known. */
export type AskOutcome =
  { kind: 'made'; view: PaymentRequestView } | { kind: 'refused'; error: KassaErrorData }

/**
 * The processor side of recovery's payment requests through `ports.paymentRequests`: making one (idempotent by
 * order id, so asking again after a lost answer finds the same one), reading one, archiving one.
 */
export class RequestCalls {
  constructor(private readonly deps: RequestCallsDeps) {}

  /**
   * The payment-requests port of `processor`.
   * @throws KassaError `not-configured` (`processor`) when it is not connected; `conflict` (`reason:
   *   'no-payment-requests'`) when it has no such port
   */
  port(processor: ProcessorId): PaymentRequestsPort {
    const connected = this.deps.processorFor(processor)
    if (!connected) {
      throw new KassaError('not-configured', `The ${processor} processor is not connected: see Settings`, {
        processor
      })
    }
    const port = connected.ports.paymentRequests
    if (!port) {
      throw new KassaError('conflict', `${connected.label} cannot make payment requests`, {
        reason: 'no-payment-requests',
        processor
      })
    }
    return port
  }

  /** True when `processor` is connected (the poll skips the others). */
  connected(processor: ProcessorId): boolean {
    return this.deps.processorFor(processor) !== null
  }

  /**
   * Ask the processor for the request recorded as `request` (`create` with its order id: the same one again after
   * a timeout or a restart).
   * @returns `made` with the processor's view, or `refused` with the error for a refusal (invalid request,
   *   permission, auth, not found)
   * @throws the error when the outcome is unknown (timeout, connection, 5xx, rate limit): the request stays
   *   `creating` and is asked again later; KassaError as `port` does
   */
  async create(
    request: RecoveryRequestRecord,
    details: { title: string; email?: string }
  ): Promise<AskOutcome> {
    const port = this.port(request.processor)
    try {
      const view = await port.create(
        {
          amount: formatMinor(request.amountMinor, request.currency),
          currency: request.currency,
          title: details.title,
          orderId: request.orderId,
          ...(details.email ? { email: details.email } : {})
        },
        this.options()
      )
      return { kind: 'made', view }
    } catch (error) {
      if (error instanceof ProcessorError && isRefusal(error.code)) {
        return {
          kind: 'refused',
          error: {
            code: error.code,
            message: error.message,
            ...(error.params ? { params: error.params } : {})
          }
        }
      }
      throw error
    }
  }

  /**
   * Read a request at its processor (`get`), in the background lane when `background` (the poll), so a connector
   * with a shared request budget serves the cashier first.
   * @throws ProcessorError from the processor; KassaError as `port` does
   */
  get(
    request: RecoveryRequestRecord & { requestId: string },
    background: boolean
  ): Promise<PaymentRequestView> {
    const port = this.port(request.processor)
    const read = () => port.get(request.requestId, this.options())
    return background ? inLane('background', read) : read()
  }

  /**
   * Stop a request being payable (`archive`).
   * @returns null when done, else the processor's refusal (Plisio cannot cancel an open invoice)
   * @throws errors other than a refusal (connection, …)
   */
  async archive(request: RecoveryRequestRecord & { requestId: string }): Promise<KassaErrorData | null> {
    try {
      await this.port(request.processor).archive(request.requestId, this.options())
      return null
    } catch (error) {
      if (error instanceof ProcessorError && isRefusal(error.code)) {
        return { code: error.code, message: error.message }
      }
      throw error
    }
  }

  private options(): CallOptions {
    return this.deps.timeoutMs ? { timeoutMs: this.deps.timeoutMs } : {}
  }
}
