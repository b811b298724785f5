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

describe('BTPay payment links', () => {
  it('creates, lists and deactivates a payment link', async () => {
    const { paymentLinks } = connect(sim)
    const link = await paymentLinks.create({ title: 'Coffee beans', amount: '12.50', currency: 'USD' })
    expect(link).toMatchObject({ slug: 'coffee-beans', amount: '12.50', is_active: true })
    expect((await paymentLinks.list()).map((l) => l.slug)).toEqual(['coffee-beans'])
    await paymentLinks.deactivate('coffee-beans')
    expect((await paymentLinks.list())[0]?.is_active).toBe(false)
  })

  it('refuses a duplicate slug and an unknown one', async () => {
    const { paymentLinks } = connect(sim)
    await paymentLinks.create({ title: 'Tea', slug: 'tea' })
    await expect(paymentLinks.create({ title: 'Tea again', slug: 'tea' })).rejects.toThrow(
      'Slug already exists'
    )
    await expect(paymentLinks.deactivate('nope')).rejects.toMatchObject({ code: 'processor-not-found' })
  })
})
