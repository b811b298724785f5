import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SaleView } from '@shared/contract'
import type { OutboxMessageView, RecoveryDetailView } from '@shared/recovery'
import { KassaError } from '@shared/errors'
import type { Core } from '../../../src/main/core'
import { RecoveryMessages } from '../../../src/main/recovery/recovery-messages'
import { Ledger } from '../../../src/main/ledger/ledger'
import { openDatabase } from '../../../src/main/ledger/database'
import { updateReceiptSettings } from '../../../src/main/receipts/receipt-settings'
import { createStreamLogger } from '../../../src/main/log/logger'
import { MemorySecretStore } from '../../fixtures/memory-secret-store'
import { recoveryDetail, openRequest } from '../../fixtures/recovery-detail'
import { tempDir, waitFor } from '../../fixtures/temp-dir'
import { TestSmtpServer } from '../../simulators/smtp'
import { invoke, testCore } from '../core/helpers'
import { closedPort, ok } from '../core/processor-helpers'

// Recovery messages over a real ledger and a real SMTP server on 127.0.0.1: sent once, refused then retried,
// an answer that never comes, a restart mid-send, concurrent retries, no password anywhere, erase.

const PASSWORD = 'smtp-Secret-4711'
const FROM = 'Café Morgenrot <shop@morgenrot.example>'
const TO = 'anna.mueller@example.org'

let dir: ReturnType<typeof tempDir>
let ledger: Ledger
let secrets: MemorySecretStore
let smtp: TestSmtpServer
let logLines: string[]
let sentNotes: { itemId: string; at: string }[]
let detail: RecoveryDetailView
let made: RecoveryMessages[]

beforeEach(async () => {
  dir = tempDir()
  secrets = new MemorySecretStore()
  // A ledger of its own (no core): the core's own RecoveryMessages would run its background retry on these rows.
  ledger = new Ledger(openDatabase(join(dir.path, 'kassa.sqlite')))
  smtp = await TestSmtpServer.start()
  await useServer(smtp.port)
  logLines = []
  sentNotes = []
  made = []
  detail = recoveryDetail({ paymentRequest: openRequest('https://pay.example/r/42'), status: 'requested' })
})

afterEach(async () => {
  for (const messages of made) await messages.stop()
  ledger.close()
  await smtp.close()
  dir.remove()
})

async function useServer(port: number, on: Ledger = ledger): Promise<void> {
  await updateReceiptSettings(on, secrets, {
    email: { host: '127.0.0.1', port, security: 'none', user: 'shop', from: FROM, password: PASSWORD }
  })
}

/** RecoveryMessages over the core's ledger, the failed charge's context from `detail` (as RecoveryService gives it). */
function messages(
  options: { timeoutMs?: number; retryDelaysMs?: number[]; retryPollMs?: number; on?: Ledger } = {}
) {
  const log = createStreamLogger(
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString())
        done()
      }
    }),
    'debug'
  )
  const built = new RecoveryMessages({
    ledger: options.on ?? ledger,
    secrets,
    detail: (itemId) => {
      if (itemId !== detail.id) throw new KassaError('not-found', `No recovery item ${itemId}`)
      return detail
    },
    shopName: () => 'Café Morgenrot',
    tillLanguage: () => 'de',
    noteSent: (itemId, at) => sentNotes.push({ itemId, at }),
    now: Date.now,
    log,
    smtpTimeoutMs: options.timeoutMs ?? 3000,
    retryDelaysMs: options.retryDelaysMs ?? [],
    retryPollMs: options.retryPollMs ?? 50
  })
  made.push(built)
  built.start()
  return built
}

async function sendDraft(recovery: RecoveryMessages): Promise<OutboxMessageView> {
  const draft = recovery.draft(detail.id, undefined)
  return recovery.send({
    itemId: detail.id,
    channel: 'smtp',
    to: draft.to,
    subject: draft.subject,
    body: draft.body
  })
}

