import { KassaError } from '@shared/errors'
import type { SecretStore, SecretStoreAvailability } from './secret-store'

type AsyncEntryClass = typeof import('@napi-rs/keyring').AsyncEntry

const PROBE_ACCOUNT = 'kassa-keychain-probe'

/** What the owner reads when there is no keychain: why it matters and what to install or start. */
export const NO_KEYCHAIN =
  'This computer has no keychain to keep API keys in, so BTCPay, Plisio and BTPay cannot be connected ' +
  '(Kassa never stores a key in plain text; the Demo works without one). On Linux, install gnome-keyring ' +
  '(or KWallet), log in to a desktop session and start Kassa again; to try a processor without one, start Kassa ' +
  'inside scripts/with-keyring.sh (its keys are forgotten when Kassa stops).'

/**
 * `SecretStore` over the OS keychain through `@napi-rs/keyring` (N-API: one build serves Node and Electron).
 * On Linux it is pinned to the Secret Service: the kernel keyring forgets keys at reboot, which would lose them.
 * Availability is probed once (write, read back, delete a probe entry) and remembered.
 */
export class KeyringSecretStore implements SecretStore {
  private probe: Promise<SecretStoreAvailability> | null = null
  private entryClass: AsyncEntryClass | null = null

  /** @param service the keychain service name (`Kassa`; tests pass their own). */
  constructor(private readonly service = 'Kassa') {}

  availability(): Promise<SecretStoreAvailability> {
    this.probe ??= this.runProbe()
    return this.probe
  }

  async set(account: string, secret: string): Promise<void> {
    const entry = await this.entry(account)
    await this.guard(() => entry.setPassword(secret), 'store the key')
  }

  async get(account: string): Promise<string | null> {
    const entry = await this.entry(account)
    return this.guard(() => entry.getPassword(), 'read the key')
  }

  async delete(account: string): Promise<boolean> {
    const entry = await this.entry(account)
    return this.guard(() => entry.deleteCredential(), 'remove the key')
  }

  private async entry(account: string) {
    const availability = await this.availability()
    if (!availability.available || !this.entryClass) {
      throw new KassaError('keychain-unavailable', availability.reason ?? 'No OS keychain is available')
    }
    return new this.entryClass(this.service, account, { linux: { store: 'secret-service' } })
  }

  private async guard<T>(action: () => Promise<T>, what: string): Promise<T> {
    try {
      return await action()
    } catch (error) {
      throw new KassaError(
        'keychain-unavailable',
        `The OS keychain refused to ${what}: ${(error as Error).message}`
      )
    }
  }

  private async runProbe(): Promise<SecretStoreAvailability> {
    try {
      const { AsyncEntry } = await import('@napi-rs/keyring')
      const entry = new AsyncEntry(this.service, PROBE_ACCOUNT, { linux: { store: 'secret-service' } })
      const marker = `probe-${Date.now()}`
      await entry.setPassword(marker)
      const read = await entry.getPassword()
      await entry.deleteCredential()
      if (read !== marker)
        return { available: false, reason: 'The OS keychain did not return what was stored' }
      this.entryClass = AsyncEntry
      return { available: true, reason: null }
    } catch (error) {
      return { available: false, reason: NO_KEYCHAIN, detail: (error as Error).message }
    }
  }
}
