import { afterEach, beforeEach, expect, it } from 'vitest'
import type { RefundOptionsView, RefundView, SaleView, SettingsView } from '@shared/contract'
import type { Core } from '../../../src/main/core'
import { MODULES } from '../../../src/main/processors/modules'
import { acmeConnectors, acmeModule } from '../../fixtures/acme/module'
import { MemorySecretStore } from '../../fixtures/memory-secret-store'
import { tempDir } from '../../fixtures/temp-dir'
import { ok, processorCore, waitForSale } from './processor-helpers'

let dir: ReturnType<typeof tempDir>
let core: Core

beforeEach(async () => {
  dir = tempDir()
  // The one line a new processor adds to the module list.
  core = processorCore(dir.path, new MemorySecretStore(), { modules: [...MODULES, acmeModule] })
  await core.start()
})
afterEach(async () => {
  await core.stop()
  dir.remove()
})

it('a processor added as one module (its folder and one module-list line) is connected in Settings and sells', async () => {
  const before = await ok<SettingsView>(core, 'settings:get', {})
  expect(before.processors.find((p) => p.id === 'acme')).toMatchObject({
    label: 'Acme Pay',
    needsKey: true,
    connected: false,
    refunds: 'record',
    notes: ['Acme Pay exists only in the tests.']
  })
  const connected = await ok<{ settings: SettingsView }>(core, 'processor:connect', {
    processor: 'acme',
    serverUrl: 'https://acme.example',
    apiKey: 'acme-key-0123456789',
    activate: true
  })
  expect(connected.settings.processor).toBe('acme')
  expect(connected.settings.processors.find((p) => p.id === 'acme')).toMatchObject({
    connected: true,
    config: { serverUrl: 'https://acme.example' },
    ports: ['invoiceList']
  })

  const sale = await ok<SaleView>(core, 'sale:charge', { amount: '7.25', currency: 'USD' })
  expect(sale).toMatchObject({
    processor: 'acme',
    state: 'awaiting',
    invoice: { amount: '7.25', processor: 'acme' }
  })
  acmeConnectors.at(-1)!.pay(sale.invoice!.id)
  await ok(core, 'invoice:focus', { saleId: sale.id })
  const paid = await waitForSale(core, sale.id, (s) => s.state === 'paid', 'paid through Acme')
  expect(paid.invoice?.paid).toBe('7.25')

  // No refund port: the refund screen offers recording one paid outside Kassa, and that works.
  const options = await ok<RefundOptionsView>(core, 'refund:options', { saleId: sale.id })
  expect(options).toMatchObject({ mode: 'record', paid: '7.25', blockedReason: null })
  const refund = await ok<RefundView>(core, 'refund:record', {
    saleId: sale.id,
    amount: '7.25',
    method: 'cash',
    reason: 'returned'
  })
  expect(refund).toMatchObject({ kind: 'recorded', state: 'completed', processor: 'acme' })
})

it('a processor id this build does not have is refused, naming it', async () => {
  const plainDir = tempDir()
  const plain = processorCore(plainDir.path, new MemorySecretStore())
  await plain.start()
  try {
    const result = await import('../../../src/main/dispatch').then(({ dispatch }) =>
      dispatch(plain.handlers, 'processor:connect', { processor: 'acme', apiKey: 'acme-key-0123456789' })
    )
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: 'No processor "acme" in this build' }
    })
  } finally {
    await plain.stop()
    plainDir.remove()
  }
})
