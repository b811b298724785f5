import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startHarness, saleRequest, type Harness } from './helpers'

let h: Harness
let receiver: Server
let receiverUrl = ''
const received: { body: Buffer; headers: Record<string, string | undefined> }[] = []

beforeAll(async () => {
  h = await startHarness()
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      received.push({
        body: Buffer.concat(chunks),
        headers: req.headers as Record<string, string | undefined>
      })
      res.writeHead(200).end()
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/btcpay`
})
afterAll(async () => {
  await h.sim.close()
  await new Promise<void>((resolve) => receiver.close(() => resolve()))
})

describe('BTCPay webhooks against the simulator', () => {
  it('registers, lists, reads and deletes webhooks; the secret comes only with create', async () => {
    const hook = await h.btcpay.webhooks.create({ url: receiverUrl, events: ['InvoiceSettled'] })
    expect(hook.secret).toMatch(/.{10,}/)
    expect(hook.authorizedEvents).toEqual({ everything: false, specificEvents: ['InvoiceSettled'] })
    const read = await h.btcpay.webhooks.retrieve(hook.id)
    expect(read.secret).toBeUndefined()
    expect((await h.btcpay.webhooks.list()).map((w) => w.id)).toContain(hook.id)
    await h.btcpay.webhooks.delete(hook.id)
    await expect(h.btcpay.webhooks.retrieve(hook.id)).rejects.toMatchObject({ code: 'processor-not-found' })
    await expect(h.btcpay.webhooks.create({ url: 'not a url' })).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining('url: Invalid Url')
    })
  })

  it('receives signed webhook deliveries that verify, and rejects a tampered one', async () => {
    const secret = 'kassa-webhook-secret'
    const hook = await h.btcpay.webhooks.create({ url: receiverUrl, secret })
    const btcpay = h.connector({ webhookSecret: secret })
    const invoice = await btcpay.createInvoice(saleRequest())
    h.sim.control.pay(invoice.id, 'full', 'BTC-LN')
    await h.sim.control.flushWebhooks()
    await vi.waitFor(() => expect(received.length).toBeGreaterThanOrEqual(3))
    const events = received.map((r) => btcpay.verifyWebhook(new Uint8Array(r.body), r.headers))
    // Deliveries travel in parallel, so compare as a set.
    expect(events.map((e) => e.type).sort()).toEqual([
      'InvoiceCreated',
      'InvoiceReceivedPayment',
      'InvoiceSettled'
    ])
    expect(events.every((e) => e.invoiceId === invoice.id)).toBe(true)
    const first = received.find((r) => r.body.toString('utf8').includes('"InvoiceCreated"'))
    if (!first) throw new Error('no delivery')
    const tampered = Buffer.from(first.body.toString('utf8').replace('InvoiceCreated', 'InvoiceSettled'))
    expect(() => btcpay.verifyWebhook(new Uint8Array(tampered), first.headers)).toThrow(/signature/)
    expect(() =>
      h.connector({ webhookSecret: 'wrong' }).verifyWebhook(new Uint8Array(first.body), first.headers)
    ).toThrow(expect.objectContaining({ code: 'processor-auth' }))
    await h.btcpay.webhooks.delete(hook.id)
  })
})
