/**
 * A lazy screen's chunk can fail to load when the files on disk changed under an open page (the app updated, or
 * the web host's `out/renderer` rebuilt: the old hashed chunk is gone). A reload fetches the new index and its
 * chunks; it is tried once per target, so a chunk that is truly missing does not reload the page forever.
 */

const STORAGE_KEY = 'kassa.reloadedFor'

/** The parts of `sessionStorage` used here. */
export interface RecoveryStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

/** The parts of `location` used here. */
export interface RecoveryLocation {
  hash: string
  reload(): void
}

/**
 * After a navigation to `target` (a route path such as `/settings`) failed to load its screen: reload the page
 * at that route, unless this page was already reloaded for it.
 * @returns true when a reload was started; false when it was already tried (the caller reports the error).
 *   Storage that throws (disabled) counts as already tried, since the guard against a loop could not be kept.
 */
export function recoverFromFailedLoad(
  target: string,
  storage: RecoveryStorage,
  location: RecoveryLocation
): boolean {
  try {
    if (storage.getItem(STORAGE_KEY) === target) return false
    storage.setItem(STORAGE_KEY, target)
  } catch {
    return false
  }
  location.hash = `#${target}`
  location.reload()
  return true
}

/** A navigation succeeded: a later failure may reload again. */
export function settleLoadRecovery(storage: RecoveryStorage): void {
  try {
    storage.removeItem(STORAGE_KEY)
  } catch {
    // Storage disabled: nothing was kept.
  }
}
