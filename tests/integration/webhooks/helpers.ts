import { createHmac } from 'node:crypto'
import { statSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import type { Core } from '../../../src/main/core'
import { startWebHost, type WebHost } from '../../../src/main/web/server'

/** The core behind a loopback web host that receives `POST /webhooks/<processor>`. */
export async function webHostFor(core: Core, rendererDir: string): Promise<WebHost> {
  return startWebHost({
    handlers: core.handlers,
    events: core.events,
    rendererDir,
    webhooks: (processor, body, headers, remoteAddress) =>
      core.receiveWebhook(processor, body, headers, remoteAddress)
  })
}

/** One POST's outcome. */
export interface Answer {
  status: number
  body: string
}

/**
 * POST `body` to `url` `times` times, `concurrency` at a time, optionally from another loopback address
 * (`127.0.0.x`: Linux routes the whole 127/8 to this machine). Returns the answers in order.
 */
export async function postMany(
  url: string,
  body: string,
  headers: Record<string, string>,
  times: number,
  { concurrency = 8, localAddress }: { concurrency?: number; localAddress?: string } = {}
): Promise<Answer[]> {
  const answers: Answer[] = new Array(times)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < times) {
      const index = next++
      answers[index] = await post(url, body, headers, localAddress)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, times) }, worker))
  return answers
}

/** One POST with node:http (so a test may choose the source address and the Host header). */
export function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  localAddress?: string
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { 'content-length': String(Buffer.byteLength(body)), ...headers },
        localAddress
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }))
        res.on('error', reject)
      }
    )
    req.on('error', reject)
    req.end(body)
  })
}

/** How many answers had each status. */
export function countStatuses(answers: readonly Answer[]): Map<number, number> {
  const counts = new Map<number, number>()
  for (const answer of answers) counts.set(answer.status, (counts.get(answer.status) ?? 0) + 1)
  return counts
}

/** Rows in every table of the ledger (whatever tables this build has). */
export function ledgerRows(core: Core): number {
  const db = core.ledger.database
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all() as { name: string }[]
  let total = 0
  for (const { name } of tables) {
    const row = db.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).get() as { n: bigint }
    total += Number(row.n)
  }
  return total
}

/** Audit rows with this action. */
export function auditRows(core: Core, action: string): { details: Record<string, unknown> }[] {
  const rows = core.ledger.database
    .prepare('SELECT details_json FROM audit_log WHERE action = ? ORDER BY seq')
    .all(action) as { details_json: string }[]
  return rows.map((row) => ({ details: JSON.parse(row.details_json) as Record<string, unknown> }))
}

/** Bytes of the ledger on disk: the SQLite file and its write-ahead log. */
export function ledgerBytes(dataDir: string): number {
  let total = 0
  for (const name of ['kassa.sqlite', 'kassa.sqlite-wal']) {
    try {
      total += statSync(join(dataDir, name)).size
    } catch {
      // no WAL yet
    }
  }
  return total
}

/** A BTCPay delivery body as BTCPay's WebhookSender writes it (indented camelCase JSON) and its `BTCPay-Sig`. */
export function btcpayDelivery(
  secret: string,
  fields: { deliveryId: string; invoiceId: string; storeId: string; type?: string; timestamp?: number }
): { body: string; headers: Record<string, string> } {
  const event = {
    deliveryId: fields.deliveryId,
    webhookId: 'WH1',
    originalDeliveryId: fields.deliveryId,
    isRedelivery: false,
    type: fields.type ?? 'InvoiceSettled',
    timestamp: fields.timestamp ?? Math.floor(Date.now() / 1000),
    storeId: fields.storeId,
    invoiceId: fields.invoiceId,
    metadata: {},
    manuallyMarked: false,
    overPaid: false
  }
  const body = JSON.stringify(event, null, 2)
  const signature = createHmac('sha256', Buffer.from(secret, 'utf8')).update(body, 'utf8').digest('hex')
  return { body, headers: { 'content-type': 'application/json', 'btcpay-sig': `sha256=${signature}` } }
}

/** A BTPay delivery body as BTPay's dispatcher writes it (`json.dumps`, `str(pendulum.now(UTC))`) and its signature. */
export function btpayDelivery(
  secret: string,
  fields: { invoiceNumber: string; event?: string; at?: Date }
): { body: string; headers: Record<string, string> } {
  const at = (fields.at ?? new Date()).toISOString().replace('Z', '000+00:00')
  const event = fields.event ?? 'invoice.paid'
  const body = `{"event": "${event}", "data": {"invoice": {"invoice_number": "${fields.invoiceNumber}", "status": "paid"}}, "timestamp": "${at}"}`
  const signature = createHmac('sha256', secret).update(body, 'utf8').digest('hex')
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-btpay-signature': signature,
      'x-btpay-event': event,
      'user-agent': 'BTPay-Webhook/1.0'
    }
  }
}