const audits = (): { action: string; details_json: string; sale_id: string | null }[] =>
  ledger.database
    .prepare(
      "SELECT action, details_json, sale_id FROM audit_log WHERE action LIKE 'recovery.%' ORDER BY rowid"
    )
    .all() as { action: string; details_json: string; sale_id: string | null }[]

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

describe('recovery messages through SMTP', () => {
  it('sends the draft once: recipient, subject, body with the link, a Message-ID made from the message id', async () => {
    const recovery = messages()
    const sent = await sendDraft(recovery)
    expect(sent).toMatchObject({ channel: 'smtp', to: TO, state: 'sent', attempts: 1, error: null })
    expect(sent.id).toMatch(/^msg_[0-9a-f]{32}$/)
    expect(smtp.received).toHaveLength(1)
    const mail = smtp.received[0]!
    expect((mail.to as { text: string }).text).toBe(TO)
    expect(mail.from?.text).toContain('shop@morgenrot.example')
    expect(mail.subject).toBe('Ihr Einkauf bei Café Morgenrot: 12,50\u00a0€ noch offen')
    expect(mail.text).toContain('Hallo Anna Müller,')
    expect(mail.text).toContain('hier bezahlen: https://pay.example/r/42')
    expect(mail.html).toContain('Hallo Anna Müller,')
    expect(mail.messageId).toBe(`<${sent.id}@morgenrot.example>`)
    expect(smtp.logins).toEqual([{ username: 'shop', password: PASSWORD }])
    expect(sentNotes).toEqual([{ itemId: detail.id, at: sent.sentAt }])
    expect(recovery.outbox(undefined)).toEqual([sent])
    expect(recovery.messagesOf(detail.id)).toEqual([sent])
    expect(audits().map((a) => [a.action, JSON.parse(a.details_json), a.sale_id])).toEqual([
      ['recovery.message-sent', { messageId: sent.id, itemId: detail.id, channel: 'smtp' }, detail.saleId]
    ])
    await expect(recovery.retry(sent.id)).rejects.toMatchObject({ code: 'conflict' })
    expect(smtp.received).toHaveLength(1)
  })

  it('a refused recipient: failed with the server text; retried once accepted: sent, received exactly once', async () => {
    smtp.behaviour.refuseRcpt = { code: 550, text: 'Mailbox anna.mueller unavailable here' }
    const recovery = messages()
    const failed = await sendDraft(recovery)
    expect(failed).toMatchObject({ state: 'failed', attempts: 1, sentAt: null })
    expect(failed.error).toContain('550')
    expect(failed.error).toContain('Mailbox anna.mueller unavailable here')
    expect(smtp.received).toHaveLength(0)
    expect(sentNotes).toEqual([])

    smtp.behaviour.refuseRcpt = null
    const retried = await recovery.retry(failed.id)
    expect(retried).toMatchObject({ id: failed.id, state: 'sent', attempts: 2, error: null })
    expect(smtp.received).toHaveLength(1)
    expect(smtp.received[0]!.messageId).toBe(`<${failed.id}@morgenrot.example>`)
    expect(audits().map((a) => a.action)).toEqual(['recovery.message-failed', 'recovery.message-sent'])
  })

  it('a refused login: failed with the server text, not the password', async () => {
    smtp.behaviour.refuseAuth = true
    const failed = await sendDraft(messages())
    expect(failed).toMatchObject({ state: 'failed', attempts: 1 })
    expect(failed.error).toContain('535')
    expect(failed.error).toContain('Authentication credentials invalid')
    expect(failed.error).not.toContain(PASSWORD)
    expect(smtp.received).toHaveLength(0)
  })

  it('an unreachable server: failed, nothing recorded as sent', async () => {
    await useServer(await closedPort())
    const failed = await sendDraft(messages())
    expect(failed.state).toBe('failed')
    expect(failed.error).toMatch(/ECONNREFUSED|connect/i)
  })

  it('a server that never answers the end of data: unknown, and never sent again by itself', async () => {
    smtp.behaviour.hangAfterData = true
    const recovery = messages({ timeoutMs: 400, retryDelaysMs: [10, 10, 10], retryPollMs: 20 })
    const unknown = await sendDraft(recovery)
    expect(unknown.state).toBe('unknown')
    expect(unknown.error).toMatch(/may have arrived/)
    expect(smtp.received).toHaveLength(1)
    await sleep(300)
    expect(recovery.outbox(undefined)).toMatchObject([{ id: unknown.id, state: 'unknown', attempts: 1 }])
    expect(smtp.received).toHaveLength(1)
    expect(sentNotes).toEqual([])
    // The owner's explicit retry does send it again.
    smtp.behaviour.hangAfterData = false
    expect(await recovery.retry(unknown.id)).toMatchObject({ state: 'sent', attempts: 2 })
    expect(smtp.received).toHaveLength(2)
  })

  it('a message left sending when the till stopped becomes unknown at start, and is not sent again', async () => {
    smtp.behaviour.hangAfterData = true
    const before = messages({ timeoutMs: 1500 })
    const pending = sendDraft(before)
    const [row] = await waitFor(
      () => before.outbox(undefined),
      (list) => list[0]?.state === 'sending' && smtp.received.length === 1,
      { what: 'message sending' }
    )
    // The till restarts (a new RecoveryMessages over the same ledger) while the old attempt is still open.
    const after = messages({ retryDelaysMs: [10], retryPollMs: 20 })
    expect(after.outbox(undefined)).toMatchObject([{ id: row!.id, state: 'unknown' }])
    expect(audits().map((a) => a.action)).toContain('recovery.message-unknown')
    await sleep(200)
    expect(smtp.received).toHaveLength(1)
    await pending.catch(() => undefined)
  })

  it('two concurrent retries of one message send it once', async () => {
    smtp.behaviour.refuseRcpt = { code: 451, text: 'Try again later' }
    const recovery = messages()
    const failed = await sendDraft(recovery)
    expect(failed.state).toBe('failed')
    smtp.behaviour.refuseRcpt = null
    const [a, b] = await Promise.all([recovery.retry(failed.id), recovery.retry(failed.id)])
    expect(a).toEqual(b)
    expect(a).toMatchObject({ state: 'sent', attempts: 2 })
    expect(smtp.received).toHaveLength(1)
    expect(sentNotes).toHaveLength(1)
  })

  it('retries a failed message by itself with backoff, at most the attempts configured', async () => {
    smtp.behaviour.refuseRcpt = { code: 450, text: 'Mailbox busy' }
    const recovery = messages({ retryDelaysMs: [30, 30], retryPollMs: 10 })
    const failed = await sendDraft(recovery)
    expect(failed.state).toBe('failed')
    await waitFor(
      () => recovery.outbox(undefined),
      (list) => list[0]?.attempts === 3,
      { what: 'three attempts' }
    )
    await sleep(200)
    expect(recovery.outbox(undefined)).toMatchObject([{ state: 'failed', attempts: 3 }])
    expect(smtp.received).toHaveLength(0)

    // A second message: the server accepts by the first background retry.
    const second = await sendDraft(recovery)
    expect(second.state).toBe('failed')
    smtp.behaviour.refuseRcpt = null
    await waitFor(
      () => recovery.messagesOf(detail.id),
      (list) => list.find((m) => m.id === second.id)?.state === 'sent',
      { what: 'background retry sent it' }
    )
    expect(smtp.received).toHaveLength(1)
  })

  it('copy and mailto are recorded as sent by the owner; SMTP without a server set up is refused, nothing kept', async () => {
    const recovery = messages()
    const copied = await recovery.send({
      itemId: detail.id,
      channel: 'copy',
      to: null,
      subject: 'S',
      body: 'B'
    })
    expect(copied).toMatchObject({ channel: 'copy', state: 'sent', attempts: 0, to: null })
    const opened = await recovery.send({
      itemId: detail.id,
      channel: 'mailto',
      to: TO,
      subject: 'S',
      body: 'B'
    })
    expect(opened).toMatchObject({ channel: 'mailto', state: 'sent', to: TO })
    expect(smtp.received).toHaveLength(0)
    expect(sentNotes.map((n) => n.itemId)).toEqual([detail.id, detail.id])
    expect(recovery.outbox(detail.id).map((m) => m.id)).toEqual([opened.id, copied.id])
    await expect(recovery.retry(copied.id)).rejects.toMatchObject({ code: 'conflict' })
    await expect(
      recovery.send({ itemId: 'rec_' + '9'.repeat(32), channel: 'copy', to: null, subject: 'S', body: 'B' })
    ).rejects.toMatchObject({ code: 'not-found' })

    await updateReceiptSettings(ledger, secrets, { email: { host: '' } })
    await expect(sendDraft(recovery)).rejects.toMatchObject({ code: 'not-configured' })
    expect(recovery.outbox(undefined)).toHaveLength(2)
  })

  it('no password, address or text in any log line or audit row', async () => {
    smtp.behaviour.refuseRcpt = { code: 550, text: 'No such user' }
    const recovery = messages()
    const failed = await sendDraft(recovery)
    smtp.behaviour.refuseRcpt = null
    await recovery.retry(failed.id)
    await recovery.send({ itemId: detail.id, channel: 'copy', to: TO, subject: 'S', body: 'Guten Tag Anna' })
    expect(logLines.length).toBeGreaterThan(0)
    const rows = ledger.database.prepare('SELECT * FROM audit_log').all()
    const everything =
      logLines.join('\n') +
      JSON.stringify(rows, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value)) +
      JSON.stringify(recovery.outbox(undefined).map((m) => m.error))
    for (const secret of [PASSWORD, Buffer.from(`\0shop\0${PASSWORD}`).toString('base64')]) {
      expect(everything).not.toContain(secret)
    }
    for (const personal of [TO, 'Anna']) {
      expect(
        logLines.join('\n') +
          JSON.stringify(rows, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value)),
        personal
      ).not.toContain(personal)
    }
  })
})

