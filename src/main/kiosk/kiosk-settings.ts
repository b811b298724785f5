import type { z } from 'zod'
import { KassaError } from '@shared/errors'
import { DEFAULT_KIOSK_SETTINGS, type KioskSettingsView } from '@shared/kiosk'
import { KioskSettingsPatchSchema } from '@shared/kiosk-schema'
import { readStoredFields, withPatch } from '../settings/stored-settings'

/** The settings key of Settings → Kiosk (JSON of `KioskSettingsView`). */
export const KIOSK_SETTINGS_KEY = 'kiosk'

/** What `settings:update {kiosk}` takes: only the fields given change. */
export type KioskSettingsPatch = z.output<typeof KioskSettingsPatchSchema>

/**
 * Settings → Kiosk from its stored JSON; each field checked with the contract's schema, a missing, unreadable or
 * invalid one takes its default (`DEFAULT_KIOSK_SETTINGS`), so a damaged row never locks a till in kiosk mode
 * by accident nor stops it starting.
 */
export function readKioskSettings(stored: string | null): KioskSettingsView {
  return readStoredFields(stored, DEFAULT_KIOSK_SETTINGS, KioskSettingsPatchSchema.shape)
}

/**
 * The kiosk settings after `patch` (already checked by the schema).
 * @param ownerPinSet whether an owner PIN exists: the PIN is the only way out of kiosk mode
 * @throws KassaError `conflict` (`reason: 'kiosk-pin-first'`) when turning the kiosk on without an owner PIN;
 *   nothing is stored by the caller then
 */
export function applyKioskPatch(
  current: KioskSettingsView,
  patch: KioskSettingsPatch,
  ownerPinSet: boolean
): KioskSettingsView {
  const next = withPatch(current, patch)
  if (next.enabled && !current.enabled && !ownerPinSet) {
    throw new KassaError('conflict', 'Set an owner PIN first: it is the only way out of kiosk mode', {
      reason: 'kiosk-pin-first'
    })
  }
  return next
}

/** Who is told when the kiosk settings change (the Electron shell locks or frees its window). */
export class KioskSettingsHook {
  private readonly listeners = new Set<(view: KioskSettingsView) => void>()

  /**
   * Call `listener` with the new settings after every saved change.
   * @returns an unsubscribe function
   */
  onChanged(listener: (view: KioskSettingsView) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Tell every listener; one that throws does not keep the others from hearing. */
  emit(view: KioskSettingsView): void {
    for (const listener of this.listeners) {
      try {
        listener(view)
      } catch {
        // The change is saved; a shell that failed to follow it is told again at the next change or start.
      }
    }
  }
}
