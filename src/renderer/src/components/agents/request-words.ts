import type { AgentRequestView } from '@shared/agents'
import { separatorsOf } from '@shared/locale-number'
import { i18n, intlLocale } from '../../i18n'
import { triageWords } from '../../refund/policy-words'
import { amountWords, variantWords } from '../../refund/words'

// An agent's request in the cashier's words (`agents`, `refund` and `policy` areas). Plain functions over
// `i18n.global`, so they follow a change of language inside a render.

const t = (key: string, values: Record<string, string | number> = {}): string =>
  (i18n.global as unknown as { t: (key: string, values: Record<string, string | number>) => string }).t(
    key,
    values
  )

/** The sale a request is about: "no. 1042" when it has a receipt number, else the end of its id (`…89ab12`). */
export function saleWords(saleId: string, receiptNumber: string | null | undefined): string {
  return receiptNumber ? t('agents.requests.receipt', { number: receiptNumber }) : `…${saleId.slice(-6)}`
}

/** "Refund of 7,50 € for sale no. 1042" or "Payment request of 40,00 € for a failed charge (sale …)". */
export function requestTitle(request: AgentRequestView, receiptNumber: string | null | undefined): string {
  const values = {
    amount: amountWords(request.amount, request.currency),
    sale: saleWords(request.saleId, receiptNumber)
  }
  return t(request.kind === 'refund' ? 'agents.requests.refund' : 'agents.requests.payment', values)
}

/** A refund's variant and fee in plain words (nothing for a payment request). */
export function refundTerms(request: AgentRequestView): string[] {
  if (request.kind !== 'refund') return []
  const terms = [
    request.variant
      ? t('agents.requests.variant', { variant: variantWords(request.variant) })
      : t('agents.requests.recorded')
  ]
  const percent = request.subtractPercentage
  if (percent && !/^0*(\.0*)?$/.test(percent)) {
    terms.push(
      t('agents.requests.fee', { percent: percent.replace('.', separatorsOf(intlLocale.value).decimal) })
    )
  }
  return terms
}

/** Who may approve: the refund policy's triage in words, or (payment requests) that the owner's PIN is needed. */
export function requestTriage(request: AgentRequestView): string {
  if (request.kind === 'payment-request') return t('agents.requests.paymentTriage')
  return request.triage ? triageWords(request.triage) : ''
}

/** Whether approving asks for the owner's PIN (a payment request, or a refund the policy says `needs-owner`). */
export function needsOwner(request: AgentRequestView): boolean {
  return request.kind === 'payment-request' || request.triage?.decision === 'needs-owner'
}

/** "23 h 05 min left" until `expiresAt` (ISO 8601) at `nowMs`; "Expires now" in its last minute. */
export function timeLeftWords(expiresAt: string, nowMs: number): string {
  const minutesLeft = Math.floor((Date.parse(expiresAt) - nowMs) / 60_000)
  if (!(minutesLeft >= 1)) return t('agents.requests.expiring')
  return t('agents.requests.left', {
    hours: Math.floor(minutesLeft / 60),
    minutes: String(minutesLeft % 60).padStart(2, '0')
  })
}
