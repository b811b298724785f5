import { createServer, type Server, type Socket } from 'node:net'

/**
 * A network ESC/POS printer on 127.0.0.1 (port 0): every connection's bytes are kept as one print; the printer
 * closes its side when the till closes its own, as real ones do.
 */
export class LoopbackPrinter {
  readonly prints: Buffer[] = []
  private readonly server: Server
  private readonly sockets = new Set<Socket>()

  private constructor() {
    this.server = createServer((socket) => {
      this.sockets.add(socket)
      const chunks: Buffer[] = []
      socket.on('data', (chunk: Buffer) => chunks.push(chunk))
      socket.on('end', () => {
        this.prints.push(Buffer.concat(chunks))
        socket.end()
      })
      socket.on('close', () => this.sockets.delete(socket))
      socket.on('error', () => undefined)
    })
  }

  /** Start listening; `port` is set once it resolves. */
  static async start(): Promise<LoopbackPrinter> {
    const printer = new LoopbackPrinter()
    await new Promise<void>((resolve) => printer.server.listen(0, '127.0.0.1', resolve))
    return printer
  }

  get port(): number {
    return (this.server.address() as { port: number }).port
  }

  /** The prints as Latin-1 text (ESC/POS commands and code-page text byte for byte). */
  get texts(): string[] {
    return this.prints.map((print) => print.toString('latin1'))
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}
