import { describe, expect, it } from 'vitest'
import { invoiceFromCreate, invoiceFromOperation } from '../../../src/main/processors/plisio/normalize'
import { NewInvoiceSchema, OperationSchema } from '../../../src/main/processors/plisio/schemas'

// A 25.00 EUR sale at 60 000 EUR/BTC: 0.00041667 BTC due. Half of it (rounded down) is 0.00020833 BTC, which is
// 12.50 EUR to the cent; what is then still due is 0.00020834 BTC.
const DUE = '0.00041667'
const HALF = '0.00020833'
const REST = '0.00020834'
const ADDRESS = 'bc1qkassatest0000000000000000000000000'

/**
 * An OperationDto as Plisio's spec lists it: `amount` paired with `actual_sum` (expected, then received), as
 * `commission` with `actual_commission`. `patch` replaces fields; `undefined` removes one.
 */
function operation(patch: Record<string, unknown>): ReturnType<typeof OperationSchema.parse> {
  const base: Record<string, unknown> = {
    id: '65f0c0ffee0000000000beef',
    user_id: 1,
    shop_id: 'shop1',
    type: 'invoice',
    status: 'new',
    pending_sum: '0.00000000',
    psys_cid: 'BTC',
    currency: 'BTC',
    source_currency: 'EUR',
    source_rate: '60000.00',
    fee: null,
    wallet_hash: ADDRESS,
    params: {
      order_number: 'sale-1',
      order_name: 'Flat white ×2',
      source_amount: '25.00',
      source_currency: 'EUR',
      amount: DUE,
      currency: 'BTC',
      psys_cid: 'BTC',
      source_rate: '60000.00'
    },
    expire_at_utc: 1_700_001_800,
    created_at_utc: 1_700_000_000,
    amount: DUE,
    sum: DUE,
    commission: '0.00000209',
    actual_sum: '0.00000000',
    actual_commission: '0.00000000',
    tx: [],
    confirmations: 0,
    status_code: 0,
    parent_id: null
  }
  const merged: Record<string, unknown> = { ...base, ...patch }
  for (const key of Object.keys(patch)) if (patch[key] === undefined) delete merged[key]
  return OperationSchema.parse(merged)
}

const read = (patch: Record<string, unknown>) => invoiceFromOperation(operation(patch))

describe('Plisio OperationDto amounts: received is actual_sum, never `amount` alone', () => {
  it('half paid, pending: partially paid with 12.50 EUR paid, and the QR asks only for the rest', () => {
    const invoice = read({ status: 'pending', actual_sum: HALF })
    expect(invoice).toMatchObject({
      status: 'New',
      additionalStatus: 'PaidPartial',
      rawStatus: 'pending',
      amount: '25.00',
      paid: '12.50',
      due: '12.50'
    })
    expect(invoice.paymentMethods).toEqual([
      {
        id: 'BTC',
        currency: 'BTC',
        destination: ADDRESS,
        paymentLink: `bitcoin:${ADDRESS}?amount=${REST}`,
        amount: DUE,
        due: REST,
        paid: HALF,
        rate: '60000.00'
      }
    ])
  })

  it('half seen in the mempool only (pending_sum), pending: partially paid, not paid in full', () => {
    const invoice = read({ status: 'pending', actual_sum: '0', pending_sum: HALF })
    expect(invoice).toMatchObject({ status: 'New', additionalStatus: 'PaidPartial', paid: '12.50' })
    expect(invoice.paymentMethods[0]).toMatchObject({ paid: HALF, due: REST })
  })

  it('does not add pending_sum to actual_sum: two halves in two fields are not taken as the whole', () => {
    const invoice = read({ status: 'pending', actual_sum: HALF, pending_sum: REST })
    expect(invoice).toMatchObject({ status: 'New', additionalStatus: 'PaidPartial', paid: '12.50' })
  })

  it('all of it received, pending confirmations: Processing, 25.00 paid, the link carries no amount', () => {
    const invoice = read({ status: 'pending', actual_sum: DUE })
    expect(invoice).toMatchObject({
      status: 'Processing',
      additionalStatus: 'None',
      paid: '25.00',
      due: '0.00'
    })
    expect(invoice.paymentMethods[0]).toMatchObject({
      paymentLink: `bitcoin:${ADDRESS}`,
      due: '0',
      paid: DUE
    })
  })

  it('half paid, then expired: Expired + PaidPartial with exactly the half paid, not the whole', () => {
    const invoice = read({ status: 'expired', actual_sum: HALF })
    expect(invoice).toMatchObject({
      status: 'Expired',
      additionalStatus: 'PaidPartial',
      rawStatus: 'expired',
      paid: '12.50',
      due: '12.50'
    })
    expect(invoice.paymentMethods[0]).toMatchObject({ paid: HALF, due: REST })
  })

  it('expired with nothing received: Expired, nothing paid', () => {
    const invoice = read({ status: 'expired' })
    expect(invoice).toMatchObject({ status: 'Expired', additionalStatus: 'None', paid: '0.00', due: '25.00' })
    expect(invoice.paymentMethods[0]).toMatchObject({ paid: '0', due: DUE })
  })

  it('expired although all of it arrived: Expired + PaidLate (paid, but not in time), not "partial"', () => {
    const invoice = read({ status: 'expired', actual_sum: DUE })
    expect(invoice).toMatchObject({ status: 'Expired', additionalStatus: 'PaidLate', paid: '25.00' })
  })

  it('mismatch (overpaid): Settled + PaidOver, paid 27.50, negative dues, no amount in the link', () => {
    const invoice = read({ status: 'mismatch', actual_sum: '0.00045834' })
    expect(invoice).toMatchObject({
      status: 'Settled',
      additionalStatus: 'PaidOver',
      paid: '27.50',
      due: '-2.50'
    })
    expect(invoice.paymentMethods[0]).toMatchObject({
      paymentLink: `bitcoin:${ADDRESS}`,
      paid: '0.00045834',
      due: '-0.00004167'
    })
  })

  it('completed with actual_sum = amount: Settled, exactly the price paid', () => {
    const invoice = read({ status: 'completed', actual_sum: DUE, actual_commission: '0.00000209' })
    expect(invoice).toMatchObject({ status: 'Settled', additionalStatus: 'None', paid: '25.00', due: '0.00' })
    expect(invoice.paymentMethods[0]).toMatchObject({
      paid: DUE,
      due: '0',
      paymentLink: `bitcoin:${ADDRESS}`
    })
  })

  it('takes the due from `amount` when params carry none (amount pairs with actual_sum)', () => {
    const op = operation({ status: 'pending', actual_sum: HALF })
    const invoice = invoiceFromOperation({ ...op, params: { ...op.params, amount: undefined } })
    expect(invoice).toMatchObject({ status: 'New', additionalStatus: 'PaidPartial', paid: '12.50' })
    expect(invoice.paymentMethods[0]).toMatchObject({ amount: DUE, due: REST })
  })
})

