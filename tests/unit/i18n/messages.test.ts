import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(__dirname, '../../../src/renderer/src/i18n/locales')

/** Every leaf key of a message object, dotted (`till.charge`), with its text. */
function leaves(value: unknown, prefix: string, out: Map<string, string>): Map<string, string> {
  if (typeof value === 'string') out.set(prefix, value)
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) leaves(child, prefix ? `${prefix}.${key}` : key, out)
  }
  return out
}

async function load(language: string): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  for (const file of readdirSync(join(root, language)).filter((f) => f.endsWith('.ts'))) {
    const module = (await import(join(root, language, file))) as { default: unknown }
    leaves(module.default, file.replace(/\.ts$/, ''), out)
  }
  return out
}

/** Named placeholders of a message (`{amount}`), sorted. */
function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort()
}

describe('UI messages', () => {
  it('English and German have the same areas and keys, none empty, with the same placeholders', async () => {
    const en = await load('en')
    const de = await load('de')
    expect(en.size).toBeGreaterThan(0)
    expect(
      [...de.keys()].filter((k) => !en.has(k)),
      'German keys English lacks'
    ).toEqual([])
    expect(
      [...en.keys()].filter((k) => !de.has(k)),
      'English keys German lacks'
    ).toEqual([])
    for (const [key, text] of en) {
      expect(text.trim(), `en ${key} is empty`).not.toBe('')
      expect(de.get(key)!.trim(), `de ${key} is empty`).not.toBe('')
      expect(placeholders(de.get(key)!), `placeholders of ${key}`).toEqual(placeholders(text))
    }
  })
})
