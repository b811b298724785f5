// `npm run bench`: prints figures; asserts nothing. Needs the built app (the script builds first).
// `npm run bench -- btcpay btpay` runs only the named benchmarks (till, memory, ledger, btcpay, btpay, bundle,
// catalog, catalog-grid, reconcile; `ledger-scale`, `day-close`, `churn`, `recovery`, `outage` and `mcp` run only
// when named).
import { benchTill } from './till.bench'
import { benchMemory } from './memory.bench'
import { benchLedger } from './ledger.bench'
import { benchLedgerScale } from './ledger-scale.bench'
import { benchDayClose } from './day-close.bench'
import { benchBtcpay } from './btcpay.bench'
import { benchBtpay } from './btpay.bench'
import { benchBundle } from './bundle.bench'
import { benchCatalog } from './catalog.bench'
import { benchCatalogGrid } from './catalog-grid.bench'
import { benchReconcile } from './reconcile.bench'
import { benchChurn } from './churn.bench'
import { benchRecovery } from './recovery.bench'
import { benchOutage } from './outage.bench'
import { benchMcp } from './mcp.bench'

const BENCHES: Record<string, () => void | Promise<void>> = {
  till: benchTill,
  memory: benchMemory,
  ledger: benchLedger,
  'ledger-scale': benchLedgerScale,
  'day-close': benchDayClose,
  btcpay: benchBtcpay,
  btpay: benchBtpay,
  bundle: benchBundle,
  catalog: benchCatalog,
  'catalog-grid': benchCatalogGrid,
  reconcile: benchReconcile,
  churn: benchChurn,
  recovery: benchRecovery,
  outage: benchOutage,
  mcp: benchMcp
}

/** Run only when named: `ledger-scale`, `day-close`, `churn` and `recovery` seed 10⁶ sales, minutes on a small machine. */
const ON_REQUEST = new Set(['ledger-scale', 'day-close', 'churn', 'recovery', 'outage', 'mcp'])

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'))
  const unknown = wanted.filter((name) => !(name in BENCHES))
  if (unknown.length > 0) {
    throw new Error(`unknown benchmark ${unknown.join(', ')}: choose from ${Object.keys(BENCHES).join(', ')}`)
  }
  for (const [name, bench] of Object.entries(BENCHES)) {
    if (wanted.includes(name) || (wanted.length === 0 && !ON_REQUEST.has(name))) await bench()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
