import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { SaleView } from '@shared/contract'
import type { Core } from '../../../src/main/core'
import { MemorySecretStore } from '../../fixtures/memory-secret-store'
import { tempDir } from '../../fixtures/temp-dir'
import { startBtcpaySimulator, type BtcpaySimulator } from '../../simulators/btcpay'
import { startBtpaySimulator, type BtpaySimulator } from '../../simulators/btpay'
import { startPlisioSimulator, type PlisioSimulator } from '../../simulators/plisio'
import { ok, processorCore } from '../core/processor-helpers'

// The sale's customer reaches each processor in the field it has for it (../shared/reference/*.md).

const customer = { name: 'Jürgen Weiß', email: 'juergen.weiss@example.org', phone: '+49 170 5550123' }
let btcpay: BtcpaySimulator
let btpay: BtpaySimulator
let plisio: PlisioSimulator
let dir: ReturnType<typeof tempDir>
let core: Core

beforeAll(async () => {
  ;[btcpay, btpay, plisio] = await Promise.all([
    startBtcpaySimulator(),
    startBtpaySimulator(),
    startPlisioSimulator()
  ])
})
afterAll(async () => {
  await Promise.all([btcpay.close(), btpay.close(), plisio.close()])
})
beforeEach(async () => {
  dir = tempDir()
  core = processorCore(dir.path, new MemorySecretStore(), { connectors: { plisio: { baseUrl: plisio.url } } })
  await core.start()
})
afterEach(async () => {
  await core.stop()
  dir.remove()
})

const charge = (input: Record<string, unknown> = { customer }) =>
  ok<SaleView>(core, 'sale:charge', { amount: '9.90', currency: 'EUR', ...input })

describe('the customer at the processor', () => {
  it('BTCPay: metadata.buyerName and metadata.buyerEmail; nothing without a customer', async () => {
    await ok(core, 'processor:connect', {
      processor: 'btcpay',
      serverUrl: btcpay.url,
      storeId: btcpay.storeId,
      apiKey: btcpay.apiKey
    })
    const read = async (sale: SaleView) =>
      (await (
        await fetch(`${btcpay.url}/api/v1/stores/${btcpay.storeId}/invoices/${sale.invoice!.id}`, {
          headers: { authorization: `token ${btcpay.apiKey}` }
        })
      ).json()) as { metadata: Record<string, unknown> }
    const invoice = await read(await charge())
    expect(invoice.metadata).toMatchObject({ buyerName: customer.name, buyerEmail: customer.email })
    expect(JSON.stringify(invoice.metadata)).not.toContain('5550123')
    const anonymous = await read(await charge({}))
    expect(Object.keys(anonymous.metadata)).not.toContain('buyerEmail')
    expect(Object.keys(anonymous.metadata)).not.toContain('buyerName')
  })

  it('BTPay: customer_name and customer_email', async () => {
    await ok(core, 'processor:connect', { processor: 'btpay', baseUrl: btpay.url, apiKey: btpay.apiKey })
    const sale = await charge()
    const stored = btpay.control.invoices().find((i) => i.invoice_number === sale.invoice!.id)!
    expect(stored).toMatchObject({ customer_name: customer.name, customer_email: customer.email })
    const anonymous = await charge({})
    expect(btpay.control.invoices().find((i) => i.invoice_number === anonymous.invoice!.id)).toMatchObject({
      customer_name: '',
      customer_email: ''
    })
  })

  it('Plisio: email (it has no name field)', async () => {
    await ok(core, 'processor:connect', { processor: 'plisio', apiKey: plisio.apiKey })
    const sale = await charge({ customer: { name: customer.name, email: customer.email } })
    const request = plisio.control.requests.find(
      (r) => r.path === 'invoices/new' && r.query.order_number === sale.id
    )
    expect(request?.query.email).toBe(customer.email)
    expect(JSON.stringify(request?.query)).not.toContain('Weiß')
    const anonymous = await charge({})
    const bare = plisio.control.requests.find(
      (r) => r.path === 'invoices/new' && r.query.order_number === anonymous.id
    )
    expect(bare?.query.email).toBeUndefined()
  })
})
