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
  | 'not-configured'
  | 'processor-auth'
  | 'processor-permission'
  | 'processor-invalid-request'
  | 'processor-not-found'
  | 'processor-rate-limit'
  | 'processor-unavailable'
  | 'processor-connection'
  | 'processor-bad-response'
  | 'delivery-failed'
  | 'internal'

/** The error half of a call result: plain data, since Electron passes only an error's message across `invoke`. */
export interface KassaErrorData {
  code: ErrorCode
  message: string
}

/** What every contract call returns. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: KassaErrorData }

/** An error carrying a contract `ErrorCode`; handlers throw it and the dispatcher turns it into a result. */
export class KassaError extends Error {
  override name = 'KassaError'
  constructor(
    readonly code: ErrorCode,
    message: string
  ) {
    super(message)
  }
}
