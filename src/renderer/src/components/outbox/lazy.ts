import { defineAsyncComponent, type Component } from 'vue'
import { ensureMessages, i18n, type Language } from '../../i18n'

/**
 * The outbox's parts the till and payment screens show only during an outage: each its own chunk, loaded with
 * the `outbox` message area first (vue-i18n does not redraw text shown before its messages arrive), so the
 * till's first load carries neither.
 */
function withWords(load: () => Promise<{ default: Component }>): () => Promise<Component> {
  return async () => {
    await ensureMessages(i18n.global.locale.value as Language, ['outbox'])
    return (await load()).default
  }
}

export const OutboxRefusalDialog = defineAsyncComponent(withWords(() => import('./OutboxRefusalDialog.vue')))
export const OutboxWaiting = defineAsyncComponent(withWords(() => import('./OutboxWaiting.vue')))
export const OutboxChip = defineAsyncComponent(withWords(() => import('./OutboxChip.vue')))
