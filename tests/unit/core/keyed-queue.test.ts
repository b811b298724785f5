import { describe, expect, it } from 'vitest'
import { KeyedQueue } from '../../../src/main/refunds/keyed-queue'

const tick = () => new Promise((resolve) => setTimeout(resolve, 1))

describe('KeyedQueue', () => {
  it('runs the tasks of one key one at a time, in order, and those of other keys side by side', async () => {
    const queue = new KeyedQueue()
    const log: string[] = []
    const task = (name: string) => async () => {
      log.push(`${name} start`)
      await tick()
      log.push(`${name} end`)
      return name
    }
    const results = await Promise.all([
      queue.run('sale_a', task('a1')),
      queue.run('sale_a', task('a2')),
      queue.run('sale_b', task('b1'))
    ])
    expect(results).toEqual(['a1', 'a2', 'b1'])
    expect(log.indexOf('a1 end')).toBeLessThan(log.indexOf('a2 start'))
    expect(log.indexOf('b1 start')).toBeLessThan(log.indexOf('a1 end'))
  })

  it('goes on after a task that failed, and passes the failure to its caller only', async () => {
    const queue = new KeyedQueue()
    const failed = queue.run('sale_a', async () => {
      throw new Error('refused')
    })
    const next = queue.run('sale_a', async () => 'next')
    await expect(failed).rejects.toThrow('refused')
    await expect(next).resolves.toBe('next')
    await queue.idle()
  })
})
