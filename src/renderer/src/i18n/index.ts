/**
 * The till's words and formats. Messages live in `locales/<language>/<area>.ts` (one file per screen area, each
 * exporting `default` an object of messages), merged here under the area's name: `t('till.charge')` is the
 * `charge` message of `locales/en/till.ts`. English is complete and the fallback; German is complete too (a unit
 * test compares the two key sets). Money, numbers and dates go through `Intl` in `intlLocale`, never by hand.
 */
import { computed, ref } from 'vue'
import { createI18n } from 'vue-i18n'
import { formatDisplay } from '@shared/money'

/** The languages the UI is written in. */
export const LANGUAGES = ['en', 'de'] as const
export type Language = (typeof LANGUAGES)[number]

type Messages = Record<string, unknown>

const modules = import.meta.glob<{ default: Messages }>('./locales/*/*.ts', { eager: true })

/** `{en: {till: {...}, settings: {...}}, de: {...}}` from the locale files. */
function collect(): Record<Language, Messages> {
  const messages = { en: {}, de: {} } as Record<Language, Messages>
  for (const [path, module] of Object.entries(modules)) {
    const match = /\.\/locales\/(\w+)\/([\w-]+)\.ts$/.exec(path)
    if (!match) continue
    const [, language, area] = match as unknown as [string, Language, string]
    if (!messages[language]) continue
    messages[language][area] = module.default
  }
  return messages
}

/**
 * The UI language for a locale tag: `de-CH` → `de`; anything not written in → `en`.
 * @param tag a BCP 47 tag (`navigator.language`, the Settings choice), or null/undefined
 */
export function languageOf(tag: string | null | undefined): Language {
  const base = (tag ?? '').toLowerCase().split(/[-_]/)[0]
  return (LANGUAGES as readonly string[]).includes(base ?? '') ? (base as Language) : 'en'
}

/** The OS's locale as the browser reports it (`de-DE`), or `en-US`. */
export function systemLocale(): string {
  return (typeof navigator !== 'undefined' && navigator.language) || 'en-US'
}

/**
 * The locale `Intl` formats with: the chosen tag itself when it names a region (`de-AT`), else the OS locale when it
 * is of the same language, else the language's usual region (`de` → `de-DE`, `en` → `en-US`).
 */
export function intlLocaleFor(tag: string | null | undefined): string {
  const chosen = tag || systemLocale()
  if (/[-_]/.test(chosen)) return chosen.replace('_', '-')
  const system = systemLocale()
  if (languageOf(system) === languageOf(chosen) && /-/.test(system)) return system
  return languageOf(chosen) === 'de' ? 'de-DE' : 'en-US'
}

const chosenTag = ref<string | null>(null)

export const i18n = createI18n({
  legacy: false,
  locale: languageOf(systemLocale()),
  fallbackLocale: 'en',
  // Plain nested strings; typed loosely (a precise schema type is too deep for the compiler).
  messages: collect() as Record<string, Record<string, string>>,
  missingWarn: false,
  fallbackWarn: false
})

/** The `Intl` locale of the moment (reactive). */
export const intlLocale = computed(() => intlLocaleFor(chosenTag.value))

/**
 * Switch the UI to `tag` (a Settings choice such as `de` or `de-AT`), or to the OS locale for null. Sets the
 * document's `lang` so screen readers and hyphenation follow.
 */
export function setLocale(tag: string | null): void {
  chosenTag.value = tag
  const language = languageOf(tag ?? systemLocale())
  i18n.global.locale.value = language as never
  if (typeof document !== 'undefined') document.documentElement.lang = language
}

/** Money for people in the current locale: `"1234.5"`, `EUR` → `1.234,50 €` in German. Exact (no float). */
export function formatMoney(decimal: string, currency: string): string {
  return formatDisplay(decimal, currency, intlLocale.value)
}

/** A date-time for people in the current locale (ISO 8601 or ms since the epoch). */
export function formatDateTime(value: string | number, options?: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat(
    intlLocale.value,
    options ?? { dateStyle: 'medium', timeStyle: 'short' }
  ).format(new Date(value))
}
