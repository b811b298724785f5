/**
 * BTCPay status → Kassa's closed `InvoiceStatus`. The raw value is an open string: a status a later BTCPay
 * version adds never crashes the till; it maps to `New` (still open) so the tracker keeps following it.
 */
import type { AdditionalStatus, InvoiceStatus } from '@shared/invoice'
import type { MappedStatus } from '../types'

/** BTCPay's raw invoice status: the five known values, or any string a later version sends. */
export type BtcpayInvoiceStatus = 'New' | 'Processing' | 'Expired' | 'Invalid' | 'Settled' | (string & {})

const STATUS: Record<string, InvoiceStatus> = {
  new: 'New',
  processing: 'Processing',
  settled: 'Settled',
  expired: 'Expired',
  invalid: 'Invalid',
  // Legacy (BitPay-era, 1.x) names, still accepted as query aliases by 2.x.
  paid: 'Processing',
  confirmed: 'Settled',
  complete: 'Settled'
}

const ADDITIONAL: Record<string, AdditionalStatus> = {
  none: 'None',
  paidpartial: 'PaidPartial',
  paidover: 'PaidOver',
  paidlate: 'PaidLate',
  marked: 'Marked'
  // `Invalid` was removed from BTCPay in 2.0 (the status itself says Invalid): it maps to None.
}

/**
 * Map BTCPay's `status` and `additionalStatus` (case-insensitive). Unknown `status` → `New`; unknown or
 * missing `additionalStatus` → `None`.
 */
export function mapStatus(raw: string, rawAdditional?: string | null): MappedStatus {
  const status = STATUS[raw.trim().toLowerCase()] ?? 'New'
  const additionalStatus = ADDITIONAL[(rawAdditional ?? '').trim().toLowerCase()] ?? 'None'
  return { status, additionalStatus }
}

/** Normalize a payment's status (`Invalid | Processing | Settled`); unknown values count as `Processing`. */
export function mapPaymentStatus(raw: string): 'Processing' | 'Settled' | 'Invalid' {
  const value = raw.trim().toLowerCase()
  if (value === 'settled') return 'Settled'
  if (value === 'invalid') return 'Invalid'
  return 'Processing'
}
