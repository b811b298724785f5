import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ensureMessages, setLocale } from '../../../src/renderer/src/i18n'
import {
  agentFormOf,
  agentSettingsPatch,
  bearerHeader,
  stdioSnippet
} from '../../../src/renderer/src/components/agents/agent-form'
import {
  needsOwner,
  refundTerms,
  requestTitle,
  requestTriage,
  timeLeftWords
} from '../../../src/renderer/src/components/agents/request-words'
import { agentRequest } from './agents-fixtures'

const settings = { enabled: true, port: 7420, paymentRequestLimit: '100.50', callsPerMinute: 60 }

describe('agentSettingsPatch (Settings → Agent access as typed)', () => {
  it('shows the limit in the locale and reads it back exactly, 0 included', () => {
    const form = agentFormOf(settings, 'de-DE')
    expect(form.paymentRequestLimit).toBe('100,50')
    expect(agentSettingsPatch(form, 'EUR', 'de-DE')).toEqual({ patch: settings })
    expect(agentSettingsPatch({ ...form, paymentRequestLimit: '1.234,5' }, 'EUR', 'de-DE')).toEqual({
      patch: { ...settings, paymentRequestLimit: '1234.50' }
    })
    expect(agentSettingsPatch({ ...form, paymentRequestLimit: '0' }, 'JPY', 'de-DE')).toEqual({
      patch: { ...settings, paymentRequestLimit: '0' }
    })
  })

  it('names each wrong field: port outside 1024–65535, a limit too precise or not an amount, calls 0', () => {
    const form = agentFormOf(settings, 'en-US')
    expect(
      agentSettingsPatch(
        { ...form, port: '80', paymentRequestLimit: '1.005', callsPerMinute: '0' },
        'EUR',
        'en-US'
      )
    ).toEqual({ problems: { port: true, paymentRequestLimit: true, callsPerMinute: true } })
    expect(
      agentSettingsPatch(
        { ...form, port: '7420.5', paymentRequestLimit: '-1', callsPerMinute: '601' },
        'EUR',
        'en-US'
      )
    ).toEqual({ problems: { port: true, paymentRequestLimit: true, callsPerMinute: true } })
    expect(agentSettingsPatch({ ...form, paymentRequestLimit: 'ten' }, 'EUR', 'en-US')).toEqual({
      problems: { port: false, paymentRequestLimit: true, callsPerMinute: false }
    })
  })

  it('makes the stdio config and the bearer header an MCP client pastes', () => {
    const token = 'kag_' + 'x'.repeat(43)
    expect(JSON.parse(stdioSnippet(token))).toEqual({
      mcpServers: { kassa: { command: 'kassa', args: ['mcp'], env: { KASSA_MCP_TOKEN: token } } }
    })
    expect(bearerHeader(token)).toBe(`Authorization: Bearer ${token}`)
  })
})

describe('request words (an agent request in the cashier’s words)', () => {
  beforeAll(async () => {
    await ensureMessages('de', ['agents', 'refund', 'policy'])
  })
  afterEach(() => setLocale('en'))

  it('says what a refund is, for which sale, with its variant and fee, in English and German', async () => {
    const request = agentRequest({ subtractPercentage: '2.5', currency: 'EUR' })
    await setLocale('en')
    expect(requestTitle(request, '1042')).toBe('Refund of €7.50 for sale no. 1042')
    expect(refundTerms(request)).toEqual(['Paid out as: Crypto at the sale’s rate', 'Less a fee of 2.5 %'])
    await setLocale('de')
    expect(requestTitle(request, null)).toBe('Rückerstattung von 7,50\u00a0€ für Verkauf …456789')
    expect(refundTerms(request)[1]).toBe('Abzüglich 2,5 % Gebühr')
    expect(refundTerms({ ...request, subtractPercentage: '0.00' })).toHaveLength(1)
  })

  it('words a payment request and says it needs the owner; a refund follows its triage', async () => {
    await setLocale('en')
    const payment = agentRequest({
      kind: 'payment-request',
      variant: null,
      subtractPercentage: null,
      triage: null
    })
    expect(requestTitle(payment, null)).toContain('Payment request of $7.50 for a failed charge')
    expect(refundTerms(payment)).toEqual([])
    expect(needsOwner(payment)).toBe(true)
    expect(requestTriage(payment)).toContain('owner')
    const over = agentRequest({
      triage: {
        decision: 'needs-owner',
        rule: 'cashier-limit',
        values: { amount: '80', limit: '50', currency: 'USD' }
      }
    })
    expect(needsOwner(over)).toBe(true)
    expect(requestTriage(over)).toContain('$50.00')
    expect(needsOwner(agentRequest())).toBe(false)
  })

  it('counts the time left down to the minute', async () => {
    await setLocale('en')
    const expiresAt = '2026-11-30T10:00:00.000Z'
    const at = (iso: string) => Date.parse(iso)
    expect(timeLeftWords(expiresAt, at('2026-11-29T10:55:30.000Z'))).toBe('23 h 04 min left')
    expect(timeLeftWords(expiresAt, at('2026-11-30T09:59:10.000Z'))).toBe('Expires now')
    await setLocale('de')
    expect(timeLeftWords(expiresAt, at('2026-11-30T08:00:00.000Z'))).toBe('noch 2 Std. 00 Min.')
  })
})
