import { connect } from 'node:net'

/** Why sending to a printer failed, in words for the queue (`printer-unreachable: …`). */
export class PrinterError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PrinterError'
  }
}

/**
 * Send raw bytes to a network printer (ESC/POS over TCP, usually port 9100) and resolve once the printer's socket
 * took them all and the connection closed (our FIN sent after the last byte, the printer's close seen).
 * @param timeoutMs for connecting and for each silence after (default 10 000 ms)
 * @throws PrinterError when the printer refuses or does not answer (off, wrong address), times out, or drops the
 *   connection before all bytes were written
 */
export function sendToPrinter(
  host: string,
  port: number,
  bytes: Uint8Array,
  timeoutMs = 10_000
): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false
    let written = false
    const socket = connect({ host, port })
    const fail = (message: string): void => {
      if (settled) return
      settled = true
      socket.destroy()
      reject(new PrinterError(message))
    }
    socket.setTimeout(timeoutMs, () => {
      // All bytes written and our side closed: the printer keeping its side open is no reason to print again.
      if (written) {
        settled = true
        socket.destroy()
        resolve()
      } else fail(`The printer at ${host}:${port} did not answer within ${timeoutMs / 1000} s`)
    })
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (written && error.code === 'ECONNRESET') {
        // reset after every byte was taken: printed
        settled = true
        resolve()
        return
      }
      const why =
        error.code === 'ECONNREFUSED'
          ? 'refused the connection (off, or another port?)'
          : error.code === 'EHOSTUNREACH' || error.code === 'ENETUNREACH'
            ? 'cannot be reached'
            : error.code === 'ENOTFOUND'
              ? 'is not a known host name'
              : error.message
      fail(`The printer at ${host}:${port} ${why}`)
    })
    socket.once('connect', () => {
      socket.end(Buffer.from(bytes), () => {
        written = true
      })
    })
    socket.once('close', (hadError) => {
      if (settled) return
      if (written && !hadError) {
        settled = true
        resolve()
      } else fail(`The printer at ${host}:${port} closed the connection before taking the receipt`)
    })
  })
}
