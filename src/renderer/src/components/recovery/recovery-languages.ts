import { LANGUAGES } from '../../i18n'

/**
 * The languages a recovery message can be drafted in: the UI's own (there is a default template for each) and any
 * other one already in use (a template the owner saved, a customer's language), each once, in that order.
 */
export function messageLanguages(...others: (string | null | undefined)[]): string[] {
  return [...new Set<string>([...LANGUAGES, ...others.filter((l): l is string => !!l)])]
}

/** Whether the UI has a name for `language` in `recovery.languages` (else the tag itself is shown). */
export function knownLanguage(language: string): boolean {
  return (LANGUAGES as readonly string[]).includes(language)
}
