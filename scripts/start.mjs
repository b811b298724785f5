// `npm start`: build, then open the desktop till in Electron. Where no Electron binary can be had (it is fetched
// on first use, and some machines cannot reach its download), say so in one line and serve the same till to the
// browser instead (`npm run web`), opening it there (KASSA_NO_BROWSER=1 skips that; CI and tests never open one).
// ELECTRON_OVERRIDE_DIST_PATH points Electron at a binary you already have.
import { spawnSync, spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { browserCommand, shouldOpenBrowser, tillUrlIn } from './open-browser.mjs'

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' })

// Build quietly: a person starting the till wants it, not the bundler's file list (warnings and errors still show).
console.log('Kassa: building the till…')
if (run('npx', ['electron-vite', 'build', '--logLevel', 'warn']).status !== 0) process.exit(1)

/**
 * The Electron binary's path, or null. `require('electron')` downloads the binary on first use and prints the
 * download's failure (a fetch stack, advice to run `npx install-electron`) itself: asked in a child process whose
 * output is kept, so a machine without it sees one plain line instead.
 */
function electronBinary() {
  const found = spawnSync(process.execPath, ['-e', 'process.stdout.write(require("electron"))'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8'
  })
  // The download's own progress line may come first: the path is the last line.
  const path = found.stdout?.trim().split('\n').pop()
  return found.status === 0 && path ? path : null
}

const electronPath = electronBinary()
if (electronPath) {
  const child = spawn(electronPath, ['.'], { stdio: 'inherit' })
  child.on('exit', (code) => process.exit(code ?? 0))
} else {
  console.log(
    'Kassa: Electron is not installed on this computer, so the till opens in your web browser instead.'
  )
  const child = spawn(process.execPath, ['out/main/web.js'], { stdio: ['inherit', 'pipe', 'inherit'] })
  createInterface({ input: child.stdout }).on('line', (line) => {
    console.log(line)
    const url = tillUrlIn(line)
    if (url && shouldOpenBrowser(process.env)) openBrowser(url)
  })
  child.on('exit', (code) => process.exit(code ?? 0))
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
}

/** Open `url` in the default browser; where that fails the printed link is still there to open by hand. */
function openBrowser(url) {
  const { command, args } = browserCommand(process.platform, url)
  const opener = spawn(command, args, { stdio: 'ignore', detached: true })
  opener.on('error', () => console.log('Kassa: open the link above in your web browser.'))
  opener.unref()
}
