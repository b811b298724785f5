import { ref } from 'vue'

/**
 * Whether the till's main process answers this page (the web transport only: over IPC main is the page's own
 * process). False from a call or the event stream failing at the network level until the stream is open again or
 * a call is answered; the banner (`AppMainLink.vue`) shows it.
 */
export const mainReachable = ref(true)

const backListeners = new Set<() => void>()

/** A call or the event stream could not reach main (network error, stream cut). */
export function reportMainDown(): void {
  mainReachable.value = false
}

/**
 * Main answered (`stream`: the event stream opened again after a break, so events may have been missed). Listeners
 * of `onMainBack` run when main was down, or whenever the stream reopens.
 */
export function reportMainUp(options: { stream?: boolean } = {}): void {
  if (mainReachable.value && !options.stream) return
  mainReachable.value = true
  for (const listener of backListeners) listener()
}

/** Run `listener` each time main is reachable again (re-read what events may have changed meanwhile). */
export function onMainBack(listener: () => void): () => void {
  backListeners.add(listener)
  return () => backListeners.delete(listener)
}
