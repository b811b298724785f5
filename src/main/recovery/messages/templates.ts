import { z } from 'zod'
import { KassaError } from '@shared/errors'
import { RECOVERY_VARIABLES, type RecoveryTemplate, type RecoveryVariable } from '@shared/recovery'
import { RecoveryTemplateSchema } from '@shared/recovery-schemas'
import type { Ledger } from '../../ledger/ledger'

/** The settings key the owner's templates are kept under (JSON array of `RecoveryTemplate`). */
export const TEMPLATES_KEY = 'recovery:templates'

/** The templates until the owner saves their own: one per UI language. */
export const DEFAULT_TEMPLATES: readonly RecoveryTemplate[] = [
  {
    language: 'en',
    subject: 'Your purchase at {{shop}}: {{amountDue}} still open',
    body: [
      'Hello {{customer}},',
      '',
      'thank you for your purchase at {{shop}} ({{items}}). Unfortunately the payment did not go through in full, ' +
        'so {{amountDue}} is still open.',
      '',
      'You can pay it here: {{link}}',
      '',
      'If you have already paid or have a question, simply reply to this e-mail.',
      '',
      'Kind regards',
      '{{shop}}'
    ].join('\n')
  },
  {
    language: 'de',
    subject: 'Ihr Einkauf bei {{shop}}: {{amountDue}} noch offen',
    body: [
      'Hallo {{customer}},',
      '',
      'vielen Dank für Ihren Einkauf bei {{shop}} ({{items}}). Leider ist die Zahlung nicht vollständig bei uns ' +
        'eingegangen; der offene Betrag beträgt {{amountDue}}.',
      '',
      'Sie können ihn bequem hier bezahlen: {{link}}',
      '',
      'Falls Sie bereits bezahlt haben oder Fragen haben, antworten Sie einfach auf diese E-Mail.',
      '',
      'Mit freundlichen Grüßen',
      '{{shop}}'
    ].join('\n')
  }
]

/** `{{ name }}`: a variable, whitespace inside the braces allowed. */
const VARIABLE = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g

/** The language's English name for messages (`de` → `German`); the tag itself when Intl does not know it. */
export function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames('en', { type: 'language' }).of(tag) ?? tag
  } catch {
    return tag
  }
}

/**
 * Check one template's subject and body: every `{{ name }}` one of `RECOVERY_VARIABLES`, no stray `{{` or `}}`.
 * @throws KassaError `invalid-input` with params `{reason: 'unknown-variable', name, language}` or
 *   `{reason: 'malformed-template', language}`
 */
export function checkTemplate(template: RecoveryTemplate): void {
  const where = `the ${languageName(template.language)} template`
  for (const text of [template.subject, template.body]) {
    for (const match of text.matchAll(VARIABLE)) {
      const name = match[1]!
      if (!(RECOVERY_VARIABLES as readonly string[]).includes(name)) {
        throw new KassaError('invalid-input', `Unknown variable {{${name}}} in ${where}`, {
          reason: 'unknown-variable',
          name,
          language: template.language
        })
      }
    }
    const rest = text.replace(VARIABLE, '')
    if (rest.includes('{{') || rest.includes('}}')) {
      throw new KassaError(
        'invalid-input',
        `A {{ or }} in ${where} is not a variable: write variables as {{name}}`,
        { reason: 'malformed-template', language: template.language }
      )
    }
  }
}

/**
 * Check a set of templates (each with `checkTemplate`, one per language, languages compared case-insensitively).
 * @throws KassaError `invalid-input` (see `checkTemplate`; `{reason: 'duplicate-language', language}`)
 */
export function checkTemplates(templates: readonly RecoveryTemplate[]): void {
  const seen = new Set<string>()
  for (const template of templates) {
    const key = template.language.toLowerCase()
    if (seen.has(key)) {
      throw new KassaError(
        'invalid-input',
        `There are two ${languageName(template.language)} templates: keep one per language`,
        { reason: 'duplicate-language', language: template.language }
      )
    }
    seen.add(key)
    checkTemplate(template)
  }
}

/** The saved templates, or the defaults when none are saved (or the saved value cannot be read). */
export function readTemplates(ledger: Pick<Ledger, 'getSetting'>): RecoveryTemplate[] {
  const raw = ledger.getSetting(TEMPLATES_KEY)
  if (raw !== null) {
    try {
      const parsed = z.array(RecoveryTemplateSchema).min(1).safeParse(JSON.parse(raw))
      if (parsed.success) return parsed.data
    } catch {
      // unreadable: the defaults below
    }
  }
  return DEFAULT_TEMPLATES.map((template) => ({ ...template }))
}

/**
 * Put values into a template text: `{{ name }}` → its value, or `[name]` when it has none (listed in `missing`).
 */
export function fillTemplate(
  text: string,
  values: Partial<Record<RecoveryVariable, string>>,
  missing: Set<RecoveryVariable>
): string {
  return text.replace(VARIABLE, (_whole, name: string) => {
    const variable = name as RecoveryVariable
    const value = values[variable]
    if (value !== undefined) return value
    missing.add(variable)
    return `[${name}]`
  })
}
