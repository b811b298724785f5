// `npm run bench -- mcp`: an agent's tool call round trip over Streamable HTTP (the SDK's client against the till's
// MCP listener on 127.0.0.1, token check, per-request server, audit included) for `get_sale` and
// `day_close_figures` over a ledger of 10⁶ sales (issue 16), next to the same contract call made in-process.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import type { AgentAccessView, AgentClientCreated } from '@shared/agents'
import { createCore } from '../src/main/core'
import { dispatch } from '../src/main/dispatch'
import { silentLogger } from '../src/main/log/logger'
import { MemorySecretStore } from '../tests/fixtures/memory-secret-store'
import { tempDir } from '../tests/fixtures/temp-dir'
import { seedChurnLedger } from './churn.bench'
import { prng, SEED_START, SEED_STEP_MS } from './ledger-seed'
import { report } from './stats'

const SALES = Number(process.env.KASSA_BENCH_CHURN_SALES ?? 1_000_000)
/** A data folder to keep (its `kassa.sqlite` is the churn bench's seed): seeded on the first run, reused after. */
const KEEP = process.env.KASSA_BENCH_MCP_DIR
const ROUNDS = Number(process.env.KASSA_BENCH_MCP_ROUNDS ?? 200)
const DAY_ROUNDS = Number(process.env.KASSA_BENCH_MCP_DAY_ROUNDS ?? 40)
const TARGET = 'none set (issue 16)'

/** Time `work` `rounds` times after 3 untimed warm-up rounds; ms per round. */
async function timed(rounds: number, work: (round: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 3; i++) await work(i)
  const samples: number[] = []
  for (let i = 0; i < rounds; i++) {
    const at = performance.now()
    await work(i)
    samples.push(performance.now() - at)
  }
  return samples
}

/** The contract's answer, or throw with its error. */
async function must<T>(
  result: Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>
): Promise<T> {
  const answer = await result
  if (!answer.ok) throw new Error(answer.error?.message)
  return answer.value as T
}

/** Seeds (or reuses `KASSA_BENCH_MCP_DIR`) 10⁶ sales, starts a core with agent access on, prints median/p95. */
export async function benchMcp(): Promise<void> {
  const dir = KEEP ? null : tempDir('kassa-mcp-bench-')
  const dataDir = KEEP ?? (dir as { path: string }).path
  const file = join(dataDir, 'kassa.sqlite')
  if (existsSync(file)) console.log(`mcp: reusing ${file} (not seeded this run)`)
  else seedChurnLedger(file)
  const end = SEED_START + SALES * SEED_STEP_MS
  const core = createCore({
    dataDir,
    secrets: new MemorySecretStore(),
    version: 'bench',
    transport: 'web',
    now: () => end,
    log: silentLogger(),
    mcp: { port: 0 }
  })
  await core.start()
  let client: Client | null = null
  try {
    const handlers = core.handlers
    const access = await must<AgentAccessView>(
      dispatch(handlers, 'agent:configure', { enabled: true, callsPerMinute: 600 })
    )
    const made = await must<AgentClientCreated>(
      dispatch(handlers, 'agent:createClient', { name: 'Bench agent', scopes: ['read'] })
    )
    client = new Client({ name: 'kassa-bench', version: '1.0.0' })
    await client.connect(
      new StreamableHTTPClientTransport(new URL(access.url!), {
        requestInit: { headers: { Authorization: `Bearer ${made.token}` } }
      })
    )
    const connected = client
    const random = prng(16)
    const saleIds = Array.from(
      { length: ROUNDS + 3 },
      () =>
        'sale_' +
        Math.floor(random() * SALES)
          .toString(16)
          .padStart(32, '0')
    )
    const days = Array.from({ length: DAY_ROUNDS + 3 }, () =>
      new Date(SEED_START + Math.floor(random() * SALES) * SEED_STEP_MS).toISOString().slice(0, 10)
    )
    const tool = async (name: string, args: Record<string, unknown>) => {
      const result = await connected.callTool({ name, arguments: args })
      if (result.isError) throw new Error(`${name}: ${JSON.stringify(result.content)}`)
      return result
    }
    // 600 calls a minute (the most Settings allow) covers every timed and warm-up call below.
    report(
      `mcp get_sale over Streamable HTTP (${SALES} sales)`,
      await timed(ROUNDS, (i) => tool('get_sale', { sale_id: saleIds[i] })),
      TARGET
    )
    report(
      'sale:get in-process (same sales, for the transport overhead)',
      await timed(ROUNDS, (i) => must(dispatch(handlers, 'sale:get', { saleId: saleIds[i] }))),
      TARGET
    )
    report(
      `mcp day_close_figures over Streamable HTTP (a random day of ${Math.round(SALES / 2880)})`,
      await timed(DAY_ROUNDS, (i) => tool('day_close_figures', { day: days[i] })),
      TARGET
    )
    report(
      'day:report in-process (same days)',
      await timed(DAY_ROUNDS, (i) => must(dispatch(handlers, 'day:report', { day: days[i] }))),
      TARGET
    )
  } finally {
    await client?.close()
    await core.stop()
    dir?.remove()
  }
}
