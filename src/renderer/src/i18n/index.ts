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

/**
 * The areas the till and payment screens (the first load) need; English ones are bundled, as the fallback. Every
 * other file (German, and the owner's screens' areas) is its own small chunk, loaded by `ensureMessages` before a
 * screen that needs it is shown, or when the language changes.
 */
export const CORE_AREAS = ['common', 'app', 'errors', 'till', 'payment'] as const

const bundled = import.meta.glob<{ default: Messages }>('./locales/en/{common,app,errors,till,payment}.ts', {
  eager: true
})
const loaders = import.meta.glob<{ default: Messages }>([
  './locales/*/*.ts',
  '!./locales/en/{common,app,errors,till,payment}.ts'
])

/** `{en: {till: {...}, ...}, de: {}}` from the bundled English files. */
function collect(): Record<Language, Record<string, Messages>> {
  const messages: Record<Language, Record<string, Messages>> = { en: {}, de: {} }
  for (const [path, module] of Object.entries(bundled)) {
    const area = /\/([\w-]+)\.ts$/.exec(path)?.[1]
    if (area) messages.en[area] = module.default
  }
  return messages
}

/** Areas merged into vue-i18n, per language. */
const loaded: Record<Language, Set<string>> = {
  en: new Set(CORE_AREAS),
  de: new Set()
}

/**
 * Areas some screen has asked for, in any language (loaded or still loading): a language switch loads all of them
 * for the new language, so a switch during a load still ends with every area the screen needs.
 */
const wantedAreas = new Set<string>(CORE_AREAS)

/** Every area a language has files for. */
function areasOf(language: Language): string[] {
  const fromLoaders = Object.keys(loaders)
    .map((path) => /\.\/locales\/(\w+)\/([\w-]+)\.ts$/.exec(path))
    .filter((m): m is RegExpExecArray => m !== null && m[1] === language)
    .map((m) => m[2]!)
  return language === 'en' ? [...CORE_AREAS, ...fromLoaders] : fromLoaders
}

/**
 * Load `areas` of `language` (all its areas when omitted), and the same areas in English, and merge them into
 * vue-i18n; areas already loaded are skipped, so calling it again is cheap. English comes along because it is the
 * fallback and because `processor-words.ts` compares main's English with it, also when the till started in German.
 * A failed chunk load rejects (the router's recovery reloads the page).
 */
export async function ensureMessages(language: Language, areas?: readonly string[]): Promise<void> {
  const asked = areas ?? areasOf(language)
  for (const area of asked) wantedAreas.add(area)
  const languages: Language[] = language === 'en' ? ['en'] : [language, 'en']
  await Promise.all(
    languages.flatMap((lang) =>
      asked
        .filter((area) => !loaded[lang].has(area))
        .map(async (area) => {
          const load = loaders[`./locales/${lang}/${area}.ts`]
          if (!load) return
          const module = await load()
          i18n.global.mergeLocaleMessage(lang, { [area]: module.default } as never)
          loaded[lang].add(area)
        })
    )
  )
}

/** Load every area of the current language (for the owner's screens); also what `prefetchViews` warms. */
export function ensureAllMessages(): Promise<void> {
  allWanted = true
  const language = switchingTo ?? (i18n.global.locale.value as Language)
  return ensureMessages(language)
}

/** Some screen needs every area: a language switch then loads them all for the new language too. */
let allWanted = false
/** The language a `setLocale` in progress switches to, so a screen asking meanwhile loads its messages. */
let switchingTo: Language | null = null

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
  // English until `setLocale` has loaded the chosen language's messages (main.ts awaits it before mounting).
  locale: 'en',
  fallbackLocale: 'en',
  // Plain nested strings; typed loosely (a precise schema type is too deep for the compiler).
  messages: collect() as unknown as Record<string, Record<string, string>>,
  missingWarn: false,
  fallbackWarn: false
})

/** The `Intl` locale of the moment (reactive). */
export const intlLocale = computed(() => intlLocaleFor(chosenTag.value))

/**
 * Switch the UI to `tag` (a Settings choice such as `de` or `de-AT`), or to the OS locale for null, once the new
 * language's messages for every area loaded so far are in (so no screen shows keys). Sets the document's `lang` so
 * screen readers and hyphenation follow.
 */
export async function setLocale(tag: string | null): Promise<void> {
  const language = languageOf(tag ?? systemLocale())
  switchingTo = language
  try {
    await ensureMessages(language, [...wantedAreas])
    // A screen may have asked for every area while this one loaded (the owner's screens at start).
    if (allWanted) await ensureMessages(language)
  } finally {
    if (switchingTo === language) switchingTo = null
  }
  chosenTag.value = tag
  i18n.global.locale.value = language as never
  if (typeof document !== 'undefined') document.documentElement.lang = language
  try {
    globalThis.localStorage?.setItem(LOCALE_KEY, tag ?? '')
  } catch {
    // Storage refused (private mode): the next start shows the OS language until the settings load.
  }
}

const LOCALE_KEY = 'kassa.locale'

/**
 * The language the till last showed (`setLocale` keeps it), so the next start draws in it before main's settings
 * arrive; null (follow the OS) when none was kept.
 */
export function rememberedLocale(): string | null {
  try {
    return globalThis.localStorage?.getItem(LOCALE_KEY) || null
  } catch {
    return null
  }
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
