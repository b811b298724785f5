import { describe, expect, it } from 'vitest'
import type { Invoice } from '@shared/invoice'
import {
  decodeCursor,
  encodeCursor,
  failureReason,
  isRefusal,
  paidAndDue,
  ratePercent
} from '../../../src/main/recovery/recovery-rules'

const invoice = (fields: Partial<Invoice>): Invoice =>
  ({
    id: 'inv_1',
    processor: 'demo',
    orderId: 'sale_1',
    status: 'Expired',
    additionalStatus: 'None',
    rawStatus: 'expired',
    currency: 'EUR',
    amount: '20.00',
    paid: '0',
    due: '20.00',
    createdAt: '2026-11-28T10:00:00.000Z',
    expiresAt: '2026-11-28T10:15:00.000Z',
    checkoutLink: null,
    paymentMethods: [],
    payments: [],
    ...fields
  }) as Invoice

describe('why a charge failed', () => {
  it.each([
    ['expired', invoice({}), 'expired'],
    ['invalid', invoice({ status: 'Invalid' }), 'invalid'],
    ['expired', invoice({ paid: '0.01' }), 'underpaid'],
    ['invalid', invoice({ paid: '5.00' }), 'underpaid'],
    ['expired', invoice({ additionalStatus: 'PaidPartial' }), 'underpaid'],
    ['expired', invoice({ paid: 'garbage' }), 'expired'],
    ['expired', null, 'expired']
  ] as const)('%s with %j → %s', (state, read, reason) => {
    expect(failureReason(state, read)).toBe(reason)
  })
})

describe('what is still due', () => {
  it('is the sale amount less what the invoice shows paid, exactly, in minor units', () => {
    expect(paidAndDue(2000n, 'EUR', invoice({ paid: '12.345' }))).toEqual({
      paidMinor: 1234n,
      dueMinor: 766n
    })
    expect(paidAndDue(2000n, 'EUR', invoice({}))).toEqual({ paidMinor: 0n, dueMinor: 2000n })
    expect(paidAndDue(500n, 'JPY', invoice({ currency: 'JPY', paid: '120' }))).toEqual({
      paidMinor: 120n,
      dueMinor: 380n
    })
  })
  it('never pays more than the sale, and ignores a figure in another currency or a negative one', () => {
    expect(paidAndDue(2000n, 'EUR', invoice({ paid: '25.00' }))).toEqual({ paidMinor: 2000n, dueMinor: 0n })
    expect(paidAndDue(2000n, 'EUR', invoice({ currency: 'USD', paid: '5.00' }))).toEqual({
      paidMinor: 0n,
      dueMinor: 2000n
    })
    expect(paidAndDue(2000n, 'EUR', invoice({ paid: '-1.00' }))).toEqual({ paidMinor: 0n, dueMinor: 2000n })
  })
})

describe('the recovery rate', () => {
  it.each([
    [0, 0, null],
    [0, 3, '0.0'],
    [1, 3, '33.3'],
    [2, 3, '66.7'],
    [1, 8, '12.5'],
    [1, 16, '6.3'],
    [3, 3, '100.0']
  ])('%i of %i → %s', (recovered, failed, rate) => {
    expect(ratePercent(recovered, failed)).toBe(rate)
  })
})

describe('the list cursor', () => {
  it('reads back what it wrote', () => {
    const cursor = { failedAt: '2026-11-28T10:15:00.123Z', id: `rec_${'a1'.repeat(16)}` }
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor)
  })
  it.each(['', 'x', '2026-11-28T10:15:00.123Z_rec_zz', `not-a-time_rec_${'0'.repeat(32)}`])(
    'refuses %j as invalid input',
    (text) => {
      expect(() => decodeCursor(text)).toThrow(expect.objectContaining({ code: 'invalid-input' }))
    }
  )
})

describe('refusals and unknown outcomes', () => {
  it('treats a looked-at refusal as failed, a lost answer as unknown', () => {
    for (const code of [
      'processor-invalid-request',
      'processor-permission',
      'processor-auth',
      'processor-not-found'
    ])
      expect(isRefusal(code)).toBe(true)
    for (const code of [
      'processor-connection',
      'processor-unavailable',
      'processor-rate-limit',
      'processor-bad-response'
    ])
      expect(isRefusal(code)).toBe(false)
  })
})
