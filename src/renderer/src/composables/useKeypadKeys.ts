import { onBeforeUnmount, onMounted } from 'vue'
import type { KeypadKey } from '@shared/keypad'
import { WedgeDetector } from '../till/scanner'

const DIGITS = new Set(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])

/** True when the key event belongs to a text field (memo, search), not to the keypad. */
function inField(event: KeyboardEvent): event is KeyboardEvent & { target: HTMLElement } {
  const target = event.target
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
  )
}

/** A dialog is open: its own fields and buttons take the keys. */
function dialogOpen(): boolean {
  return document.querySelector('dialog[open]') !== null
}

/** What the keys drive. */
export interface KeypadHandlers {
  press: (key: KeypadKey) => void
  /** Enter (not part of a scan): Charge. */
  submit: () => void
  /** Escape outside a field; default: the keypad's C. */
  escape?: () => void
  /**
   * A barcode scanner read `code` (see `WedgeDetector`). Without this handler, scans are typed like any keys.
   * Before it is called, what the scan typed is taken back: the keypad entry (`entry`/`restoreEntry`) and the text
   * of the field it went into.
   */
  scan?: (code: string) => void
  /** The keypad entry now (the digits), so a scan can put it back. */
  entry?: () => string
  restoreEntry?: (digits: string) => void
}

/**
 * The physical keyboard as a keypad while the calling component is mounted: digits, Backspace (⌫), Escape
 * (C or `escape`), Enter (submit). Typing in a text field is left alone, except Enter, which also submits (a field
 * marked `data-enter="own"` keeps its Enter); Enter on a focused keypad button submits too instead of pressing that
 * key again. While a dialog is open the keys are its own.
 *
 * A barcode scanner in keyboard-wedge mode types its code fast and ends with Enter: that burst is a scan, not an
 * amount and not Charge. Its digits reach the keypad as they arrive (a person's typing must feel instant), so
 * when the Enter shows the burst was a scan, the entry and the field are put back to what they held before it.
 */
export function useKeypadKeys(handlers: KeypadHandlers): void {
  const detector = new WedgeDetector()
  let before: { entry: string; field: HTMLInputElement | null; value: string } | null = null

  function undoBurst(): void {
    if (!before) return
    if (handlers.restoreEntry) handlers.restoreEntry(before.entry)
    const field = before.field
    if (field && field.value !== before.value) {
      field.value = before.value
      field.dispatchEvent(new Event('input', { bubbles: true }))
    }
    before = null
  }

  function onKeydown(event: KeyboardEvent): void {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing || dialogOpen()) return
    if (event.key === 'Enter') {
      const code = handlers.scan ? detector.enter(event.timeStamp) : null
      if (code !== null && handlers.scan) {
        event.preventDefault()
        undoBurst()
        handlers.scan(code)
        return
      }
      before = null
      if (event.target instanceof HTMLAnchorElement) return // a focused link keeps its Enter
      if (event.target instanceof HTMLElement && event.target.dataset.enter === 'own') return
      // Also on a focused keypad button: Enter charges rather than pressing that key again.
      event.preventDefault()
      handlers.submit()
      return
    }
    if (event.key.length === 1) {
      if (detector.key(event.key, event.timeStamp)) {
        const field = inField(event) && event.target instanceof HTMLInputElement ? event.target : null
        before = { entry: handlers.entry?.() ?? '', field, value: field?.value ?? '' }
      }
    } else {
      detector.reset()
      before = null
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
    if (key === 'C' && handlers.escape) handlers.escape()
    else handlers.press(key)
  }
  onMounted(() => window.addEventListener('keydown', onKeydown))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown))
}
