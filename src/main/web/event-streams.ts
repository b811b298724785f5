import type { ServerResponse } from 'node:http'
import { EVENT_NAMES } from '@shared/contract'
import { DEVICE_EVENTS } from '@shared/devices'
import type { EventBus } from '../events'

/**
 * The open server-sent-event streams (`GET /api/events`), at most `max` at once. Each stream carries every
 * contract event and a keep-alive comment every `keepAliveMs`; it is forgotten when its connection closes.
 */
export class EventStreams {
  /** Each open stream and the paired device it serves (null: the till's own token). */
  private readonly open = new Map<ServerResponse, string | null>()

  constructor(
    private readonly events: EventBus,
    private readonly max: number,
    private readonly keepAliveMs: number
  ) {}

  /** Streams open now. */
  get size(): number {
    return this.open.size
  }

  /**
   * Start streaming to `res` (status 200, `text/event-stream`).
   * @param deviceId the paired device that opened it (it gets only `DEVICE_EVENTS`; `endFor` ends its streams when
   *   it is revoked), or null for the till's own
   * @returns false, with nothing written, when `max` streams are open already.
   */
  start(res: ServerResponse, deviceId: string | null = null): boolean {
    if (this.open.size >= this.max) return false
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive'
    })
    res.write(': connected\n\n')
    this.open.set(res, deviceId)
    const carried: readonly string[] = deviceId === null ? EVENT_NAMES : DEVICE_EVENTS
    const unsubscribe = this.events.subscribe((name, payload) => {
      if (carried.includes(name)) {
        res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`)
      }
    })
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), this.keepAliveMs)
    // The response's close, not the request's: it fires when the connection goes, whoever closed it.
    res.once('close', () => {
      clearInterval(keepAlive)
      unsubscribe()
      this.open.delete(res)
    })
    return true
  }

  /** End every open stream (the host is closing). */
  endAll(): void {
    for (const res of this.open.keys()) res.end()
  }

  /** End the streams a paired device opened (it was revoked): its connection is closed at once. */
  endFor(deviceId: string): void {
    for (const [res, owner] of this.open) {
      if (owner !== deviceId) continue
      res.end()
      res.socket?.destroy()
    }
  }
}
