import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

/** One built JavaScript file of the renderer, by size. */
export interface BundleFile {
  /** Path under the renderer's output folder, e.g. `assets/index-DyO9Jg8f.js`. */
  fileName: string
  /** Bytes as written. */
  bytes: number
  /** Bytes after gzip at zlib's default level (6), the figure the issue measured. */
  gzipBytes: number
}

/** The renderer's JS split into what the till's first load fetches and the chunks fetched later. */
export interface RendererBundle {
  firstLoad: BundleFile[]
  lazy: BundleFile[]
}

/** Gzipped size in bytes (zlib default level), as `BundleFile.gzipBytes`. */
export function gzipSize(code: string | Uint8Array): number {
  return gzipSync(code).length
}

/**
 * The JS files `index.html` makes the browser fetch before the till can draw: its module scripts and the
 * `modulepreload` links Vite writes for every chunk the entry imports statically. Paths relative to the output
 * folder (`assets/index-….js`), in the order they appear.
 */
export function firstLoadScripts(indexHtml: string): string[] {
  const files: string[] = []
  for (const tag of indexHtml.match(/<(script|link)\b[^>]*>/g) ?? []) {
    const isModuleScript = /^<script\b/.test(tag) && /\btype=["']?module\b/.test(tag)
    const isModulePreload = /^<link\b/.test(tag) && /\brel=["']?modulepreload\b/.test(tag)
    const url = /\b(?:src|href)=["']?([^"'\s>]+)/.exec(tag)?.[1]
    if ((isModuleScript || isModulePreload) && url?.endsWith('.js')) files.push(url.replace(/^\.?\//, ''))
  }
  return files
}

/**
 * Read a built renderer (`out/renderer` after `electron-vite build`): sizes of the first load's JS (from
 * `index.html`) and of every other JS chunk under `assets/`, each list by gzip size, largest first.
 * @throws when the folder has no `index.html` (not built) or `index.html` names no module script.
 */
export async function readRendererBundle(dir: string): Promise<RendererBundle> {
  const html = await readFile(join(dir, 'index.html'), 'utf8')
  const first = firstLoadScripts(html)
  if (first.length === 0) throw new Error(`${dir}/index.html names no module script`)
  const all = (await readdir(join(dir, 'assets')))
    .filter((name) => name.endsWith('.js'))
    .map((n) => `assets/${n}`)
  const measure = async (fileName: string): Promise<BundleFile> => {
    const code = await readFile(join(dir, fileName))
    return { fileName, bytes: code.length, gzipBytes: gzipSize(code) }
  }
  const bySize = (a: BundleFile, b: BundleFile): number => b.gzipBytes - a.gzipBytes
  return {
    firstLoad: (await Promise.all(first.map(measure))).sort(bySize),
    lazy: (await Promise.all(all.filter((name) => !first.includes(name)).map(measure))).sort(bySize)
  }
}

/** Sum of `gzipBytes`. */
export function totalGzip(files: BundleFile[]): number {
  return files.reduce((sum, file) => sum + file.gzipBytes, 0)
}
