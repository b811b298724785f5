import { shallowRef, type Component } from 'vue'
import type { CallOptions, KassaApi, Transport } from '@shared/contract'

/** The owner session this screen holds (memory only); the owner PIN store installs the getter. */
let currentSession: () => string | null = () => null

/** Install where the session is read from (the owner PIN store does, once). */
export function setOwnerSessionSource(source: () => string | null): void {
  currentSession = source
}

/** True while this screen holds an owner session (the header's Lock shows); the owner PIN store sets it. */
export const ownerUnlocked = shallowRef(false)

/** The PIN dialog's host component, set once the owner PIN store has loaded (App.vue draws it). */
export const ownerPinHost = shallowRef<Component | null>(null)

type OwnerPinStore = ReturnType<(typeof import('../stores/owner-pin'))['useOwnerPinStore']>
let store: Promise<OwnerPinStore> | null = null

/** The owner PIN store, loaded on first need: its own chunk (with the dialog), kept out of the till's first load. */
export function ownerPinStore(): Promise<OwnerPinStore> {
  store ??= import('../stores/owner-pin').then((module) => module.useOwnerPinStore())
  return store
}

/**
 * `base` with the owner session attached to every call (IPC: the invoke's extra argument; web: `X-Kassa-Owner`).
 * A call answered `owner-required` (no session, or it expired) asks for the PIN (the owner PIN store's dialog)
 * and, once unlocked, is sent once more with the new session; cancelled, the caller gets the `owner-required`.
 */
export function withOwnerSession(base: Transport): Transport {
  return {
    async invoke(name, input) {
      const first = await base.invoke(name, input, { ownerSession: currentSession() })
      if (first.ok || first.error.code !== 'owner-required') return first
      if (!(await (await ownerPinStore()).ownerRequired(name))) return first
      return base.invoke(name, input, { ownerSession: currentSession() })
    },
    subscribe: (name, listener, signal) => base.subscribe(name, listener, signal)
  }
}

/** The preload's `window.kassa` as a raw transport, so the renderer wraps it like the web transport. */
export function transportOf(api: KassaApi): Transport {
  type Call = (input: unknown, options?: CallOptions) => Promise<never>
  const groups = api as unknown as Record<string, Record<string, Call>>
  return {
    invoke: (name, input, options) => {
      const [domain, verb] = name.split(':') as [string, string]
      return groups[domain]![verb]!(input, options)
    },
    subscribe: (name, listener, signal) => api.on(name, listener, signal)
  }
}
