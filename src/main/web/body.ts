import type { IncomingMessage, ServerResponse } from 'node:http'

/** What reading a request body gave: the bytes, or why there are none. */
export type BodyRead = { ok: true; body: Buffer } | { ok: false; reason: 'too-large' | 'aborted' }

/** True when the request says a body follows (a non-zero `Content-Length`, or any `Transfer-Encoding`). */
export function hasBody(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true
  const length = req.headers['content-length']
  return length !== undefined && Number(length) !== 0
}

/** True when the request's body has not been read to its end (so the connection cannot be reused). */
export function hasUnreadBody(req: IncomingMessage): boolean {
  return hasBody(req) && !req.complete
}

/** True when the declared `Content-Length` is over `limitBytes` (the body need not be read to refuse it). */
export function declaredTooLarge(req: IncomingMessage, limitBytes: number): boolean {
  const length = req.headers['content-length']
  return length !== undefined && Number(length) > limitBytes
}

/**
 * Read a request body of at most `limitBytes`. A declared `Content-Length` over the limit is refused without
 * reading a byte; a chunked body is read until it crosses the limit, then reading stops (the caller answers 413
 * and the connection is closed). A client that asked `Expect: 100-continue` is invited only here, so a request
 * refused earlier (token, size) never has its body sent at all.
 * @returns `{ok: true, body}`, or `{ok: false, reason}`: `too-large`, or `aborted` when the client went away.
 */
export function readBody(req: IncomingMessage, res: ServerResponse, limitBytes: number): Promise<BodyRead> {
  if (declaredTooLarge(req, limitBytes)) return Promise.resolve({ ok: false, reason: 'too-large' })
  if (req.httpVersion === '1.1' && /^100-continue$/i.test(req.headers.expect ?? '')) res.writeContinue()
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    const finish = (read: BodyRead) => {
      req.off('data', onData).off('end', onEnd).off('close', onClose)
      // Not resumed again: what the client still sends stays in the socket until the connection is closed.
      req.pause()
      resolve(read)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > limitBytes) finish({ ok: false, reason: 'too-large' })
      else chunks.push(chunk)
    }
    const onEnd = () => finish({ ok: true, body: Buffer.concat(chunks, size) })
    const onClose = () => finish({ ok: false, reason: 'aborted' })
    req.on('data', onData).once('end', onEnd).once('close', onClose)
  })
}
