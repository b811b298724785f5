import { homedir } from 'node:os'
import { join } from 'node:path'

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
