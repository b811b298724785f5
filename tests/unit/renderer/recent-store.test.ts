import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { saleView } from './fixtures'

const find = vi.fn()
const list = vi.fn()
vi.mock('../../../src/renderer/src/api/client', () => ({ kassa: { sale: { find, list } } }))

const { useRecentStore } = await import('../../../src/renderer/src/stores/recent')

describe('useRecentStore search', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    find.mockReset()
    list.mockReset()
  })

  it('does not search for fewer than 3 characters and shows the latest sales instead', async () => {
    const store = useRecentStore()
    store.query = ' ab '
    await store.search()
    expect(find).not.toHaveBeenCalled()
    expect(store.found).toBeNull()
  })

  it('finds sales by the trimmed query and keeps them current with sale updates', async () => {
    const store = useRecentStore()
    find.mockResolvedValue({ ok: true, value: [saleView()] })
    store.query = ' demo_12 '
    await store.search()
    expect(find).toHaveBeenCalledWith({ query: 'demo_12' })
    expect(store.found?.map((s) => s.id)).toEqual(['sale_0123456789'])
    store.apply(saleView({ refunded: '7.50' }))
    expect(store.found?.[0]?.refunded).toBe('7.50')
  })

  it('drops the answer to an older query when a newer one was sent', async () => {
    const store = useRecentStore()
    let answerOld: (value: unknown) => void = () => undefined
    find.mockReturnValueOnce(new Promise((resolve) => (answerOld = resolve)))
    find.mockResolvedValueOnce({ ok: true, value: [] })
    store.query = 'sale_01'
    const old = store.search()
    store.query = 'sale_0123'
    await store.search()
    answerOld({ ok: true, value: [saleView()] })
    await old
    expect(store.found).toEqual([])
  })

  it('shows a failed search’s message and keeps the query', async () => {
    const store = useRecentStore()
    find.mockResolvedValue({ ok: false, error: { code: 'internal', message: 'Ledger is locked' } })
    store.query = 'sale_01'
    await store.search()
    expect(store.searchError?.message).toBe('Ledger is locked')
    expect(store.query).toBe('sale_01')
  })
})