describe('templates through the contract', () => {
  it('defaults until saved; an unknown variable is refused with its name; saved ones are drafted from', async () => {
    const recovery = messages()
    expect(recovery.templates().templates.map((t) => t.language)).toEqual(['en', 'de'])
    expect(recovery.templates().variables).toEqual(['customer', 'items', 'amountDue', 'link', 'shop'])
    expect(() =>
      recovery.saveTemplates([{ language: 'de', subject: 'Hallo', body: 'Hallo {{ kunde }}' }])
    ).toThrow(
      expect.objectContaining({
        code: 'invalid-input',
        message: 'Unknown variable {{kunde}} in the German template',
        params: { reason: 'unknown-variable', name: 'kunde', language: 'de' }
      })
    )
    expect(recovery.templates().templates).toHaveLength(2)
    const saved = recovery.saveTemplates([
      {
        language: 'de',
        subject: 'Offen: {{ amountDue }}',
        body: 'Hallo {{customer}}, bitte zahlen: {{link}}'
      }
    ])
    expect(saved.templates).toEqual([
      {
        language: 'de',
        subject: 'Offen: {{ amountDue }}',
        body: 'Hallo {{customer}}, bitte zahlen: {{link}}'
      }
    ])
    expect(ledger.getSetting('recovery:templates')).toContain('bitte zahlen')
    expect(recovery.draft(detail.id, undefined)).toMatchObject({
      language: 'de',
      subject: 'Offen: 12,50\u00a0€',
      body: 'Hallo Anna Müller, bitte zahlen: https://pay.example/r/42'
    })
    // No English template saved: English drafts from the default.
    expect(recovery.draft(detail.id, 'en').body).toMatch(/^Hello Anna Müller,/)
    expect(audits().map((a) => [a.action, JSON.parse(a.details_json)])).toEqual([
      ['recovery.templates-saved', { languages: ['de'] }]
    ])
  })
})

