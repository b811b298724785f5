/// <reference types="vite/client" />
import type { KassaApi } from '@shared/contract'

declare global {
  interface Window {
    /** The typed client the Electron preload exposes; absent in an ordinary browser (loopback web host). */
    kassa?: KassaApi
  }
}

export {}
