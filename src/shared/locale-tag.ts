/**
 * The UI locale the owner may choose: a BCP 47 tag (`de`, `de-AT`, `en-GB`) of a language the UI is written in.
 * Pure (no zod): main's schema and the Settings screen apply the same rule.
 */

/** Languages the UI is written in (`src/renderer/src/i18n/locales/<language>`). */
export const UI_LANGUAGES = ['en', 'de'] as const

/** Longest tag accepted; real ones are far shorter (`de-CH-1996` is 10). */
const MAX_TAG_LENGTH = 35

/**
 * Why `tag` is not a locale the till can use, or null when it is. Returns the canonical form's problem only:
 * `de-at` is fine (canonicalised by {@link canonicalLocaleTag}).
 * @param tag what the owner chose, e.g. `de-AT`
 */
export function localeTagProblem(tag: string): string | null {
  if (tag.length === 0 || tag.length > MAX_TAG_LENGTH) return 'A locale tag has 2 to 35 characters'
  let canonical: string
  try {
    canonical = canonicalLocaleTag(tag)
  } catch {
    return `"${tag}" is not a BCP 47 language tag`
  }
  const language = canonical.split('-')[0]!.toLowerCase()
  if (!(UI_LANGUAGES as readonly string[]).includes(language)) {
    return `Kassa is not written in "${language}" (choose one of ${UI_LANGUAGES.join(', ')})`
  }
  return null
}

/**
 * The canonical form of a BCP 47 tag (`de-at` → `de-AT`).
 * @throws RangeError when `tag` is not a well-formed tag
 */
export function canonicalLocaleTag(tag: string): string {
  const [canonical] = Intl.getCanonicalLocales(tag)
  if (!canonical) throw new RangeError(`"${tag}" is not a BCP 47 language tag`)
  return canonical
}
