import type { SettingsView, TillSettingsView } from '@shared/contract'

/** What the till assumes until main reports `SettingsView.till` (older main, or settings not loaded yet). */
export const DEFAULT_TILL_SETTINGS: TillSettingsView = {
  taxInclusive: false,
  tipsEnabled: false,
  tipPresets: ['10', '15', '20'],
  maxSaleAmount: '5000',
  tillId: 'T1'
}

/** The till settings of `settings`, the defaults filling what main did not report. */
export function tillSettingsOf(settings: SettingsView | null): TillSettingsView {
  return { ...DEFAULT_TILL_SETTINGS, ...(settings?.till ?? {}) }
}
