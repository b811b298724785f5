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
  const { idle, tracked, open } = JSON.parse(line) as { idle: number; tracked: number; open: number }
  console.log(`Main-process RSS idle: ${idle.toFixed(1)} MiB`)
  console.log(`Main-process RSS with ${open} open invoices tracked: ${tracked.toFixed(1)} MiB`)
}
