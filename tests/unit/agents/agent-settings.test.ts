import { describe, expect, it } from 'vitest'
import {
  applyAgentSettingsPatch,
  DEFAULT_AGENT_SETTINGS,
  limitMinor,
  readAgentSettings
} from '../../../src/main/agents/agent-settings'

describe('Settings → Agent access', () => {
  it('reads defaults for a missing, unreadable or damaged row, field by field', () => {
    expect(readAgentSettings(null)).toEqual(DEFAULT_AGENT_SETTINGS)
    expect(readAgentSettings('{not json')).toEqual(DEFAULT_AGENT_SETTINGS)
    expect(readAgentSettings(JSON.stringify({ enabled: true, port: 80, callsPerMinute: 'lots' }))).toEqual({
      ...DEFAULT_AGENT_SETTINGS,
      enabled: true
    })
  })

  it('stores a limit in the currency form, and refuses more decimals than the currency has', () => {
    const next = applyAgentSettingsPatch(DEFAULT_AGENT_SETTINGS, { paymentRequestLimit: '49.9' }, 'EUR')
    expect(next.paymentRequestLimit).toBe('49.90')
    expect(
      applyAgentSettingsPatch(DEFAULT_AGENT_SETTINGS, { paymentRequestLimit: '0' }, 'EUR').paymentRequestLimit
    ).toBe('0.00')
    expect(() =>
      applyAgentSettingsPatch(DEFAULT_AGENT_SETTINGS, { paymentRequestLimit: '10.5' }, 'JPY')
    ).toThrow(/Payment request limit: 10.5 is not an amount in JPY \(JPY has no minor unit/)
    // Fields not given are kept.
    expect(
      applyAgentSettingsPatch({ ...DEFAULT_AGENT_SETTINGS, port: 7500 }, { enabled: true }, 'EUR')
    ).toEqual({
      ...DEFAULT_AGENT_SETTINGS,
      port: 7500,
      enabled: true
    })
  })

  it('compares with a kept limit after the store currency changed: trailing zeros forgiven, else 0', () => {
    expect(limitMinor('100.00', 'JPY')).toBe(100n)
    expect(limitMinor('100', 'USD')).toBe(10_000n)
    expect(limitMinor('49.99', 'JPY')).toBe(0n)
    expect(limitMinor('0', 'USD')).toBe(0n)
  })
})
