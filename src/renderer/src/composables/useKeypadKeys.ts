import { onBeforeUnmount, onMounted } from 'vue'
import type { KeypadKey } from '@shared/keypad'

const DIGITS = new Set(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])

/** True when the key event belongs to a text field (the memo), not to the keypad. */
function inField(event: KeyboardEvent): boolean {
  const target = event.target
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
  )
}

/**
 * The physical keyboard as a keypad while the calling component is mounted: digits, Backspace (⌫),
 * Escape (C), Enter (submit). Typing in a text field is left alone, except Enter, which also submits;
 * Enter on a focused keypad button submits too instead of pressing that key again.
 */
export function useKeypadKeys(handlers: { press: (key: KeypadKey) => void; submit: () => void }): void {
  function onKeydown(event: KeyboardEvent): void {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return
    if (event.key === 'Enter') {
      if (event.target instanceof HTMLAnchorElement) return // a focused link keeps its Enter
      // Also on a focused keypad button: Enter charges rather than pressing that key again.
      event.preventDefault()
      handlers.submit()
      return
    }
    if (inField(event)) return
    const key: KeypadKey | null = DIGITS.has(event.key)
      ? (event.key as KeypadKey)
      : event.key === 'Backspace'
        ? '⌫'
        : event.key === 'Escape'
          ? 'C'
          : null
    if (!key) return
    event.preventDefault()
    handlers.press(key)
  }
  onMounted(() => window.addEventListener('keydown', onKeydown))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown))
}
