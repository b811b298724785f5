import { describe, expect, it } from 'vitest'
import { KassaError } from '@shared/errors'
import { RateLimiter } from '../../../src/main/agents/rate-limit'

function refusal(limiter: RateLimiter, key: string, perMinute: number): KassaError {
  try {
    limiter.take(key, perMinute)
  } catch (error) {
    if (error instanceof KassaError) return error
    throw error
  }
  throw new Error('expected rate-limited')
}

describe('RateLimiter (a token bucket per client)', () => {
  it('lets a full minute through at once, then one call per 60/perMinute s', () => {
    let now = 1_000_000
    const limiter = new RateLimiter(() => now)
    for (let i = 0; i < 60; i++) limiter.take('a', 60)
    const error = refusal(limiter, 'a', 60)
    expect(error.code).toBe('rate-limited')
    expect(error.params).toEqual({ retryAfterSeconds: '1' })
    now += 999
    expect(refusal(limiter, 'a', 60).params?.retryAfterSeconds).toBe('1')
    now += 1
    limiter.take('a', 60)
    expect(() => limiter.take('a', 60)).toThrow('Too many calls: wait 1 s')
  })

  it('says how many whole seconds to wait at a low limit, and a refused call takes nothing', () => {
    let now = 0
    const limiter = new RateLimiter(() => now)
    limiter.take('a', 2)
    limiter.take('a', 2)
    expect(refusal(limiter, 'a', 2).params?.retryAfterSeconds).toBe('30')
    now += 10_000
    expect(refusal(limiter, 'a', 2).params?.retryAfterSeconds).toBe('20')
    now += 20_000
    limiter.take('a', 2)
  })

  it('never holds more than a minute of calls, keeps clients apart, and forgets a revoked one', () => {
    let now = 0
    const limiter = new RateLimiter(() => now)
    limiter.take('a', 3)
    now += 3_600_000
    for (let i = 0; i < 3; i++) limiter.take('a', 3)
    expect(() => limiter.take('a', 3)).toThrow(KassaError)
    limiter.take('b', 3)
    limiter.forget('a')
    limiter.take('a', 3)
  })
})
