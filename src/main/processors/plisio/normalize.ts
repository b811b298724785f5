import Big from 'big.js'
import { isFiatCurrency, currencyExponent } from '@shared/currency'
import type { Invoice, InvoicePayment, InvoicePaymentMethod } from '@shared/invoice'
import { maxDecimal, operationMoney } from './amounts'
import type { NewInvoiceData, OperationData } from './schemas'
import { mapStatus } from './status'

/**
 * Plisio answers → Kassa's `Invoice`. Amounts stay decimal strings; arithmetic is big.js. Fiat is the invoice
 * currency (`source_currency`); crypto amounts live in `paymentMethods`.
 */

/** Hosted invoice page of a txn_id, when an answer does not carry `invoice_url` (OperationDto has none). */
export const PLISIO_CHECKOUT_BASE = 'https://plisio.net/invoice/'

/** URI schemes of coins whose wallets read a BIP21-style `scheme:address?amount=` link. */
const URI_SCHEMES: Record<string, { scheme: string; amountParam: string }> = {
  BTC: { scheme: 'bitcoin', amountParam: 'amount' },
  LTC: { scheme: 'litecoin', amountParam: 'amount' },
  DOGE: { scheme: 'dogecoin', amountParam: 'amount' },
  BCH: { scheme: 'bitcoincash', amountParam: 'amount' },
  DASH: { scheme: 'dash', amountParam: 'amount' },
  ZEC: { scheme: 'zcash', amountParam: 'amount' },
  XMR: { scheme: 'monero', amountParam: 'tx_amount' }
}

/**
 * What a white-label invoice's QR code encodes: `bitcoin:ADDR?amount=0.0004` for BIP21-style coins; the bare
 * address for coins without a common URI (tokens such as `USDT_TRX`), which wallets also scan.
 */
export function paymentUri(psysCid: string, address: string, amount: string | null): string {
  if (!address) return ''
  const known = URI_SCHEMES[psysCid.toUpperCase()]
  if (!known) return address
  const base = address.toLowerCase().startsWith(`${known.scheme}:`) ? address : `${known.scheme}:${address}`
  return amount && new Big(amount).gt(0) ? `${base}?${known.amountParam}=${amount}` : base
}

/** Unix seconds (or milliseconds, which the spec warns about) → ISO 8601. */
export function unixToIso(value: number): string {
  const ms = value > 1e12 ? value : value * 1000
  return new Date(ms).toISOString()
}

/** Minor-unit exponent of the invoice currency; 2 for a fiat Kassa has no table entry for. */
function fiatExponent(currency: string): number {
  if (isFiatCurrency(currency) || currency === 'BTC') return currencyExponent(currency)
  return 2
}

/** `a − b` of two decimal strings. */
function minus(a: string, b: string): string {
  return new Big(a).minus(new Big(b)).toFixed()
}

/**
 * Fiat paid, proportional to the crypto received: `fiat × received / due`, half-even to the currency's minor
 * unit, so a payment of exactly the due crypto is exactly the price (no rate round trip).
 */
export function fiatPaid(fiatAmount: string, currency: string, due: string | null, received: string): string {
  const exponent = fiatExponent(currency)
  if (!due || new Big(due).lte(0)) return new Big(0).toFixed(exponent)
  return new Big(fiatAmount)
    .times(new Big(received))
    .div(new Big(due))
    .round(exponent, Big.roundHalfEven)
    .toFixed(exponent)
}

interface Pieces {
  id: string
  orderId: string
  rawStatus: string
  currency: string
  amount: string
  psysCid: string | null
  coin: string | null
  dueCrypto: string | null
  receivedCrypto: string
  rate: string
  address: string
  createdAt: string
  expiresAt: string
  checkoutLink: string | null
  payments: InvoicePayment[]
}

/**
 * The normalized invoice. The payment link asks for what is still due in crypto (due − received), and for no
 * amount once nothing is: after a partial payment a wallet must not be asked for the whole again. A Settled
 * invoice whose crypto due is unknown counts as paid its price (the status says paid in full).
 */
function assemble(p: Pieces): Invoice {
  const mapped = mapStatus(p.rawStatus, { due: p.dueCrypto, received: p.receivedCrypto })
  const exponent = fiatExponent(p.currency)
  const paid =
    p.dueCrypto === null && mapped.status === 'Settled'
      ? new Big(p.amount).toFixed(exponent)
      : fiatPaid(p.amount, p.currency, p.dueCrypto, p.receivedCrypto)
  const methods: InvoicePaymentMethod[] = []
  if (p.psysCid) {
    const dueCrypto = p.dueCrypto ?? '0'
    const stillDue = minus(dueCrypto, p.receivedCrypto)
    methods.push({
      id: p.psysCid,
      currency: p.coin ?? p.psysCid,
      destination: p.address,
      paymentLink: paymentUri(p.psysCid, p.address, p.dueCrypto === null ? null : stillDue),
      amount: dueCrypto,
      due: stillDue,
      paid: p.receivedCrypto,
      rate: p.rate
    })
  }
  return {
    id: p.id,
    processor: 'plisio',
    orderId: p.orderId,
    status: mapped.status,
    additionalStatus: mapped.additionalStatus,
    rawStatus: p.rawStatus,
    currency: p.currency,
    amount: p.amount,
    paid,
    due: new Big(p.amount).minus(new Big(paid)).toFixed(exponent),
    createdAt: p.createdAt,
    expiresAt: p.expiresAt,
    checkoutLink: p.checkoutLink,
    paymentMethods: methods,
    payments: p.payments
  }
}

