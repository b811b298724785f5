import type { Component } from 'vue'
import SettingsBtcpayForm from './SettingsBtcpayForm.vue'
import SettingsBtpayForm from './SettingsBtpayForm.vue'
import SettingsKeyForm from './SettingsKeyForm.vue'

/** A processor's connect form and the props it takes besides `processor` and `disabled` (texts as message keys). */
export interface ProcessorForm {
  component: Component
  props?: Record<string, string>
}

/**
 * The connect form of each processor with fields of its own, by processor id. A processor that needs only its key
 * (or one added without a form) gets `SettingsKeyForm`.
 */
const FORMS: Record<string, ProcessorForm> = {
  btcpay: { component: SettingsBtcpayForm },
  btpay: { component: SettingsBtpayForm },
  plisio: {
    component: SettingsKeyForm,
    props: { keyLabel: 'settings.plisio.secretKey', hint: 'settings.plisio.hint' }
  }
}

/** The form for processor `id`. */
export function processorForm(id: string): ProcessorForm {
  return FORMS[id] ?? { component: SettingsKeyForm }
}
