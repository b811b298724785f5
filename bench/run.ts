// `npm run bench`: prints figures; asserts nothing. Needs the built app (the script builds first).
import { benchTill } from './till.bench'
import { benchMemory } from './memory.bench'

async function main(): Promise<void> {
  await benchTill()
  benchMemory()
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
