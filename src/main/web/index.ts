/**
 * `npm run web`: the real main-process core behind a loopback HTTP + SSE host, serving the built renderer.
 * Prints one line with the till's address (token included) on stdout; everything else goes to the log in
 * `<dataDir>/logs/` (and warnings to stderr when a person is watching). Env: KASSA_DATA_DIR, KASSA_HOST,
 * KASSA_PORT, KASSA_WEB_TOKEN, KASSA_PLISIO_API_URL, KASSA_HEALTH_INTERVAL_MS. The token and port stay the same
 * across restarts with the same data folder (`./web-identity`), so an open page reconnects by itself;
 * `--new-token` makes a new token (pages holding the old one are refused).
 */
import { join } from 'node:path'
import { createCore } from '../core'
import { connectorOverrides, demoConfirmDelay, healthTiming, resolveDataDir } from '../config'
import { createLogger, type FileLogger } from '../log/logger'
import { KeyringSecretStore } from '../secrets/keyring-store'
import { redactSecrets } from '../secrets/redact'
import { startWebHost, type WebHostOptions } from './server'
import { loadWebIdentity, rememberWebPort } from './web-identity'

let logging: FileLogger | null = null

async function main(): Promise<void> {
  const dataDir = resolveDataDir(process.argv, process.env)
  logging = await createLogger(dataDir, { stderrLevel: process.stderr.isTTY ? 'warn' : null })
  const { log } = logging
  const core = createCore({
    dataDir,
    secrets: new KeyringSecretStore(process.env.KASSA_KEYCHAIN_SERVICE || 'Kassa'),
    version: process.env.npm_package_version ?? '0.1.0',
    transport: 'web',
    demo: { confirmDelayMs: demoConfirmDelay(process.env) },
    connectors: connectorOverrides(process.env),
    health: healthTiming(process.env),
    log
  })
  await core.start()
  const host = process.env.KASSA_HOST || '127.0.0.1'
  if (host !== '127.0.0.1' && host !== '::1' && host !== 'localhost') {
    log.warn({ host }, `serving on ${host}; anyone with the link can use this till`)
  }
  const identity = await loadWebIdentity(dataDir, { rotate: process.argv.includes('--new-token') })
  const hostOptions: WebHostOptions = {
    handlers: core.handlers,
    events: core.events,
    webhooks: (processor, body, headers, remoteAddress) =>
      core.receiveWebhook(processor, body, headers, remoteAddress),
    rendererDir: join(__dirname, '../renderer'),
    devices: core.devices,
    host,
    token: overrideToken(process.env.KASSA_WEB_TOKEN) ?? identity.token
  }
  const fixedPort = process.env.KASSA_PORT ? Number.parseInt(process.env.KASSA_PORT, 10) : null
  // The last run's port first, so an open page finds the till again; taken by something else, any free one.
  const web = await startWebHost({ ...hostOptions, port: fixedPort ?? identity.port ?? 0 }).catch(
    (error: NodeJS.ErrnoException) => {
      if (fixedPort !== null || identity.port === null || error.code !== 'EADDRINUSE') throw error
      log.warn({ port: identity.port }, 'the last port is taken; listening on another')
      return startWebHost({ ...hostOptions, port: 0 })
    }
  )
  if (fixedPort === null) await rememberWebPort(dataDir, identity, Number(new URL(web.origin).port))
  log.info({ origin: web.origin }, 'web host listening')
  // The one line on stdout, and the only one: the person who ran `npm run web` opens it, and the e2e harness
  // (tests/e2e/harness.ts) waits for it. Not logged: the URL carries the session token.
  process.stdout.write(`Kassa till: ${web.url}\n`)
  const shutdown = async () => {
    await web.close()
    await core.stop()
    await logging?.close()
    process.exit(0)
  }
  process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)
}

/**
 * `KASSA_WEB_TOKEN`, when set: at least 16 characters a URL fragment and a bearer header carry as they are.
 * @throws Error for a shorter or unsafe one (the host does not start with a guessable token)
 */
function overrideToken(value: string | undefined): string | null {
  if (!value) return null
  if (!/^[A-Za-z0-9._~-]{16,}$/.test(value)) {
    throw new Error('KASSA_WEB_TOKEN must be at least 16 letters, digits or . _ ~ -')
  }
  return value
}

main().catch(async (error: unknown) => {
  logging?.log.fatal({ err: error }, 'could not start')
  await logging?.close()
  // Also on stderr: the log may be what failed (an unwritable data folder), and whoever started it must see why.
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error)
  process.stderr.write(`[kassa] could not start: ${redactSecrets(detail)}\n`)
  process.exit(1)
})
