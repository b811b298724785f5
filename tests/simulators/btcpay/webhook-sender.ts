/**
 * Webhook deliveries like BTCPay's `WebhookSender`: POST, pretty-printed camelCase JSON, header
 * `BTCPay-Sig: sha256=<lowercase hex HMAC-SHA256(secret, raw body)>`. One attempt per event (no redelivery).
 */
import { createHmac } from 'node:crypto'
import { newId, now, type SimState } from './state'

/** One delivery attempt, as recorded for tests. */
export interface Delivery {
  deliveryId: string
  webhookId: string
  url: string
  type: string
  invoiceId: string
  body: string
  signature: string
  /** HTTP status of the receiver, or null on a network error. */
  status: number | null
}

export class WebhookSender {
  readonly deliveries: Delivery[] = []
  private readonly pending = new Set<Promise<void>>()

  constructor(private readonly state: SimState) {
    state.events.on('invoice', (invoiceId: string, type: string) => this.emit(invoiceId, type))
  }

  /** Wait until every delivery started so far has finished. */
  async flush(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending])
  }

  private emit(invoiceId: string, type: string): void {
    const invoice = this.state.invoices.get(invoiceId)
    if (!invoice) return
    for (const webhook of this.state.webhooks.values()) {
      if (!webhook.enabled || (!webhook.everything && !webhook.specificEvents.includes(type))) continue
      const deliveryId = newId()
      const payload: Record<string, unknown> = {
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
        payload.overPaid = invoice.additionalStatus === 'PaidOver'
      if (type === 'InvoiceSettled' || type === 'InvoiceInvalid')
        payload.manuallyMarked = invoice.additionalStatus === 'Marked'
      if (type === 'InvoiceExpired') payload.partiallyPaid = invoice.additionalStatus === 'PaidPartial'
      const body = JSON.stringify(payload, null, 2)
      const signature =
        'sha256=' +
        createHmac('sha256', Buffer.from(webhook.secret, 'utf8')).update(body, 'utf8').digest('hex')
      const delivery: Delivery = {
        deliveryId,
        webhookId: webhook.id,
        url: webhook.url,
        type,
        invoiceId,
        body,
        signature,
        status: null
      }
      this.deliveries.push(delivery)
      const sending = fetch(webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'btcpay-sig': signature,
          'user-agent': 'BTCPayServer'
        },
        body,
        signal: AbortSignal.timeout(5_000)
      })
        .then(async (response) => {
          delivery.status = response.status
          await response.arrayBuffer()
        })
        .catch(() => {
          delivery.status = null
        })
        .finally(() => this.pending.delete(sending))
      this.pending.add(sending)
    }
  }
}
