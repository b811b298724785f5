/**
 * Whether secrets can be stored, and if not, why: `reason` in plain words with what to install or start (main's
 * English; the screen words it itself), `detail` the keychain's own error (DBus …) for whoever debugs it.
 */
export interface SecretStoreAvailability {
  available: boolean
  reason: string | null
  detail?: string | null
}

/**
 * Where API keys live: the OS keychain (macOS Keychain, Windows Credential Manager, Secret Service on Linux).
 * There is deliberately no plaintext fallback: when no keychain is available, `set` throws and the till says so.
 * `account` names the secret, e.g. `processor:btcpay`.
 */
export interface SecretStore {
  availability(): Promise<SecretStoreAvailability>
  /** @throws KassaError `keychain-unavailable` when there is no keychain or it refuses the write. */
  set(account: string, secret: string): Promise<void>
  /** The secret, or null when none is stored. @throws KassaError `keychain-unavailable`. */
  get(account: string): Promise<string | null>
  /** @returns whether a secret was deleted. @throws KassaError `keychain-unavailable`. */
  delete(account: string): Promise<boolean>
}

/** Masked hint of a secret for display: `••••` and its last 4 characters. */
export function secretHint(secret: string): string {
  return '••••' + secret.slice(-4)
}
