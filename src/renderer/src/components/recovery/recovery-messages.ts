import { ref, type Ref } from 'vue'
import { ensureMessages, i18n, type Language } from '../../i18n'

const ready = ref(false)
let loading: Promise<void> | null = null

/**
 * The `recovery` message area, which the header's Recovery link needs although it is not in the first load:
 * loaded once, and `ready` turns true when it is in (vue-i18n does not redraw text already shown when messages are
 * merged later, so the link waits for it).
 */
export function useRecoveryMessages(): Ref<boolean> {
  loading ??= ensureMessages(i18n.global.locale.value as Language, ['recovery'])
    .then(() => {
      ready.value = true
    })
    .catch(() => {
      loading = null
    })
  return ready
}
