import { SMTPServer } from 'smtp-server'
import { simpleParser, type ParsedMail } from 'mailparser'

/** What the test SMTP server does with the next commands (change it between sends). */
export interface SmtpBehaviour {
  /** Refuse every RCPT TO with this reply (e.g. `550 5.1.1 Mailbox unavailable`), or accept (null). */
  refuseRcpt: { code: number; text: string } | null
  /** Read the whole message, keep it, and never answer the end of data (the client times out). */
  hangAfterData: boolean
  /** Refuse every login (535). */
  refuseAuth: boolean
}

/**
 * A real SMTP server (`smtp-server`) on 127.0.0.1, port 0, without TLS, that takes any login and parses every
 * message it takes with `mailparser`. `received` holds each message whose data the server read (also the ones it
 * never answered when `hangAfterData`), `logins` each AUTH it saw.
 */
export class TestSmtpServer {
  readonly received: ParsedMail[] = []
  readonly logins: { username?: string; password?: string }[] = []
  readonly behaviour: SmtpBehaviour = { refuseRcpt: null, hangAfterData: false, refuseAuth: false }
  private readonly server: SMTPServer

  private constructor() {
    this.server = new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS'],
      authOptional: true,
      allowInsecureAuth: true,
      closeTimeout: 100,
      onAuth: (login, _session, callback) => {
        this.logins.push({ username: login.username ?? undefined, password: login.password ?? undefined })
        if (this.behaviour.refuseAuth) {
          return callback(
            Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 })
          )
        }
        callback(null, { user: login.username ?? undefined })
      },
      onRcptTo: (_address, _session, callback) => {
        const refusal = this.behaviour.refuseRcpt
        if (!refusal) return callback()
        callback(Object.assign(new Error(refusal.text), { responseCode: refusal.code }))
      },
      onData: (stream, _session, callback) => {
        const hang = this.behaviour.hangAfterData
        simpleParser(stream)
          .then((mail) => {
            this.received.push(mail)
            if (!hang) callback()
          })
          .catch((error: Error) => callback(error))
      }
    })
    this.server.on('error', () => undefined)
  }

  /** Start listening; `port` is set once it resolves. */
  static async start(): Promise<TestSmtpServer> {
    const smtp = new TestSmtpServer()
    await new Promise<void>((resolve) => smtp.server.listen(0, '127.0.0.1', resolve))
    return smtp
  }

  get port(): number {
    return (this.server.server.address() as { port: number }).port
  }

  close(): Promise<void> {
    return new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}
