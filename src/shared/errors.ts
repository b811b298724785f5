/**
 * Error codes a contract call can return. A closed union: the UI switches on it to choose what to tell the cashier.
 * - `invalid-input`: the call's input failed its schema (message names the field).
 * - `unknown-call`: no such call in the contract.
 * - `unauthorized`: the transport refused the caller (wrong token, foreign IPC sender).
 * - `not-found`: the sale/invoice does not exist.
 * - `conflict`: the action does not fit the current state (cancel a settled sale, simulate on a real processor).
 * - `keychain-unavailable`: no OS keychain to store a secret in.
 * - `sale-above-maximum`: the sale's total is above the till's per-sale maximum (Settings → Till) and the cashier
 *   has not confirmed it (`sale:charge` with `confirmLarge: true`); nothing was recorded. The message names the limit.
 * - `owner-required`: an owner-only call (`OWNER_CALLS`) without a valid owner session; `params.call` names it.
 * - `owner-pin-wrong`: a wrong owner PIN; `params.attemptsLeft` before a lock-out.
 * - `owner-locked-out`: too many wrong PINs; `params.until` (ISO 8601) and `params.seconds` to wait.
 * - `processor-offline`: the sale's processor cannot be reached and the owner's offline rules (Settings → Offline
 *   sales) do not let this sale wait in the outbox now; nothing was recorded. `params.reason` is an `OfflineRefusal`
 *   (`src/shared/outbox.ts`), `params.alternatives` other connected processors that answer.
 * - `processor-*`: the processor refused or failed; see `ProcessorError` in main.
 * - `internal`: a bug; the message is generic and the details are logged in main.
 */
export type ErrorCode =
  | 'invalid-input'
  | 'unknown-call'
  | 'unauthorized'
  | 'not-found'
  | 'conflict'
  | 'keychain-unavailable'
  | 'sale-above-maximum'
  | 'owner-required'
  | 'owner-pin-wrong'
  | 'owner-locked-out'
  | 'not-configured'
  | 'processor-offline'
  | 'processor-auth'
  | 'processor-permission'
  | 'processor-invalid-request'
  | 'processor-not-found'
  | 'processor-rate-limit'
  | 'processor-unavailable'
  | 'processor-connection'
  | 'processor-bad-response'
  | 'delivery-failed'
  | 'rate-limited'
  | 'internal'

/**
 * Values an error's wording may use, all strings (`{field: 'amount'}`, `{status: '401'}`). `reason` names which
 * refusal of a broad code it is (`conflict` + `reason: 'fully-refunded'`), so the screen can word that one case in
 * the cashier's language; the other keys are the values the wording fills in.
 */
export type ErrorParams = Record<string, string>

/**
 * The error half of a call result: plain data, since Electron passes only an error's message across `invoke`.
 * `message` is main's English wording (logs, and the screen's fallback); the screen words the error from `code`
 * and `params` in the chosen language where it has a translation (`src/renderer/src/i18n/error-text.ts`).
 */
export interface KassaErrorData {
  code: ErrorCode
  message: string
  params?: ErrorParams
}

/** What every contract call returns. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: KassaErrorData }

/** An error carrying a contract `ErrorCode`; handlers throw it and the dispatcher turns it into a result. */
export class KassaError extends Error {
  override name = 'KassaError'
  /**
   * @param code the contract code the screen switches on
   * @param message main's English wording
   * @param params values for the screen's own wording (see {@link ErrorParams}); never a secret
   */
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly params?: ErrorParams
  ) {
    super(message)
  }
}
