import { ref } from 'vue'

/** Outcome of the last copy, per thing copied: shown next to its button. */
export type CopyOutcome = 'copied' | 'failed'

/**
 * Copy text with `navigator.clipboard`, which may be missing (insecure context) or refused (permissions):
 * then the outcome is `failed` and the cashier can still select the text shown on screen.
 */
export function useClipboard() {
  const outcome = ref<Record<string, CopyOutcome>>({})
  let timer: ReturnType<typeof setTimeout> | undefined

  async function copy(what: string, text: string): Promise<void> {
    let result: CopyOutcome = 'failed'
    try {
      if (navigator.clipboard) {
        await navigator.clipboard.writeText(text)
        result = 'copied'
      }
    } catch {
      result = 'failed'
    }
    outcome.value = { [what]: result }
    clearTimeout(timer)
    timer = setTimeout(() => (outcome.value = {}), 3000)
  }

  return { outcome, copy }
}
