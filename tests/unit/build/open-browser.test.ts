import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs script without types
import { browserCommand, shouldOpenBrowser, tillUrlIn } from '../../../scripts/open-browser.mjs'

const url = 'http://127.0.0.1:40123/#token=abc_DEF-123'

describe('npm start opens the browser till', () => {
  it('with the OS’s own opener', () => {
    expect(browserCommand('linux', url)).toEqual({ command: 'xdg-open', args: [url] })
    expect(browserCommand('freebsd', url)).toEqual({ command: 'xdg-open', args: [url] })
    expect(browserCommand('darwin', url)).toEqual({ command: 'open', args: [url] })
    expect(browserCommand('win32', url)).toEqual({ command: 'cmd', args: ['/c', 'start', '""', url] })
  })

  it('unless told not to, and never in CI or tests', () => {
    expect(shouldOpenBrowser({})).toBe(true)
    expect(shouldOpenBrowser({ KASSA_NO_BROWSER: '1' })).toBe(false)
    expect(shouldOpenBrowser({ KASSA_NO_BROWSER: '0' })).toBe(true)
    expect(shouldOpenBrowser({ CI: 'true' })).toBe(false)
    expect(shouldOpenBrowser({ VITEST: 'true' })).toBe(false)
  })

  it('finds the till’s address in the web host’s line, and nothing in other lines', () => {
    expect(tillUrlIn(`Kassa till: ${url}\n`)).toBe(url)
    expect(tillUrlIn('Kassa: Electron is not installed')).toBeNull()
  })
})
