import { describe, expect, it } from 'vitest'
import { mapStatus } from '../../../src/main/processors/btcpay'
import { mapPaymentStatus } from '../../../src/main/processors/btcpay/status'

describe('BTCPay mapStatus', () => {
  it.each([
    ['New', 'None', 'New', 'None'],
    ['New', 'PaidPartial', 'New', 'PaidPartial'],
    ['Processing', 'PaidOver', 'Processing', 'PaidOver'],
    ['Settled', 'Marked', 'Settled', 'Marked'],
    ['Expired', 'PaidLate', 'Expired', 'PaidLate'],
    ['Invalid', 'None', 'Invalid', 'None']
  ] as const)('maps %s/%s to %s/%s', (raw, rawAdditional, status, additionalStatus) => {
    expect(mapStatus(raw, rawAdditional)).toEqual({ status, additionalStatus })
  })

  it('maps legacy BitPay-era names (paid, confirmed, complete) case-insensitively', () => {
    expect(mapStatus('paid').status).toBe('Processing')
    expect(mapStatus('confirmed').status).toBe('Settled')
    expect(mapStatus('COMPLETE').status).toBe('Settled')
  })

  it('maps an unknown raw status to New so the invoice keeps being followed', () => {
    expect(mapStatus('Refunding', 'SomethingNew')).toEqual({ status: 'New', additionalStatus: 'None' })
  })

  it('maps the legacy additionalStatus Invalid (removed in 2.0) and a missing one to None', () => {
    expect(mapStatus('Invalid', 'Invalid').additionalStatus).toBe('None')
    expect(mapStatus('New', null).additionalStatus).toBe('None')
    expect(mapStatus('New').additionalStatus).toBe('None')
  })

  it('maps payment statuses, counting unknown ones as Processing', () => {
    expect(mapPaymentStatus('Settled')).toBe('Settled')
    expect(mapPaymentStatus('Invalid')).toBe('Invalid')
    expect(mapPaymentStatus('Unaccounted')).toBe('Processing')
  })
})
