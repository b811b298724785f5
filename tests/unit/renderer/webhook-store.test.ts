import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { WebhookStatusView } from '@shared/contract'

const status = vi.fn()
const register = vi.fn()
const unregister = vi.fn()
vi.mock('../../../src/renderer/src/api/client', () => ({
  kassa: { webhook: { status, register, unregister } }
}))

const { useWebhookStore } = await import('../../../src/renderer/src/stores/webhook')

function view(over: Partial<WebhookStatusView> = {}): WebhookStatusView {
  return {
    processor: 'btcpay',
    registrable: true,
    receiver: true,
    registration: null,
    accepted: { count: 0, lastAt: null },
    rejected: { count: 0, lastAt: null },
    lastDelivery: null,
    message: 'BTCPay Server cannot reach this till: no webhook is registered.',
    ...over
  }
}

const registered = view({
  registration: {
    webhookId: 'wh1',
    url: 'https://till.example.net/webhooks/btcpay',
    registeredAt: '2025-01-01T10:00:00Z',
    current: true
  }
})

describe('useWebhookStore', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    status.mockReset()
    register.mockReset()
    unregister.mockReset()
  })

  it('reads each processor’s status into its own slot', async () => {
    status.mockResolvedValueOnce({ ok: true, value: view() })
    status.mockResolvedValueOnce({ ok: true, value: view({ processor: 'plisio', registrable: false }) })
    const store = useWebhookStore()
    await store.load('btcpay')
    await store.load('plisio')
    expect(status.mock.calls).toEqual([[{ processor: 'btcpay' }], [{ processor: 'plisio' }]])
    expect(store.statuses.btcpay?.registrable).toBe(true)
    expect(store.statuses.plisio?.registrable).toBe(false)
    expect(store.states.btcpay).toBe('done')
  })

  it('registers with the trimmed relay address and shows the registration main answers', async () => {
    register.mockResolvedValue({ ok: true, value: registered })
    const store = useWebhookStore()
    expect(await store.register('btcpay', '  https://till.example.net  ')).toBe(true)
    expect(register).toHaveBeenCalledWith({ processor: 'btcpay', publicUrl: 'https://till.example.net' })
    expect(store.statuses.btcpay?.registration?.url).toBe('https://till.example.net/webhooks/btcpay')
  })

  it('keeps the last status and shows the error next to that processor when registering fails', async () => {
    status.mockResolvedValue({ ok: true, value: view() })
    register.mockResolvedValue({
      ok: false,
      error: {
        code: 'processor-permission',
        message:
          'This API key may not manage the store’s webhooks: it lacks btcpay.store.webhooks.canmodifywebhooks.'
      }
    })
    const store = useWebhookStore()
    await store.load('btcpay')
    expect(await store.register('btcpay', 'https://till.example.net')).toBe(false)
    expect(store.errors.btcpay?.code).toBe('processor-permission')
    expect(store.states.btcpay).toBe('error')
    expect(store.statuses.btcpay?.registration).toBeNull()
    expect(store.errors.btpay).toBeUndefined()
  })

  it('clears a previous error on the next action and shows the removal', async () => {
    register.mockResolvedValue({ ok: false, error: { code: 'processor-connection', message: 'No answer' } })
    unregister.mockResolvedValue({ ok: true, value: view() })
    const store = useWebhookStore()
    await store.register('btcpay', 'https://till.example.net')
    expect(await store.unregister('btcpay')).toBe(true)
    expect(unregister).toHaveBeenCalledWith({ processor: 'btcpay' })
    expect(store.errors.btcpay).toBeUndefined()
    expect(store.statuses.btcpay?.registration).toBeNull()
  })
})
