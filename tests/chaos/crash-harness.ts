import Database from 'libsql'
import { join } from 'node:path'
import type { BtcpaySimulator } from '../simulators/btcpay'
import type { PlisioSimulator } from '../simulators/plisio'

/** A seeded pseudo-random source (mulberry32): the same seed gives the same kill points. */
export function seededRandom(seed: number): { next(): number; int(min: number, max: number): number } {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return { next, int: (min, max) => min + Math.floor(next() * (max - min + 1)) }
}

/**
 * KNOWN DEFECTS the fault loop found and that are not fixed yet, by name → the pattern of their violation; the loop
 * counts and reports these instead of failing on them (KASSA_CHAOS_STRICT=1 fails). None now: the three it found (a
 * create's, a BTCPay refund's and a Plisio withdrawal's answer cut or not JSON, taken for "nothing was made") are
 * fixed, shown alone in `create-bad-answer.test.ts`. Add an entry only with a test that shows the defect alone.
 */
export const KNOWN_DEFECTS: Record<string, RegExp> = {}

/** The known defect a violation is (`KNOWN_DEFECTS`), or null. */
export function knownDefect(problem: string): string | null {
  return Object.entries(KNOWN_DEFECTS).find(([, pattern]) => pattern.test(problem))?.[0] ?? null
}

/** A ledger row the invariants read (integers as bigint). */
export interface LedgerSaleRow {
  id: string
  state: string
  invoice_id: string | null
  processor: string
  error_code: string | null
}
export interface LedgerRefundRow {
  id: string
  sale_id: string
  kind: string
  state: string
  external_id: string | null
  fiat_minor: bigint | null
}

/** A ledger invoice row (its processor's id, status words and amounts in minor units). */
export interface LedgerInvoiceRow {
  processor: string
  id: string
  sale_id: string
  status: string
  raw_status: string
  amount_minor: bigint
  paid_minor: bigint
}
/** A recovery payment request as the ledger holds it (`order_id` is `<itemId>-<attempt>`). */
export interface LedgerRequestRow {
  order_id: string
  item_id: string
  processor: string
  request_id: string | null
  status: string
}
/** A failed charge in the Recovery queue. */
export interface LedgerItemRow {
  id: string
  sale_id: string
  status: string
}
/** A recovery message in the outbox. */
export interface LedgerMessageRow {
  id: string
  channel: string
  subject: string
  state: string
}

/** What the ledger file holds, read straight from SQLite (a second reader beside the running till, as WAL allows). */
export function readLedger(dataDir: string): {
  sales: LedgerSaleRow[]
  refunds: LedgerRefundRow[]
  paidMinor: Map<string, bigint>
  invoices: LedgerInvoiceRow[]
  requests: LedgerRequestRow[]
  messages: LedgerMessageRow[]
  items: LedgerItemRow[]
} {
  const db = new Database(join(dataDir, 'kassa.sqlite'), { readonly: true })
  db.defaultSafeIntegers(true)
  try {
    const sales = db
      .prepare('SELECT id, state, invoice_id, processor, error_code FROM sales')
      .all() as LedgerSaleRow[]
    const refunds = db
      .prepare('SELECT id, sale_id, kind, state, external_id, fiat_minor FROM refunds')
      .all() as LedgerRefundRow[]
    const invoices = db
      .prepare('SELECT processor, id, sale_id, status, raw_status, amount_minor, paid_minor FROM invoices')
      .all() as LedgerInvoiceRow[]
    const requests = db
      .prepare('SELECT order_id, item_id, processor, request_id, status FROM recovery_requests')
      .all() as LedgerRequestRow[]
    const messages = db
      .prepare('SELECT id, channel, subject, state FROM recovery_outbox')
      .all() as LedgerMessageRow[]
    const items = db.prepare('SELECT id, sale_id, status FROM recovery_items').all() as LedgerItemRow[]
    return {
      sales,
      refunds,
      items,
      paidMinor: new Map(invoices.map((row) => [row.sale_id, BigInt(row.paid_minor)])),
      invoices,
      requests,
      messages
    }
  } finally {
    db.close()
  }
}

type Ledger = ReturnType<typeof readLedger>

/** A Plisio invoice as the simulator's own `GET /operations` lists it. */
export interface PlisioInvoiceOp {
  id: string
  status: string
  params: { order_number: string; source_amount: string }
}

