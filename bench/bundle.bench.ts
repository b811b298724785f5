import { resolve } from 'node:path'
import { readRendererBundle, totalGzip, type BundleFile } from './renderer-bundle'

/** The figure on main before the renderer work (73de461): one unminified 758 kB file, 163,024 B gzip. */
const BEFORE_GZIP_BYTES = 163_024
/** The till's first load must stay at or under this (gzip). */
const TARGET_GZIP_BYTES = 100 * 1024

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`

/**
 * Gzip size of the renderer JS the till's first load fetches (`index.html`'s module script and its modulepreload
 * links) against the 159 KiB measured before, then each chunk loaded later. Reads `out/renderer`, which
 * `npm run bench` has just built.
 */
export async function benchBundle(): Promise<void> {
  const bundle = await readRendererBundle(resolve(__dirname, '../out/renderer'))
  const first = totalGzip(bundle.firstLoad)
  const row = (file: BundleFile): string =>
    `  ${file.fileName.padEnd(44)} ${kib(file.bytes).padStart(10)} raw ${kib(file.gzipBytes).padStart(10)} gzip`
  console.log(
    `bundle: till first load ${kib(first)} gzip (before ${kib(BEFORE_GZIP_BYTES)}; ` +
      `${Math.round((100 * first) / BEFORE_GZIP_BYTES)} % of it) — target ≤ ${kib(TARGET_GZIP_BYTES)}`
  )
  for (const file of bundle.firstLoad) console.log(row(file))
  console.log(
    `bundle: loaded later (${bundle.lazy.length} chunks, ${kib(totalGzip(bundle.lazy))} gzip in all)`
  )
  for (const file of bundle.lazy) console.log(row(file))
}
