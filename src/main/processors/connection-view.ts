import type { ConnectionView } from '@shared/contract'
import type { ProcessorId } from '@shared/invoice'
import type { BtcpayConnectionInfo } from './btcpay'
import type { BtpayConnectionInfo } from './btpay'
import type { PlisioCoin, PlisioShop } from './plisio'
import type { ConnectionInfo } from './types'

/** What Settings shows about BTPay, whatever the connection check says. */
export const BTPAY_NOTES = [
  'BTPay cannot call back this till unless a relay gives it a public address (see Webhooks below): it refuses ' +
    'webhooks to loopback and private-network addresses. Kassa therefore asks BTPay for each open invoice’s status ' +
    '(at most 100 requests a minute for all of them together).',
  'BTPay has no refund API: refunds are paid outside BTPay (cash or another wallet) and recorded here with a reason.'
]

/** What Settings shows about Plisio, whatever the connection check says. */
export const PLISIO_NOTES = [
  'Plisio has no refund API: Kassa refunds by a withdrawal from the shop balance to the customer’s address, which ' +
    'needs this computer’s IP address under Request IP in Plisio’s API settings.'
]

/** The common part of every connection view. */
function base(processor: ProcessorId, info: ConnectionInfo, checkedAt: string): ConnectionView {
  const warnings = info.missing.length
    ? [
        `This key lacks ${[...new Set(info.missing.map((m) => m.permission))].join(', ')}: ` +
          `${[...new Set(info.missing.map((m) => m.feature))].join(', ')} will not work.`
      ]
    : []
  return {
    processor,
    account: info.account,
    permissions: info.permissions,
    missing: info.missing,
    version: info.version,
    defaultCurrency: info.defaultCurrency,
    facts: [],
    warnings,
    checkedAt
  }
}

/** BTCPay: server version and sync state, store name, default currency and invoice expiration. */
export function btcpayConnectionView(info: BtcpayConnectionInfo, checkedAt: string): ConnectionView {
  const view = base('btcpay', info, checkedAt)
  if (info.server) {
    view.facts.push({ label: 'Server version', value: info.server.version })
    view.facts.push({ label: 'Sync', value: info.server.fullySynched ? 'Fully synced' : 'Not fully synced' })
    if (!info.server.fullySynched) {
      view.warnings.push(
        'BTCPay Server is not fully synced: payments may be seen late and new invoices may be refused until it is.'
      )
    }
  } else {
    view.facts.push({ label: 'Server', value: 'version not readable with this key' })
  }
  if (info.store) {
    view.facts.push({ label: 'Store', value: `${info.store.name} (${info.store.id})` })
    view.facts.push({ label: 'Default currency', value: info.store.defaultCurrency })
    view.facts.push({
      label: 'Invoice expiration',
      value: `${Math.round(info.store.invoiceExpirationSeconds / 60)} minutes`
    })
  } else {
    view.facts.push({ label: 'Store settings', value: 'not readable with this key (canviewstoresettings)' })
  }
  return view
}

/** Plisio: shop, white label, commission payer, enabled coins (with maintenance and minimums). */
export function plisioConnectionView(
  info: ConnectionInfo,
  shop: PlisioShop,
  coins: PlisioCoin[],
  fiat: string,
  checkedAt: string
): ConnectionView {
  const view = base('plisio', info, checkedAt)
  view.facts.push({ label: 'Shop', value: shop.name })
  view.facts.push({
    label: 'Checkout',
    value: shop.whiteLabel
      ? 'White label: the till shows the coin address'
      : 'Hosted: the till shows Plisio’s page'
  })
  view.facts.push({
    label: 'Commission paid by',
    value:
      shop.commissionPayer === 'client'
        ? 'the customer'
        : shop.commissionPayer === 'shop'
          ? 'the shop'
          : 'unknown'
  })
  const enabled = coins.filter((coin) => coin.enabled)
  view.facts.push({
    label: 'Enabled coins',
    value: enabled.length
      ? enabled
          .map((coin) => {
            const extra = [
              coin.maintenance ? 'maintenance' : null,
              coin.minSumIn ? `min ${coin.minSumIn} ${coin.currency}` : null,
              coin.fiatRate ? `${coin.fiatRate} ${fiat}` : null
            ].filter(Boolean)
            return extra.length ? `${coin.psysCid} (${extra.join(', ')})` : coin.psysCid
          })
          .join('; ')
      : 'none'
  })
  if (!enabled.length)
    view.warnings.push('No coin is enabled for this shop: enable one in Plisio before charging.')
  if (enabled.length && enabled.every((coin) => coin.maintenance)) {
    view.warnings.push('Every enabled coin is in maintenance: Plisio refuses new invoices for now.')
  }
  return view
}

/** BTPay: server host and its rates (BTPay has no "who am I" endpoint). */
export function btpayConnectionView(info: BtpayConnectionInfo, checkedAt: string): ConnectionView {
  const view = base('btpay', info, checkedAt)
  view.facts.push({ label: 'Server', value: info.account })
  for (const rate of info.rates) {
    view.facts.push({ label: `Rate ${rate.base}/${rate.quote}`, value: `${rate.rate} (${rate.source})` })
  }
  if (!info.rates.length) view.warnings.push('BTPay reported no rates: it cannot price invoices yet.')
  return view
}
