import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { CallName, KassaErrorData, Result } from '@shared/contract'
import type { OwnerPinStatusView, OwnerSessionView } from '@shared/day'
import { kassa } from '../api/client'
import { ownerPinHost, ownerUnlocked, setOwnerSessionSource } from '../api/owner-session'
import OwnerPinHost from '../components/owner/OwnerPinHost.vue'
import { ensureMessages, i18n, type Language } from '../i18n'

/** What the PIN dialog is asking for: a first PIN, the PIN to unlock, or the current and a new one. */
export type PinDialogMode = 'set' | 'unlock' | 'change'

/**
 * The owner's PIN on the screen side: the owner session (in memory only: never in localStorage or
 * sessionStorage, so a reload or a restart locks), the PIN dialog's state; it gives the API transport the session
 * (`api/owner-session.ts`) and asks for the PIN when a call answers `owner-required`. Loaded on first need
 * (`ownerPinStore()`), with the dialog.
 */
export const useOwnerPinStore = defineStore('ownerPin', () => {
  const session = ref<string | null>(null)
  const status = ref<OwnerPinStatusView | null>(null)
  /** The dialog shown now, or null. */
  const dialog = ref<PinDialogMode | null>(null)
  /** The call that needed the PIN (`owner-required`), for the dialog's words; null from a screen. */
  const forCall = ref<CallName | null>(null)
  const unlocked = computed(() => session.value !== null)

  let pending: Promise<boolean> | null = null
  let settle: ((ok: boolean) => void) | null = null

  /** Ask main where the PIN stands for this session. @returns the status, or null when main did not answer */
  async function refresh(): Promise<OwnerPinStatusView | null> {
    const result = await kassa.owner.pinStatus({})
    if (!result.ok) return null
    status.value = result.value
    if (!result.value.unlocked) session.value = null
    return result.value
  }

  /** Show the dialog in `mode` (its words loaded first). @returns true once unlocked, false when cancelled */
  async function open(mode: PinDialogMode): Promise<boolean> {
    if (pending) return pending
    const language = i18n.global.locale.value as Language
    await ensureMessages(language, ['pin']).catch(() => undefined)
    dialog.value = mode
    pending = new Promise<boolean>((resolve) => (settle = resolve))
    return pending
  }

  /** Close the dialog; whoever waited for it learns whether the owner got in. */
  function close(ok: boolean): void {
    dialog.value = null
    forCall.value = null
    const done = settle
    pending = null
    settle = null
    done?.(ok)
  }

  /**
   * Before an owner screen: true at once with a valid session, else the dialog (set a first PIN, or unlock).
   * @returns false when the owner cancelled (or main cannot be reached)
   */
  async function ensureUnlocked(): Promise<boolean> {
    if (pending) return pending
    const current = await refresh()
    if (!current) return false
    if (current.pinSet && current.unlocked) return true
    return open(current.pinSet ? 'unlock' : 'set')
  }

  /** A call answered `owner-required`: the session is gone; ask for the PIN. */
  async function ownerRequired(call: CallName): Promise<boolean> {
    session.value = null
    if (!pending) forCall.value = call
    return ensureUnlocked()
  }

  /** Keep a new session from main. @returns null, or the error for the dialog to show */
  function take(result: Result<OwnerSessionView>): KassaErrorData | null {
    if (!result.ok) {
      void refresh()
      return result.error
    }
    session.value = result.value.session
    void refresh()
    return null
  }

  /** Set the first PIN, or change it with `currentPin`. @returns null, or the error to show */
  async function setPin(pin: string, currentPin?: string): Promise<KassaErrorData | null> {
    return take(await kassa.owner.setPin(currentPin === undefined ? { pin } : { pin, currentPin }))
  }

  /** Unlock with the PIN. @returns null, or the error to show (`owner-pin-wrong`, `owner-locked-out`) */
  async function unlock(pin: string): Promise<KassaErrorData | null> {
    return take(await kassa.owner.unlock({ pin }))
  }

  /** End this screen's owner session. */
  async function lock(): Promise<void> {
    await kassa.owner.lock({})
    session.value = null
    await refresh()
  }

  setOwnerSessionSource(() => session.value)
  watch(unlocked, (now) => (ownerUnlocked.value = now), { immediate: true })
  ownerPinHost.value = OwnerPinHost

  return {
    session,
    status,
    dialog,
    forCall,
    unlocked,
    refresh,
    open,
    close,
    ensureUnlocked,
    ownerRequired,
    setPin,
    unlock,
    lock
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useOwnerPinStore, import.meta.hot))
