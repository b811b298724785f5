import { bech32 } from 'bech32'
import { describe, expect, it } from 'vitest'
import { btcToSats, fiatToSats } from '@shared/money'
import { bip21, demoAddress, demoLightningInvoice } from '../../../src/main/processors/demo/destinations'
import { toDemoInvoice } from '../../../src/main/processors/demo/normalize'
import { demoStatus, nextDemoChange } from '../../../src/main/processors/demo/status'
import type { DemoInvoiceRow, DemoPaymentRow } from '../../../src/main/processors/demo/store'

const T0 = Date.parse('2025-03-01T12:00:00.000Z')
const EXPIRES = T0 + 15 * 60_000
const RATE = '65000.00'
// 12.34 USD at 65,000 USD/BTC = 18,984.6… sats, rounded up.
const TOTAL = fiatToSats(1234n, 'USD', RATE)

function row(overrides: Partial<DemoInvoiceRow> = {}): DemoInvoiceRow {
  return {
    id: 'demo_test',
    orderId: 'sale_0123456789abcdef',
    currency: 'USD',
    amountMinor: 1234n,
    rate: RATE,
    totalSats: TOTAL,
    address: 'bcrt1qexampleaddress',
    seed: 'seed-1',
    description: 'Sale',
    createdAt: T0,
    expiresAt: EXPIRES,
    forced: null,
    ...overrides
  }
}

let paymentSeq = 0
function payment(sats: bigint, receivedAt: number, confirmAt: number): DemoPaymentRow {
  return {
    id: `pay${++paymentSeq}`,
    invoiceId: 'demo_test',
    method: 'BTC-CHAIN',
    sats,
    receivedAt,
    confirmAt
  }
}

const during = T0 + 60_000
const afterExpiry = EXPIRES + 1

describe('demo invoice status', () => {
  it('is New with nothing paid', () => {
    const invoice = toDemoInvoice(row(), [], during)
    expect(invoice).toMatchObject({
      status: 'New',
      additionalStatus: 'None',
      rawStatus: 'new',
      amount: '12.34',
      paid: '0.00',
      due: '12.34'
    })
    expect(invoice.paymentMethods.map((m) => m.due)).toEqual(['0.00018985', '0.00018985'])
  })

  it('is New+PaidPartial and still due after a partial payment', () => {
    const half = TOTAL / 2n
    const invoice = toDemoInvoice(row(), [payment(half, during, during)], during + 1)
    expect(invoice.status).toBe('New')
    expect(invoice.additionalStatus).toBe('PaidPartial')
    // 9,492 sats at 65,000 = 6.1698 USD, rounded down to 6.16: the till never shows more paid than arrived
    expect(invoice.paid).toBe('6.16')
    expect(invoice.due).toBe('6.18')
    expect(btcToSats(invoice.paymentMethods[0]!.due)).toBe(TOTAL - half)
    expect(invoice.paymentMethods[0]!.paymentLink).toContain('amount=0.00009493')
  })

  it('keeps at least one minor unit due while some sats are still due', () => {
    const invoice = toDemoInvoice(row(), [payment(TOTAL - 1n, during, during)], during + 1)
    expect(invoice.status).toBe('New')
    expect(invoice.due).toBe('0.01')
  })

  it('is Processing when paid in full but unconfirmed, then Settled once confirmed', () => {
    const payments = [payment(TOTAL, during, during + 500)]
    const unconfirmed = toDemoInvoice(row(), payments, during + 100)
    expect(unconfirmed).toMatchObject({
      status: 'Processing',
      additionalStatus: 'None',
      paid: '12.34',
      due: '0.00'
    })
    expect(unconfirmed.payments[0]!.status).toBe('Processing')
    expect(unconfirmed.paymentMethods.every((m) => m.paymentLink === '')).toBe(true)
    const confirmed = toDemoInvoice(row(), payments, during + 500)
    expect(confirmed).toMatchObject({ status: 'Settled', additionalStatus: 'None', rawStatus: 'settled' })
    expect(confirmed.payments[0]!.status).toBe('Settled')
  })

  it('is Settled only when every payment is confirmed', () => {
    const payments = [payment(TOTAL / 2n, during, during), payment(TOTAL - TOTAL / 2n, during, during + 900)]
    expect(demoStatus(row(), payments, during + 500).status).toBe('Processing')
    expect(demoStatus(row(), payments, during + 900).status).toBe('Settled')
  })

  it('is PaidOver with a negative due when overpaid', () => {
    const invoice = toDemoInvoice(row(), [payment(TOTAL + TOTAL / 10n, during, during)], during + 1)
    expect(invoice.status).toBe('Settled')
    expect(invoice.additionalStatus).toBe('PaidOver')
    expect(invoice.rawStatus).toBe('settled:PaidOver')
    expect(invoice.due.startsWith('-')).toBe(true)
    expect(invoice.paymentMethods[0]!.due).toBe('-0.00001898')
  })

  it('is Expired at the expiry time with nothing paid, and no longer payable', () => {
    expect(demoStatus(row(), [], EXPIRES - 1).status).toBe('New')
    const invoice = toDemoInvoice(row(), [], EXPIRES)
    expect(invoice).toMatchObject({ status: 'Expired', additionalStatus: 'None' })
    expect(invoice.paymentMethods.every((m) => m.paymentLink === '')).toBe(true)
  })

  it('is Expired when forced to expire before its time', () => {
    expect(demoStatus(row({ forced: 'expired' }), [], during)).toEqual({
      status: 'Expired',
      additionalStatus: 'None'
    })
  })

  it('is Expired+PaidPartial when it expires after a partial payment', () => {
    expect(demoStatus(row(), [payment(TOTAL / 2n, during, during)], afterExpiry)).toEqual({
      status: 'Expired',
      additionalStatus: 'PaidPartial'
    })
  })

  it('stays Expired with PaidLate when paid in full after expiry, as BTCPay does; only the payment confirms', () => {
    const payments = [payment(TOTAL, afterExpiry, afterExpiry + 500)]
    const seen = toDemoInvoice(row(), payments, afterExpiry + 100)
    expect(seen).toMatchObject({
      status: 'Expired',
      additionalStatus: 'PaidLate',
      rawStatus: 'expired:PaidLate',
      paid: '12.34',
      due: '0.00'
    })
    expect(seen.payments[0]!.status).toBe('Processing')
    const confirmed = toDemoInvoice(row(), payments, afterExpiry + 500)
    expect(confirmed).toMatchObject({ status: 'Expired', additionalStatus: 'PaidLate' })
    expect(confirmed.payments[0]!.status).toBe('Settled')
  })

  it('is PaidLate when the payment that completes a partly paid invoice comes after expiry', () => {
    const payments = [
      payment(TOTAL / 2n, during, during),
      payment(TOTAL - TOTAL / 2n, afterExpiry, afterExpiry)
    ]
    expect(demoStatus(row(), payments, afterExpiry)).toEqual({
      status: 'Expired',
      additionalStatus: 'PaidLate'
    })
  })

  it('stays Settled when an invoice paid in time receives more after expiry', () => {
    const payments = [payment(TOTAL, during, during), payment(1000n, afterExpiry, afterExpiry)]
    expect(demoStatus(row(), payments, afterExpiry)).toEqual({
      status: 'Settled',
      additionalStatus: 'PaidOver'
    })
  })

  it('is watched for a late payment for 24 h after expiry', () => {
    expect(toDemoInvoice(row(), [], EXPIRES).monitorUntil).toBe(
      new Date(EXPIRES + 24 * 3_600_000).toISOString()
    )
  })

  it('is Invalid+Marked when cancelled, even if something was paid', () => {
    expect(demoStatus(row({ forced: 'invalid' }), [], during)).toEqual({
      status: 'Invalid',
      additionalStatus: 'Marked'
    })
    expect(demoStatus(row({ forced: 'invalid' }), [payment(TOTAL, during, during)], during).status).toBe(
      'Invalid'
    )
  })

  it('knows its next change: a confirmation, else the expiry, else none', () => {
    expect(nextDemoChange(row(), [], during)).toBe(EXPIRES)
    expect(nextDemoChange(row(), [payment(TOTAL, during, during + 500)], during)).toBe(during + 500)
    expect(nextDemoChange(row(), [], afterExpiry)).toBeNull()
  })
})

