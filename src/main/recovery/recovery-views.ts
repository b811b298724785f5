import { customerLabel, type CustomerView } from '@shared/customers'
import { formatMinor } from '@shared/money'
import type { RecoveryCustomerView, RecoveryItemView, RecoveryPaymentRequestView } from '@shared/recovery'
import type { RecoveryItemRecord, RecoveryRequestRecord } from './recovery-book'

/** The customer as the Recovery screen shows them: a label (name, else e-mail, else phone) and their language. */
export function customerView(customer: CustomerView | null): RecoveryCustomerView | null {
  if (!customer) return null
  return {
    id: customer.id,
    label: customerLabel(customer) || customer.id,
    name: customer.name,
    email: customer.email,
    phone: customer.phone,
    language: customer.language ?? null
  }
}

/** A stored request as the contract shows it (amount a decimal string). */
export function requestView(request: RecoveryRequestRecord): RecoveryPaymentRequestView {
  return {
    orderId: request.orderId,
    id: request.requestId,
    processor: request.processor,
    amount: formatMinor(request.amountMinor, request.currency),
    currency: request.currency,
    link: request.link,
    status: request.status,
    expiresAt: request.expiresAt,
    createdAt: request.createdAt,
    error: request.error
  }
}

/** A stored item with its customer and latest request as the contract shows it (amounts decimal strings). */
export function itemView(
  item: RecoveryItemRecord,
  customer: CustomerView | null,
  request: RecoveryRequestRecord | null
): RecoveryItemView {
  const money = (minor: bigint) => formatMinor(minor, item.currency)
  return {
    id: item.id,
    saleId: item.saleId,
    receiptNumber: item.receiptNumber,
    saleCreatedAt: item.saleCreatedAt,
    failedAt: item.failedAt,
    reason: item.reason,
    processor: item.processor,
    currency: item.currency,
    amount: money(item.amountMinor),
    paid: money(item.paidMinor),
    due: money(item.dueMinor),
    customer: customerView(customer),
    status: item.status,
    paymentRequest: request ? requestView(request) : null,
    recoveredAt: item.recoveredAt,
    recoveredDay: item.recoveredDay,
    recoveredAmount: item.recoveredMinor === null ? null : money(item.recoveredMinor),
    abandonedAt: item.abandonedAt,
    note: item.note,
    lastSentAt: item.lastSentAt
  }
}
