import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SaleView } from '@shared/contract'
import type { CustomerDetailView, CustomerView } from '@shared/customers'
import type { Result } from '@shared/errors'
import type { Core } from '../../../src/main/core'
import { tempDir } from '../../fixtures/temp-dir'
import { invoke, testCore } from '../core/helpers'

// The language a customer reads (for recovery messages), through the contract's dispatcher.

let dir: ReturnType<typeof tempDir>
let core: Core

async function value<T>(name: string, input: unknown): Promise<T> {
  const result = (await invoke(core, name, input)) as Result<T>
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`)
  return result.value
}

beforeAll(async () => {
  dir = tempDir()
  core = testCore(dir.path)
  await core.start()
})
afterAll(async () => {
  await core.stop()
  dir.remove()
})

describe('customer language', () => {
  it('is kept in its canonical form, left as it was by a correction without it, cleared by null', async () => {
    const made = await value<CustomerView>('customer:save', { name: 'Ida Lang', language: 'de-at' })
    expect(made.language).toBe('de-AT')
    const corrected = await value<CustomerView>('customer:save', { id: made.id, name: 'Ida Lang-Berg' })
    expect(corrected).toMatchObject({ name: 'Ida Lang-Berg', language: 'de-AT' })
    const english = await value<CustomerView>('customer:save', { id: made.id, name: 'Ida', language: 'en' })
    expect(english.language).toBe('en')
    const cleared = await value<CustomerView>('customer:save', { id: made.id, name: 'Ida', language: null })
    expect(cleared.language).toBeNull()
    expect((await value<CustomerDetailView>('customer:get', { customerId: made.id })).language).toBeNull()
  })

  it('a customer without one says null; a language alone is not a customer; a bad tag is refused', async () => {
    expect((await value<CustomerView>('customer:save', { email: 'x@y.example' })).language).toBeNull()
    expect(await invoke(core, 'customer:save', { language: 'de' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' }
    })
    const bad = await invoke(core, 'customer:save', { name: 'Bo', language: 'not a tag!' })
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    expect(JSON.stringify(bad)).toContain('is not a language tag')
  })

  it('comes with a customer made at the charge', async () => {
    const sale = await value<SaleView>('sale:charge', {
      amount: '4.00',
      currency: 'EUR',
      customer: { name: 'Jo Deutsch', language: 'de' }
    })
    const found = await value<CustomerView[]>('customer:search', { query: 'deutsch' })
    expect(found).toMatchObject([{ id: sale.customer!.id, language: 'de' }])
  })
})
