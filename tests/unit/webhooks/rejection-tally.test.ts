import { afterEach, describe, expect, it } from 'vitest'
import { RejectionTally, type RejectionSummary } from '../../../src/main/webhooks/rejection-tally'

const MINUTE = 60_000
let tally: RejectionTally | null = null
afterEach(() => tally?.close())

function setup(start = 10 * MINUTE) {
  let now = start
  const written: RejectionSummary[] = []
  tally = new RejectionTally(
    (summary) => written.push(summary),
    MINUTE,
    () => now
  )
  return { tally, written, advance: (ms: number) => (now += ms) }
}

describe('RejectionTally', () => {
  it('turns many refusals in one minute into one summary per processor, with the reasons counted', () => {
    const { tally, written } = setup()
    for (let i = 0; i < 500; i++) tally.add('plisio', i < 30 ? 'signature' : 'limited', '203.0.113.9')
    tally.add('btcpay', 'stale', '198.51.100.1')
    expect(written).toEqual([])
    tally.flush(true)
    expect(written).toEqual([
      {
        processor: 'plisio',
        from: new Date(10 * MINUTE).toISOString(),
        to: new Date(11 * MINUTE).toISOString(),
        count: 500,
        reasons: { signature: 30, limited: 470 },
        addresses: ['203.0.113.9']
      },
      expect.objectContaining({ processor: 'btcpay', count: 1, reasons: { stale: 1 } })
    ])
  })

  it('writes the summary of a minute that has passed when the next refusal comes, and starts a new one', () => {
    const { tally, written, advance } = setup()
    tally.add('plisio', 'signature', 'a')
    advance(MINUTE)
    tally.add('plisio', 'signature', 'a')
    expect(written.map((s) => s.count)).toEqual([1])
    tally.close()
    expect(written.map((s) => s.count)).toEqual([1, 1])
  })

  it('names at most five addresses', () => {
    const { tally, written } = setup()
    for (let i = 0; i < 20; i++) tally.add('plisio', 'signature', `10.0.0.${i}`)
    tally.close()
    expect(written[0]?.addresses).toHaveLength(5)
    expect(written[0]?.count).toBe(20)
  })

  it('keeps a running total for Settings', () => {
    const { tally, advance } = setup()
    expect(tally.since('plisio')).toEqual({ count: 0, lastAt: null })
    tally.add('plisio', 'signature', 'a')
    advance(5 * MINUTE)
    tally.add('plisio', 'malformed', 'a')
    expect(tally.since('plisio')).toEqual({ count: 2, lastAt: 15 * MINUTE })
  })
})
