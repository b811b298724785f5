// Opening the browser till for `npm start` (scripts/start.mjs): which command opens a URL on this OS, and whether
// to open one at all. Pure functions, tested in tests/unit/build/open-browser.test.ts.

/**
 * The command that opens `url` in the default browser: `xdg-open` (Linux, BSD), `open` (macOS), `cmd /c start`
 * (Windows, whose `start` is a shell built-in; the empty "" is its window title).
 * @param {NodeJS.Platform} platform `process.platform`
 * @param {string} url the till's address with its token
 * @returns {{ command: string, args: string[] }}
 */
export function browserCommand(platform, url) {
  if (platform === 'darwin') return { command: 'open', args: [url] }
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', url.replace(/&/g, '^&')] }
  return { command: 'xdg-open', args: [url] }
}

/**
 * Whether `npm start` should open a browser: not when the person asked it not to (`KASSA_NO_BROWSER=1`), and never
 * in CI or under a test runner, where nobody looks and a browser would only get in the way.
 * @param {Record<string, string | undefined>} env `process.env`
 */
export function shouldOpenBrowser(env) {
  const on = (value) => value !== undefined && value !== '' && value !== '0' && value !== 'false'
  return !on(env.KASSA_NO_BROWSER) && !on(env.CI) && !on(env.VITEST)
}

/** The till's address in a line the web host prints (`Kassa till: http://127.0.0.1:5173/#token=…`), or null. */
export function tillUrlIn(line) {
  const match = /^Kassa till: (http\S+)$/.exec(line.trim())
  return match ? match[1] : null
}
