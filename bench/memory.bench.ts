import { execFileSync } from 'node:child_process'
import { join } from 'node:path'

/** Main-process RSS idle and with 1,000 open invoices tracked, in a separate Node process running the real core. */
export function benchMemory(): void {
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(__dirname, 'memory-worker.ts')],
    {
      encoding: 'utf8',
      env: process.env
    }
  )
  const line = out.trim().split('\n').at(-1) ?? '{}'
  const { idle, idleHeap, tracked, trackedHeap, open } = JSON.parse(line) as Record<string, number>
  const f = (v: number | undefined) => (v ?? NaN).toFixed(1)
  console.log(`Main-process RSS idle: ${f(idle)} MiB (JS heap used ${f(idleHeap)} MiB)`)
  console.log(
    `Main-process RSS with ${open} open invoices tracked: ${f(tracked)} MiB (JS heap used ${f(trackedHeap)} MiB)`
  )
}