describe('templates through the dispatcher', () => {
  it('recovery:saveTemplates refuses an unknown variable by name; recovery:templates gives the saved ones', async () => {
    const coreDir = tempDir()
    const core = testCore(coreDir.path)
    await core.start()
    try {
      const refused = await invoke(core, 'recovery:saveTemplates', {
        templates: [{ language: 'de', subject: 'Offen', body: 'Hallo {{kunde}}' }]
      })
      expect(refused).toEqual({
        ok: false,
        error: expect.objectContaining({
          code: 'invalid-input',
          message: 'Unknown variable {{kunde}} in the German template',
          params: { reason: 'unknown-variable', name: 'kunde', language: 'de' }
        })
      })
      const template = { language: 'de', subject: 'Offen: {{amountDue}}', body: 'Hallo {{ customer }}' }
      expect(await invoke(core, 'recovery:saveTemplates', { templates: [template] })).toMatchObject({
        ok: true
      })
      expect(await invoke(core, 'recovery:templates', {})).toEqual({
        ok: true,
        value: { templates: [template], variables: ['customer', 'items', 'amountDue', 'link', 'shop'] }
      })
    } finally {
      await core.stop()
      coreDir.remove()
    }
  })
})

describe('erasing the customer', () => {
  it('takes address and text out of their recovery messages, with no trace in the ledger file', async () => {
    const NAME = 'Quirinus Zaunkönig'
    const EMAIL = 'quirinus.zaun@example.org'
    const coreDir = tempDir()
    const core = testCore(coreDir.path, { secrets })
    await core.start()
    try {
      await eraseScrubs(core, coreDir.path, NAME, EMAIL)
    } finally {
      await core.stop()
      coreDir.remove()
    }
  })
})