describe('Plisio OperationDto without actual_sum: conservative', () => {
  it('pending with `amount` equal to the due is not paid in full: partially paid, nothing counted', () => {
    const invoice = read({ status: 'pending', actual_sum: undefined })
    expect(invoice).toMatchObject({
      status: 'New',
      additionalStatus: 'PaidPartial',
      paid: '0.00',
      due: '25.00'
    })
    expect(invoice.paymentMethods[0]).toMatchObject({
      paid: '0',
      paymentLink: `bitcoin:${ADDRESS}?amount=${DUE}`
    })
  })

  it('pending with pending_sum: that much is counted', () => {
    const invoice = read({ status: 'pending', actual_sum: undefined, pending_sum: HALF })
    expect(invoice).toMatchObject({ status: 'New', additionalStatus: 'PaidPartial', paid: '12.50' })
  })

  it('expired with `amount` equal to the due: expired, nothing counted (it may be the invoice amount)', () => {
    const invoice = read({ status: 'expired', actual_sum: undefined })
    expect(invoice).toMatchObject({ status: 'Expired', additionalStatus: 'None', paid: '0.00' })
  })

  it('expired with `amount` below the due: that is what was received (Plisio spec: "amount received")', () => {
    const invoice = read({ status: 'expired', actual_sum: undefined, amount: '0.00010000' })
    expect(invoice).toMatchObject({ status: 'Expired', additionalStatus: 'PaidPartial', paid: '6.00' })
    expect(invoice.paymentMethods[0]).toMatchObject({ paid: '0.0001' })
  })

  it('completed: paid in full on the status’ word', () => {
    const invoice = read({ status: 'completed', actual_sum: undefined })
    expect(invoice).toMatchObject({ status: 'Settled', paid: '25.00', due: '0.00' })
  })

  it('completed without any crypto amount: the price is paid, not zero', () => {
    const op = operation({ status: 'completed', actual_sum: undefined, amount: undefined })
    const invoice = invoiceFromOperation({ ...op, params: { ...op.params, amount: undefined } })
    expect(invoice).toMatchObject({ status: 'Settled', paid: '25.00', due: '0.00' })
  })
})

describe('Plisio white-label create answer after a partial payment (return_existing)', () => {
  it('asks in the link for pending_amount, what is still to pay, not the whole amount', () => {
    const data = NewInvoiceSchema.parse({
      txn_id: '65f0c0ffee0000000000beef',
      invoice_url: 'https://plisio.net/invoice/65f0c0ffee0000000000beef',
      amount: DUE,
      pending_amount: REST,
      wallet_hash: ADDRESS,
      psys_cid: 'BTC',
      currency: 'BTC',
      status: 'pending',
      source_currency: 'EUR',
      source_rate: '60000.00',
      expire_utc: 1_700_001_800
    })
    const invoice = invoiceFromCreate(data, {
      orderId: 'sale-1',
      amount: '25.00',
      currency: 'EUR',
      expireMin: 30,
      now: new Date(1_700_000_000_000)
    })
    expect(invoice).toMatchObject({ status: 'New', additionalStatus: 'PaidPartial', paid: '12.50' })
    expect(invoice.paymentMethods[0]).toMatchObject({
      paymentLink: `bitcoin:${ADDRESS}?amount=${REST}`,
      amount: DUE,
      due: REST,
      paid: HALF
    })
  })
})
