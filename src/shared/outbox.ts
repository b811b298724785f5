/**
 * Selling through an outage (issue 15): the owner's offline rules and a sale waiting in the outbox for its
 * processor. Plain types and pure helpers, shared by main and the renderer (no zod here: `./outbox-schema`).
 *
 * Like Square's offline payments: the owner chooses what may be taken while a processor cannot be reached
 * (nothing; the outbox; the outbox with a per-sale and a total cap), an outbox sale waits at most `maxHours`, and
 * its invoice is created by itself, exactly once (its order id is the sale id, looked up before any new create),
 * when the processor answers again. Day close refuses to close a business day while one of its sales waits.
 */

/**
 * What the till may do while the sale's processor cannot be reached.
 * - `none`: nothing; the cashier is offered another connected processor, or the sale is not taken.
 * - `outbox`: the sale waits in the outbox, without a cap.
 * - `capped`: the outbox, but a sale above `perSaleMax`, or one that would take the open outbox above `totalMax`,
 *   is refused like `none`.
 */
export type OfflineMode = 'none' | 'outbox' | 'capped'

export const OFFLINE_MODES = ['none', 'outbox', 'capped'] as const satisfies readonly OfflineMode[]

/** Settings → Offline sales (`SettingsView.offline`). */
export interface OfflinePolicyView {
  mode: OfflineMode
  /** Decimal string in the store currency: the largest sale the outbox takes in `capped` mode (default `"100"`). */
  perSaleMax: string
  /** Decimal string in the store currency: the most all open outbox sales may add up to in `capped` mode (default `"500"`). */
  totalMax: string
  /** Whole hours an outbox sale waits for its processor, 1–72 (default 24, as Square); then it fails. */
  maxHours: number
}

/** The defaults: the outbox, 24 h, caps of 100 and 500 (used once the owner picks `capped`). */
export const DEFAULT_OFFLINE_POLICY: OfflinePolicyView = {
  mode: 'outbox',
  perSaleMax: '100',
  totalMax: '500',
  maxHours: 24
}

/**
 * A sale in the outbox (`SaleView.outbox`): its state is `creating` and its processor could not be reached.
 * Null on every other sale, also once its invoice exists.
 */
export interface SaleOutboxView {
  /** ISO 8601: when the sale entered the outbox. */
  since: string
  /** ISO 8601: the owner's limit (`since` + `maxHours`); still without an invoice then, the sale fails. */
  until: string
  /** Attempts to create its invoice so far (each one looks up by order id first). */
  attempts: number
  /** ISO 8601 of the next attempt on the timer; attempts also start when the processor's health turns online. */
  nextAttemptAt: string | null
}

/**
 * Why `sale:charge` refused a sale because its processor is offline (`processor-offline`, `params.reason`).
 * - `offline-not-allowed`: the owner's mode is `none`.
 * - `outbox-confirm`: the outbox would take it, but the cashier has not agreed (`sale:charge {outbox: true}`).
 * - `outbox-per-sale-cap` / `outbox-total-cap`: above `perSaleMax`, or the open outbox would pass `totalMax`.
 * - `outbox-currency`: the caps are in the store currency and the sale is in another.
 * The error's params also carry `processor` (the offline one), `alternatives` (comma-separated ids of other
 * connected processors whose health is online or degraded; may be empty), and for caps `limit` and `open`
 * (decimal strings in the store currency).
 */
export type OfflineRefusal =
  'offline-not-allowed' | 'outbox-confirm' | 'outbox-per-sale-cap' | 'outbox-total-cap' | 'outbox-currency'

/**
 * The `reason` of a sale's error once the outbox gave up on it (`state: failed`, `error.code: processor-offline`):
 * the processor stayed unreachable past `until`.
 */
export const OUTBOX_EXPIRED = 'outbox-expired'
