import { createKassaApi, type KassaApi } from '@shared/contract'
import { createWebTransport } from './web-transport'

/**
 * The till's API: the preload's `window.kassa` inside Electron, else the same contract over the loopback
 * web host. Every call answers a `Result`; stores unwrap it and never throw.
 */
export const kassa: KassaApi = window.kassa ?? createKassaApi(createWebTransport())
