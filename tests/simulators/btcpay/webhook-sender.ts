/**
 * Webhook deliveries like BTCPay's `WebhookSender`: POST, pretty-printed camelCase JSON, header
 * `BTCPay-Sig: sha256=<lowercase hex HMAC-SHA256(secret, raw body)>`. One attempt per event; a redelivery (the
 * Greenfield `…/redeliver` route or `redeliver` here) is a new delivery id with `isRedelivery`, the original's
 * `originalDeliveryId` and, as in BTCPay, the original `timestamp`. Each attempt is recorded as BTCPay records it
 * (`status` `HttpSuccess` | `HttpError` | `Failed`) for the deliveries routes.
 */
import { createHmac } from 'node:crypto'
import { newId, now, type SimDeliveryRecord, type SimState } from './state'

/** One delivery attempt, as recorded for tests and the deliveries routes. */
export interface Delivery extends SimDeliveryRecord {
  url: string
  type: string
  invoiceId: string
  signature: string
}

export class WebhookSender {
  readonly deliveries: Delivery[] = []
  private readonly pending = new Set<Promise<void>>()

  constructor(private readonly state: SimState) {
    state.events.on('invoice', (invoiceId: string, type: string) => this.emit(invoiceId, type))
    state.redeliver = (deliveryId) => this.redeliver(deliveryId)
  }

  /** Wait until every delivery started so far has finished. */
  async flush(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending])
  }

  /** Send a delivery again as a redelivery (new id, same event and timestamp). @returns the new id, or null. */
  redeliver(deliveryId: string): string | null {
    const original = this.deliveries.find((d) => d.deliveryId === deliveryId)
    const webhook = original && this.state.webhooks.get(original.webhookId)
    if (!original || !webhook) return null
    const event = JSON.parse(original.body) as Record<string, unknown>
    const id = newId()
    event.deliveryId = id
    event.originalDeliveryId ??= deliveryId
    event.isRedelivery = true
    this.send(webhook, event, original.type, original.invoiceId)
    return id
  }

  /**
   * Post a recorded delivery's exact bytes and signature again, `times` times, to `url` (default its own): what
   * an eavesdropper replaying a captured delivery would send. @returns the receiver's statuses.
   */
  async replay(deliveryId: string, times = 1, url?: string): Promise<number[]> {
    const original = this.deliveries.find((d) => d.deliveryId === deliveryId)
    if (!original) throw new Error(`No delivery ${deliveryId}`)
    const statuses: number[] = []
    for (let i = 0; i < times; i++) {
      const response = await fetch(url ?? original.url, {
        method: 'POST',
        headers: headers(original.signature),
        body: original.body
      })
      await response.arrayBuffer()
      statuses.push(response.status)
    }
    return statuses
  }

  private emit(invoiceId: string, type: string): void {
    const invoice = this.state.invoices.get(invoiceId)
    if (!invoice) return
    for (const webhook of this.state.webhooks.values()) {
      if (!webhook.enabled || (!webhook.everything && !webhook.specificEvents.includes(type))) continue
      const deliveryId = newId()
      const event: Record<string, unknown> = {
        deliveryId,
        webhookId: webhook.id,
        originalDeliveryId: deliveryId,
        isRedelivery: false,
        type,
        timestamp: now(),
        storeId: invoice.storeId,
        invoiceId,
        metadata: invoice.metadata
      }
      if (type === 'InvoiceSettled' || type === 'InvoiceProcessing')
        event.overPaid = invoice.additionalStatus === 'PaidOver'
      if (type === 'InvoiceSettled' || type === 'InvoiceInvalid')
        event.manuallyMarked = invoice.additionalStatus === 'Marked'
      if (type === 'InvoiceExpired') event.partiallyPaid = invoice.additionalStatus === 'PaidPartial'
      this.send(webhook, event, type, invoiceId)
    }
  }

  private send(
    webhook: { id: string; url: string; secret: string },
    event: Record<string, unknown>,
    type: string,
    invoiceId: string
  ): void {
    const body = JSON.stringify(event, null, 2)
    const signature =
      'sha256=' + createHmac('sha256', Buffer.from(webhook.secret, 'utf8')).update(body, 'utf8').digest('hex')
    const delivery: Delivery = {
      deliveryId: String(event.deliveryId),
      webhookId: webhook.id,
      url: webhook.url,
      type,
      invoiceId,
      body,
      signature,
      timestamp: Number(event.timestamp),
      deliveryTime: now(),
      status: null,
      outcome: null,
      errorMessage: null
    }
    this.deliveries.push(delivery)
    this.state.deliveries.push(delivery)
    const sending = fetch(webhook.url, {
      method: 'POST',
      headers: headers(signature),
      body,
      signal: AbortSignal.timeout(5_000)
    })
      .then(async (response) => {
        delivery.status = response.status
        delivery.outcome = response.ok ? 'HttpSuccess' : 'HttpError'
        delivery.errorMessage = response.ok ? null : `HTTP Error Code ${response.status}`
        await response.arrayBuffer()
      })
      .catch((error: unknown) => {
        delivery.status = null
        delivery.outcome = 'Failed'
        delivery.errorMessage = error instanceof Error ? error.message : String(error)
      })
      .finally(() => this.pending.delete(sending))
    this.pending.add(sending)
  }
}

function headers(signature: string): Record<string, string> {
  return { 'content-type': 'application/json', 'btcpay-sig': signature, 'user-agent': 'BTCPayServer' }
}
