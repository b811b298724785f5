import type { PayOptionView } from '@shared/contract'
import type { PaymentProcessor } from '../processors/types'

/**
 * The ways to pay the processor offers for `amount` (fiat decimal string in `currency`), through its pay-options port
 * (Plisio's coins with rate, minimum and maintenance); a processor without one offers its own methods on the invoice:
 * an empty list. `fresh: false` may reuse the list just read (the check right before charging).
 * @throws ProcessorError when the processor cannot be asked.
 */
export async function payOptionsFor(
  processor: PaymentProcessor,
  amount: string,
  currency: string,
  { fresh = true }: { fresh?: boolean } = {}
): Promise<PayOptionView[]> {
  return processor.ports.payOptions ? processor.ports.payOptions.list(amount, currency, { fresh }) : []
}
