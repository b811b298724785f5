/**
 * `npm run web`: the real main-process core behind a loopback HTTP + SSE host, serving the built renderer.
 * Prints one line with the till's address (token included). Env: KASSA_DATA_DIR, KASSA_HOST, KASSA_PORT,
 * KASSA_PLISIO_API_URL.
 */
import { join } from 'node:path'
import { createCore } from '../core'
import { connectorOverrides, demoConfirmDelay, resolveDataDir } from '../config'
import { KeyringSecretStore } from '../secrets/keyring-store'
import { startWebHost } from './server'

async function main(): Promise<void> {
  const dataDir = resolveDataDir(process.argv, process.env)
  const core = createCore({
    dataDir,
    secrets: new KeyringSecretStore(process.env.KASSA_KEYCHAIN_SERVICE || 'Kassa'),
    version: process.env.npm_package_version ?? '0.1.0',
    transport: 'web',
    demo: { confirmDelayMs: demoConfirmDelay(process.env) },
    connectors: connectorOverrides(process.env)
  })
  await core.start()
  const host = process.env.KASSA_HOST || '127.0.0.1'
  if (host !== '127.0.0.1' && host !== '::1' && host !== 'localhost') {
    console.warn(`[kassa] warning: serving on ${host}; anyone with the link can use this till`)
  }
  const web = await startWebHost({
    handlers: core.handlers,
    events: core.events,
    webhooks: (processor, body, headers, remoteAddress) =>
      core.receiveWebhook(processor, body, headers, remoteAddress),
    rendererDir: join(__dirname, '../renderer'),
    host,
    port: process.env.KASSA_PORT ? Number.parseInt(process.env.KASSA_PORT, 10) : 0
  })
  console.log(`Kassa till: ${web.url}`)
  const shutdown = async () => {
    await web.close()
    await core.stop()
    process.exit(0)
  }
  process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)
}

main().catch((error) => {
  console.error('[kassa] could not start:', error)
  process.exit(1)
})
