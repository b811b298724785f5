import { SmtpError } from '../../receipts/receipt-email'

/** Where a failed SMTP attempt leaves a message, and what the owner reads about it. */
export interface SmtpOutcome {
  /**
   * `failed`: the server refused it or never got all of it (safe to send again); `unknown`: the whole message was
   * handed over but the server's answer never came (it may have arrived: only the owner sends it again).
   */
  state: 'failed' | 'unknown'
  error: string
  /** nodemailer's code, command and the server's reply code, for the log (no text of the message). */
  code: string | null
  command: string | null
  responseCode: number | null
}

/**
 * Classify a failed attempt. A reply of 4xx/5xx is a refusal whatever the step (before the data: greeting, AUTH,
 * MAIL FROM, RCPT TO, DATA; after it: the server rejecting the message it read), so nothing was delivered. Without
 * a reply (refused connection, timeout, connection lost) it depends on how far the message got: before its final
 * `.` was written the server cannot have taken it (RFC 5321 4.1.1.4), after it, it may have.
 */
export function smtpOutcome(error: unknown): SmtpOutcome {
  if (error instanceof SmtpError) {
    const refused = error.responseCode !== null && error.responseCode >= 400
    const base = { code: error.code, command: error.command, responseCode: error.responseCode }
    if (refused || !error.dataSent) return { state: 'failed', error: error.message, ...base }
    return {
      state: 'unknown',
      error: `The server did not confirm the message, it may have arrived: ${error.message}`,
      ...base
    }
  }
  // Refused before any connection: SMTP not set up, no TLS outside the shop network, the keychain unreadable.
  return {
    state: 'failed',
    error: error instanceof Error ? error.message : String(error),
    code: null,
    command: null,
    responseCode: null
  }
}
