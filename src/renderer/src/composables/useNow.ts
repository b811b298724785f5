import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'

/** `Date.now()` refreshed every second while the calling component is mounted (for countdowns). */
export function useNow(): Ref<number> {
  const now = ref(Date.now())
  let timer: ReturnType<typeof setInterval> | undefined
  onMounted(() => {
    timer = setInterval(() => (now.value = Date.now()), 1000)
  })
  onBeforeUnmount(() => clearInterval(timer))
  return now
}
