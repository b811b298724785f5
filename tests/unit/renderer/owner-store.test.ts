import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { OperationPageView, OperationView } from '@shared/contract'

const balances = vi.fn()
const operations = vi.fn()
vi.mock('../../../src/renderer/src/api/client', () => ({ kassa: { owner: { balances, operations } } }))

const { useOwnerStore, OWNER_PAGE_LIMIT } = await import('../../../src/renderer/src/stores/owner')

function operation(over: Partial<OperationView> = {}): OperationView {
  return {
    id: 'op_1',
    type: 'invoice',
    status: 'completed',
    currency: 'BTC',
    amount: '0.00011538',
    sourceCurrency: 'USD',
    sourceAmount: '7.50',
    orderNumber: 'sale_0123456789',
    createdAt: '2025-01-01T10:00:00Z',
    ...over
  }
}

function page(over: Partial<OperationPageView> = {}): OperationPageView {
  return { items: [operation()], page: 1, pageCount: 3, totalCount: 41, nextPage: 2, ...over }
}

const REQUEST_IP = 'Request IP 203.0.113.7 is not in the whitelist of allowed IPs for this API key'

describe('useOwnerStore', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    balances.mockReset()
    operations.mockReset()
  })

  it('loads the balances per coin as the decimal strings received', async () => {
    balances.mockResolvedValue({
      ok: true,
      value: [
        { coin: 'BTC', currency: 'BTC', balance: '0.00000001' },
        { coin: 'USDT_TRX', currency: 'USDT', balance: '12345678901234567890.123456' }
      ]
    })
    const store = useOwnerStore()
    await store.loadBalances()
    expect(balances).toHaveBeenCalledWith({})
    expect(store.balancesState).toBe('done')
    expect(store.balances.map((b) => b.balance)).toEqual(['0.00000001', '12345678901234567890.123456'])
  })

  it('applies the typed filters from page 1 and pages through the same filters', async () => {
    operations.mockResolvedValueOnce({ ok: true, value: page() })
    const store = useOwnerStore()
    store.filters.type = 'invoice'
    store.filters.status = ' Completed '
    store.filters.currency = 'BTC'
    store.filters.search = ' sale_0123 '
    await store.apply()
    expect(operations).toHaveBeenLastCalledWith({
      page: 1,
      limit: OWNER_PAGE_LIMIT,
      type: 'invoice',
      status: 'completed',
      currency: 'BTC',
      search: 'sale_0123'
    })
    expect(store.operations?.items[0]?.amount).toBe('0.00011538')

    // Typing without Apply does not change the list being paged.
    store.filters.currency = 'ETH'
    operations.mockResolvedValueOnce({
      ok: true,
      value: page({ page: 2, nextPage: 3, items: [operation({ id: 'op_2' })] })
    })
    await store.next()
    expect(operations).toHaveBeenLastCalledWith(
      expect.objectContaining({ page: 2, currency: 'BTC', type: 'invoice' })
    )
    expect(store.operations?.page).toBe(2)

    operations.mockResolvedValueOnce({ ok: true, value: page() })
    await store.previous()
    expect(operations).toHaveBeenLastCalledWith(expect.objectContaining({ page: 1, currency: 'BTC' }))
  })

  it('leaves empty filters out of the request and stops at the last page', async () => {
    operations.mockResolvedValueOnce({ ok: true, value: page({ nextPage: null, pageCount: 1 }) })
    const store = useOwnerStore()
    store.filters.status = '   '
    await store.apply()
    expect(operations).toHaveBeenCalledWith({ page: 1, limit: OWNER_PAGE_LIMIT })
    await store.next()
    await store.previous()
    expect(operations).toHaveBeenCalledTimes(1)
  })

  it('keeps the previous list on an error and exposes the message unchanged', async () => {
    operations.mockResolvedValueOnce({ ok: true, value: page() })
    const store = useOwnerStore()
    await store.apply()
    operations.mockResolvedValueOnce({
      ok: false,
      error: { code: 'processor-permission', message: REQUEST_IP }
    })
    balances.mockResolvedValueOnce({
      ok: false,
      error: { code: 'processor-permission', message: REQUEST_IP }
    })
    store.filters.type = 'cash_out'
    await Promise.all([store.apply(), store.loadBalances()])
    expect(store.operationsState).toBe('error')
    expect(store.operationsError?.message).toBe(REQUEST_IP)
    expect(store.balancesError?.message).toBe(REQUEST_IP)
    expect(store.operations?.items.map((o) => o.id)).toEqual(['op_1'])
    // Paging after the failed Apply still follows the list shown.
    operations.mockResolvedValueOnce({ ok: true, value: page({ page: 2 }) })
    await store.next()
    expect(operations).toHaveBeenLastCalledWith({ page: 2, limit: OWNER_PAGE_LIMIT })
    expect(store.operationsError).toBeNull()
  })

  it('refresh re-reads the balances and the page shown', async () => {
    operations.mockResolvedValue({ ok: true, value: page({ page: 2 }) })
    balances.mockResolvedValue({ ok: true, value: [] })
    const store = useOwnerStore()
    await store.loadPage(2)
    await store.refresh()
    expect(balances).toHaveBeenCalledTimes(1)
    expect(operations).toHaveBeenLastCalledWith({ page: 2, limit: OWNER_PAGE_LIMIT })
  })
})
