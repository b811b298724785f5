import { describe, expect, it } from 'vitest'
import { RejectionLimiter, sourceAddress } from '../../../src/main/webhooks/rejection-limiter'

function limiter(options: { burst?: number; refillMs?: number; maxSources?: number } = {}) {
  let now = 1_000_000
  const limit = new RejectionLimiter({ burst: 3, refillMs: 1_000, maxSources: 100, ...options }, () => now)
  return { limit, advance: (ms: number) => (now += ms) }
}

describe('RejectionLimiter', () => {
  it('lets a source be refused `burst` times, then answers 429 until a token comes back', () => {
    const { limit, advance } = limiter()
    expect([1, 2, 3, 4, 5].map(() => limit.take('plisio|10.0.0.1'))).toEqual([true, true, true, false, false])
    advance(999)
    expect(limit.take('plisio|10.0.0.1')).toBe(false)
    advance(1)
    expect(limit.take('plisio|10.0.0.1')).toBe(true)
    expect(limit.take('plisio|10.0.0.1')).toBe(false)
  })

  it('keeps one bucket per source: another address or processor is not held back', () => {
    const { limit } = limiter({ burst: 1 })
    expect(limit.take('plisio|10.0.0.1')).toBe(true)
    expect(limit.take('plisio|10.0.0.1')).toBe(false)
    expect(limit.take('plisio|10.0.0.2')).toBe(true)
    expect(limit.take('btcpay|10.0.0.1')).toBe(true)
  })

  it('never holds more than a full burst, however long a source was quiet', () => {
    const { limit, advance } = limiter({ burst: 2 })
    limit.take('a')
    advance(3_600_000)
    expect([1, 2, 3].map(() => limit.take('a'))).toEqual([true, true, false])
  })

  it('forgets the least recently refused sources past `maxSources`, so memory stays bounded', () => {
    const { limit } = limiter({ burst: 1, maxSources: 2 })
    limit.take('a')
    limit.take('b')
    limit.take('c') // forgets a
    expect(limit.take('a')).toBe(true)
    expect(limit.take('c')).toBe(false)
  })
})

describe('sourceAddress', () => {
  it('reads IPv4 and IPv4-mapped addresses as the same sender', () => {
    expect(sourceAddress('203.0.113.9')).toBe('203.0.113.9')
    expect(sourceAddress('::ffff:203.0.113.9')).toBe('203.0.113.9')
  })

  it('groups IPv6 addresses by their /64 network', () => {
    expect(sourceAddress('2001:db8:0:12::1')).toBe('2001:db8:0:12::/64')
    expect(sourceAddress('2001:0db8:0000:0012:ffff:1:2:3')).toBe('2001:db8:0:12::/64')
    expect(sourceAddress('::1')).toBe('0:0:0:0::/64')
    expect(sourceAddress('fe80::1%eth0')).toBe('fe80:0:0:0::/64')
  })

  it('names a missing address', () => {
    expect(sourceAddress(undefined)).toBe('unknown')
  })
})
