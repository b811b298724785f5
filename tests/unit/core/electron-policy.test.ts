import { readFileSync, readdirSync, statSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join, relative, sep } from 'node:path'
import { mailtoUrl } from '../../../src/shared/mailto'
import { describe, expect, it } from 'vitest'
import {
  isAllowedNavigation,
  isAllowedPermission,
  isAllowedSender,
  isSafeExternalUrl,
  isSafeMailtoUrl,
  MAILTO_MAX_LENGTH,
  secureWebPreferences
} from '../../../src/main/electron/policy'

describe('secureWebPreferences', () => {
  const prefs = secureWebPreferences('/app/preload/index.cjs')

  it('isolates and sandboxes the renderer with no Node and full web security', () => {
    expect(prefs).toMatchObject({
      preload: '/app/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false
    })
    expect(prefs.enableBlinkFeatures).toBe('')
  })
})

describe('isAllowedSender', () => {
  it('accepts the app page', () => {
    expect(isAllowedSender('kassa://app/index.html')).toBe(true)
    expect(isAllowedSender('kassa://app/index.html#/payment')).toBe(true)
  })

  it.each([
    'file:///app/index.html',
    'https://evil.example/index.html',
    'kassa://evil/index.html',
    'kassa://app.evil/index.html',
    'kassa://app.evil',
    'kassa://app@evil/index.html',
    'kassa://apps/index.html',
    'http://127.0.0.1:5173/',
    'about:blank',
    'not a url',
    ''
  ])('rejects %j', (url) => {
    expect(isAllowedSender(url)).toBe(false)
  })

  it.each([null, undefined])('rejects a missing frame url (%s)', (url) => {
    expect(isAllowedSender(url)).toBe(false)
  })

  it('accepts the dev server only when one is configured, by exact origin', () => {
    expect(isAllowedSender('http://localhost:5173/index.html', 'http://localhost:5173')).toBe(true)
    expect(isAllowedSender('http://localhost:5173/index.html')).toBe(false)
    expect(isAllowedSender('http://localhost:5174/index.html', 'http://localhost:5173')).toBe(false)
    expect(isAllowedSender('http://localhost:5173.evil/', 'http://localhost:5173')).toBe(false)
  })

  it('applies the same rule to navigation', () => {
    expect(isAllowedNavigation('kassa://app/index.html#/settings')).toBe(true)
    expect(isAllowedNavigation('https://evil.example/')).toBe(false)
  })
})

describe('isSafeExternalUrl', () => {
  it('accepts https links', () => {
    expect(isSafeExternalUrl('https://btcpay.example.com/i/abc')).toBe(true)
  })

  it.each([
    'http://btcpay.example.com/i/abc',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://attacker/share',
    'kassa://app/index.html',
    'https://user:pass@btcpay.example.com/',
    'https://user@btcpay.example.com/',
    'not a url'
  ])('rejects %j', (url) => {
    expect(isSafeExternalUrl(url)).toBe(false)
  })
})

describe('isSafeMailtoUrl', () => {
  it("accepts the Recovery screen's mailto: link, as the shared builder makes it", () => {
    const url = mailtoUrl(
      'jürgen.weiß@example.org',
      'Ihr Einkauf',
      'Guten Tag,\nhier bezahlen: https://pay.example/x?a=1&b=2'
    )
    expect(isSafeMailtoUrl(url)).toBe(true)
    expect(isSafeMailtoUrl('mailto:ada@example.org')).toBe(true)
  })

  it.each([
    'mailto:',
    'mailto:ada@example.org,eve@example.org',
    'mailto:ada@example.org?subject=Hi&cc=eve@example.org',
    'mailto:ada@example.org?subject=Hi&attach=/etc/passwd',
    'mailto:ada@example.org?body=a b',
    'mailto:ada@example.org?body=line%0D%0A\nraw',
    'mailto:ada%40example.org%3Eeve@example.org',
    'mailto:%E0%A4%A@example.org',
    'MAILTO:ada@example.org?x',
    'https://example.org/?mailto:ada@example.org',
    `mailto:ada@example.org?body=${'a'.repeat(MAILTO_MAX_LENGTH)}`
  ])('rejects %j', (url) => {
    expect(isSafeMailtoUrl(url)).toBe(false)
  })
})

describe('isAllowedPermission', () => {
  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal'])(
    'denies %s',
    (permission) => {
      expect(isAllowedPermission(permission)).toBe(false)
    }
  )
})

const ROOT = join(__dirname, '../../..')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.(ts|mts|cts|js|mjs|vue)$/.test(name) ? [path] : []
  })
}

/** Every module specifier a file imports: static, dynamic, re-exports and require. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const patterns = [
    /\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g
  ]
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1] as string))
}

describe('source layout', () => {
  const files = sourceFiles(join(ROOT, 'src'))
  const rel = (file: string) => relative(ROOT, file).split(sep).join('/')

  it('finds the sources it scans (the scanner itself works)', () => {
    expect(files.some((file) => rel(file) === 'src/main/electron/index.ts')).toBe(true)
    expect(importsOf(join(ROOT, 'src/main/electron/index.ts'))).toContain('electron')
  })

  it('imports electron only under src/main/electron and src/preload', () => {
    const offenders = files
      .filter((file) => !/^src\/(main\/electron|preload)\//.test(rel(file)))
      .filter((file) => importsOf(file).some((spec) => spec === 'electron' || spec.startsWith('electron/')))
      .map(rel)
    expect(offenders).toEqual([])
  })

  it('keeps src/shared free of node:*, Node built-ins, electron and vue', () => {
    const builtins = new Set(builtinModules)
    const offenders = files
      .filter((file) => rel(file).startsWith('src/shared/'))
      .flatMap((file) =>
        importsOf(file)
          .filter(
            (spec) =>
              spec.startsWith('node:') ||
              builtins.has(spec) ||
              spec === 'electron' ||
              spec === 'vue' ||
              spec.startsWith('@vue/') ||
              spec === 'pinia'
          )
          .map((spec) => `${rel(file)} imports ${spec}`)
      )
    expect(files.some((file) => rel(file).startsWith('src/shared/'))).toBe(true)
    expect(offenders).toEqual([])
  })
})