/** What Kassa asked for, which a standard shop's create answer does not repeat. */
export interface CreateContext {
  orderId: string
  /** Fiat decimal string. */
  amount: string
  currency: string
  /** Invoice lifetime in minutes, for the expiry when the answer has no `expire_utc`. */
  expireMin: number
  now: Date
}

/**
 * `GET /invoices/new` answer → Invoice. White-label: `wallet_hash` + `amount` give the payment URI and
 * `expire_utc` the expiry. Standard (hosted): `invoice_url` is the `checkoutLink` and the expiry is estimated
 * as now + `expire_min`. The status is `status` when present (a `return_existing` answer), else `new`.
 */
export function invoiceFromCreate(data: NewInvoiceData, ctx: CreateContext): Invoice {
  const received =
    data.amount && data.pending_amount ? maxDecimal(minus(data.amount, data.pending_amount)) : '0'
  return assemble({
    id: data.txn_id,
    orderId: ctx.orderId,
    rawStatus: data.status ?? 'new',
    currency: ctx.currency,
    amount: ctx.amount,
    psysCid: data.wallet_hash ? (data.psys_cid ?? data.currency ?? null) : null,
    coin: data.currency ?? null,
    dueCrypto: data.amount ?? null,
    receivedCrypto: received,
    rate: data.source_rate ?? '',
    address: data.wallet_hash ?? '',
    createdAt: ctx.now.toISOString(),
    expiresAt:
      data.expire_utc != null
        ? unixToIso(data.expire_utc)
        : new Date(ctx.now.getTime() + ctx.expireMin * 60_000).toISOString(),
    checkoutLink: data.invoice_url ?? null,
    payments: []
  })
}

/**
 * `GET /operations/{id}` (OperationDto) → Invoice. The crypto due and received come from `operationMoney`
 * (`params.amount`; `actual_sum`, never `amount` alone); fiat from `params.source_*`, and the fiat paid is the
 * price times received ÷ due.
 * @param checkoutBase prefix of the hosted page when the operation has no `invoice_url`
 */
export function invoiceFromOperation(op: OperationData, checkoutBase = PLISIO_CHECKOUT_BASE): Invoice {
  const params = op.params ?? {}
  const psysCid = op.psys_cid ?? params.psys_cid ?? null
  const coin = op.currency ?? params.currency ?? null
  const fiatCurrency = params.source_currency ?? op.source_currency ?? null
  const pricedInFiat = Boolean(fiatCurrency && params.source_amount)
  const { due: dueCrypto, received } = operationMoney(op)
  const createdAt = op.created_at_utc != null ? unixToIso(op.created_at_utc) : new Date(0).toISOString()
  const mapped = mapStatus(op.status, { due: dueCrypto, received })
  const txStatus: InvoicePayment['status'] =
    mapped.status === 'Settled' ? 'Settled' : mapped.status === 'Invalid' ? 'Invalid' : 'Processing'
  const payments: InvoicePayment[] = (op.tx ?? []).flatMap((tx, index) =>
    tx.value
      ? [
          {
            id: tx.txid ?? `${op.id}-${index}`,
            method: psysCid ?? coin ?? '',
            amount: tx.value,
            currency: coin ?? psysCid ?? '',
            receivedAt: createdAt,
            status: txStatus
          }
        ]
      : []
  )
  return assemble({
    id: op.id,
    orderId: params.order_number ?? '',
    rawStatus: op.status,
    currency: pricedInFiat ? (fiatCurrency ?? '') : (coin ?? ''),
    amount: pricedInFiat ? (params.source_amount ?? '0') : (dueCrypto ?? '0'),
    psysCid,
    coin,
    dueCrypto,
    receivedCrypto: received,
    rate: params.source_rate ?? op.source_rate ?? '',
    address: op.wallet_hash ?? '',
    createdAt,
    expiresAt: op.expire_at_utc != null ? unixToIso(op.expire_at_utc) : createdAt,
    checkoutLink: op.invoice_url ?? `${checkoutBase}${encodeURIComponent(op.id)}`,
    payments
  })
}
