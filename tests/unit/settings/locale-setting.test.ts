import { describe, expect, it } from 'vitest'
import { calls } from '@shared/call-schemas'
import { canonicalLocaleTag, localeTagProblem } from '@shared/locale-tag'

const update = calls['settings:update'].input

describe('the UI locale setting', () => {
  it('accepts a BCP 47 tag of a written language, canonicalised, and null to follow the OS', () => {
    expect(update.parse({ locale: 'de' })).toEqual({ locale: 'de' })
    expect(update.parse({ locale: 'de-at' })).toEqual({ locale: 'de-AT' })
    expect(update.parse({ locale: ' en-GB ' })).toEqual({ locale: 'en-GB' })
    expect(update.parse({ locale: null })).toEqual({ locale: null })
    expect(update.parse({})).toEqual({})
  })

  it('refuses a language the UI is not written in, a malformed tag, and a non-string', () => {
    for (const locale of ['fr', 'fr-FR', 'zz', 'de_DE', 'not a tag', '', 'x'.repeat(40), 42, true]) {
      expect(update.safeParse({ locale }).success, JSON.stringify(locale)).toBe(false)
    }
    expect(localeTagProblem('fr')).toMatch(/not written in "fr"/)
    expect(localeTagProblem('de_DE')).toMatch(/not a BCP 47/)
    expect(localeTagProblem('de-CH')).toBeNull()
    expect(canonicalLocaleTag('EN-us')).toBe('en-US')
  })
})
