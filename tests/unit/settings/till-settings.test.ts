import { describe, expect, it } from 'vitest'
import { calls } from '@shared/call-schemas'
import { KassaError } from '@shared/errors'
import { TillSettingsPatchSchema } from '@shared/schemas'
import {
  applyTillPatch,
  DEFAULT_TILL_SETTINGS,
  readTillSettings
} from '../../../src/main/settings/till-settings'

describe('till settings', () => {
  it('defaults: prices without tax, no tips, presets 10/15/20 %, maximum 5000, till T1', () => {
    expect(readTillSettings(null)).toEqual({
      taxInclusive: false,
      tipsEnabled: false,
      tipPresets: ['10', '15', '20'],
      maxSaleAmount: '5000',
      tillId: 'T1'
    })
  })

  it('reads what was stored, and a damaged or invalid field as its default', () => {
    const stored = JSON.stringify({
      taxInclusive: true,
      tipPresets: ['5', '200'],
      tillId: 'Bar2',
      maxSaleAmount: 9
    })
    expect(readTillSettings(stored)).toEqual({ ...DEFAULT_TILL_SETTINGS, taxInclusive: true, tillId: 'Bar2' })
    expect(readTillSettings('{not json')).toEqual(DEFAULT_TILL_SETTINGS)
    expect(readTillSettings('[1]')).toEqual(DEFAULT_TILL_SETTINGS)
  })

  it('merges a patch and checks the maximum against the store currency', () => {
    const next = applyTillPatch(DEFAULT_TILL_SETTINGS, { tipsEnabled: true, maxSaleAmount: '250.50' }, 'EUR')
    expect(next).toMatchObject({ tipsEnabled: true, maxSaleAmount: '250.50', tillId: 'T1' })
    expect(() => applyTillPatch(DEFAULT_TILL_SETTINGS, { maxSaleAmount: '250.50' }, 'JPY')).toThrow(
      KassaError
    )
    // A currency change re-checks the maximum already stored.
    expect(() => applyTillPatch(next, {}, 'JPY')).toThrow(
      /till\.maxSaleAmount: 250\.50 is not an amount in JPY/
    )
  })

  it('refuses bad fields through the settings:update schema', () => {
    const update = calls['settings:update'].input
    expect(update.safeParse({ till: { tipPresets: ['10', '12.5'], tillId: 'A1b2C3d4' } }).success).toBe(true)
    expect(update.safeParse({ till: { tipPresets: [] } }).success).toBe(true)
    for (const bad of [
      { tillId: '' },
      { tillId: 'TOOLONG12' },
      { tillId: 'T-1' },
      { tipPresets: ['1', '2', '3', '4', '5', '6'] },
      { tipPresets: ['0'] },
      { tipPresets: ['10', '10.0'] },
      { tipPresets: ['101'] },
      { tipPresets: [10] },
      { maxSaleAmount: '0' },
      { maxSaleAmount: '-5' },
      { maxSaleAmount: 5000 },
      { taxInclusive: 'yes' },
      { unknown: true }
    ]) {
      expect(TillSettingsPatchSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false)
      expect(update.safeParse({ till: bad }).success).toBe(false)
    }
  })
})