async function eraseScrubs(core: Core, path: string, NAME: string, EMAIL: string): Promise<void> {
  {
    await useServer(smtp.port, core.ledger)
    const sale = await ok<SaleView>(core, 'sale:charge', {
      amount: '12.50',
      currency: 'EUR',
      customer: { name: NAME, email: EMAIL, language: 'de' }
    })
    const customer = sale.customer!
    detail = recoveryDetail({
      saleId: sale.id,
      customer: { id: customer.id, label: NAME, name: NAME, email: EMAIL, phone: null, language: 'de' }
    })
    smtp.behaviour.refuseRcpt = { code: 550, text: `No mailbox <${EMAIL}>` }
    const recovery = messages({ on: core.ledger })
    const failed = await sendDraft(recovery)
    expect(failed.error).toContain(EMAIL)
    await recovery.send({
      itemId: detail.id,
      channel: 'copy',
      to: EMAIL,
      subject: `Hi ${NAME}`,
      body: `Dear ${NAME}`
    })
    const other = recoveryDetail({ id: 'rec_' + '2'.repeat(32), saleId: 'sale_other' })
    detail = other
    const kept = await recovery.send({
      itemId: other.id,
      channel: 'copy',
      to: 'other@example.org',
      subject: 'S',
      body: 'B'
    })

    await ok(core, 'customer:erase', { customerId: customer.id })

    const rows = recovery.outbox(undefined)
    expect(rows).toHaveLength(3)
    for (const row of rows.filter((m) => m.id !== kept.id)) {
      expect(row).toMatchObject({ to: null, subject: '[erased]', body: '[erased]' })
      expect(row.error ?? '').not.toContain(EMAIL)
    }
    expect(rows.find((m) => m.id === kept.id)).toMatchObject({
      to: 'other@example.org',
      subject: 'S',
      body: 'B'
    })
    core.ledger.database.prepare('PRAGMA wal_checkpoint(TRUNCATE)').get()
    for (const file of ['kassa.sqlite', 'kassa.sqlite-wal']) {
      let bytes: Buffer
      try {
        bytes = readFileSync(join(path, file))
      } catch {
        continue
      }
      for (const needle of [EMAIL, 'Zaunk', 'Quirinus']) {
        expect(bytes.includes(Buffer.from(needle)), `${file}: ${needle}`).toBe(false)
      }
    }
  }
}
