// `npm start`: build, then open the desktop till in Electron. Where no Electron binary can be had (it is fetched
// on first use, and some machines cannot reach its download), say so and serve the same till to a browser
// instead (`npm run web`). ELECTRON_OVERRIDE_DIST_PATH points Electron at a binary you already have.
import { spawnSync, spawn } from 'node:child_process'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' })

if (run('npx', ['electron-vite', 'build']).status !== 0) process.exit(1)

let electronPath = null
try {
  electronPath = require('electron') // resolves (and on first use downloads) the binary
} catch (error) {
  console.warn(`[kassa] No Electron binary available (${error.message.split('\n')[0]}).`)
}
if (electronPath) {
  const child = spawn(electronPath, ['.'], { stdio: 'inherit' })
  child.on('exit', (code) => process.exit(code ?? 0))
} else {
  console.warn('[kassa] Serving the same till to your browser instead: open the address below.')
  const child = spawn(process.execPath, ['out/main/web.js'], { stdio: 'inherit' })
  child.on('exit', (code) => process.exit(code ?? 0))
}
