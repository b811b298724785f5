import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { DeviceRole, DeviceView, PairingView } from '@shared/devices'
import type { KassaErrorData } from '@shared/errors'
import { kassa } from '../api/client'

/**
 * Settings → Paired devices (owner): the devices paired with this till (`device:list`), the pairing code being
 * shown (`device:pairStart`), and unpairing (`device:revoke`). Calls answer a `Result`; failures land in `error`.
 */
export const useDevicesStore = defineStore('devices', () => {
  const devices = ref<DeviceView[]>([])
  /** The code on screen and the device it is for, or null. */
  const pairing = shallowRef<(PairingView & { name: string; role: DeviceRole }) | null>(null)
  const busy = ref(false)
  const error = shallowRef<KassaErrorData | null>(null)

  /** Read the device list. */
  async function load(): Promise<void> {
    const result = await kassa.device.list({})
    if (result.ok) devices.value = result.value
    else error.value = result.error
  }

  /** Make a pairing code for a device of `role` named `name`. @returns whether one is on screen */
  async function pairStart(role: DeviceRole, name: string): Promise<boolean> {
    busy.value = true
    error.value = null
    try {
      const result = await kassa.device.pairStart({ role, name })
      if (!result.ok) {
        error.value = result.error
        return false
      }
      pairing.value = { ...result.value, name, role }
      return true
    } finally {
      busy.value = false
    }
  }

  /** Stop showing the code (the device paired, or the owner is done): the list is read again. */
  async function closePairing(): Promise<void> {
    pairing.value = null
    await load()
  }

  /** Unpair a device. @returns whether it worked */
  async function revoke(deviceId: string): Promise<boolean> {
    busy.value = true
    error.value = null
    try {
      const result = await kassa.device.revoke({ deviceId })
      if (!result.ok) {
        error.value = result.error
        return false
      }
      devices.value = devices.value.map((device) => (device.id === deviceId ? result.value : device))
      return true
    } finally {
      busy.value = false
    }
  }

  return { devices, pairing, busy, error, load, pairStart, closePairing, revoke }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useDevicesStore, import.meta.hot))
