import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { saleView } from './fixtures'

const outbox = vi.fn()
vi.mock('../../../src/renderer/src/api/client', () => ({ kassa: { sale: { outbox } } }))
const { useOutboxStore } = await import('../../../src/renderer/src/stores/outbox')

const waiting = (id: string) =>
  saleView({
    id,
    state: 'creating',
    outbox: { since: '2026-11-28T10:00:00Z', until: '2026-11-29T10:00:00Z', attempts: 1, nextAttemptAt: null }
  })

describe('useOutboxStore (the header chip)', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    outbox.mockReset()
  })

  it('lists what sale:outbox answers and keeps the list when a read fails', async () => {
    const store = useOutboxStore()
    outbox.mockResolvedValueOnce({ ok: true, value: [waiting('a'), waiting('b')] })
    await store.load()
    expect(store.count).toBe(2)
    outbox.mockResolvedValueOnce({ ok: false, error: { code: 'unauthorized', message: 'no' } })
    await store.load()
    expect(store.count).toBe(2)
  })

  it('reads again for a sale that waits or waited, not for others', async () => {
    const store = useOutboxStore()
    outbox.mockResolvedValue({ ok: true, value: [waiting('a')] })
    await store.load()
    outbox.mockClear()
    store.apply(saleView({ id: 'other', state: 'paid' }))
    expect(outbox).not.toHaveBeenCalled()
    outbox.mockResolvedValue({ ok: true, value: [] })
    store.apply(saleView({ id: 'a', state: 'awaiting' }))
    await store.load()
    expect(store.count).toBe(0)
  })

  it('never runs two reads at once, and reads once more after a call made during one', async () => {
    const store = useOutboxStore()
    let release: () => void = () => undefined
    outbox.mockImplementationOnce(
      () => new Promise((resolve) => (release = () => resolve({ ok: true, value: [waiting('a')] })))
    )
    outbox.mockResolvedValueOnce({ ok: true, value: [waiting('a'), waiting('b')] })
    const first = store.load()
    void store.load()
    void store.load()
    expect(outbox).toHaveBeenCalledTimes(1)
    release()
    await first
    expect(outbox).toHaveBeenCalledTimes(2)
    expect(store.count).toBe(2)
  })
})
