/**
 * A customer's search keys: what `customer:search` matches by prefix. Name words and the whole name lower-cased
 * without diacritics (`Müller` → `muller`), the e-mail lower-cased, the phone as its digits only. One key space, so
 * a query is normalized the same way and looked up as a range `key >= q AND key < q + U+FFFF` on the index.
 */

/** Lower case, diacritics removed, runs of anything but letters, digits, `@`, `.`, `+`, `-`, `_` made one space. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}@.+_-]+/gu, ' ')
    .trim()
}

/** The digits of a phone number (`+49 (170) 123-45` → `4917012345`). */
export function phoneDigits(phone: string): string {
  return phone.replace(/\D+/g, '')
}

/**
 * A phone's keys: its digits, and for an international number (`+49 170 …`, `0049 170 …`) the national number too,
 * with and without the trunk `0` (`170…`, `0170…`), as the country code may be 1 to 3 digits long.
 */
export function phoneKeys(phone: string): string[] {
  const digits = phoneDigits(phone)
  if (!digits) return []
  const keys = new Set([digits])
  const international = phone.trim().startsWith('+')
    ? digits
    : digits.startsWith('00')
      ? digits.slice(2)
      : null
  if (international) {
    for (let code = 1; code <= 3 && code < international.length - 3; code++) {
      const national = international.slice(code).replace(/^0+/, '')
      keys.add(national)
      keys.add('0' + national)
    }
  }
  return [...keys]
}

/** The keys of a customer (no duplicates; empty for a customer without fields). */
export function customerKeys(fields: {
  name: string | null
  email: string | null
  phone: string | null
}): string[] {
  const keys = new Set<string>()
  if (fields.name) {
    const folded = foldText(fields.name)
    if (folded) keys.add(folded)
    for (const word of folded.split(' ')) if (word) keys.add(word)
  }
  if (fields.email) keys.add(fields.email.trim().toLowerCase())
  if (fields.phone) for (const key of phoneKeys(fields.phone)) keys.add(key)
  return [...keys]
}

/**
 * The key prefix a query looks for: the digits when it reads as a phone number (`+49 170` → `49170`), else the
 * folded text (`Mül` → `mul`, `Anna@` → `anna@`). Empty when nothing searchable is left.
 */
export function queryKey(query: string): string {
  const trimmed = query.trim()
  if (/^\+?[0-9 ()./-]+$/.test(trimmed) && /\d/.test(trimmed)) return phoneDigits(trimmed)
  return trimmed.includes('@') ? trimmed.toLowerCase() : foldText(trimmed)
}

/** The smallest string after every string starting with `prefix` (for an index range). */
export function prefixEnd(prefix: string): string {
  return prefix + '\uffff'
}
