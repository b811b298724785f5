import { describe, expect, it } from 'vitest'
import { offlineChoiceOf, reasonKey } from '../../../src/renderer/src/components/outbox/refusal'
import { timeLeft } from '../../../src/renderer/src/components/outbox/outbox-time'
import { fieldOfError, formOf, offlinePatch } from '../../../src/renderer/src/components/outbox/offline-form'
import { DEFAULT_OFFLINE_POLICY } from '@shared/outbox'

describe('offlineChoiceOf (a processor-offline refusal of sale:charge)', () => {
  const error = (params: Record<string, string>) =>
    ({ code: 'processor-offline', message: 'offline', params }) as const

  it('reads the alternatives (never the offline one, no blanks or repeats) and whether the sale may wait', () => {
    const choice = offlineChoiceOf(
      error({ reason: 'outbox-confirm', processor: 'btcpay', alternatives: 'demo, btcpay,,plisio,demo' })
    )
    expect(choice).toEqual({
      reason: 'outbox-confirm',
      processor: 'btcpay',
      alternatives: ['demo', 'plisio'],
      limit: null,
      open: null,
      canWait: true
    })
  })

  it('carries a cap and what is open, and offers no outbox for a cap refusal', () => {
    const choice = offlineChoiceOf(
      error({
        reason: 'outbox-total-cap',
        processor: 'btcpay',
        alternatives: '',
        limit: '500',
        open: '495.50'
      })
    )
    expect(choice).toMatchObject({ alternatives: [], limit: '500', open: '495.50', canWait: false })
  })

  it('reads an unknown reason as not allowed, and other errors as no choice', () => {
    expect(offlineChoiceOf(error({ reason: 'something-new', processor: 'btcpay' }))?.reason).toBe(
      'offline-not-allowed'
    )
    expect(offlineChoiceOf({ code: 'processor-connection', message: 'x' })).toBeNull()
    expect(offlineChoiceOf(null)).toBeNull()
  })

  it('names message keys after the reason', () => {
    expect(reasonKey('outbox-per-sale-cap')).toBe('outboxPerSaleCap')
  })
})

describe('timeLeft (the outbox countdown)', () => {
  const now = Date.parse('2026-11-28T10:00:00Z')
  it('counts whole hours and minutes down, never rounding up', () => {
    expect(timeLeft('2026-11-29T10:00:00Z', now)).toEqual({ hours: 24, minutes: 0, over: false })
    expect(timeLeft('2026-11-28T11:30:59Z', now)).toEqual({ hours: 1, minutes: 30, over: false })
    expect(timeLeft('2026-11-28T10:00:59Z', now)).toEqual({ hours: 0, minutes: 0, over: false })
  })
  it('is over once the limit passed, or for a date it cannot read', () => {
    expect(timeLeft('2026-11-28T09:59:00Z', now).over).toBe(true)
    expect(timeLeft('not a date', now).over).toBe(true)
  })
})

describe('offlinePatch (Settings → Offline sales)', () => {
  it('shows the stored caps in the locale form and reads them back exactly', () => {
    const form = formOf({ mode: 'capped', perSaleMax: '100.5', totalMax: '500', maxHours: 24 }, 'de-DE')
    expect(form).toEqual({ mode: 'capped', perSaleMax: '100,5', totalMax: '500', maxHours: '24' })
    expect(offlinePatch({ ...form, totalMax: '1.234,56' }, 'EUR', 'de-DE')).toEqual({
      patch: { mode: 'capped', perSaleMax: '100.50', totalMax: '1234.56', maxHours: 24 }
    })
  })

  it('refuses a cap that is zero, not a number or too precise for the currency, and a total below per sale', () => {
    const base = { mode: 'capped' as const, perSaleMax: '100', totalMax: '500', maxHours: '24' }
    expect(offlinePatch({ ...base, perSaleMax: '0' }, 'USD', 'en-US')).toEqual({
      problems: { perSaleMax: true, totalMax: false, maxHours: false }
    })
    expect(offlinePatch({ ...base, totalMax: 'lots' }, 'USD', 'en-US')).toMatchObject({
      problems: { totalMax: 'amount' }
    })
    expect(offlinePatch({ ...base, perSaleMax: '10.5' }, 'JPY', 'en-US')).toMatchObject({
      problems: { perSaleMax: true }
    })
    expect(offlinePatch({ ...base, totalMax: '99.99' }, 'USD', 'en-US')).toMatchObject({
      problems: { totalMax: 'total' }
    })
  })

  it('takes whole hours 1–72 and leaves the caps alone outside the capped mode', () => {
    const form = formOf(DEFAULT_OFFLINE_POLICY, 'en-US')
    expect(offlinePatch({ ...form, maxHours: '72', perSaleMax: 'x' }, 'USD', 'en-US')).toEqual({
      patch: { mode: 'outbox', maxHours: 72 }
    })
    for (const hours of ['0', '73', '1.5', ''])
      expect(offlinePatch({ ...form, maxHours: hours }, 'USD', 'en-US')).toMatchObject({
        problems: { maxHours: true }
      })
    expect(offlinePatch({ ...form, mode: 'none', maxHours: '' }, 'USD', 'en-US')).toEqual({
      patch: { mode: 'none' }
    })
  })

  it('finds the field a server invalid-input names', () => {
    expect(fieldOfError('offline.totalMax')).toBe('totalMax')
    expect(fieldOfError('maxHours')).toBe('maxHours')
    expect(fieldOfError('refundPolicy.cashierLimit')).toBeNull()
    expect(fieldOfError(undefined)).toBeNull()
  })
})
