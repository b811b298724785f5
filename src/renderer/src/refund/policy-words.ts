import type { RefundTriageView } from '@shared/refund-policy'
import { formatMoney, i18n } from '../i18n'

const t = (key: string, values: Record<string, string> = {}): string => i18n.global.t(key, values)

/**
 * The refund policy's triage in the UI language, naming the rule and its values (money formatted in the locale):
 * "Needs the owner's PIN: 80,00 € is above the cashier's limit of 50,00 €."
 */
export function triageWords(triage: RefundTriageView): string {
  if (triage.decision === 'allowed' || !triage.rule) return t('policy.triage.allowed')
  const v = triage.values
  const currency = v.currency ?? ''
  let why: string
  if (triage.rule === 'cashier-limit' && !v.amount) {
    why = t('policy.triage.why.cashier-limit-currency', { currency })
  } else if (triage.rule === 'cashier-limit') {
    why = t('policy.triage.why.cashier-limit', {
      amount: formatMoney(v.amount ?? '0', currency),
      limit: formatMoney(v.limit ?? '0', currency)
    })
  } else {
    why = t(`policy.triage.why.${triage.rule}`, v)
  }
  return t(triage.decision === 'refused' ? 'policy.triage.refused' : 'policy.triage.needsOwner', { why })
}
