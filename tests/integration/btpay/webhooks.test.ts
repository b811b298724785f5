import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startBtpaySimulator, type BtpaySimulator } from '../../simulators/btpay'
import { connect } from './helpers'

let sim: BtpaySimulator
beforeEach(async () => {
  sim = await startBtpaySimulator()
})
afterEach(async () => {
  await sim.close()
})

describe('BTPay webhooks', () => {
  it('creates a webhook with a 43-character secret without whsec_, lists it without secret, deletes it', async () => {
    const { webhooks } = connect(sim)
    const created = await webhooks.create({
      url: 'https://relay.example.com/btpay',
      events: ['invoice.paid']
    })
    expect(created.secret).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(created.secret.startsWith('whsec_')).toBe(false)
    const [listed] = await webhooks.list()
    expect(listed).toMatchObject({ id: created.id, is_active: true })
    expect(listed).not.toHaveProperty('secret')
    await webhooks.delete(created.id)
    expect((await webhooks.list())[0]?.is_active).toBe(false)
  })

  it.each([
    'http://127.0.0.1:9999/hook',
    'http://192.168.1.20/hook',
    'http://till.local/hook',
    'http://localhost/hook'
  ])('refuses a webhook to the loopback or private address %s', async (url) => {
    await expect(connect(sim).webhooks.create({ url })).rejects.toMatchObject({
      code: 'processor-invalid-request'
    })
  })

  it('answers not found for a non-numeric webhook id (Flask HTML 404)', async () => {
    await expect(connect(sim).webhooks.delete('abc')).rejects.toMatchObject({
      code: 'processor-not-found',
      message: 'BTPay: not found'
    })
  })
})
