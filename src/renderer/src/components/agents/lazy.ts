import { defineAsyncComponent, type Component } from 'vue'
import { ensureMessages, i18n, type Language } from '../../i18n'

/**
 * The header's agent-request chip (with its panel) is shown only while an agent's request waits: its own chunk,
 * loaded with its message areas first (`agents`, and `refund` and `policy` for variant and triage words), so the
 * till's first load carries neither.
 */
export const AgentRequestsChip = defineAsyncComponent(async (): Promise<Component> => {
  await ensureMessages(i18n.global.locale.value as Language, ['agents', 'refund', 'policy'])
  return (await import('./AgentRequestsChip.vue')).default
})
