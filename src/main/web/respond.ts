import type { ServerResponse } from 'node:http'
import type { Result } from '@shared/errors'
import { hasUnreadBody } from './body'

/**
 * Answer with `status` and `body` (plus `headers`; the security headers are already set on `res`). When the
 * request's body was not read (refused before reading, or cut at the size limit), the answer says
 * `Connection: close` and the socket is destroyed once the answer is flushed: the client reads the answer, and
 * the server never drains the rest of the body just to keep the connection alive.
 */
export function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  headers: Record<string, string> = {}
): void {
  const unread = hasUnreadBody(res.req)
  res.writeHead(status, {
    ...headers,
    'content-type': type,
    'content-length': String(Buffer.byteLength(body)),
    ...(unread ? { connection: 'close' } : {})
  })
  if (unread) {
    const socket = res.req.socket
    // Node's own finish handler runs first and would resume the request to drain it; destroying here, in the
    // same tick, stops that before another byte is read.
    res.once('finish', () => socket.destroy())
  }
  res.end(body)
}

/** Answer a contract `Result` as JSON. */
export function sendResult(
  res: ServerResponse,
  status: number,
  result: Result<unknown>,
  headers: Record<string, string> = {}
): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(result), headers)
}
