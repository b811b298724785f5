/** Records the simulator keeps. Amounts are decimal strings; times Unix seconds. */
export type SimPaymentMethodId = 'BTC-CHAIN' | 'BTC-LN'

export interface SimPayment {
  id: string
  method: SimPaymentMethodId
  /** BTC, 8 decimals. */
  value: string
  receivedDate: number
  status: 'Processing' | 'Settled' | 'Invalid'
}

export interface SimInvoice {
  id: string
  storeId: string
  amount: string
  currency: string
  /** Invoice currency per BTC, fixed at creation. */
  rate: string
  /** Total to pay in BTC (amount / rate, rounded up to the satoshi). */
  btcAmount: string
  createdTime: number
  expirationTime: number
  monitoringExpiration: number
  status: string
  additionalStatus: string
  archived: boolean
  metadata: Record<string, unknown>
  methods: SimPaymentMethodId[]
  address: string
  bolt11: string
  payments: SimPayment[]
  expirationMinutes: number
}

export interface SimPullPayment {
  id: string
  name: string
  description: string
  currency: string
  amount: string
  autoApproveClaims: boolean
  startsAt: number
  invoiceId: string | null
  payoutMethodId: string
  /** Archived (`DELETE …/pull-payments/{id}`): no further claims. */
  archived?: boolean
}

export interface SimPayout {
  id: string
  revision: number
  pullPaymentId: string
  date: number
  destination: string
  originalCurrency: string
  originalAmount: string
  payoutMethodId: string
  state: 'AwaitingApproval' | 'AwaitingPayment' | 'InProgress' | 'Completed' | 'Cancelled'
}

export interface SimPaymentRequest {
  id: string
  createdTime: number
  archived: boolean
  /** The stored status; what BTCPay answers is `SimState.paymentRequestStatus` (worked out from its invoices). */
  status: string
  /** `amount`, `currency`, `title`, `expiryDate` (Unix seconds or null), … as BTCPay returns them. */
  body: Record<string, unknown>
}

export interface SimWebhook {
  id: string
  url: string
  secret: string
  enabled: boolean
  automaticRedelivery: boolean
  everything: boolean
  specificEvents: string[]
}

/** A webhook delivery attempt as BTCPay records it (the sender fills it in as the receiver answers). */
export interface SimDeliveryRecord {
  deliveryId: string
  webhookId: string
  body: string
  /** The event's time (Unix seconds). */
  timestamp: number
  /** When this attempt was sent (Unix seconds). */
  deliveryTime: number
  /** The receiver's HTTP status, or null (no answer yet, or a network error). */
  status: number | null
  outcome: 'HttpSuccess' | 'HttpError' | 'Failed' | null
  errorMessage: string | null
}

export interface SimUser {
  id: string
  email: string
  name: string | null
  imageUrl: string | null
  created: number
}

export interface SimStore {
  id: string
  name: string
  defaultCurrency: string
  /** Seconds. */
  invoiceExpiration: number
  website: string | null
}