/** The simulator books and mail the fault loop reads beyond what the plain kill loop checks. */
export interface MoreBooks {
  /** Every Plisio invoice (`readPlisioInvoices`). */
  plisioInvoices: PlisioInvoiceOp[]
  /** The subjects of the mails the SMTP server took, in order. */
  mailSubjects: string[]
}

/** Every invoice the Plisio simulator holds, read through its own API (`GET /operations?type=invoice`, paged). */
export async function readPlisioInvoices(plisio: PlisioSimulator): Promise<PlisioInvoiceOp[]> {
  const all: PlisioInvoiceOp[] = []
  for (let page = 1; ; page++) {
    const url = `${plisio.url}/operations?api_key=${plisio.apiKey}&type=invoice&limit=100&page=${page}`
    const body = (await (await fetch(url)).json()) as {
      data: { operations: PlisioInvoiceOp[]; _meta: { pageCount: number } }
    }
    all.push(...body.data.operations)
    if (page >= body.data._meta.pageCount) return all
  }
}

/** A decimal string of a two-decimal currency in minor units, without a float (`"40.5"` → 4050n). */
export function decimalToMinor(value: string): bigint {
  const [whole = '0', fraction = ''] = value.split('.')
  return BigInt(whole + fraction.padEnd(2, '0').slice(0, 2))
}

const LIVE_BTCPAY_REQUEST = new Set(['Pending', 'Processing'])
const LIVE_PLISIO_INVOICE = new Set(['new', 'pending', 'pending internal'])
const itemOfOrder = (orderId: string): string => orderId.slice(0, orderId.lastIndexOf('-'))

/**
 * The invariants of the fault loop on top of `checkInvariants`' (which calls it when given `more`): one Plisio
 * invoice per sale, held by it; at most one payment request per order id and one live one per recovery item at
 * each processor, each held by the ledger's request; no request left `creating`; each recovery mail taken by the
 * SMTP server at most once, a `sent` one exactly once, none without its outbox row, none left `sending`; every
 * message the till answered recorded; and the ledger's invoices agree with each simulator's (amount, status).
 */
