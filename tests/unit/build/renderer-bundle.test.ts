import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { resolveConfig } from 'electron-vite'
import { build, mergeConfig, type InlineConfig, type Rollup } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { firstLoadScripts, gzipSize } from '../../../bench/renderer-bundle'

const ROOT = resolve(__dirname, '../../..')
/** The till's first load (entry chunk and its static imports) must stay at or under this, gzip. */
const FIRST_LOAD_LIMIT_GZIP = 100 * 1024
/** Strings zod's code keeps through minification: its internals' key, its trait names, its error's name. */
const ZOD_MARKERS = ['_zod', '$ZodType', 'ZodError']
/**
 * What of vue-i18n's message compiler may stay in the first load, rendered bytes: its error-code table, which the
 * runtime build still imports (380 bytes today). The tokenizer and parser (~42 kB) must not: the build precompiles
 * every message (`@intlify/unplugin-vue-i18n` in electron.vite.config.ts).
 */
const MESSAGE_COMPILER_MAX_BYTES = 1024

/** The screens a sale does not pass through: never in the first load (router.ts `LAZY_VIEWS`, the owner panel). */
const LAZY_MODULES = [
  'views/SettingsView.vue',
  'views/RefundView.vue',
  'views/RecentView.vue',
  'views/ReceiptView.vue',
  'views/DayView.vue',
  'views/RecoveryView.vue',
  'components/owner/OwnerPlisioAccount.vue'
]

interface Built {
  chunks: Rollup.OutputChunk[]
  assets: Rollup.OutputAsset[]
}

const outDir = mkdtempSync(join(tmpdir(), 'kassa-bundle-'))
const savedEnv = { ...process.env }

/** Build one electron-vite target (`electron.vite.config.ts`, production) in memory. */
async function buildTarget(target: 'renderer' | 'preload'): Promise<Built> {
  const { config } = await resolveConfig({ root: ROOT, logLevel: 'silent' }, 'build', 'production')
  const targetConfig = config?.[target]
  if (!targetConfig) throw new Error(`electron.vite.config.ts has no ${target} config`)
  return collect(
    await build(
      mergeConfig(targetConfig as InlineConfig, {
        logLevel: 'silent',
        build: { write: false, outDir: join(outDir, target), emptyOutDir: false }
      })
    )
  )
}

function collect(result: Awaited<ReturnType<typeof build>>): Built {
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[]
  const files = outputs.flatMap((output) => output.output)
  return {
    chunks: files.filter((file): file is Rollup.OutputChunk => file.type === 'chunk'),
    assets: files.filter((file): file is Rollup.OutputAsset => file.type === 'asset')
  }
}

/** The entry chunk and every chunk it imports statically, transitively: what the browser must load first. */
function firstLoad(chunks: Rollup.OutputChunk[]): Rollup.OutputChunk[] {
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]))
  const seen = new Set<string>()
  const visit = (fileName: string): void => {
    if (seen.has(fileName)) return
    seen.add(fileName)
    for (const imported of byName.get(fileName)?.imports ?? []) visit(imported)
  }
  for (const chunk of chunks) if (chunk.isEntry) visit(chunk.fileName)
  return [...seen].map((fileName) => byName.get(fileName)!)
}

/** Where zod shows in built chunks: a zod module in a chunk, or one of its marker strings in the code. */
function zodTraces(chunks: Rollup.OutputChunk[]): string[] {
  const traces: string[] = []
  for (const chunk of chunks) {
    for (const id of chunk.moduleIds)
      if (/[\\/]node_modules[\\/]zod[\\/]/.test(id)) traces.push(`${chunk.fileName}: ${id}`)
    for (const marker of ZOD_MARKERS)
      if (chunk.code.includes(marker)) traces.push(`${chunk.fileName}: "${marker}"`)
  }
  return traces
}

let renderer: Built
let preload: Built

beforeAll(async () => {
  renderer = await buildTarget('renderer')
  preload = await buildTarget('preload')
}, 240_000)

afterAll(() => {
  // resolveConfig sets NODE_ENV for the production build; leave the worker's environment as it was.
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key]
  Object.assign(process.env, savedEnv)
  rmSync(outDir, { recursive: true, force: true })
})

