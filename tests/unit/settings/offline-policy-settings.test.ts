import { describe, expect, it } from 'vitest'
import { KassaError } from '@shared/errors'
import { DEFAULT_OFFLINE_POLICY } from '@shared/outbox'
import {
  applyOfflinePolicyPatch,
  readOfflinePolicy
} from '../../../src/main/settings/offline-policy-settings'

function refusal(work: () => unknown): KassaError {
  try {
    work()
  } catch (error) {
    expect(error).toBeInstanceOf(KassaError)
    return error as KassaError
  }
  throw new Error('expected a refusal')
}

describe('Settings → Offline sales', () => {
  it('reads defaults for a missing or damaged row, and each valid field as stored', () => {
    expect(readOfflinePolicy(null)).toEqual(DEFAULT_OFFLINE_POLICY)
    expect(readOfflinePolicy('{not json')).toEqual(DEFAULT_OFFLINE_POLICY)
    expect(readOfflinePolicy(JSON.stringify({ mode: 'capped', maxHours: 500, perSaleMax: '20.00' }))).toEqual(
      {
        ...DEFAULT_OFFLINE_POLICY,
        mode: 'capped',
        perSaleMax: '20.00'
      }
    )
  })

  it('patches only the fields given and keeps the caps in the currency’s form', () => {
    expect(
      applyOfflinePolicyPatch(DEFAULT_OFFLINE_POLICY, { mode: 'capped', perSaleMax: '49.9' }, 'EUR')
    ).toEqual({
      mode: 'capped',
      perSaleMax: '49.90',
      totalMax: '500.00',
      maxHours: 24
    })
  })

  it('refuses a cap with more decimals than the currency, a zero cap, and a total below the per-sale cap', () => {
    expect(
      refusal(() => applyOfflinePolicyPatch(DEFAULT_OFFLINE_POLICY, { perSaleMax: '10.5' }, 'JPY'))
    ).toMatchObject({ code: 'invalid-input', params: { field: 'offline.perSaleMax' } })
    expect(
      refusal(() => applyOfflinePolicyPatch(DEFAULT_OFFLINE_POLICY, { perSaleMax: '1.001' }, 'EUR'))
    ).toMatchObject({ code: 'invalid-input', params: { field: 'offline.perSaleMax' } })
    expect(
      refusal(() => applyOfflinePolicyPatch(DEFAULT_OFFLINE_POLICY, { totalMax: '0' }, 'EUR'))
    ).toMatchObject({
      code: 'invalid-input',
      params: { field: 'offline.totalMax' }
    })
    expect(
      refusal(() =>
        applyOfflinePolicyPatch(DEFAULT_OFFLINE_POLICY, { perSaleMax: '200', totalMax: '150' }, 'EUR')
      )
    ).toMatchObject({ code: 'invalid-input', params: { field: 'offline.totalMax' } })
  })

  it('carries kept caps into a new store currency, refusing one that cannot be an amount of it', () => {
    const eur = applyOfflinePolicyPatch(DEFAULT_OFFLINE_POLICY, {}, 'EUR')
    expect(applyOfflinePolicyPatch(eur, {}, 'JPY')).toMatchObject({ perSaleMax: '100', totalMax: '500' })
    const cents = applyOfflinePolicyPatch(DEFAULT_OFFLINE_POLICY, { perSaleMax: '49.99' }, 'EUR')
    expect(refusal(() => applyOfflinePolicyPatch(cents, {}, 'JPY'))).toMatchObject({
      params: { field: 'offline.perSaleMax' }
    })
  })
})
