import type { HealthTiming } from './health'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { ConnectorOverrides } from './processors/registry'

/**
 * Where the till keeps its data: `--data-dir <dir>`, else `KASSA_DATA_DIR`, else `fallback`
 * (Electron's userData folder, or `~/.kassa` for the web host).
 */
export function resolveDataDir(argv: readonly string[], env: NodeJS.ProcessEnv, fallback?: string): string {
  const flag = argv.indexOf('--data-dir')
  if (flag !== -1 && argv[flag + 1]) return argv[flag + 1] as string
  return env.KASSA_DATA_DIR || fallback || join(homedir(), '.kassa')
}

/** Demo confirmation delay from `KASSA_DEMO_CONFIRM_MS` (ms), if set to a whole number. */
export function demoConfirmDelay(env: NodeJS.ProcessEnv): number | undefined {
  const value = env.KASSA_DEMO_CONFIRM_MS
  return value && /^\d+$/.test(value) ? Number.parseInt(value, 10) : undefined
}

/**
 * The health monitor's timing from the environment: `KASSA_HEALTH_INTERVAL_MS` (whole ms) sets how often a
 * processor is checked, and while offline too (tests and demos shorten the 30 s); absent or malformed → defaults.
 */
export function healthTiming(env: NodeJS.ProcessEnv): Partial<HealthTiming> {
  const value = env.KASSA_HEALTH_INTERVAL_MS
  if (!value || !/^\d+$/.test(value)) return {}
  const ms = Math.max(100, Number.parseInt(value, 10))
  return { intervalMs: ms, offlineIntervalMs: ms, minGapMs: Math.min(ms, 2_000) }
}

/**
 * Connector options from the environment: `KASSA_PLISIO_API_URL` points the Plisio connector at another API root
 * (a relay, or the simulator in tests and demos), since Plisio's Settings take only a key.
 * @throws Error when the URL is not http(s).
 */
export function connectorOverrides(env: NodeJS.ProcessEnv): ConnectorOverrides {
  const plisioUrl = env.KASSA_PLISIO_API_URL
  if (!plisioUrl) return {}
  if (!/^https?:\/\/[^\s]+$/.test(plisioUrl)) throw new Error('KASSA_PLISIO_API_URL must be an http(s) URL')
  return { plisio: { baseUrl: plisioUrl.replace(/\/+$/, '') } }
}
