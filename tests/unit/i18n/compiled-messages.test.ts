import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { createI18n } from 'vue-i18n'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compiledLocales, type LocaleTree } from './compiled-locales'

const renderer = join(__dirname, '../../../src/renderer/src')
const root = join(renderer, 'i18n/locales')

/** The renderer modules this test drives, imported by path: they are the web project's to type-check. */
interface RendererI18n {
  ensureMessages: (language: 'en' | 'de') => Promise<void>
  setLocale: (tag: string | null) => Promise<void>
  i18n: { global: { mergeLocaleMessage: (locale: string, messages: Record<string, unknown>) => void } }
}
interface ProcessorWords {
  processorLabel: (id: string, label: string) => string
  processorNote: (id: string, index: number, note: string) => string
}
const LANGUAGES = ['en', 'de']

/** The locale files as vitest imports them: plain strings, which vue-i18n's full build compiles at run time. */
async function sourceLocales(): Promise<LocaleTree> {
  const tree: LocaleTree = {}
  for (const language of LANGUAGES) {
    for (const file of readdirSync(join(root, language)).filter((f) => f.endsWith('.ts'))) {
      const module = (await import(join(root, language, file))) as { default: Record<string, unknown> }
      ;(tree[language] ??= {})[file.replace(/\.ts$/, '')] = module.default
    }
  }
  return tree
}

/** Every leaf of a message object, dotted (`till.charge`), with its value. */
function leaves(value: unknown, prefix: string, out = new Map<string, unknown>()): Map<string, unknown> {
  if (typeof value === 'string' || !value || typeof value !== 'object') out.set(prefix, value)
  else for (const [key, child] of Object.entries(value)) leaves(child, prefix ? `${prefix}.${key}` : key, out)
  return out
}

/** A compiled leaf: vue-i18n's message AST (`{t: 0, b: …}`), which `leaves` would otherwise walk into. */
function isAst(value: unknown): boolean {
  return !!value && typeof value === 'object' && 't' in value && 'b' in value
}

function compiledLeaves(
  value: unknown,
  prefix: string,
  out = new Map<string, unknown>()
): Map<string, unknown> {
  if (isAst(value) || typeof value !== 'object' || !value) out.set(prefix, value)
  else
    for (const [key, child] of Object.entries(value))
      compiledLeaves(child, prefix ? `${prefix}.${key}` : key, out)
  return out
}

type Translate = (key: string, named: Record<string, string>, plural?: number) => string

function translator(
  language: string,
  messages: Record<string, unknown>
): {
  t: Translate
  te: (key: string) => boolean
} {
  const instance = createI18n({
    legacy: false,
    locale: language,
    messages: { [language]: messages } as never,
    missingWarn: false,
    fallbackWarn: false
  })
  const global = instance.global as unknown as { t: Translate; te: (key: string) => boolean }
  return { t: (...args) => global.t(...args), te: (key) => global.te(key) }
}

let source: LocaleTree
let compiled: LocaleTree

beforeAll(async () => {
  source = await sourceLocales()
  compiled = await compiledLocales()
}, 120_000)

describe('the messages the build precompiles (electron.vite.config.ts, @intlify/unplugin-vue-i18n)', () => {
  it('every message of every locale file arrives compiled, none as a string the runtime-only build cannot fill', () => {
    for (const language of LANGUAGES) {
      expect(Object.keys(compiled[language] ?? {}).sort(), language).toEqual(
        Object.keys(source[language]!).sort()
      )
      const keys = compiledLeaves(compiled[language], '')
      expect(keys.size, language).toBe(leaves(source[language], '').size)
      for (const [key, value] of keys) expect(isAst(value), `${language} ${key}`).toBe(true)
    }
  })

  it('reads exactly as the run-time-compiled source: params filled, plural forms chosen, te() finds each key', () => {
    let checked = 0
    for (const language of LANGUAGES) {
      const fromSource = translator(language, source[language]!)
      const fromBuild = translator(language, compiled[language]!)
      for (const [key, text] of leaves(source[language], '')) {
        const named = Object.fromEntries(
          [...String(text).matchAll(/\{(\w+)\}/g)].map((m) => [m[1]!, `<${m[1]}>`] as [string, string])
        )
        expect(fromBuild.te(key), `${language} ${key}`).toBe(true)
        const forms = String(text).includes('|') ? [0, 1, 2, 7] : [undefined]
        for (const count of forms) {
          const expected = fromSource.t(key, named, count)
          expect(expected, `${language} ${key} is a message`).not.toBe(key)
          expect(fromBuild.t(key, named, count), `${language} ${key} (${count})`).toBe(expected)
          checked++
        }
      }
    }
    expect(checked).toBeGreaterThan(100)
  })
})

describe('processor words with precompiled messages', () => {
  let ensureMessages: RendererI18n['ensureMessages']
  let setLocale: RendererI18n['setLocale']
  let processorLabel: ProcessorWords['processorLabel']
  let processorNote: ProcessorWords['processorNote']

  beforeAll(async () => {
    const i18nModule = (await import(join(renderer, 'i18n/index.ts'))) as RendererI18n
    ;({ ensureMessages, setLocale } = i18nModule)
    ;({ processorLabel, processorNote } = (await import(
      join(renderer, 'components/settings/processor-words.ts')
    )) as ProcessorWords)
    await ensureMessages('en')
    await ensureMessages('de')
    // What the shipped till holds: the settings area as the build compiled it.
    for (const language of LANGUAGES)
      i18nModule.i18n.global.mergeLocaleMessage(language, { settings: compiled[language]!.settings })
  })
  afterAll(() => setLocale?.('en'))

  it('translates a label and a note while main’s English still matches the English message', async () => {
    await setLocale('de')
    expect(processorLabel('demo', 'Demo (no account)')).toBe('Demo (ohne Konto)')
    expect(
      processorNote(
        'demo',
        0,
        'The Demo processor takes no real money: use Simulate payment on the payment screen.'
      )
    ).toBe('Die Demo nimmt kein echtes Geld an: Nutzen Sie „Zahlung simulieren“ auf dem Zahlungsbildschirm.')
  })

  it('shows main’s own words once they differ from the English message', async () => {
    await setLocale('de')
    expect(processorLabel('demo', 'Demo (test shop)')).toBe('Demo (test shop)')
    expect(processorLabel('nobody', 'Nobody Pay')).toBe('Nobody Pay')
  })
})
