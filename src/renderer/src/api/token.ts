const STORAGE_KEY = 'kassa.token'

/**
 * The web host's per-run token. The page is opened at `/#token=<token>`: take it from the hash, keep it in
 * sessionStorage (so a reload still works) and remove it from the visible URL, so it is neither shown,
 * bookmarked nor sent on in a Referer. Call before the router reads the hash.
 * @returns the token, or `''` when there is none (every call then answers `unauthorized`)
 */
export function takeToken(): string {
  taken ??= readToken()
  return taken
}

/** The token of this page, once read (the hash is gone after the first read, and storage may be off). */
let taken: string | undefined

function readToken(): string {
  const fromHash = new URLSearchParams(window.location.hash.replace(/^#\/?\??/, '')).get('token')
  if (fromHash) {
    try {
      window.sessionStorage.setItem(STORAGE_KEY, fromHash)
    } catch {
      // Storage can be disabled; the token then lives only in this page's memory.
    }
    window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search)
    return fromHash
  }
  try {
    return window.sessionStorage.getItem(STORAGE_KEY) ?? ''
  } catch {
    return ''
  }
}
