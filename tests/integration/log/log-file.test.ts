import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger, logDir } from '../../../src/main/log/logger'
import { tempDir, waitFor } from '../../fixtures/temp-dir'

let dir: ReturnType<typeof tempDir>
afterEach(() => dir.remove())

/** `kassa.<n>.log` names in the log folder, oldest first. */
function logFiles(dataDir: string): string[] {
  const number = (name: string) => Number(/^kassa\.(\d+)\.log$/.exec(name)?.[1])
  return readdirSync(logDir(dataDir))
    .filter((name) => !Number.isNaN(number(name)))
    .sort((a, b) => number(a) - number(b))
}

describe('the log file', () => {
  it('is made in <dataDir>/logs with one JSON line per entry, times in ms, and nothing after close', async () => {
    dir = tempDir()
    const logging = await createLogger(dir.path)
    const before = Date.now()
    logging.log.info({ processor: 'btcpay', status: 200 }, 'processor request')
    await logging.close()
    logging.log.info('after close: dropped, and no throw')
    expect(logging.dir).toBe(join(dir.path, 'logs'))
    expect(logFiles(dir.path)).toEqual(['kassa.1.log'])
    const lines = readFileSync(join(logging.dir, 'kassa.1.log'), 'utf8').trimEnd().split('\n')
    expect(lines).toHaveLength(1)
    const line = JSON.parse(lines[0]!) as Record<string, unknown>
    expect(line).toMatchObject({ level: 30, processor: 'btcpay', status: 200, msg: 'processor request' })
    expect(line.time).toBeGreaterThanOrEqual(before)
    expect(line).not.toHaveProperty('hostname')
  })

  it('rolls by size and keeps at most `files` files, the newest lines in the last one', async () => {
    dir = tempDir()
    const options = { maxFileBytes: 2048, files: 3 }
    const logging = await createLogger(dir.path, options)
    for (let i = 0; i < 80; i++) {
      logging.log.info({ i }, 'a line of about a hundred bytes ' + 'x'.repeat(20))
      // Space the lines as requests are: pino-roll rolls when the stream drains, which a burst postpones.
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    await logging.close()
    const files = await waitFor(
      () => logFiles(dir.path),
      (names) => names.length <= options.files,
      { what: 'old files removed' }
    )
    expect(files.length).toBeGreaterThanOrEqual(2)
    for (const name of files.slice(0, -1)) {
      // A file is rolled once it reaches the size (at the next idle moment of the stream).
      expect(statSync(join(logging.dir, name)).size).toBeGreaterThanOrEqual(options.maxFileBytes)
      expect(statSync(join(logging.dir, name)).size).toBeLessThan(2 * options.maxFileBytes)
    }
    const last = readFileSync(join(logging.dir, files.at(-1)!), 'utf8')
      .trimEnd()
      .split('\n')
    expect(JSON.parse(last.at(-1)!)).toMatchObject({ i: 79 })
  })

  it('refuses, before anything runs, a data folder where the log folder cannot be made', async () => {
    dir = tempDir()
    const notAFolder = join(dir.path, 'kassa.sqlite')
    writeFileSync(notAFolder, '')
    await expect(createLogger(notAFolder)).rejects.toThrow(/ENOTDIR|EEXIST/)
  })

  it('goes on in the newest file after a restart', async () => {
    dir = tempDir()
    const first = await createLogger(dir.path)
    first.log.info('first run')
    await first.close()
    const second = await createLogger(dir.path)
    second.log.info('second run')
    await second.close()
    expect(logFiles(dir.path)).toEqual(['kassa.1.log'])
    const text = readFileSync(join(dir.path, 'logs', 'kassa.1.log'), 'utf8')
    expect(text).toMatch(/first run[\s\S]*second run/)
  })
})
