import { describe, expect, it } from 'vitest'
import { KassaError } from '@shared/errors'
import { RECOVERY_VARIABLES, type RecoveryTemplate } from '@shared/recovery'
import {
  checkTemplate,
  checkTemplates,
  DEFAULT_TEMPLATES,
  fillTemplate,
  readTemplates,
  TEMPLATES_KEY
} from '../../../src/main/recovery/messages/templates'

const template = (body: string, subject = 'Hello', language = 'de'): RecoveryTemplate => ({
  language,
  subject,
  body
})

function refusal(run: () => void): KassaError {
  try {
    run()
  } catch (error) {
    if (error instanceof KassaError) return error
    throw error
  }
  throw new Error('not refused')
}

describe('recovery templates: the check when saved', () => {
  it.each(RECOVERY_VARIABLES.flatMap((name) => [`{{${name}}}`, `{{ ${name} }}`, `{{\t${name}  }}`]))(
    'takes %j',
    (variable) => {
      expect(() => checkTemplate(template(`Pay ${variable} now`, `About ${variable}`))).not.toThrow()
    }
  )

  it.each([
    ['body', template('Hi {{foo}}'), 'foo'],
    ['body, spaced', template('Hi {{ customerName }}'), 'customerName'],
    ['subject', template('Hi', 'Re {{amount}}'), 'amount'],
    ['wrong case', template('{{Customer}}'), 'Customer']
  ])('refuses an unknown variable (%s), naming it and the language', (_what, t, name) => {
    const error = refusal(() => checkTemplate(t))
    expect(error.code).toBe('invalid-input')
    expect(error.message).toBe(`Unknown variable {{${name}}} in the German template`)
    expect(error.params).toEqual({ reason: 'unknown-variable', name, language: 'de' })
  })

  it('names the English template in English', () => {
    expect(refusal(() => checkTemplate(template('{{x}}', 'S', 'en'))).message).toBe(
      'Unknown variable {{x}} in the English template'
    )
  })

  it.each([
    ['an unclosed {{', 'Pay {{link now'],
    ['a lone }}', 'Pay link}} now'],
    ['empty braces', 'Pay {{ }}'],
    ['two words', 'Pay {{amount due}}'],
    ['an extra }}', '{{{customer}}}}'],
    ['in the subject', 'ok', 'Re {{']
  ])('refuses %s as malformed', (_what, body, subject = 'S') => {
    const error = refusal(() => checkTemplate(template(body, subject)))
    expect(error.code).toBe('invalid-input')
    expect(error.params).toEqual({ reason: 'malformed-template', language: 'de' })
    expect(error.message).toContain('German template')
  })

  it('takes single braces as text', () => {
    expect(() => checkTemplate(template('Use {code} or } or {'))).not.toThrow()
  })

  it('refuses two templates of one language (case ignored)', () => {
    const error = refusal(() => checkTemplates([template('a', 'S', 'de'), template('b', 'S', 'DE')]))
    expect(error.params).toEqual({ reason: 'duplicate-language', language: 'DE' })
    expect(() => checkTemplates([template('a', 'S', 'de'), template('b', 'S', 'de-AT')])).not.toThrow()
  })

  it('the defaults pass their own check, in English and German', () => {
    expect(DEFAULT_TEMPLATES.map((t) => t.language)).toEqual(['en', 'de'])
    expect(() => checkTemplates(DEFAULT_TEMPLATES)).not.toThrow()
    const german = DEFAULT_TEMPLATES[1]!
    expect(german.body).toMatch(/^Hallo \{\{customer\}\},/)
    for (const name of RECOVERY_VARIABLES) expect(german.body + german.subject).toContain(`{{${name}}}`)
  })
})

describe('recovery templates: stored and filled', () => {
  it('reads the defaults until saved, then the saved ones; an unreadable value gives the defaults', () => {
    const settings = new Map<string, string>()
    const ledger = { getSetting: (key: string) => settings.get(key) ?? null }
    expect(readTemplates(ledger)).toEqual(DEFAULT_TEMPLATES)
    settings.set(TEMPLATES_KEY, JSON.stringify([template('Hallo {{customer}}')]))
    expect(readTemplates(ledger)).toEqual([template('Hallo {{customer}}')])
    settings.set(TEMPLATES_KEY, '{not json')
    expect(readTemplates(ledger)).toEqual(DEFAULT_TEMPLATES)
  })

  it('fills variables with spaces inside the braces and brackets the ones without a value', () => {
    const missing = new Set<(typeof RECOVERY_VARIABLES)[number]>()
    expect(
      fillTemplate(
        '{{ customer }} pays {{amountDue}} at {{link}}',
        { customer: 'Anna', amountDue: '€1.00' },
        missing
      )
    ).toBe('Anna pays €1.00 at [link]')
    expect([...missing]).toEqual(['link'])
  })
})
