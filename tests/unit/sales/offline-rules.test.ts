import { describe, expect, it } from 'vitest'
import { DEFAULT_OFFLINE_POLICY, type OfflinePolicyView } from '@shared/outbox'
import { decideOffline, parseCap, type OfflineQuestion } from '../../../src/main/sales/offline-rules'

const capped: OfflinePolicyView = { mode: 'capped', perSaleMax: '100.00', totalMax: '500.00', maxHours: 24 }

function ask(overrides: Partial<OfflineQuestion>): ReturnType<typeof decideOffline> {
  return decideOffline({
    policy: capped,
    storeCurrency: 'EUR',
    currency: 'EUR',
    amountMinor: 1_000n,
    openMinor: 0n,
    agreed: true,
    ...overrides
  })
}

describe('decideOffline', () => {
  it('refuses everything in mode none, agreed or not', () => {
    for (const agreed of [true, false]) {
      expect(ask({ policy: { ...capped, mode: 'none' }, agreed })).toEqual({
        allowed: false,
        reason: 'offline-not-allowed'
      })
    }
  })

  it('asks the cashier first in outbox mode, then lets any amount and currency wait', () => {
    const outbox = { ...DEFAULT_OFFLINE_POLICY, mode: 'outbox' as const }
    expect(ask({ policy: outbox, agreed: false })).toEqual({ allowed: false, reason: 'outbox-confirm' })
    expect(ask({ policy: outbox, amountMinor: 10n ** 12n, openMinor: 10n ** 12n, currency: 'CHF' })).toEqual({
      allowed: true
    })
  })

  it('holds a capped sale to the per-sale cap to the cent', () => {
    expect(ask({ amountMinor: 10_000n })).toEqual({ allowed: true })
    expect(ask({ amountMinor: 10_001n })).toEqual({
      allowed: false,
      reason: 'outbox-per-sale-cap',
      limit: '100.00'
    })
  })

  it('holds the open outbox to the total cap, a sale exactly reaching it passing', () => {
    expect(ask({ amountMinor: 5_000n, openMinor: 45_000n })).toEqual({ allowed: true })
    expect(ask({ amountMinor: 5_001n, openMinor: 45_000n })).toEqual({
      allowed: false,
      reason: 'outbox-total-cap',
      limit: '500.00',
      open: '450.00'
    })
  })

  it('takes only sales in the store currency when capped', () => {
    expect(ask({ currency: 'USD' })).toEqual({ allowed: false, reason: 'outbox-currency' })
  })

  it('checks the caps before asking the cashier, so nobody agrees to a sale the rules then refuse', () => {
    expect(ask({ amountMinor: 20_000n, agreed: false })).toMatchObject({ reason: 'outbox-per-sale-cap' })
    expect(ask({ amountMinor: 1_000n, agreed: false })).toEqual({ allowed: false, reason: 'outbox-confirm' })
  })

  it('reads caps in the store currency exactly (no float), a damaged cap refusing like zero', () => {
    const yen = { ...capped, perSaleMax: '10000', totalMax: '30000' }
    expect(ask({ policy: yen, storeCurrency: 'JPY', currency: 'JPY', amountMinor: 10_000n })).toEqual({
      allowed: true
    })
    // 0.1 + 0.2 style sums stay exact in minor units.
    const cents = { ...capped, perSaleMax: '0.30', totalMax: '0.30' }
    expect(ask({ policy: cents, amountMinor: 20n, openMinor: 10n })).toEqual({ allowed: true })
    expect(ask({ policy: { ...capped, perSaleMax: 'lots' }, amountMinor: 1n })).toMatchObject({
      reason: 'outbox-per-sale-cap',
      limit: '0.00'
    })
  })
})

describe('parseCap', () => {
  it('forgives trailing zeros but not real decimals the currency lacks', () => {
    expect(parseCap('100.00', 'JPY')).toBe(100n)
    expect(parseCap('10.50', 'EUR')).toBe(1_050n)
    expect(() => parseCap('49.99', 'JPY')).toThrow()
    expect(() => parseCap('0', 'EUR')).toThrow()
  })
})
