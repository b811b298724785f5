/**
 * PHP `serialize()` of a flat string map, which is what Plisio signs callbacks with (`verify_hash`).
 * Only what Plisio's form callbacks need: every value is a string (PHP's `$_POST` holds only strings), so every
 * entry is `s:<UTF-8 byte length>:"<key>";s:<byte length>:"<value>";`.
 */

/** Compare two strings byte-wise over their UTF-8 encoding, as PHP's `ksort` does for non-numeric string keys. */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}

/** `s:<bytes>:"<value>";` — PHP's serialized string; the length counts UTF-8 bytes, not characters. */
export function serializeString(value: string): string {
  return `s:${Buffer.byteLength(value, 'utf8')}:"${value}";`
}

/**
 * Serialize a flat map of strings exactly like PHP's `serialize()` after `ksort()`:
 * `{b: "2", a: "1"}` → `a:2:{s:1:"a";s:1:"1";s:1:"b";s:1:"2";}`.
 * Keys are sorted byte-wise. Integer-like keys (which PHP would store as `i:`) never occur in Plisio callbacks
 * and are serialized as strings.
 */
export function phpSerializeSorted(fields: Readonly<Record<string, string>>): string {
  const keys = Object.keys(fields).sort(compareBytes)
  let body = ''
  for (const key of keys) body += serializeString(key) + serializeString(fields[key] ?? '')
  return `a:${keys.length}:{${body}}`
}