describe('demo destinations', () => {
  it('formats BIP21 with the amount in BTC, trailing zeros trimmed, and a %20-encoded label', () => {
    expect(bip21('bcrt1qabc', 12345n)).toBe('bitcoin:bcrt1qabc?amount=0.00012345')
    expect(bip21('bcrt1qabc', 100_000_000n)).toBe('bitcoin:bcrt1qabc?amount=1')
    expect(bip21('bcrt1qabc', 1_000_000_000n)).toBe('bitcoin:bcrt1qabc?amount=10')
    expect(bip21('bcrt1qabc', 150_000_000n)).toBe('bitcoin:bcrt1qabc?amount=1.5')
    expect(bip21('bcrt1qabc', 12345n, 'Kassa demo')).toBe(
      'bitcoin:bcrt1qabc?amount=0.00012345&label=Kassa%20demo'
    )
  })

  it('makes regtest P2WPKH addresses that are valid bech32 with hrp bcrt', () => {
    const address = demoAddress()
    const decoded = bech32.decode(address)
    expect(decoded.prefix).toBe('bcrt')
    expect(decoded.words[0]).toBe(0) // witness version 0
    expect(bech32.fromWords(decoded.words.slice(1))).toHaveLength(20)
    expect(address.startsWith('bcrt1q')).toBe(true)
    expect(demoAddress()).not.toBe(address)
  })

  it('makes a Lightning invoice that is deterministic for the same seed and amount', () => {
    const a = demoLightningInvoice(12345n, 'seed-1')
    expect(demoLightningInvoice(12345n, 'seed-1')).toBe(a)
    expect(demoLightningInvoice(12345n, 'seed-2')).not.toBe(a)
    expect(demoLightningInvoice(12346n, 'seed-1')).not.toBe(a)
    expect(bech32.decode(a, 1023).prefix).toBe('lnbcrt123450n')
    expect(bech32.decode(demoLightningInvoice(1500n, 'seed-1'), 1023).prefix).toBe('lnbcrt15u')
  })

  it('shows the same Lightning invoice every time the open invoice is read', () => {
    const first = toDemoInvoice(row(), [], during)
    const again = toDemoInvoice(row(), [], during + 1000)
    expect(again.paymentMethods[1]!.destination).toBe(first.paymentMethods[1]!.destination)
    expect(first.paymentMethods[1]!.paymentLink).toBe(`lightning:${first.paymentMethods[1]!.destination}`)
  })
})
