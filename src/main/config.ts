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
