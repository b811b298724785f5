import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { agentRequest } from './agents-fixtures'
import { refundView, saleView } from './fixtures'

const requests = vi.fn()
const approve = vi.fn()
const decline = vi.fn()
const get = vi.fn()
vi.mock('../../../src/renderer/src/api/client', () => ({
  kassa: { agent: { requests, approve, decline }, sale: { get } }
}))
const { useAgentsStore } = await import('../../../src/renderer/src/stores/agents')

const first = agentRequest()
const second = agentRequest({
  id: 'agr_00000000000000000000000000000002',
  kind: 'payment-request',
  saleId: 'sale_other',
  itemId: 'rec_1',
  variant: null,
  subtractPercentage: null,
  triage: null,
  createdAt: '2026-11-29T10:05:00.000Z'
})
const flush = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('useAgentsStore (requests waiting for a person at the till)', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    for (const mock of [requests, approve, decline, get]) mock.mockReset()
    get.mockImplementation(({ saleId }: { saleId: string }) =>
      Promise.resolve({
        ok: true,
        value: saleView({ id: saleId, receiptNumber: saleId === first.saleId ? '1042' : null })
      })
    )
  })

  it('lists the pending requests, looks up their receipts once, and keeps the list when a read fails', async () => {
    const store = useAgentsStore()
    requests.mockResolvedValue({ ok: true, value: [second, first] })
    await store.load()
    await flush()
    expect(requests).toHaveBeenCalledWith({ filter: 'pending' })
    expect(store.requests.map((r) => r.id)).toEqual([first.id, second.id])
    expect(store.count).toBe(2)
    expect(store.receipts).toEqual({ [first.saleId]: '1042', sale_other: null })
    await store.load()
    expect(get).toHaveBeenCalledTimes(2)
    requests.mockResolvedValue({ ok: false, error: { code: 'not-configured', message: 'not yet' } })
    await store.load()
    expect(store.count).toBe(2)
  })

  it('follows agent:request: a new one joins, one decided at another till or expired leaves at once', async () => {
    const store = useAgentsStore()
    requests.mockResolvedValue({ ok: true, value: [first] })
    await store.load()
    store.apply(second)
    expect(store.count).toBe(2)
    store.apply({ ...first, state: 'declined', decidedBy: 'cashier' })
    store.apply({ ...second, state: 'expired' })
    expect(store.requests).toEqual([])
    expect(store.count).toBe(0)
  })

  it('approves: the outcome stays on screen (also through events) until the panel is closed', async () => {
    const store = useAgentsStore()
    requests.mockResolvedValue({ ok: true, value: [first, second] })
    await store.load()
    let answer: (value: unknown) => void = () => undefined
    approve.mockImplementation(() => new Promise((resolve) => (answer = resolve)))
    const approving = store.approve(first.id)
    expect(store.busy).toBe(first.id)
    // The event of the approval arrives before the call's answer: the request stays, being carried out.
    store.apply({ ...first, state: 'approving' })
    expect(store.requests.find((r) => r.id === first.id)?.state).toBe('approving')
    const link = 'https://demo.example/pull-payments/pp_1'
    answer({ ok: true, value: { ...first, state: 'approved', result: { refundId: 'rfd_1', link } } })
    expect(await approving).toBe(true)
    expect(approve).toHaveBeenCalledWith({ requestId: first.id })
    expect(store.busy).toBeNull()
    expect(store.count).toBe(1)
    expect(store.requests.find((r) => r.id === first.id)?.result?.link).toBe(link)
    // A read meanwhile (main back) keeps the outcome shown here.
    requests.mockResolvedValue({ ok: true, value: [second] })
    await store.load()
    expect(store.requests.map((r) => r.id)).toEqual([first.id, second.id])
    store.forget()
    expect(store.requests.map((r) => r.id)).toEqual([second.id])
  })

  it('shows an approved refund’s claim link from its sale when the request carries none', async () => {
    const store = useAgentsStore()
    requests.mockResolvedValue({ ok: true, value: [first] })
    await store.load()
    const claimLink = 'https://demo.example/pull-payments/pp_9'
    get.mockResolvedValue({
      ok: true,
      value: saleView({
        refunds: [refundView({ id: 'rfd_other', claimLink: 'x' }), refundView({ id: 'rfd_9', claimLink })]
      })
    })
    approve.mockResolvedValueOnce({
      ok: true,
      value: { ...first, state: 'approved', result: { refundId: 'rfd_9' } }
    })
    await store.approve(first.id)
    await flush()
    expect(store.claimLinks).toEqual({ [first.id]: claimLink })
    store.forget()
    expect(store.claimLinks).toEqual({})
  })

  it('keeps a request pending with the refusal when the owner PIN was not given, and can approve it again', async () => {
    const store = useAgentsStore()
    requests.mockResolvedValue({ ok: true, value: [second] })
    await store.load()
    approve.mockResolvedValueOnce({ ok: false, error: { code: 'owner-required', message: 'PIN' } })
    expect(await store.approve(second.id)).toBe(false)
    expect(store.requests[0]?.state).toBe('pending')
    expect(store.errors[second.id]?.code).toBe('owner-required')
    approve.mockResolvedValueOnce({ ok: true, value: { ...second, state: 'approved', decidedBy: 'owner' } })
    expect(await store.approve(second.id)).toBe(true)
    expect(store.errors[second.id]).toBeUndefined()
    expect(store.requests[0]?.state).toBe('approved')
  })

  it('declines with the note trimmed, or without one when it is blank', async () => {
    const store = useAgentsStore()
    requests.mockResolvedValue({ ok: true, value: [first, second] })
    await store.load()
    decline.mockImplementation(({ requestId }: { requestId: string }) =>
      Promise.resolve({
        ok: true,
        value: { ...(requestId === first.id ? first : second), state: 'declined' }
      })
    )
    await store.decline(first.id, '  Not this one, the sale is a gift  ')
    await store.decline(second.id, '   ')
    expect(decline.mock.calls).toEqual([
      [{ requestId: first.id, note: 'Not this one, the sale is a gift' }],
      [{ requestId: second.id }]
    ])
    expect(store.count).toBe(0)
  })

  it('a request decided elsewhere meanwhile (conflict) is read again and leaves the list', async () => {
    const store = useAgentsStore()
    requests.mockResolvedValueOnce({ ok: true, value: [first] })
    await store.load()
    requests.mockResolvedValueOnce({ ok: true, value: [] })
    approve.mockResolvedValueOnce({ ok: false, error: { code: 'conflict', message: 'no longer pending' } })
    await store.approve(first.id)
    await flush()
    expect(requests).toHaveBeenCalledTimes(2)
    expect(store.requests).toEqual([])
  })
})
