/**
 * The till's log: pino writing one JSON line per event to a rotating file in the data folder,
 * `<dataDir>/logs/kassa.<n>.log` (pino-roll: the highest `n` is the one being written; a new file every
 * `maxFileBytes`, the oldest removed past `files`). Nothing goes to stdout; lines at `stderrLevel` and above may
 * also go to stderr (the entry points ask for that when a person is watching the terminal).
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import pino, { type DestinationStream, type Level, type LevelWithSilent, type Logger } from 'pino'
import pinoRoll from 'pino-roll'
import { redactLine, redactOptions } from './redaction'

export type { Logger }

/** How `createLogger` writes. Sizes in bytes. */
export interface LoggerOptions {
  /** Lowest level written (default `info`: one line per processor request, warnings, errors). */
  level?: LevelWithSilent
  /**
   * A file is rolled when it reaches this size (default 5 MiB); pino-roll rolls when the stream drains, so a burst
   * of lines can carry a file a little past it.
   */
  maxFileBytes?: number
  /** Files kept in `logs/`, the one being written included (default 5; at least 2). */
  files?: number
  /** Also write lines at this level and above to stderr (default: none). */
  stderrLevel?: Level | null
}

/** A logger over its file, with the folder it writes to and a way to close it. */
export interface FileLogger {
  log: Logger
  /** `<dataDir>/logs` */
  dir: string
  /** Flush what is buffered and close the file; later log calls are dropped. */
  close(): Promise<void>
}

/** The log folder of a data folder. */
export function logDir(dataDir: string): string {
  return join(dataDir, 'logs')
}

/**
 * Open the log of a data folder (the folder is made when missing) and return a logger writing to it.
 * Lines are `{level, time, pid, msg, …}` with `time` in ms since the epoch; secrets are removed before a line is
 * written (`redaction.ts`). A failing disk never stops the till: the first write error is reported on stderr and
 * the log goes quiet.
 * @throws Error (from `fs`) when the folder cannot be made: a data folder that is not writable or not a folder.
 */
export async function createLogger(dataDir: string, options: LoggerOptions = {}): Promise<FileLogger> {
  const dir = logDir(dataDir)
  const maxFileBytes = options.maxFileBytes ?? 5 * 1024 * 1024
  const files = Math.max(2, options.files ?? 5)
  // Made here rather than by SonicBoom, which would report a failure only later, as a stream error.
  await mkdir(dir, { recursive: true })
  const file = await pinoRoll({
    file: join(dir, 'kassa'),
    extension: '.log',
    size: `${maxFileBytes / 1024}k`,
    limit: { count: files - 1, removeOtherLogFiles: true }
  })
  let writable = true
  let closing: Promise<void> | null = null
  file.on('error', (error) => {
    if (!writable) return
    writable = false
    process.stderr.write(`[kassa] the log in ${dir} cannot be written, logging stops: ${error.message}\n`)
  })
  // A log call after `close` (a request finishing after the core stopped) must not throw into the caller.
  const guarded: DestinationStream = {
    write: (line: string) => {
      if (writable) file.write(line)
    }
  }
  const destination = options.stderrLevel
    ? pino.multistream([
        // The logger's own level filters first; each stream then takes what is at or above its level.
        { level: 'trace', stream: guarded },
        { level: options.stderrLevel, stream: process.stderr }
      ])
    : guarded
  const log = createStreamLogger(destination, options.level)
  return {
    log,
    dir,
    close: () => {
      writable = false
      closing ??= file.destroyed
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            file.once('close', resolve)
            file.once('error', () => resolve())
            file.end()
          })
      return closing
    }
  }
}

/**
 * A logger with Kassa's settings (redaction, ms timestamps, no hostname) writing to any stream; `createLogger` uses
 * it over the file, tests over memory.
 */
export function createStreamLogger(stream: DestinationStream, level: LevelWithSilent = 'info'): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      redact: redactOptions,
      hooks: { streamWrite: redactLine }
    },
    stream
  )
}

const silent = pino({ enabled: false })

/** A logger that writes nothing: the default of every part of main that takes one (unit tests, tools). */
export function silentLogger(): Logger {
  return silent
}
