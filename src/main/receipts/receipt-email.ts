import nodemailer from 'nodemailer'
import type { EmailSettings, ReceiptDocument } from '@shared/receipt'
import { KassaError } from '@shared/errors'
import { serverUrlProblem } from '@shared/schemas'
import type { ReceiptRow } from './receipt-rows'
import { fill, receiptWords } from './receipt-words'
import { layoutText } from './text-layout'

/** A message to send: plain text, HTML, attachments. */
export interface Mail {
  to: string
  subject: string
  text: string
  html: string
  attachments?: { filename: string; content: Buffer; contentType: string }[]
  /** The Message-ID header (`<local@domain>`); nodemailer makes one up when absent. */
  messageId?: string
}

/**
 * The SMTP server refused a message or could not be reached (nodemailer's error, its text never holding the
 * password). `dataSent`: the whole message, ended by its final `.`, had been written to the server before the
 * failure, so it may have arrived unless the server answered with a refusal (`responseCode` 4xx/5xx).
 */
export class SmtpError extends Error {
  constructor(
    message: string,
    /** nodemailer's `code` (`ECONNECTION`, `EAUTH`, `EENVELOPE`, `ETIMEDOUT`, `EMESSAGE` …), if any. */
    readonly code: string | null,
    /** The SMTP command in flight (`CONN`, `AUTH PLAIN`, `MAIL FROM`, `RCPT TO`, `DATA` …), if known. */
    readonly command: string | null,
    /** The server's reply code that made it fail (e.g. 550), or null when none came. */
    readonly responseCode: number | null,
    readonly dataSent: boolean
  ) {
    super(message)
    this.name = 'SmtpError'
  }
}

const escape = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c
  )

/** The receipt as an e-mail: subject with number and shop, the text part at 48 columns, an HTML table. */
export function receiptMail(doc: ReceiptDocument, rows: ReceiptRow[], to: string, pdf: Buffer): Mail {
  const words = receiptWords(doc.language)
  const subject = fill(words.emailSubject, {
    number: doc.receiptNumber ?? doc.saleId,
    shop: doc.shop.name || 'Kassa'
  }).trim()
  const text = `${words.emailIntro}\n\n${layoutText(rows, 48).join('\n')}\n`
  const body = rows
    .map((row) => {
      switch (row.type) {
        case 'title':
          return `<tr><th colspan="2" style="font-size:18px;text-align:center">${escape(row.text)}</th></tr>`
        case 'center':
          return `<tr><td colspan="2" style="text-align:center">${escape(row.text)}</td></tr>`
        case 'rule':
          return '<tr><td colspan="2"><hr style="border:0;border-top:1px solid #999"></td></tr>'
        case 'pair': {
          const weight = row.strong ? 'font-weight:bold;font-size:16px;' : ''
          const pad = row.indent ? 'padding-left:12px;' : ''
          return `<tr><td style="${weight}${pad}">${escape(row.left)}</td><td style="${weight}text-align:right;white-space:nowrap">${escape(row.right)}</td></tr>`
        }
        case 'text':
          return `<tr><td colspan="2"${row.indent ? ' style="padding-left:12px"' : ''}>${escape(row.text)}</td></tr>`
        case 'id':
          return `<tr><td colspan="2" style="font-size:12px;word-break:break-all">${escape(row.label)}: ${escape(row.value)}</td></tr>`
      }
    })
    .join('\n')
  const html = `<!doctype html><html lang="${doc.language}"><body style="font-family:sans-serif">
<p>${escape(words.emailIntro)}</p>
<table style="max-width:420px;border-collapse:collapse" cellpadding="3">${body}</table>
</body></html>`
  return {
    to,
    subject,
    text,
    html,
    attachments: [
      { filename: `${doc.receiptNumber ?? doc.saleId}.pdf`, content: pdf, contentType: 'application/pdf' }
    ]
  }
}

/**
 * Send a message through the shop's SMTP server (nodemailer): TLS from the start, STARTTLS required, or none
 * (a relay on the shop's own network). Times out after `timeoutMs` (default 20 s) at each step.
 * @returns the server's message id
 * @throws KassaError `not-configured` without host or sender; `invalid-input` for no TLS to a host outside the
 *   shop network; `delivery-failed` when the server refuses or cannot be reached (its message, not the password)
 */
export async function sendMail(
  settings: EmailSettings,
  password: string | null,
  mail: Mail,
  timeoutMs = 20_000
): Promise<string> {
  try {
    return await transmitMail(settings, password, mail, timeoutMs)
  } catch (error) {
    if (!(error instanceof SmtpError)) throw error
    throw new KassaError('delivery-failed', `The SMTP server did not take the e-mail: ${error.message}`)
  }
}

/**
 * `sendMail` with the server's failure as it came (for the recovery outbox, which must tell a refusal before the
 * message was handed over from a failure after it).
 * @returns the server's message id
 * @throws KassaError `not-configured` / `invalid-input` as `sendMail`; SmtpError when the server refuses or
 *   cannot be reached
 */
export async function transmitMail(
  settings: EmailSettings,
  password: string | null,
  mail: Mail,
  timeoutMs = 20_000
): Promise<string> {
  if (!settings.host || !settings.from) {
    throw new KassaError(
      'not-configured',
      'Set up the SMTP server and sender address first (Settings → Receipt)'
    )
  }
  // Without TLS the password crosses the wire in the clear: only to this computer or the shop's own network.
  if (settings.security === 'none' && serverUrlProblem(`http://${settings.host}`) !== null) {
    throw new KassaError(
      'invalid-input',
      'Without TLS the SMTP server must be on this computer or the shop network'
    )
  }
  // nodemailer reports at `info` with `tnx: 'message'` once the message's data stream, final `.` included, has
  // ended into the socket: from then on a failure without a refusal may still have delivered it.
  let dataSent = false
  const watch = (entry: unknown): void => {
    if ((entry as { tnx?: unknown } | null)?.tnx === 'message') dataSent = true
  }
  const quiet = (): void => {}
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.security === 'tls',
    requireTLS: settings.security === 'starttls',
    ignoreTLS: settings.security === 'none',
    auth: settings.user ? { user: settings.user, pass: password ?? '' } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    logger: { trace: quiet, debug: quiet, info: watch, warn: quiet, error: quiet, fatal: quiet, level: quiet }
  })
  try {
    const info = await transport.sendMail({ from: settings.from, ...mail })
    return String(info.messageId)
  } catch (error) {
    const raw = error as { message?: unknown; code?: unknown; command?: unknown; responseCode?: unknown }
    const message = error instanceof Error ? error.message : String(error)
    throw new SmtpError(
      password && password.length >= 4 ? message.split(password).join('***') : message,
      typeof raw.code === 'string' ? raw.code : null,
      typeof raw.command === 'string' ? raw.command : null,
      typeof raw.responseCode === 'number' ? raw.responseCode : null,
      dataSent
    )
  } finally {
    transport.close()
  }
}
