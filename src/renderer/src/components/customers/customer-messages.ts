import { ref, type Ref } from 'vue'
import { ensureMessages, i18n, type Language } from '../../i18n'

const ready = ref(false)
let loading: Promise<void> | null = null

/**
 * The `customers` message area, which the till's header link and Customer button need although it is not in the
 * first load: loaded once, and `ready` turns true when it is in (vue-i18n does not redraw text already shown when
 * messages are merged later, so those parts wait for it).
 */
export function useCustomerMessages(): Ref<boolean> {
  loading ??= ensureMessages(i18n.global.locale.value as Language, ['customers'])
    .then(() => {
      ready.value = true
    })
    .catch(() => {
      loading = null
    })
  return ready
}
