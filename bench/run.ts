// `npm run bench`: prints figures; asserts nothing. Needs the built app (the script builds first).
// `npm run bench -- btcpay btpay` runs only the named benchmarks (till, memory, ledger, btcpay, btpay, bundle).
import { benchTill } from './till.bench'
import { benchMemory } from './memory.bench'
import { benchLedger } from './ledger.bench'
import { benchBtcpay } from './btcpay.bench'
import { benchBtpay } from './btpay.bench'
import { benchBundle } from './bundle.bench'

const BENCHES: Record<string, () => void | Promise<void>> = {
  till: benchTill,
  memory: benchMemory,
  ledger: benchLedger,
  btcpay: benchBtcpay,
  btpay: benchBtpay,
  bundle: benchBundle
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'))
  const unknown = wanted.filter((name) => !(name in BENCHES))
  if (unknown.length > 0) {
    throw new Error(`unknown benchmark ${unknown.join(', ')}: choose from ${Object.keys(BENCHES).join(', ')}`)
  }
  for (const [name, bench] of Object.entries(BENCHES)) {
    if (wanted.length === 0 || wanted.includes(name)) await bench()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
