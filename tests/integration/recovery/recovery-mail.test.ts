import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type {
  OutboxMessageView,
  RecoveryDetailView,
  RecoveryDraftView,
  RecoveryItemView
} from '@shared/recovery'
import type { Core } from '../../../src/main/core'
import { MemorySecretStore } from '../../fixtures/memory-secret-store'
import { tempDir, waitFor } from '../../fixtures/temp-dir'
import { TestSmtpServer } from '../../simulators/smtp'
import { fails, ok, processorCore } from '../core/processor-helpers'
import { demoDriver, itemOfSale, waitForItem } from './recovery-drivers'

// The two halves of recovery through one core, as the owner's screen uses them: the queue's payment request
// feeds the drafted message (its link, exactly what is due, the customer's language), the message goes through a
// real SMTP server once, and the item's detail then lists it with the time it was sent.

let dir: ReturnType<typeof tempDir>
let core: Core
let smtp: TestSmtpServer

beforeEach(async () => {
  dir = tempDir()
  smtp = await TestSmtpServer.start()
  core = processorCore(dir.path, new MemorySecretStore(), { recovery: { pollMs: 100 } })
  await core.start()
  await ok(core, 'settings:update', {
    receipt: {
      shop: { name: 'Café Morgenrot' },
      email: {
        host: '127.0.0.1',
        port: smtp.port,
        security: 'none',
        from: 'Café Morgenrot <shop@morgenrot.example>'
      }
    }
  })
})
afterEach(async () => {
  await core.stop()
  await smtp.close()
  dir.remove()
})

describe('recovery: queue, payment request, drafted message, SMTP', () => {
  it('drafts in the customer’s language with the request’s link and the exact due, sends once, lists it', async () => {
    const driver = demoDriver()
    await driver.connect(core)
    const sale = await driver.fail(core, true, {
      amount: '20.00',
      customer: { name: 'Jürgen Weiß', email: 'juergen.weiss@example.org', language: 'de' }
    })
    const item = await itemOfSale(core, sale.id)
    expect(item).toMatchObject({
      reason: 'underpaid',
      status: 'open',
      amount: '20.00',
      paid: '10.00',
      due: '10.00'
    })

    // Before a payment request the draft names the missing link instead of sending a blank.
    const early = await ok<RecoveryDraftView>(core, 'recovery:draft', { itemId: item.id })
    expect(early).toMatchObject({ language: 'de', to: 'juergen.weiss@example.org', link: null })
    expect(early.missing).toEqual(['link'])
    expect(early.body).toContain('[link]')

    const requested = await ok<RecoveryItemView>(core, 'recovery:request', { itemId: item.id })
    expect(requested.paymentRequest).toMatchObject({ amount: '10.00', currency: 'USD', status: 'open' })
    const link = requested.paymentRequest!.link!
    const draft = await ok<RecoveryDraftView>(core, 'recovery:draft', { itemId: item.id })
    expect(draft.missing).toEqual([])
    expect(draft.link).toBe(link)
    expect(draft.body).toContain(link)
    expect(draft.body).toContain('Jürgen Weiß')
    expect(draft.body).toContain('Café Morgenrot')
    // 10.00 USD in German: "10,00 $".
    expect(draft.body).toMatch(/10,00\s\$/)
    expect(draft.mailto).toMatch(/^mailto:juergen\.weiss@example\.org\?subject=/)

    // The owner edits the subject and sends it through the shop's SMTP server.
    const sent = await ok<OutboxMessageView>(core, 'recovery:send', {
      itemId: item.id,
      channel: 'smtp',
      to: draft.to,
      subject: `${draft.subject} (Erinnerung)`,
      body: draft.body
    })
    expect(sent).toMatchObject({ state: 'sent', attempts: 1, channel: 'smtp', itemId: item.id })
    const [mail] = await waitFor(
      () => smtp.received,
      (list) => list.length === 1,
      { what: 'the recovery mail' }
    )
    expect(mail!.subject).toBe(`${draft.subject} (Erinnerung)`)
    expect((mail!.to as { text: string }).text).toBe('juergen.weiss@example.org')
    expect(mail!.text).toContain(link)

    // Sent once: a retry of a sent message is refused, and the server still holds one.
    expect((await fails(core, 'recovery:retry', { messageId: sent.id })).code).toBe('conflict')
    expect(smtp.received).toHaveLength(1)

    const detail = await ok<RecoveryDetailView>(core, 'recovery:get', { itemId: item.id })
    expect(detail.messages.map((m) => [m.id, m.state])).toEqual([[sent.id, 'sent']])
    expect(detail.lastSentAt).toBe(sent.sentAt)

    // The customer pays the link: recovered, the draft no longer offers a link that is paid.
    await driver.pay(core, requested)
    const recovered = await waitForItem(core, item.id, 'recovered')
    expect(recovered.recoveredAmount).toBe('10.00')
    const late = await ok<RecoveryDraftView>(core, 'recovery:draft', { itemId: item.id })
    expect(late.link).toBeNull()
  })

  it('a mail server that refuses keeps the message in the outbox with its reason; the item is unchanged', async () => {
    const driver = demoDriver()
    await driver.connect(core)
    const sale = await driver.fail(core, false, {
      customer: { name: 'Ada', email: 'ada@example.org' }
    })
    const item = await itemOfSale(core, sale.id)
    smtp.behaviour.refuseRcpt = { code: 550, text: '5.1.1 Mailbox unavailable' }
    const draft = await ok<RecoveryDraftView>(core, 'recovery:draft', { itemId: item.id })
    const failed = await ok<OutboxMessageView>(core, 'recovery:send', {
      itemId: item.id,
      channel: 'smtp',
      to: draft.to,
      subject: draft.subject,
      body: draft.body
    })
    expect(failed.state).toBe('failed')
    expect(failed.error).toMatch(/Mailbox unavailable/)
    const after = await ok<RecoveryDetailView>(core, 'recovery:get', { itemId: item.id })
    expect(after).toMatchObject({ status: 'open', lastSentAt: null })
    expect(smtp.received).toHaveLength(0)

    smtp.behaviour.refuseRcpt = null
    const retried = await ok<OutboxMessageView>(core, 'recovery:retry', { messageId: failed.id })
    expect(retried).toMatchObject({ id: failed.id, state: 'sent', attempts: 2 })
    expect(smtp.received).toHaveLength(1)
    const outbox = await ok<OutboxMessageView[]>(core, 'recovery:outbox', {})
    expect(outbox.map((m) => m.id)).toEqual([failed.id])
  })
})