describe('the renderer build (electron.vite.config.ts, production)', () => {
  it('contains no zod: no zod module in any chunk, none of its strings in the code', () => {
    expect(renderer.chunks.length).toBeGreaterThan(0)
    expect(zodTraces(renderer.chunks)).toEqual([])
  })

  it('the preload contains no zod either', () => {
    expect(preload.chunks.length).toBeGreaterThan(0)
    expect(zodTraces(preload.chunks)).toEqual([])
  })

  it('the zod check finds zod where main bundles it (the check can fail)', async () => {
    const schemas = collect(
      await build({
        configFile: false,
        logLevel: 'silent',
        resolve: { alias: { '@shared': resolve(ROOT, 'src/shared') } },
        build: {
          write: false,
          outDir: join(outDir, 'control'),
          minify: 'esbuild',
          lib: { entry: resolve(ROOT, 'src/shared/call-schemas.ts'), formats: ['es'], fileName: 'schemas' }
        }
      })
    )
    const traces = zodTraces(schemas.chunks)
    expect(traces.some((trace) => trace.includes('node_modules'))).toBe(true)
    for (const marker of ZOD_MARKERS)
      expect(
        traces.some((trace) => trace.endsWith(`"${marker}"`)),
        marker
      ).toBe(true)
  }, 120_000)

  it('is minified', () => {
    const entry = renderer.chunks.find((chunk) => chunk.isEntry)!
    const lines = entry.code.split('\n').length
    expect(entry.code.length / lines).toBeGreaterThan(1000)
    // A TSDoc sentence from the API client never reaches the screen.
    expect(entry.code).not.toContain('Every call answers a `Result`')
  })

  it(`loads the till in at most ${FIRST_LOAD_LIMIT_GZIP / 1024} KiB of gzip JS, without the other screens`, () => {
    const first = firstLoad(renderer.chunks)
    const gzip = first.reduce((sum, chunk) => sum + gzipSize(chunk.code), 0)
    expect(gzip).toBeLessThanOrEqual(FIRST_LOAD_LIMIT_GZIP)
    const firstModules = first.flatMap((chunk) => chunk.moduleIds)
    expect(firstModules.some((id) => id.endsWith('views/TillView.vue'))).toBe(true)
    for (const lazy of LAZY_MODULES) {
      expect(
        firstModules.filter((id) => id.endsWith(lazy)),
        lazy
      ).toEqual([])
      expect(
        renderer.chunks.some((chunk) => chunk.moduleIds.some((id) => id.endsWith(lazy))),
        lazy
      ).toBe(true)
    }
  })

  it("ships vue-i18n's runtime-only build without the message compiler (messages are compiled at build time)", () => {
    // Any chunk, not only the first load: a compiler in a lazy chunk would mean some message is compiled at run time.
    const modules = renderer.chunks.flatMap((chunk) => Object.entries(chunk.modules))
    const vueI18n = modules.filter(([id]) => /[\\/]node_modules[\\/]vue-i18n[\\/]dist[\\/]/.test(id))
    expect(vueI18n.map(([id]) => id.replace(/^.*[\\/]/, ''))).toEqual(['vue-i18n.runtime.mjs'])
    const compiler = modules.filter(([id]) =>
      /[\\/]node_modules[\\/]@intlify[\\/]message-compiler[\\/]/.test(id)
    )
    const rendered = compiler.reduce((sum, [, module]) => sum + module.renderedLength, 0)
    expect(rendered).toBeLessThanOrEqual(MESSAGE_COMPILER_MAX_BYTES)
  })

  it('keeps chart.js in the Day screen’s chunk only', () => {
    const withChartJs = renderer.chunks.filter((chunk) =>
      chunk.moduleIds.some((id) => /[\\/]node_modules[\\/]chart\.js[\\/]/.test(id))
    )
    expect(withChartJs.length).toBeGreaterThan(0)
    for (const chunk of withChartJs)
      expect(
        chunk.moduleIds.some((id) => id.endsWith('views/DayView.vue')),
        chunk.fileName
      ).toBe(true)
  })

  it("index.html names exactly the first load's chunks (what `npm run bench -- bundle` measures)", () => {
    const html = renderer.assets.find((asset) => asset.fileName.endsWith('index.html'))
    expect(html).toBeDefined()
    const named = firstLoadScripts(String(html!.source)).sort()
    expect(named).toEqual(
      firstLoad(renderer.chunks)
        .map((chunk) => chunk.fileName)
        .sort()
    )
  })
})
