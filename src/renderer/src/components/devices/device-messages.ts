import { ref, type Ref } from 'vue'
import { ensureMessages, i18n, type Language } from '../../i18n'

const ready = ref(false)
let loading: Promise<void> | null = null

/**
 * The `devices` message area, which the sign-in page of a paired device needs although it is not in the first load:
 * loaded once; `ready` turns true when it is in (vue-i18n does not redraw text already shown when messages are
 * merged later, so those parts wait for it).
 */
export function useDeviceMessages(): Ref<boolean> {
  loading ??= ensureMessages(i18n.global.locale.value as Language, ['devices'])
    .then(() => {
      ready.value = true
    })
    .catch(() => {
      loading = null
    })
  return ready
}
