import { useSettingsStore } from '../../stores/settings'
import { processorLabel } from '../settings/processor-words'

/**
 * A processor's name for people (`btcpay` → "BTCPay Server"), from Settings' processor list in the UI language;
 * the id itself for one Settings does not list.
 */
export function useProcessorName(): (id: string) => string {
  const settings = useSettingsStore()
  return (id) => {
    const entry = settings.settings?.processors.find((p) => p.id === id)
    return processorLabel(id, entry?.label ?? id)
  }
}
