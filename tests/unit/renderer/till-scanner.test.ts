import { describe, expect, it } from 'vitest'
import { WedgeDetector } from '../../../src/renderer/src/till/scanner'

/** Feed `text` one character every `gapMs` from `start`, then Enter `enterGapMs` later; the detector's answer. */
function feed(
  detector: WedgeDetector,
  text: string,
  gapMs: number,
  start = 1000,
  enterGapMs = gapMs
): string | null {
  let at = start
  for (const char of text) {
    detector.key(char, at)
    at += gapMs
  }
  return detector.enter(at - gapMs + enterGapMs)
}

describe('WedgeDetector', () => {
  it('reads 13 digits a few ms apart, ended by Enter, as a scan', () => {
    expect(feed(new WedgeDetector(), '4006381333931', 4)).toBe('4006381333931')
  })

  it('takes letters too (Code 128)', () => {
    expect(feed(new WedgeDetector(), 'ABC-12345', 8)).toBe('ABC-12345')
  })

  it('leaves typing at a person’s pace to the keypad', () => {
    expect(feed(new WedgeDetector(), '4006381333931', 120)).toBeNull()
  })

  it('needs at least 6 characters', () => {
    expect(feed(new WedgeDetector(), '12345', 3)).toBeNull()
    expect(feed(new WedgeDetector(), '123456', 3)).toBe('123456')
  })

  it('needs every gap under 30 ms: one slow key splits the burst', () => {
    const detector = new WedgeDetector()
    for (const [char, at] of [
      ['1', 0],
      ['2', 10],
      ['3', 20],
      ['4', 60],
      ['5', 70],
      ['6', 80],
      ['7', 90]
    ] as const) {
      detector.key(char, at)
    }
    // The burst since the slow key ("4567") is too short.
    expect(detector.enter(95)).toBeNull()
    expect(feed(new WedgeDetector(), '1234567', 30)).toBeNull()
    expect(feed(new WedgeDetector(), '1234567', 29)).toBe('1234567')
  })

  it('needs the Enter to come fast too: a person pressing Enter later is Charge', () => {
    expect(feed(new WedgeDetector(), '4006381333931', 4, 0, 400)).toBeNull()
  })

  it('tells the caller where a burst starts, so what the scan typed can be taken back', () => {
    const detector = new WedgeDetector()
    expect(detector.key('5', 0)).toBe(true) // a person's digit
    expect(detector.key('4', 500)).toBe(true) // the scan starts
    expect(detector.key('0', 505)).toBe(false)
  })

  it('forgets a burst after Enter or reset', () => {
    const detector = new WedgeDetector()
    feed(detector, '4006381333931', 4)
    expect(detector.enter(2000)).toBeNull()
    for (const char of '400638') detector.key(char, 3000)
    detector.reset()
    expect(detector.enter(3001)).toBeNull()
  })
})
