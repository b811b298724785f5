/**
 * The keys a kiosk window swallows (Electron's `before-input-event`), as a pure decision so it is tested in plain
 * Node. A customer must not open the dev tools, reload, zoom, leave full screen, close the window or quit the app;
 * the owner's way out (Ctrl+Alt+K, then the PIN) goes through.
 */

/** The fields of Electron's `Input` this decision reads (`before-input-event`'s second argument). */
export interface KioskKeyInput {
  /** `keyDown` or `keyUp` (Electron also sends `rawKeyDown` on some platforms, treated as `keyDown`). */
  type: string
  /** `KeyboardEvent.key`: `F12`, `r`, `I` … */
  key: string
  /** `KeyboardEvent.code`: `KeyI`, `F5` … (layout-independent; checked too, so a German layout cannot slip past). */
  code?: string
  control?: boolean
  alt?: boolean
  shift?: boolean
  meta?: boolean
}

/** Letters that, with Ctrl (or ⌘), reload, close, quit, print, open, or start a new window. */
const CTRL_LETTERS = new Set(['r', 'w', 'q', 'p', 'o', 'n', 't', 's', 'u'])
/** Letters that, with Ctrl+Shift (or ⌘+⌥), open the dev tools (Elements, Console, inspect). */
const DEVTOOLS_LETTERS = new Set(['i', 'j', 'c'])
/** Zoom keys with Ctrl: a customer could make the screen unusable. */
const ZOOM_KEYS = new Set(['+', '=', '-', '_', '0', 'add', 'subtract'])

function letterOf(input: KioskKeyInput): string {
  const fromCode = input.code && /^Key[A-Z]$/.test(input.code) ? input.code.slice(3).toLowerCase() : null
  return fromCode ?? input.key.toLowerCase()
}

/**
 * Whether the kiosk window must swallow this key: F12; Ctrl(+Shift)+I/J/C and ⌘+⌥+I/J/C (dev tools); F5,
 * Ctrl+R, Ctrl+Shift+R (reload); Alt+F4, Ctrl+W, Ctrl+F4, Ctrl+Q (close, quit); F11 (leave full screen); Ctrl+P/O/
 * N/T/S/U (print, open, new window, save, source); Ctrl with +, −, 0 (zoom). Key-up events pass (only the press
 * acts). Ctrl+Alt+K (the owner's exit) is not blocked.
 */
export function isKioskBlockedKey(input: KioskKeyInput): boolean {
  if (input.type !== 'keyDown' && input.type !== 'rawKeyDown') return false
  const key = input.key.toLowerCase()
  const code = (input.code ?? '').toLowerCase()
  const isF = (n: number): boolean => key === `f${n}` || code === `f${n}`
  const ctrl = Boolean(input.control || input.meta)
  if (isF(12) || isF(5) || isF(11)) return true
  if (input.alt && isF(4)) return true
  if (!ctrl) return false
  const letter = letterOf(input)
  if (isF(4)) return true
  if ((input.shift || (input.meta && input.alt)) && DEVTOOLS_LETTERS.has(letter)) return true
  if (input.alt && !input.shift) return false // Ctrl+Alt+K and other AltGr characters on European layouts
  if (CTRL_LETTERS.has(letter)) return true
  return ZOOM_KEYS.has(key) || code === 'numpadadd' || code === 'numpadsubtract' || code === 'digit0'
}
