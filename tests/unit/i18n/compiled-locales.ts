import { resolve } from 'node:path'
import { resolveConfig } from 'electron-vite'
import { build, type InlineConfig, type Plugin, type Rollup } from 'vite'

const ROOT = resolve(__dirname, '../../..')
const ENTRY = '\0kassa-compiled-locales'

/** Locale messages by language and area, as `src/renderer/src/i18n/locales/<language>/<area>.ts` default-exports. */
export type LocaleTree = Record<string, Record<string, Record<string, unknown>>>

/**
 * Every locale file as the shipped renderer sees it: built by Vite with the renderer's own plugins from
 * `electron.vite.config.ts` (production), so messages arrive precompiled by `@intlify/unplugin-vue-i18n` exactly as
 * in the till. Vitest itself imports the locale files as plain strings; this is how a test gets the other form.
 * Takes a few seconds (one Vite build in memory). Restores `process.env` (electron-vite sets `NODE_ENV`).
 * @throws when the renderer config is missing or the build fails (a message the plugin cannot compile).
 */
export async function compiledLocales(): Promise<LocaleTree> {
  const savedEnv = { ...process.env }
  try {
    const { config } = await resolveConfig({ root: ROOT, logLevel: 'silent' }, 'build', 'production')
    const renderer = config?.renderer as InlineConfig | undefined
    if (!renderer) throw new Error('electron.vite.config.ts has no renderer config')
    // One virtual entry that imports every locale file, so the plugin's `include` decides how each is compiled.
    const entry: Plugin = {
      name: 'kassa-compiled-locales',
      resolveId: (id) => (id === ENTRY ? id : null),
      load: (id) =>
        id === ENTRY
          ? `export default import.meta.glob('/src/renderer/src/i18n/locales/*/*.ts', { eager: true, import: 'default' })`
          : null
    }
    const result = (await build({
      ...renderer,
      root: ROOT,
      configFile: false,
      logLevel: 'silent',
      mode: 'production',
      // electron-vite's own plugins would build the whole renderer from index.html; keep Vue's and vue-i18n's.
      plugins: [
        ...(renderer.plugins ?? []).flat(5).filter((plugin) => {
          const name = plugin && typeof plugin === 'object' && 'name' in plugin ? plugin.name : ''
          return !name.startsWith('vite:electron')
        }),
        entry
      ],
      build: {
        write: false,
        minify: false,
        modulePreload: false,
        // An app build drops an entry's exports unless told to keep them.
        rollupOptions: {
          input: ENTRY,
          preserveEntrySignatures: 'strict',
          output: { format: 'es', inlineDynamicImports: true }
        }
      }
    })) as Rollup.RollupOutput | Rollup.RollupOutput[]
    const output = (Array.isArray(result) ? result : [result]).flatMap((r) => r.output)
    const chunk = output.find((file): file is Rollup.OutputChunk => file.type === 'chunk' && file.isEntry)
    if (!chunk) throw new Error('the locale build wrote no entry chunk')
    const byPath = (
      (await import(`data:text/javascript;base64,${Buffer.from(chunk.code).toString('base64')}`)) as {
        default: Record<string, Record<string, unknown>>
      }
    ).default
    const tree: LocaleTree = {}
    for (const [path, messages] of Object.entries(byPath)) {
      const [, language, area] = /\/locales\/(\w+)\/([\w-]+)\.ts$/.exec(path) ?? []
      if (!language || !area) continue
      ;(tree[language] ??= {})[area] = messages
    }
    return tree
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key]
    Object.assign(process.env, savedEnv)
  }
}
