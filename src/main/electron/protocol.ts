import { net, protocol } from 'electron'
import { join, normalize, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import { APP_SCHEME } from './policy'
import { SECURITY_HEADERS } from '../web/security-headers'

/** Must run before `app.whenReady()`: `kassa://` is a standard, secure scheme (item 18). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }
  ])
}

/** Serve the built renderer from `kassa://app/…` with the strict CSP (item 7); nothing outside `rendererDir`. */
export function serveRenderer(rendererDir: string): void {
  const root = normalize(rendererDir + sep)
  protocol.handle(APP_SCHEME, async (request) => {
    const { pathname } = new URL(request.url)
    let decoded: string
    try {
      decoded = decodeURIComponent(pathname === '/' ? '/index.html' : pathname)
    } catch {
      return new Response('Bad request', { status: 400 })
    }
    const file = normalize(join(root, decoded))
    if (!file.startsWith(root)) return new Response('Forbidden', { status: 403 })
    const response = await net.fetch(pathToFileURL(file).toString())
    const headers = new Headers(response.headers)
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.set(name, value)
    return new Response(response.body, { status: response.status, headers })
  })
}
