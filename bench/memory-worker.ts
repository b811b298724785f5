// Child process of the memory benchmark: a real core with N open Demo invoices tracked; prints RSS as JSON.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCore } from '../src/main/core'
import type { SecretStore } from '../src/main/secrets/secret-store'

const OPEN = Number(process.env.KASSA_BENCH_OPEN ?? 1000)
const noSecrets: SecretStore = {
  availability: async () => ({ available: false, reason: 'benchmark' }),
  set: async () => undefined,
  get: async () => null,
  delete: async () => false
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const rssMiB = () => process.memoryUsage().rss / 1024 / 1024
const heapMiB = () => process.memoryUsage().heapUsed / 1024 / 1024

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kassa-mem-'))
  const core = createCore({ dataDir, secrets: noSecrets, version: 'bench', transport: 'web' })
  await core.start()
  await settle(2000)
  global.gc?.()
  const idle = rssMiB()
  const idleHeap = heapMiB()
  for (let i = 0; i < OPEN; i++) {
    const result = await core.handlers['sale:charge']({ amount: `${1 + (i % 90)}.00`, currency: 'USD' })
    if (result.state !== 'awaiting') throw new Error(`sale ${i} is ${result.state}`)
  }
  await settle(12_000) // a full background polling round over every open invoice
  global.gc?.()
  const tracked = rssMiB()
  const trackedHeap = heapMiB()
  console.log(JSON.stringify({ idle, idleHeap, tracked, trackedHeap, open: core.tracker.size }))
  await core.stop()
  rmSync(dataDir, { recursive: true, force: true })
}

void main()
