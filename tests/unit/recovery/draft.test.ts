import { describe, expect, it } from 'vitest'
import type { RecoveryTemplate } from '@shared/recovery'
import { draftMessage } from '../../../src/main/recovery/messages/draft'
import { DEFAULT_TEMPLATES } from '../../../src/main/recovery/messages/templates'
import { openRequest, recoveryDetail } from '../../fixtures/recovery-detail'

const NBSP = '\u00a0'
const short: RecoveryTemplate[] = [
  {
    language: 'en',
    subject: '{{amountDue}} due at {{shop}}',
    body: '{{customer}}|{{items}}|{{amountDue}}|{{link}}'
  },
  {
    language: 'de',
    subject: '{{amountDue}} offen bei {{shop}}',
    body: '{{customer}}|{{items}}|{{amountDue}}|{{link}}'
  }
]

describe('recovery drafts', () => {
  it('fills the default German template for a German customer, link and all', () => {
    const detail = recoveryDetail({
      customer: { ...recoveryDetail().customer!, language: 'de' },
      paymentRequest: openRequest('https://pay.example/r/42'),
      status: 'requested'
    })
    const draft = draftMessage({
      detail,
      templates: DEFAULT_TEMPLATES,
      tillLanguage: 'en',
      shopName: 'Café Morgenrot'
    })
    expect(draft.language).toBe('de')
    expect(draft.subject).toBe(`Ihr Einkauf bei Café Morgenrot: 12,50${NBSP}€ noch offen`)
    expect(draft.body).toContain('Hallo Anna Müller,')
    expect(draft.body).toContain('Ihren Einkauf bei Café Morgenrot (2 × Coffee, 1 × Cake)')
    expect(draft.body).toContain(`der offene Betrag beträgt 12,50${NBSP}€.`)
    expect(draft.body).toContain('hier bezahlen: https://pay.example/r/42')
    expect(draft.body.trim().endsWith('Café Morgenrot')).toBe(true)
    expect(draft).toMatchObject({
      to: 'anna.mueller@example.org',
      link: 'https://pay.example/r/42',
      missing: []
    })
  })

  it('without a name greets politely, without an open request brackets the link and lists it', () => {
    const detail = recoveryDetail({
      customer: null,
      paymentRequest: { ...openRequest()!, status: 'expired' }
    })
    const en = draftMessage({ detail, templates: DEFAULT_TEMPLATES, tillLanguage: 'en', shopName: '' })
    expect(en.body).toMatch(/^Hello valued customer,/)
    expect(en.body).toContain('You can pay it here: [link]')
    expect(en.body).toContain('Kassa')
    expect(en).toMatchObject({ language: 'en', to: null, mailto: null, link: null, missing: ['link'] })
    const de = draftMessage({ detail, templates: DEFAULT_TEMPLATES, tillLanguage: 'de' })
    expect(de.body).toMatch(/^Hallo liebe Kundin, lieber Kunde,/)
  })

  it.each([
    // asked, customer's, till's → template language, money format
    ['de', 'en', 'en', 'de', `12,50${NBSP}€`],
    [undefined, 'de-AT', 'en', 'de', `€${NBSP}12,50`],
    [undefined, 'fr', 'de', 'de', `12,50${NBSP}€`],
    [undefined, null, 'de', 'de', `12,50${NBSP}€`],
    [undefined, null, null, 'en', '€12.50'],
    ['fr', 'de', 'de', 'en', '€12.50'],
    ['en-GB', 'de', 'de', 'en', '€12.50']
  ])('asked %s, customer %s, till %s → %s template, %s', (asked, customer, till, language, amount) => {
    const detail = recoveryDetail({ customer: { ...recoveryDetail().customer!, language: customer } })
    const draft = draftMessage({ detail, templates: short, language: asked, tillLanguage: till })
    expect(draft.language).toBe(language)
    expect(draft.body.split('|')[2]).toBe(amount)
  })

  it.each([
    ['EUR', '12.50', 'en', '€12.50'],
    ['EUR', '12.50', 'de', `12,50${NBSP}€`],
    ['JPY', '1500', 'en', '¥1,500'],
    ['JPY', '1500', 'de', `1.500${NBSP}¥`],
    ['KWD', '12.345', 'en', `KWD${NBSP}12.345`],
    ['KWD', '0.005', 'de', `0,005${NBSP}KWD`],
    ['EUR', '98765432109876543.21', 'en', '€98,765,432,109,876,543.21'],
    ['EUR', '98765432109876543.21', 'de', `98.765.432.109.876.543,21${NBSP}€`]
  ])('the amount due %s %s in %s is exactly %s', (currency, due, language, text) => {
    const detail = recoveryDetail({ currency, due, amount: due })
    const draft = draftMessage({ detail, templates: short, language })
    expect(draft.body.split('|')[2]).toBe(text)
  })

  it('items: the lines with decimal quantities in the language, else the memo, else the receipt number', () => {
    const lines = [
      { name: 'Käse', unitPrice: '20.00', quantity: 0.25 },
      { name: 'Brot', unitPrice: '3.00', quantity: 1 }
    ]
    const de = draftMessage({ detail: recoveryDetail({ lines }), templates: short, language: 'de' })
    expect(de.body.split('|')[1]).toBe('0,25 × Käse, 1 × Brot')
    const memo = recoveryDetail({ lines: [], memo: 'Table 4\nlunch', receiptNumber: 'T1-20261128-7' })
    expect(draftMessage({ detail: memo, templates: short }).body.split('|')[1]).toBe('Table 4\nlunch')
    const numbered = recoveryDetail({ lines: [], memo: null, receiptNumber: 'T1-20261128-7' })
    expect(draftMessage({ detail: numbered, templates: short }).body.split('|')[1]).toBe('T1-20261128-7')
    // A keypad sale without memo or receipt number (it never got paid) is named by when it was rung up.
    const keypad = recoveryDetail({ lines: [], saleCreatedAt: '2026-11-28T10:00:00.000Z' })
    const bare = draftMessage({ detail: keypad, templates: short, language: 'en' })
    const expected = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(
      new Date('2026-11-28T10:00:00.000Z')
    )
    expect(bare.body.split('|')[1]).toBe(expected)
    expect(expected).toMatch(/^Nov 28, 2026/)
    expect(bare.missing).toEqual(['link'])
  })

  it('keeps the subject on one line when a value has a line break', () => {
    const templates = [{ language: 'en', subject: 'About {{items}}', body: 'x' }]
    const detail = recoveryDetail({ lines: [], memo: 'Table 4\nlunch' })
    expect(draftMessage({ detail, templates }).subject).toBe('About Table 4 lunch')
  })

  it('a mailto URL with the recipient, subject and body, CRLF line breaks', () => {
    const detail = recoveryDetail({ paymentRequest: openRequest('https://pay.example/r?a=1&b=2') })
    const draft = draftMessage({ detail, templates: short, language: 'en', shopName: 'A & B' })
    const url = new URL(draft.mailto!)
    expect(url.protocol).toBe('mailto:')
    expect(draft.mailto!.startsWith('mailto:anna.mueller@example.org?subject=')).toBe(true)
    expect(url.searchParams.get('subject')).toBe('€12.50 due at A & B')
    expect(url.searchParams.get('body')).toBe(draft.body)
  })
})
