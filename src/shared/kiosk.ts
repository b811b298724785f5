/**
 * Kiosk mode (issue 15): the till handed to customers, who pick items and/or type an amount, tip, pay and get
 * their receipt, on a window they cannot leave without the owner's PIN. Plain types and constants shared by main
 * and the renderer (no zod here: `./kiosk-schema`).
 */

/** What the customer picks: catalog items, an amount on a keypad, or both. */
export type KioskMode = 'catalog' | 'amount' | 'both'

export const KIOSK_MODES = ['catalog', 'amount', 'both'] as const satisfies readonly KioskMode[]

/** Shortest and longest idle time, in seconds, before the kiosk returns to its start screen. */
export const KIOSK_IDLE_MIN_SECONDS = 15
export const KIOSK_IDLE_MAX_SECONDS = 600

/** Seconds before the idle return during which "Still there?" is shown. */
export const KIOSK_WARNING_SECONDS = 10

/** Settings → Kiosk (`SettingsView.kiosk`). */
export interface KioskSettingsView {
  /** The till shows only the customer flow (`#/kiosk`); the Electron window is locked full screen. */
  enabled: boolean
  /** Whole seconds without a touch or key before the kiosk goes back to its start screen, 15–600 (default 60). */
  idleSeconds: number
  /** The Electron app starts when the user logs in to the computer. */
  startAtLogin: boolean
  /** What the customer picks (default `both`). */
  mode: KioskMode
  /** Offer the till's tip presets before paying (default true). */
  tips: boolean
}

/** Kiosk off, 60 s idle, no start at login, items and amount, tips offered. */
export const DEFAULT_KIOSK_SETTINGS: KioskSettingsView = {
  enabled: false,
  idleSeconds: 60,
  startAtLogin: false,
  mode: 'both',
  tips: true
}
