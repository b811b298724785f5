import { bech32 } from 'bech32'
import { createHash, randomBytes } from 'node:crypto'
import { satsToBtc } from '@shared/money'

/**
 * A fresh regtest P2WPKH address (`bcrt1q…`), bech32-valid, from 20 random bytes. Nobody holds its key:
 * it is for the Demo only, like a regtest store's.
 */
export function demoAddress(): string {
  return bech32.encode('bcrt', [0, ...bech32.toWords(randomBytes(20))])
}

/**
 * A Lightning-invoice-shaped string for the Demo (`lnbcrt<amount>1…`): BOLT11's regtest prefix and amount encoding,
 * with data derived from `seed` in place of a signed payload (so real wallets refuse it). Deterministic for the same
 * seed and amount, so re-reading an invoice does not change it. Amount in satoshis.
 */
export function demoLightningInvoice(sats: bigint, seed: string): string {
  // BOLT11 amount multipliers: 'u' = 100 sat, 'n' = 0.1 sat.
  const amount = sats % 100n === 0n ? `${sats / 100n}u` : `${sats * 10n}n`
  const data = Buffer.concat(
    [0, 1, 2, 3].map((i) => createHash('sha256').update(`${seed}:${sats}:${i}`).digest())
  )
  return bech32.encode(`lnbcrt${amount}`, bech32.toWords(data), 1023)
}

/** BIP21 URI: `bitcoin:<address>?amount=<btc>` with trailing zeros trimmed, as wallets expect. */
export function bip21(address: string, sats: bigint, label?: string): string {
  const btc = satsToBtc(sats).replace(/\.?0+$/, '')
  const params = new URLSearchParams({ amount: btc })
  if (label) params.set('label', label)
  return `bitcoin:${address}?${params.toString().replace(/\+/g, '%20')}`
}
