import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startHarness, saleRequest, type Harness } from './helpers'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => {
  await h.btcpay.close()
  await h.sim.close()
})

describe('BTCPay checkout websocket (subscribe)', () => {
  it('calls the listener on every status change', async () => {
    const invoice = await h.btcpay.createInvoice(saleRequest())
    const listener = vi.fn()
    const unsubscribe = h.btcpay.subscribe(invoice.id, listener)
    await vi.waitFor(() => expect(h.sim.control.socketCount(invoice.id)).toBe(1))
    h.sim.control.pay(invoice.id, 'partial')
    await vi.waitFor(() => expect(listener).toHaveBeenCalled())
    unsubscribe()
  })

  it('stops delivering when the socket drops, then reconnects and delivers again', async () => {
    const invoice = await h.btcpay.createInvoice(saleRequest())
    const listener = vi.fn()
    const unsubscribe = h.btcpay.subscribe(invoice.id, listener)
    await vi.waitFor(() => expect(h.sim.control.socketCount(invoice.id)).toBe(1))
    const connections = h.sim.control.socketConnections()
    expect(h.sim.control.dropSockets(invoice.id)).toBe(1)
    await vi.waitFor(() => expect(h.sim.control.socketConnections()).toBeGreaterThan(connections))
    await vi.waitFor(() => expect(h.sim.control.socketCount(invoice.id)).toBe(1))
    // After a reconnect the listener is told once, since changes may have been missed meanwhile.
    await vi.waitFor(() => expect(listener).toHaveBeenCalledTimes(1))
    h.sim.control.pay(invoice.id, 'full', 'BTC-LN')
    await vi.waitFor(() => expect(listener.mock.calls.length).toBeGreaterThan(1))
    unsubscribe()
  })

  it('closes the socket on unsubscribe and on close(), and stops reconnecting', async () => {
    const a = await h.btcpay.createInvoice(saleRequest())
    const b = await h.btcpay.createInvoice(saleRequest())
    const btcpay = h.connector()
    const listener = vi.fn()
    const unsubscribe = btcpay.subscribe(a.id, listener)
    btcpay.subscribe(b.id, listener)
    await vi.waitFor(() => expect(h.sim.control.socketCount(a.id) + h.sim.control.socketCount(b.id)).toBe(2))
    unsubscribe()
    await vi.waitFor(() => expect(h.sim.control.socketCount(a.id)).toBe(0))
    await btcpay.close()
    await vi.waitFor(() => expect(h.sim.control.socketCount(b.id)).toBe(0))
    const connections = h.sim.control.socketConnections()
    h.sim.control.pay(b.id, 'partial')
    // Give a reconnect (20–100 ms backoff) ample chance to happen if it wrongly would.
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(h.sim.control.socketConnections()).toBe(connections)
    expect(listener).not.toHaveBeenCalled()
  })

  it('stops reconnecting once the invoice is final (404 at upgrade) after telling the listener', async () => {
    const invoice = await h.btcpay.createInvoice(saleRequest())
    const listener = vi.fn()
    const unsubscribe = h.btcpay.subscribe(invoice.id, listener)
    await vi.waitFor(() => expect(h.sim.control.socketCount(invoice.id)).toBe(1))
    h.sim.control.pay(invoice.id, 'full', 'BTC-LN') // Settled: final
    await vi.waitFor(() => expect(listener).toHaveBeenCalled())
    const calls = listener.mock.calls.length
    h.sim.control.dropSockets(invoice.id)
    await vi.waitFor(() => expect(listener.mock.calls.length).toBe(calls + 1))
    const connections = h.sim.control.socketConnections()
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(h.sim.control.socketConnections()).toBe(connections)
    unsubscribe()
  })
})
