import { describe, expect, it } from 'vitest'
import { isDuplicateStatus, mapStatus } from '../../../src/main/processors/plisio/status'

describe('Plisio status mapping', () => {
  it.each([
    ['new', 'New', 'None'],
    ['pending internal', 'Processing', 'None'],
    ['completed', 'Settled', 'None'],
    ['mismatch', 'Settled', 'PaidOver'],
    ['error', 'Invalid', 'None'],
    ['cancelled', 'Expired', 'None'],
    ['cancelled duplicate', 'Invalid', 'None']
  ] as const)('maps %s to %s/%s', (raw, status, additionalStatus) => {
    expect(mapStatus(raw)).toEqual({ status, additionalStatus })
  })

  it('maps pending with less than due seen to New + PaidPartial', () => {
    expect(mapStatus('pending', { due: '0.001', received: '0.0005' })).toEqual({
      status: 'New',
      additionalStatus: 'PaidPartial'
    })
  })

  it('maps pending with the full amount seen to Processing', () => {
    expect(mapStatus('pending', { due: '0.001', received: '0.001' }).status).toBe('Processing')
    expect(mapStatus('pending').status).toBe('Processing')
  })

  it('maps expired with an amount received to Expired + PaidPartial (underpaid)', () => {
    expect(mapStatus('expired', { due: '0.001', received: '0.0002' })).toEqual({
      status: 'Expired',
      additionalStatus: 'PaidPartial'
    })
    expect(mapStatus('expired', { due: '0.001', received: '0' })).toEqual({
      status: 'Expired',
      additionalStatus: 'None'
    })
  })

  it('maps an unknown raw status (111, something new) to a non-final New without throwing', () => {
    expect(mapStatus('111')).toEqual({ status: 'New', additionalStatus: 'None' })
    expect(mapStatus('refunded-someday')).toEqual({ status: 'New', additionalStatus: 'None' })
  })

  it('recognizes cancelled duplicate regardless of case and spacing', () => {
    expect(isDuplicateStatus(' Cancelled Duplicate ')).toBe(true)
    expect(isDuplicateStatus('cancelled')).toBe(false)
  })
})
