import type { ProcessorId } from './invoice'

/**
 * How a processor is doing as the till last saw it. `online`: it answered its health check; `degraded`: it answered
 * but cannot do everything (BTCPay's node not synchronized, BTPay without exchange rates), `detail` says what;
 * `offline`: it could not be reached or refused the key, `detail` says why; `unknown`: not checked yet (a check is
 * under way right after start or connect).
 */
export type HealthState = 'online' | 'degraded' | 'offline' | 'unknown'

/** One connected processor's health (`processor:health`, and the `connectivity:changed` event). Times in ms. */
export interface ProcessorHealthView {
  processor: ProcessorId
  state: HealthState
  /** Plain words for `degraded`/`offline` (main's English, secrets redacted); null when online or unknown. */
  detail: string | null
  /** When the last check or request answered or failed (ms since the epoch); null before the first. */
  checkedAt: number | null
  /** When it last answered well (online or degraded), ms since the epoch; null if never this run. */
  lastOkAt: number | null
}
