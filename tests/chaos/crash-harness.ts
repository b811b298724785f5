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

/** A ledger row the invariants read (integers as bigint). */
export interface LedgerSaleRow {
  id: string
  state: string
  invoice_id: string | null
  processor: string
}
export interface LedgerRefundRow {
  id: string
  sale_id: string
  kind: string
  state: string
  external_id: string | null
  fiat_minor: bigint | null
}

/** What the ledger file holds, read straight from SQLite (a second reader beside the running till, as WAL allows). */
export function readLedger(dataDir: string): {
  sales: LedgerSaleRow[]
  refunds: LedgerRefundRow[]
  paidMinor: Map<string, bigint>
} {
  const db = new Database(join(dataDir, 'kassa.sqlite'), { readonly: true })
  db.defaultSafeIntegers(true)
  try {
    const sales = db.prepare('SELECT id, state, invoice_id, processor FROM sales').all() as LedgerSaleRow[]
    const refunds = db
      .prepare('SELECT id, sale_id, kind, state, external_id, fiat_minor FROM refunds')
      .all() as LedgerRefundRow[]
    const paid = db.prepare('SELECT sale_id, paid_minor FROM invoices').all() as {
      sale_id: string
      paid_minor: bigint
    }[]
    return { sales, refunds, paidMinor: new Map(paid.map((row) => [row.sale_id, BigInt(row.paid_minor)])) }
  } finally {
    db.close()
  }
}

/**
 * Everything that must hold between the ledger and the processors' own books after any number of crashes, once
 * the till has finished resuming. Returns the violations found (empty when all hold).
 */
export function checkInvariants(
  ledger: ReturnType<typeof readLedger>,
  btcpay: BtcpaySimulator,
  plisio: PlisioSimulator,
  acknowledged: { sales: Set<string>; refunds: Set<string> }
): string[] {
  const problems: string[] = []
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
      problems.push(`sale ${orderId} points at ${sale.invoice_id}, not ${ids[0]}`)
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
