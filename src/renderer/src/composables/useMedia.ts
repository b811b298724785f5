import { onBeforeUnmount, ref, type Ref } from 'vue'

/** Whether a CSS media query matches, kept current while the calling component is mounted. */
export function useMedia(query: string): Ref<boolean> {
  const list = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(query) : null
  const matches = ref(list?.matches ?? false)
  const update = (event: MediaQueryListEvent): void => {
    matches.value = event.matches
  }
  list?.addEventListener('change', update)
  onBeforeUnmount(() => list?.removeEventListener('change', update))
  return matches
}
