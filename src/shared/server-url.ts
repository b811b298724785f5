/**
 * A server URL reduced to what decides where a key goes: scheme, host and port (as `URL.origin` normalizes them:
 * lower-case, default port dropped) and the path without trailing slashes (case kept). Query and fragment are
 * ignored (the server-URL schema refuses them anyway).
 * @returns null when `url` does not parse
 */
export function serverUrlIdentity(url: string): string | null {
  try {
    const parsed = new URL(url.trim())
    return parsed.origin + parsed.pathname.replace(/\/+$/, '')
  } catch {
    return null
  }
}

/**
 * True when `a` and `b` name the same server (`https://Pay.Shop:443/` = `https://pay.shop`). A key stored for one
 * server is only ever sent to a URL for which this holds; an unparseable URL matches nothing.
 */
export function sameServerUrl(a: string, b: string): boolean {
  const left = serverUrlIdentity(a)
  return left !== null && left === serverUrlIdentity(b)
}
