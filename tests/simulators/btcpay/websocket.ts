/**
 * The checkout status websocket `/i/{invoiceId}/status/ws`: no auth, a 1-byte binary frame on every change of
 * the invoice, 404 at upgrade when the invoice is unknown or final. Sockets can be dropped on command, and
 * upgrades refused (403) as a reverse proxy that does not pass websockets through would.
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { SimState } from './state'

export class StatusSockets {
  private readonly wss = new WebSocketServer({ noServer: true })
  private readonly sockets = new Map<WebSocket, string>()
  /** Every upgrade accepted so far (counts reconnects). */
  connections = 0
  /** While true, every upgrade is answered 403 (a proxy that blocks websockets). */
  refuseUpgrades = false
  /** Upgrades refused so far because of `refuseUpgrades`. */
  refused = 0

  constructor(private readonly state: SimState) {
    state.events.on('invoice', (invoiceId: string) => {
      for (const [socket, id] of this.sockets) if (id === invoiceId) socket.send(Buffer.from([1]))
    })
  }

  /** Handle an HTTP upgrade; true when the path was ours. */
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    // A client that resets the connection (a till unsubscribing mid-handshake) must not crash the server, as it
    // would not crash BTCPay: without a listener, ECONNRESET on the raw socket is an uncaught exception.
    socket.on('error', () => socket.destroy())
    const match = /^\/i\/([^/]+)\/status\/ws$/.exec(new URL(request.url ?? '/', 'http://x').pathname)
    if (!match?.[1]) return false
    if (this.refuseUpgrades) {
      this.refused += 1
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')
      return true
    }
    const invoiceId = decodeURIComponent(match[1])
    const invoice = this.state.invoices.get(invoiceId)
    if (!invoice || ['Settled', 'Invalid', 'Expired'].includes(invoice.status)) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')
      return true
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      this.connections += 1
      this.sockets.set(ws, invoiceId)
      ws.on('close', () => this.sockets.delete(ws))
      ws.on('error', () => this.sockets.delete(ws))
    })
    return true
  }

  /** Open sockets (of one invoice, or all). */
  count(invoiceId?: string): number {
    return [...this.sockets.values()].filter((id) => invoiceId === undefined || id === invoiceId).length
  }

  /** Drop sockets abruptly (of one invoice, or all), like a network cut. */
  drop(invoiceId?: string): number {
    let dropped = 0
    for (const [socket, id] of this.sockets) {
      if (invoiceId !== undefined && id !== invoiceId) continue
      socket.terminate()
      this.sockets.delete(socket)
      dropped += 1
    }
    return dropped
  }

  close(): void {
    this.drop()
    this.wss.close()
  }
}
