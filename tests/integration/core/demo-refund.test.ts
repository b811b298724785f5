import { testRefundId } from '../../fixtures/refund-id'
import { afterEach, describe, expect, it } from 'vitest'
import { DemoProcessor } from '../../../src/main/processors/demo'

let demo: DemoProcessor | null = null
afterEach(async () => {
  await demo?.close()
  demo = null
})

async function settledInvoice(kind: 'full' | 'over') {
  let now = Date.parse('2026-11-21T10:00:00Z')
  demo = new DemoProcessor({ path: ':memory:', now: () => now, confirmDelayMs: 10 })
  const invoice = await demo.createInvoice({
    orderId: `sale_refund${kind}0001`,
    amount: '12.34',
    currency: 'USD',
    description: 'refund test',
    lines: []
  })
  await demo.simulate(invoice.id, kind)
  now += 1000 // past the simulated confirmation
  return { demo, invoice: await demo.getInvoice(invoice.id) }
}

describe('Demo refunds (BTCPay variants)', () => {
  it('refunds the sats paid with RateThen and the fiat price minus 10 % with Fiat', async () => {
    const { demo, invoice } = await settledInvoice('full')
    expect(invoice.status).toBe('Settled')
    const rateThen = await demo.refund({
      refundId: testRefundId(),
      invoiceId: invoice.id,
      variant: 'RateThen'
    })
    expect(rateThen).toMatchObject({ currency: 'BTC', amount: invoice.paymentMethods[0]?.amount })
    expect(rateThen.claimLink).toMatch(/^https:\/\/demo\.kassa\.invalid\/pull-payments\//)
    const fiat = await demo.refund({
      refundId: testRefundId(),
      invoiceId: invoice.id,
      variant: 'Fiat',
      subtractPercentage: '10'
    })
    // 10 % of 12.34 is 1.234, kept back rounded up to 1.24
    expect(fiat).toMatchObject({ currency: 'USD', amount: '11.10' })
  })

  it('refunds only the excess with OverpaidAmount, and refuses it when nothing was overpaid', async () => {
    const over = await settledInvoice('over')
    const refund = await over.demo.refund({
      refundId: testRefundId(),
      invoiceId: over.invoice.id,
      variant: 'OverpaidAmount'
    })
    expect(refund.currency).toBe('BTC')
    expect(refund.amount).not.toBe('0.00000000')
    await over.demo.close()
    const full = await settledInvoice('full')
    await expect(
      full.demo.refund({ refundId: testRefundId(), invoiceId: full.invoice.id, variant: 'OverpaidAmount' })
    ).rejects.toThrow(/not overpaid/)
  })

  it('refuses a Custom refund in a currency it does not know', async () => {
    const { demo, invoice } = await settledInvoice('full')
    await expect(
      demo.refund({
        refundId: testRefundId(),
        invoiceId: invoice.id,
        variant: 'Custom',
        customAmount: '1.00',
        customCurrency: 'XYZ'
      })
    ).rejects.toThrow(/Unknown refund currency/)
  })
})
