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
    expect(mapStatus('pending', { due: '0.001', received: '0.0011' }).status).toBe('Processing')
  })

  it('never reads pending as the whole amount seen when an amount is unknown: New + PaidPartial', () => {
    const partial = { status: 'New', additionalStatus: 'PaidPartial' }
    expect(mapStatus('pending')).toEqual(partial)
    expect(mapStatus('pending', { due: '0.001' })).toEqual(partial)
    expect(mapStatus('pending', { received: '0.001' })).toEqual(partial)
    expect(mapStatus('pending', { due: '0.001', received: '0' })).toEqual(partial)
  })

  it('maps pending internal to Processing unless less than due is known to have arrived', () => {
    expect(mapStatus('pending internal').status).toBe('Processing')
    expect(mapStatus('pending internal', { due: '0.001', received: '0.001' }).status).toBe('Processing')
    expect(mapStatus('pending internal', { due: '0.001', received: '0' }).status).toBe('Processing')
    expect(mapStatus('pending internal', { due: '0.001', received: '0.0005' })).toEqual({
      status: 'New',
      additionalStatus: 'PaidPartial'
    })
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

  it('maps expired with the whole due received to Expired + PaidLate, not a partial payment', () => {
    expect(mapStatus('expired', { due: '0.001', received: '0.001' })).toEqual({
      status: 'Expired',
      additionalStatus: 'PaidLate'
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