function checkMoreBooks(
  ledger: Ledger,
  btcpay: BtcpaySimulator,
  more: MoreBooks,
  acknowledgedMessages: Set<string> | undefined
): string[] {
  const problems: string[] = []
  const sales = new Map(ledger.sales.map((sale) => [sale.id, sale]))
  const requests = new Map(ledger.requests.map((request) => [request.order_id, request]))
  // Plisio: one live invoice per sale (the simulator marks a replaced one `cancelled duplicate`), held by the sale.
  const plisioByOrder = new Map<string, PlisioInvoiceOp[]>()
  for (const invoice of more.plisioInvoices) {
    if (invoice.status === 'cancelled duplicate') continue
    const order = invoice.params.order_number
    plisioByOrder.set(order, [...(plisioByOrder.get(order) ?? []), invoice])
  }
  const liveRequests = new Map<string, string[]>()
  const addLive = (orderId: string, id: string) => {
    const item = itemOfOrder(orderId)
    liveRequests.set(item, [...(liveRequests.get(item) ?? []), id])
  }
  for (const [order, invoices] of plisioByOrder) {
    if (invoices.length > 1) problems.push(`Plisio holds ${invoices.length} invoices for order ${order}`)
    const invoice = invoices[0]!
    if (order.startsWith('payreq-')) {
      const request = requests.get(order.slice('payreq-'.length))
      if (!request) problems.push(`Plisio payment request ${invoice.id} (${order}) is not in the ledger`)
      else if (request.request_id !== invoice.id)
        problems.push(`request ${request.order_id} holds ${request.request_id}, not Plisio's ${invoice.id}`)
      if (LIVE_PLISIO_INVOICE.has(invoice.status)) addLive(order.slice('payreq-'.length), invoice.id)
      continue
    }
    const sale = sales.get(order)
    if (!sale) problems.push(`Plisio invoice ${invoice.id} has no sale ${order} in the ledger`)
    else if (sale.invoice_id !== invoice.id)
      problems.push(
        `sale ${order} (${sale.state}${sale.error_code ? `: ${sale.error_code}` : ''}) points at ` +
          `${sale.invoice_id}, not Plisio's ${invoice.id}`
      )
  }
  // BTCPay payment requests: one per order id, held by the ledger's request.
  const btcpayByOrder = new Map<string, string[]>()
  for (const pr of btcpay.state.paymentRequests.values()) {
    const order = String((pr.body as { referenceId?: unknown }).referenceId ?? '')
    btcpayByOrder.set(order, [...(btcpayByOrder.get(order) ?? []), pr.id])
    if (!pr.archived && LIVE_BTCPAY_REQUEST.has(btcpay.state.paymentRequestStatus(pr.id)))
      addLive(order, pr.id)
  }
  for (const [order, ids] of btcpayByOrder) {
    if (ids.length > 1) problems.push(`BTCPay holds ${ids.length} payment requests for order ${order}`)
    const request = requests.get(order)
    if (!request) problems.push(`BTCPay payment request ${ids[0]} (${order}) is not in the ledger`)
    else if (request.request_id !== ids[0])
      problems.push(`request ${order} holds ${request.request_id}, not BTCPay's ${ids[0]}`)
  }
  for (const [item, ids] of liveRequests)
    if (ids.length > 1) problems.push(`recovery item ${item} has ${ids.length} live payment requests: ${ids}`)
  for (const request of ledger.requests)
    if (request.status === 'creating') problems.push(`payment request ${request.order_id} is still creating`)
  // SMTP: each message at most once; a `sent` one exactly once; nothing mailed the outbox does not hold.
  const mailed = new Map<string, number>()
  for (const subject of more.mailSubjects) mailed.set(subject, (mailed.get(subject) ?? 0) + 1)
  const bySubject = new Map(ledger.messages.map((message) => [message.subject, message]))
  for (const [subject, count] of mailed) {
    if (count > 1) problems.push(`the mail "${subject}" reached the SMTP server ${count} times`)
    if (!bySubject.has(subject)) problems.push(`the mail "${subject}" has no message in the outbox`)
  }
  for (const message of ledger.messages) {
    if (message.state === 'sending') problems.push(`message ${message.id} is still sending`)
    if (message.channel === 'smtp' && message.state === 'sent' && mailed.get(message.subject) !== 1)
      problems.push(
        `message ${message.id} is sent but the server took it ${mailed.get(message.subject) ?? 0} times`
      )
  }
  const messageIds = new Set(ledger.messages.map((message) => message.id))
  for (const id of acknowledgedMessages ?? [])
    if (!messageIds.has(id)) problems.push(`message ${id} was answered but is lost`)
  // The ledger's invoices agree with the simulators' own records.
  const plisioById = new Map(more.plisioInvoices.map((invoice) => [invoice.id, invoice]))
  for (const row of ledger.invoices) {
    if (row.processor === 'btcpay') {
      const invoice = btcpay.state.invoices.get(row.id)
      if (!invoice) problems.push(`ledger invoice ${row.id} does not exist at BTCPay`)
      else if (invoice.status !== row.status || decimalToMinor(invoice.amount) !== BigInt(row.amount_minor))
        problems.push(
          `invoice ${row.id}: ledger ${row.status} ${row.amount_minor}, BTCPay ${invoice.status} ${invoice.amount}`
        )
    } else if (row.processor === 'plisio') {
      const invoice = plisioById.get(row.id)
      if (!invoice) problems.push(`ledger invoice ${row.id} does not exist at Plisio`)
      else if (
        invoice.status !== row.raw_status ||
        decimalToMinor(invoice.params.source_amount) !== BigInt(row.amount_minor)
      )
        problems.push(
          `invoice ${row.id}: ledger ${row.raw_status} ${row.amount_minor}, Plisio ${invoice.status} ` +
            invoice.params.source_amount
        )
    }
    const sale = sales.get(row.sale_id)
    if (sale?.state === 'paid' && row.status !== 'Settled' && row.status !== 'Processing')
      problems.push(`sale ${row.sale_id} is paid but its invoice is ${row.status}`)
  }
  return problems
}

/**
 * Everything that must hold between the ledger and the processors' own books after any number of crashes, once
 * the till has finished resuming. Returns the violations found (empty when all hold).
 */
