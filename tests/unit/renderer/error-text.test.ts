import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { KassaErrorData } from '@shared/errors'
import { errorText } from '../../../src/renderer/src/i18n/error-text'
import { ensureMessages, setLocale } from '../../../src/renderer/src/i18n'

beforeAll(async () => {
  await ensureMessages('en')
  await ensureMessages('de')
})
afterEach(() => setLocale('en'))

describe('errorText: an error from main in the chosen language', () => {
  it('words a code with its params in English and German', async () => {
    const error: KassaErrorData = {
      code: 'processor-permission',
      message: 'BTCPay: the key lacks btcpay.store.cancreateinvoice',
      params: { status: '403', permission: 'btcpay.store.cancreateinvoice' }
    }
    await setLocale('en')
    expect(errorText(error)).toBe(
      'The API key lacks the permission btcpay.store.cancreateinvoice. Create a key that has it.'
    )
    await setLocale('de')
    expect(errorText(error)).toBe(
      'Dem API-Schlüssel fehlt die Berechtigung btcpay.store.cancreateinvoice. Legen Sie einen Schlüssel mit dieser Berechtigung an.'
    )
  })

  it('words a named refusal of a broad code, and formats its amount as money in the locale', async () => {
    const error: KassaErrorData = {
      code: 'invalid-input',
      message: 'At most 1234.50 EUR is left to refund on this sale',
      params: { reason: 'more-than-left', amount: '1234.50', currency: 'EUR' }
    }
    await setLocale('de')
    expect(errorText(error)).toBe('Für diesen Verkauf können höchstens 1.234,50\u00a0€ erstattet werden.')
    await setLocale('en')
    expect(errorText(error)).toBe('At most €1,234.50 is left to refund on this sale.')
    const connect: KassaErrorData = {
      code: 'conflict',
      message: 'Connect Plisio first (Settings → Plisio)',
      params: { reason: 'connect-first', processor: 'Plisio' }
    }
    await setLocale('de-AT')
    expect(errorText(connect)).toBe('Verbinden Sie zuerst Plisio (Einstellungen → Plisio).')
  })

  it('falls back to main’s English message for a code or reason it has no words for', async () => {
    await setLocale('de')
    const vague: KassaErrorData = {
      code: 'conflict',
      message: 'This sale is paid and can no longer be cancelled'
    }
    expect(errorText(vague)).toBe('This sale is paid and can no longer be cancelled')
    const unknownReason: KassaErrorData = {
      code: 'conflict',
      message: 'Something specific',
      params: { reason: 'never-heard-of' }
    }
    expect(errorText(unknownReason)).toBe('Something specific')
    // Without the param its specific wording needs, a code keeps main's words rather than a vague sentence.
    const noPermission: KassaErrorData = { code: 'processor-permission', message: 'IP not whitelisted' }
    expect(errorText(noPermission)).toBe('IP not whitelisted')
  })

  it('uses the plain code wording when no param narrows it', async () => {
    await setLocale('de')
    expect(errorText({ code: 'processor-auth', message: 'BTCPay refused the API key' })).toBe(
      'Der Zahlungsanbieter hat den API-Schlüssel abgelehnt. Prüfen Sie den Schlüssel in den Einstellungen.'
    )
    expect(
      errorText({ code: 'processor-unavailable', message: 'BTCPay: 502', params: { status: '502' } })
    ).toBe('Der Zahlungsanbieter hat Probleme (HTTP 502). Versuchen Sie es gleich noch einmal.')
  })
})

describe('errorText: Plisio’s IP refusal', () => {
  it('keeps saying which IP setting to change, not that a key permission is missing', async () => {
    const error: KassaErrorData = {
      code: 'processor-permission',
      message: 'Plisio refused the request because this computer’s IP address is not whitelisted: …',
      params: { reason: 'ip-not-allowed', permission: 'Request IP', status: '422' }
    }
    await setLocale('en')
    expect(errorText(error)).toMatch(/IP address is not whitelisted: add it under Request IP/)
    await setLocale('de')
    expect(errorText(error)).toMatch(/nicht freigegeben.*„Request IP“/)
    await setLocale('en')
  })
})
