import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { SaleView } from '@shared/contract'
import type { Core } from '../../../src/main/core'
import { createLogger, logDir, type FileLogger } from '../../../src/main/log/logger'
import { REDACTED } from '../../../src/main/secrets/redact'
import { webhookSecretAccount } from '../../../src/main/webhooks'
import { MemorySecretStore } from '../../fixtures/memory-secret-store'
import { tempDir } from '../../fixtures/temp-dir'
import { startBtcpaySimulator, type BtcpaySimulator } from '../../simulators/btcpay'
import { startBtpaySimulator, type BtpaySimulator } from '../../simulators/btpay'
import { startPlisioSimulator, type PlisioSimulator } from '../../simulators/plisio'
import { ok, processorCore } from './processor-helpers'

let btcpay: BtcpaySimulator
let plisio: PlisioSimulator
let btpay: BtpaySimulator
let dir: ReturnType<typeof tempDir>
let logging: FileLogger | null = null
let core: Core | null = null

beforeAll(async () => {
  ;[btcpay, plisio, btpay] = await Promise.all([
    startBtcpaySimulator(),
    startPlisioSimulator(),
    startBtpaySimulator()
  ])
})
afterAll(async () => {
  await Promise.all([btcpay.close(), plisio.close(), btpay.close()])
})
afterEach(async () => {
  await core?.stop()
  await logging?.close()
  dir.remove()
})

/** Every file under `<dataDir>/logs`, as text. */
function logText(dataDir: string): string {
  const folder = logDir(dataDir)
  return readdirSync(folder)
    .map((name) => readFileSync(join(folder, name), 'utf8'))
    .join('')
}

type Line = Record<string, unknown> & { msg: string; processor?: string; path?: string; query?: string[] }

describe('the log of a till that connects and charges', () => {
  it('has a line per processor request and never an API key, the Plisio api_key or a webhook secret', async () => {
    dir = tempDir()
    const secrets = new MemorySecretStore()
    logging = await createLogger(dir.path)
    core = processorCore(dir.path, secrets, {
      connectors: { plisio: { baseUrl: plisio.url } },
      log: logging.log
    })
    await core.start()
    const charge = async (processor: string) => {
      const sale = await ok<SaleView>(core!, 'sale:charge', { amount: '10.00', currency: 'USD' })
      expect(sale).toMatchObject({ processor, state: 'awaiting' })
    }

    await ok(core, 'processor:connect', {
      processor: 'btcpay',
      serverUrl: btcpay.url,
      storeId: btcpay.storeId,
      apiKey: btcpay.apiKey
    })
    await ok(core, 'webhook:register', { processor: 'btcpay', publicUrl: 'https://relay.example.net' })
    await charge('btcpay')
    await ok(core, 'processor:connect', { processor: 'plisio', apiKey: plisio.apiKey })
    await charge('plisio')
    await ok(core, 'processor:connect', { processor: 'btpay', baseUrl: btpay.url, apiKey: btpay.apiKey })
    await ok(core, 'webhook:register', { processor: 'btpay', publicUrl: 'https://relay.example.net' })
    await charge('btpay')
    await core.stop()
    core = null
    await logging.close()

    const text = logText(dir.path)
    const hookSecrets = ['btcpay', 'btpay'].map((id) =>
      secrets.secrets.get(webhookSecretAccount(id as 'btcpay'))
    )
    for (const secret of [btcpay.apiKey, plisio.apiKey, btpay.apiKey, ...hookSecrets]) {
      expect(secret).toBeTruthy()
      expect(text).not.toContain(secret)
    }
    expect(text).not.toMatch(/api_key=/)

    const lines = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Line)
    const requests = lines.filter((line) => line.msg === 'processor request')
    for (const id of ['btcpay', 'plisio', 'btpay']) {
      expect(requests.filter((line) => line.processor === id).length, id).toBeGreaterThan(1)
    }
    const invoices = `/api/v1/stores/${btcpay.storeId}/invoices`
    expect(requests.find((line) => line.method === 'POST' && line.path === invoices)).toMatchObject({
      processor: 'btcpay',
      status: 200,
      attempt: 1,
      ms: expect.any(Number)
    })
    const plisioLines = requests.filter((line) => line.processor === 'plisio')
    for (const line of plisioLines) {
      expect(line.path).not.toContain('?')
      expect(line.query).toContain('api_key')
    }
    // HttpClient kept the keys out itself: the redaction of whole lines, the second guard, had nothing to do.
    expect(JSON.stringify(requests)).not.toContain(REDACTED)
  })
})