export function checkInvariants(
  ledger: Ledger,
  btcpay: BtcpaySimulator,
  plisio: PlisioSimulator,
  acknowledged: { sales: Set<string>; refunds: Set<string>; messages?: Set<string> },
  more?: MoreBooks
): string[] {
  const problems: string[] = more ? checkMoreBooks(ledger, btcpay, more, acknowledged.messages) : []
  const sales = new Map(ledger.sales.map((sale) => [sale.id, sale]))
  const refunds = new Map(ledger.refunds.map((refund) => [refund.id, refund]))
  // No sale lost: every charge the till answered is in the ledger; no refund lost either.
  for (const id of acknowledged.sales)
    if (!sales.has(id)) problems.push(`sale ${id} was answered but is lost`)
  for (const id of acknowledged.refunds)
    if (!refunds.has(id)) problems.push(`refund ${id} was answered but is lost`)
  // No duplicate invoice, none without its sale, and each sale points at its one invoice.
  const byOrder = new Map<string, string[]>()
  for (const invoice of btcpay.state.invoices.values()) {
    const orderId = String(invoice.metadata.orderId ?? '')
    byOrder.set(orderId, [...(byOrder.get(orderId) ?? []), invoice.id])
  }
  for (const [orderId, ids] of byOrder) {
    if (ids.length > 1) problems.push(`sale ${orderId} has ${ids.length} BTCPay invoices`)
    const sale = sales.get(orderId)
    if (!sale) problems.push(`BTCPay invoice ${ids[0]} has no sale ${orderId} in the ledger`)
    else if (sale.invoice_id !== ids[0])
      problems.push(
        `sale ${orderId} (${sale.state}${sale.error_code ? `: ${sale.error_code}` : ''}) points at ` +
          `${sale.invoice_id}, not ${ids[0]}`
      )
  }
  for (const sale of ledger.sales) {
    if (sale.state === 'creating') problems.push(`sale ${sale.id} is still creating its invoice`)
  }
  // No duplicate or orphan refund: each pull payment named after a ledger refund, once, and held by it.
  const pullsByRefund = new Map<string, string[]>()
  for (const pull of btcpay.state.pullPayments.values()) {
    const refundId = /\((rfd_[0-9a-z]+)\)$/.exec(pull.name)?.[1]
    if (!refundId) {
      problems.push(`pull payment ${pull.id} carries no refund id (${pull.name})`)
      continue
    }
    pullsByRefund.set(refundId, [...(pullsByRefund.get(refundId) ?? []), pull.id])
  }
  for (const [refundId, pulls] of pullsByRefund) {
    if (pulls.length > 1) problems.push(`refund ${refundId} has ${pulls.length} pull payments`)
    const refund = refunds.get(refundId)
    if (!refund) problems.push(`pull payment ${pulls[0]} is an orphan: no refund ${refundId} in the ledger`)
    else if (refund.external_id !== pulls[0])
      problems.push(`refund ${refundId} does not hold pull payment ${pulls[0]}`)
  }
  // Each Plisio withdrawal is held by exactly one ledger refund.
  for (const withdrawal of plisio.control.withdrawals()) {
    const holders = ledger.refunds.filter((r) => r.external_id === withdrawal.id)
    if (holders.length !== 1)
      problems.push(`withdrawal ${withdrawal.id} is held by ${holders.length} refunds`)
  }
  for (const refund of ledger.refunds) {
    if (refund.state === 'pending') problems.push(`refund ${refund.id} is still pending`)
    if (refund.kind === 'pull-payment' && refund.external_id && !pullsByRefund.has(refund.id)) {
      problems.push(`refund ${refund.id} holds ${refund.external_id}, which BTCPay does not have`)
    }
  }
  // Never more refunded than paid.
  const refunded = new Map<string, bigint>()
  for (const refund of ledger.refunds) {
    if (refund.state === 'failed' || refund.state === 'cancelled') continue
    refunded.set(refund.sale_id, (refunded.get(refund.sale_id) ?? 0n) + (refund.fiat_minor ?? 0n))
  }
  for (const [saleId, minor] of refunded) {
    const paid = ledger.paidMinor.get(saleId) ?? 0n
    if (minor > paid) problems.push(`sale ${saleId}: ${minor} refunded of ${paid} paid (minor units)`)
  }
  return problems
}
