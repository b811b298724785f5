/**
 * Push for one invoice through BTCPay's checkout websocket `ws(s)://<server>/i/{invoiceId}/status/ws`
 * (undocumented UI contract, no authentication). Each frame carries no payload: it means "the invoice may have
 * changed", so the listener re-reads the invoice. On close or error the socket reconnects with capped
 * exponential backoff; the tracker keeps polling meanwhile. A 404 at upgrade means the invoice is final (or
 * unknown): the listener is called once more and reconnection stops.
 */
import { WebSocket as WsWebSocket } from 'ws'

/** The `ws` WebSocket class (injectable for tests). */
export type WebSocketConstructor = typeof WsWebSocket

/** Backoff between reconnects, milliseconds. */
export interface ReconnectOptions {
  minBackoffMs?: number
  maxBackoffMs?: number
}

/** The checkout websocket URL of an invoice. */
export function statusSocketUrl(serverUrl: string, invoiceId: string): string {
  const url = new URL(serverUrl.replace(/\/+$/, '') + `/i/${encodeURIComponent(invoiceId)}/status/ws`)
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  return url.toString()
}

/**
 * Open the status socket and keep it open until the returned function is called.
 * @param listener called on every frame and after every reconnect (changes may have been missed meanwhile).
 */
export function subscribeStatus(
  serverUrl: string,
  invoiceId: string,
  listener: () => void,
  options: ReconnectOptions & { WebSocket?: WebSocketConstructor } = {}
): () => void {
  const Impl = options.WebSocket ?? WsWebSocket
  const minMs = options.minBackoffMs ?? 1_000
  const maxMs = options.maxBackoffMs ?? 30_000
  const url = statusSocketUrl(serverUrl, invoiceId)
  let stopped = false
  let attempt = 0
  let everOpened = false
  let socket: InstanceType<WebSocketConstructor> | null = null
  let timer: NodeJS.Timeout | null = null

  const notify = (): void => {
    try {
      listener()
    } catch {
      // A failing listener must not kill the socket; the tracker logs its own errors.
    }
  }

  const connect = (): void => {
    if (stopped) return
    const ws = new Impl(url)
    socket = ws
    let final = false
    ws.on('open', () => {
      attempt = 0
      if (everOpened) notify()
      everOpened = true
    })
    ws.on('message', notify)
    ws.on('error', (error: Error) => {
      if (/\b404\b/.test(error.message)) final = true
    })
    ws.on('close', () => {
      if (socket !== ws) return
      socket = null
      if (stopped) return
      if (final) {
        notify()
        return
      }
      const delay = Math.min(maxMs, minMs * 2 ** attempt)
      attempt += 1
      timer = setTimeout(() => {
        timer = null
        connect()
      }, delay)
    })
  }

  connect()
  return () => {
    stopped = true
    if (timer) clearTimeout(timer)
    timer = null
    const ws = socket
    socket = null
    ws?.terminate()
  }
}
