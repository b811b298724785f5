import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CatalogImportResult, CatalogListView } from '@shared/catalog'
import type { Core } from '../../../src/main/core'
import { MAX_BODY_BYTES } from '../../../src/main/web/limits'
import { startWebHost, type WebHost } from '../../../src/main/web/server'
import { tempDir } from '../../fixtures/temp-dir'
import { testCore } from './helpers'

// The catalog calls over the web host, as the browser till makes them: a CSV larger than the 64 KiB other calls
// may carry is taken (catalog:importCsv has its own limit), other calls keep theirs, and a Demo till has no
// processor catalog to import.
let dir: ReturnType<typeof tempDir>
let core: Core
let web: WebHost

beforeAll(async () => {
  dir = tempDir()
  const rendererDir = join(dir.path, 'renderer')
  mkdirSync(rendererDir, { recursive: true })
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>catalog</title>')
  core = testCore(join(dir.path, 'data'))
  await core.start()
  web = await startWebHost({ handlers: core.handlers, events: core.events, rendererDir, port: 0 })
})

afterAll(async () => {
  await web.close()
  await core.stop()
  dir.remove()
})

async function post(
  name: string,
  input: unknown
): Promise<{ status: number; body: { ok: boolean } & never }> {
  const response = await fetch(`${web.origin}/api/call/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${web.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input)
  })
  return { status: response.status, body: (await response.json()) as never }
}

describe('catalog calls over the web host', () => {
  it('imports a CSV over 64 KiB, lists it, finds by code, exports it', async () => {
    const rows = Array.from(
      { length: 3000 },
      (_, i) => `Item number ${i},${(i % 9) + 1}.50,SKU-${i},${7000000 + i}`
    )
    const csv = ['title,price,sku,barcode', ...rows].join('\n')
    expect(csv.length).toBeGreaterThan(MAX_BODY_BYTES)
    const imported = await post('catalog:importCsv', { csv })
    expect(imported.status).toBe(200)
    expect((imported.body as { value: CatalogImportResult }).value).toEqual({
      created: 3000,
      updated: 0,
      refused: []
    })
    const list = await post('catalog:list', {})
    expect((list.body as { value: CatalogListView }).value.items).toHaveLength(3000)
    const found = await post('catalog:byCode', { code: '7000042' })
    expect(found.body).toMatchObject({ ok: true, value: { title: 'Item number 42', sku: 'SKU-42' } })
    expect((await post('catalog:byCode', { code: 'nope' })).body).toEqual({ ok: true, value: null })
    const exported = await post('catalog:exportCsv', {})
    expect((exported.body as { value: { csv: string } }).value.csv.split('\n')).toHaveLength(3002)
  })

  it('keeps the 64 KiB limit for other calls, and names the catalog calls’ own refusals', async () => {
    const big = await post('catalog:byCode', { code: 'x'.repeat(MAX_BODY_BYTES) })
    expect(big.status).toBe(413)
    expect((await post('catalog:importProcessor', {})).body).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('no catalog') }
    })
    expect((await post('catalog:save', { title: 'A' })).body).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' }
    })
  })
})
