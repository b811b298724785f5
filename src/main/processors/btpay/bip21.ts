import { btcToSats, satsToBtc } from '@shared/money'

/**
 * Build the BIP21 URI a wallet scans: `bitcoin:<address>?amount=<btc>`. BTPay's API JSON has none, so Kassa
 * builds it from `payment_address` and `btc_amount`. The amount is normalised to at most 8 decimals without
 * trailing zeros (`"0.00018500"` → `0.000185`), as BIP21 wallets expect; an optional `label` is percent-encoded.
 * @throws AmountError when `btcAmount` is not a plain BTC decimal with ≤ 8 places
 * @throws Error when the address is empty or not alphanumeric
 */
export function buildBip21(address: string, btcAmount: string | null, label?: string): string {
  if (!/^[A-Za-z0-9]+$/.test(address)) throw new Error(`"${address.slice(0, 64)}" is not a bitcoin address`)
  const params: string[] = []
  if (btcAmount !== null) {
    const sats = btcToSats(btcAmount)
    if (sats > 0n) params.push(`amount=${satsToBtc(sats).replace(/\.?0+$/, '')}`)
  }
  if (label) params.push(`label=${encodeURIComponent(label)}`)
  return `bitcoin:${address}${params.length > 0 ? '?' + params.join('&') : ''}`
}
