import { testRefundId } from '../../fixtures/refund-id'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Invoice } from '@shared/invoice'
import { startHarness, saleRequest, type Harness } from './helpers'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => {
  await h.sim.close()
})

/** A settled invoice paid in full (or over) on-chain: 12.50 USD = 0.00019231 BTC at 65000. */
async function paidInvoice(kind: 'full' | 'over' = 'full'): Promise<Invoice> {
  const invoice = await h.btcpay.createInvoice(saleRequest())
  h.sim.control.pay(invoice.id, kind)
  h.sim.control.settle(invoice.id)
  return invoice
}

describe('BTCPay refunds against the simulator', () => {
  it('refunds RateThen: the crypto paid, as a pull payment with a claim link', async () => {
    const invoice = await paidInvoice()
    const refund = await h.btcpay.refund({
      refundId: testRefundId(),
      invoiceId: invoice.id,
      variant: 'RateThen',
      paymentMethod: 'BTC-CHAIN'
    })
    expect(refund).toMatchObject({
      invoiceId: invoice.id,
      variant: 'RateThen',
      amount: '0.00019231',
      currency: 'BTC'
    })
    expect(refund.claimLink).toBe(`${h.sim.url}/pull-payments/${refund.id}`)
  })

  it('refunds Fiat minus subtractPercentage 10 in the invoice currency', async () => {
    const invoice = await paidInvoice()
    const refund = await h.btcpay.refund({
      refundId: testRefundId(),
      invoiceId: invoice.id,
      variant: 'Fiat',
      subtractPercentage: '10'
    })
    expect(refund).toMatchObject({ amount: '11.25', currency: 'USD' })
  })

  it('refunds CurrentRate at the current rate', async () => {
    const invoice = await paidInvoice()
    h.sim.control.setRate('USD', '50000')
    const refund = await h.btcpay.refund({
      refundId: testRefundId(),
      invoiceId: invoice.id,
      variant: 'CurrentRate'
    })
    h.sim.control.setRate('USD', '65000')
    expect(refund).toMatchObject({ amount: '0.00025000', currency: 'BTC' })
  })

  it('refunds OverpaidAmount only when the invoice was overpaid', async () => {
    const exact = await paidInvoice()
    await expect(
      h.btcpay.refund({ refundId: testRefundId(), invoiceId: exact.id, variant: 'OverpaidAmount' })
    ).rejects.toMatchObject({
      code: 'processor-invalid-request',
      status: 422,
      message: expect.stringContaining('Invoice is not overpaid')
    })
    const over = await h.btcpay.createInvoice(saleRequest())
    h.sim.control.pay(over.id, 'over')
    const refund = await h.btcpay.refund({
      refundId: testRefundId(),
      invoiceId: (h.sim.control.settle(over.id), over.id),
      variant: 'OverpaidAmount'
    })
    expect(refund).toMatchObject({ amount: '0.00001924', currency: 'BTC' })
  })

  it('refunds a Custom amount and currency, and names customAmount when it is missing', async () => {
    const invoice = await paidInvoice()
    const refund = await h.btcpay.refund({
      refundId: testRefundId(),
      invoiceId: invoice.id,
      variant: 'Custom',
      customAmount: '5.00',
      customCurrency: 'USD'
    })
    expect(refund).toMatchObject({ amount: '5.00', currency: 'USD', variant: 'Custom' })
    await expect(
      h.btcpay.refund({
        refundId: testRefundId(),
        invoiceId: invoice.id,
        variant: 'Custom',
        customCurrency: 'USD'
      })
    ).rejects.toMatchObject({
      status: 422,
      fields: [{ field: 'customAmount', message: expect.any(String) }]
    })
  })

  it('refuses to refund an unpaid invoice (400 non-refundable)', async () => {
    const invoice = await h.btcpay.createInvoice(saleRequest())
    await expect(
      h.btcpay.refund({ refundId: testRefundId(), invoiceId: invoice.id, variant: 'RateThen' })
    ).rejects.toMatchObject({
      code: 'processor-invalid-request',
      status: 400,
      message: expect.stringContaining('non-refundable')
    })
  })

  it('previews refund amounts for a payment method', async () => {
    const invoice = await paidInvoice('over')
    const preview = await h.btcpay.refunds.preview(invoice.id, 'BTC-CHAIN')
    expect(preview).toMatchObject({
      paymentAmountThen: '0.00021155',
      invoiceAmount: '12.50',
      overpaidPaymentAmount: '0.00001924',
      paymentCurrency: 'BTC',
      invoiceCurrency: 'USD'
    })
  })

  it('lists the payouts of a refund and cancels one awaiting approval', async () => {
    const invoice = await paidInvoice()
    const refund = await h.btcpay.refund({ refundId: testRefundId(), invoiceId: invoice.id, variant: 'Fiat' })
    const claimed = h.sim.control.claim(refund.id)
    const payouts = await h.btcpay.payouts.listForPullPayment(refund.id)
    expect(payouts).toEqual([
      expect.objectContaining({ id: claimed.id, state: 'AwaitingApproval', pullPaymentId: refund.id })
    ])
    await h.btcpay.payouts.cancel(claimed.id)
    expect(await h.btcpay.payouts.listForPullPayment(refund.id)).toEqual([])
    const all = await h.btcpay.payouts.listForPullPayment(refund.id, { includeCancelled: true })
    expect(all[0]?.state).toBe('Cancelled')
    await expect(h.btcpay.payouts.cancel('nope')).rejects.toMatchObject({ code: 'processor-not-found' })
  })

  it('needs cancreatenonapprovedpullpayments to refund, and canmanagepayouts to cancel a payout', async () => {
    const invoice = await paidInvoice()
    h.sim.control.setApiKey('cashier', [`btcpay.store.canmodifyinvoices:${h.sim.storeId}`])
    const cashier = h.connector({ apiKey: 'cashier' })
    await expect(
      cashier.refund({ refundId: testRefundId(), invoiceId: invoice.id, variant: 'RateThen' })
    ).rejects.toMatchObject({
      code: 'processor-permission',
      permission: 'btcpay.store.cancreatenonapprovedpullpayments'
    })
    await expect(cashier.payouts.cancel('any')).rejects.toMatchObject({
      permission: 'btcpay.store.canmanagepayouts'
    })
  })

  it('finds a refund by the refund id its pull payment is named with, and only that one', async () => {
    const invoice = await paidInvoice()
    const request = { refundId: testRefundId(), invoiceId: invoice.id, variant: 'Fiat' as const }
    expect(await h.btcpay.findRefund(request)).toBeNull()
    const made = await h.btcpay.refund(request)
    expect(h.sim.state.pullPayments.get(made.id)?.name).toBe(`Refund ${invoice.id} (${request.refundId})`)
    expect(await h.btcpay.findRefund(request)).toMatchObject({
      id: made.id,
      amount: made.amount,
      claimLink: made.claimLink
    })
    expect(await h.btcpay.findRefund({ ...request, refundId: testRefundId() })).toBeNull()
  })
})
