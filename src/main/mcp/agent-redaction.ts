import { redactHeld, redactSecrets } from '../secrets/redact'

/**
 * Fields whose values are public identifiers a processor or a chain gives, which look like credentials to
 * `redactSecrets` (64 hex digits): a refund's withdrawal `txId`, and an invoice payment's `id` (`<txid>-<vout>`
 * on chain, the payment hash on Lightning). As `[parent array or object key, field]`; null = anywhere.
 */
const PUBLIC_IDS: readonly (readonly [string | null, string])[] = [
  [null, 'txId'],
  ['payments', 'id']
]

function isPublicId(parent: string | null, key: string): boolean {
  return PUBLIC_IDS.some(([p, k]) => k === key && (p === null || p === parent))
}

/**
 * What an agent may see of a tool's or resource's answer (plain JSON: objects, arrays, strings, numbers, booleans,
 * null): every string, keys included, through `redactSecrets` (the keys the till holds and anything that looks like
 * a credential), except the public identifiers of {@link PUBLIC_IDS}, from which only the held keys are taken out,
 * so an agent can look a payment up on chain. The result is safe to `JSON.stringify` as it is.
 */
export function redactForAgent<T>(value: T): T {
  const walk = (v: unknown, parent: string | null, key: string | null): unknown => {
    if (typeof v === 'string')
      return key !== null && isPublicId(parent, key) ? redactHeld(v) : redactSecrets(v)
    // An array's items belong to the array's key (`payments[0].id` has the parent `payments`).
    if (Array.isArray(v)) return v.map((item) => walk(item, key, null))
    // An object's fields belong to its key, or to its array's key for an array item.
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v).map(([k, item]) => [redactSecrets(k), walk(item, key ?? parent, k)])
      )
    }
    return v
  }
  return walk(value, null, null) as T
}
