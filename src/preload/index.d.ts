import type { KassaApi } from '../shared/contract'

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a browser (the web transport is used there). */
    kassa?: KassaApi
  }
}
