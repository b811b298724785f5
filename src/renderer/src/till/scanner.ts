/**
 * Telling a barcode scanner from a person. A scanner in keyboard-wedge mode "types" the code's characters a few
 * milliseconds apart and ends with Enter; a person types far slower (100 ms and more between keys). A burst of at
 * least `minLength` characters, each less than `maxGapMs` after the one before, ended by an Enter less than
 * `maxGapMs` after the last character, is a scan. Time stamps are milliseconds on one clock (a `KeyboardEvent`'s
 * `timeStamp`); the detector itself never reads a clock, so tests drive it with fake ones.
 */
export interface WedgeOptions {
  /** Fewest characters a scan has (EAN-8 has 8; 6 also covers short in-store codes). */
  minLength: number
  /** A gap this long or longer ends a burst, in milliseconds. */
  maxGapMs: number
}

export const DEFAULT_WEDGE: WedgeOptions = { minLength: 6, maxGapMs: 30 }

/** Follows the keys as they arrive; see the module comment. */
export class WedgeDetector {
  private chars = ''
  private last = Number.NEGATIVE_INFINITY

  constructor(private readonly options: WedgeOptions = DEFAULT_WEDGE) {}

  /**
   * A printable character arrived at `at` ms.
   * @returns true when it starts a new burst (the caller notes what the entry held before it, to put that back if
   *   the burst turns out to be a scan)
   */
  key(char: string, at: number): boolean {
    const starts = at - this.last >= this.options.maxGapMs || this.chars === ''
    this.chars = starts ? char : this.chars + char
    this.last = at
    return starts
  }

  /**
   * Enter arrived at `at` ms. Ends the burst either way.
   * @returns the scanned code when the burst was a scan, else null (a person pressed Enter)
   */
  enter(at: number): string | null {
    const code = this.chars
    const fast = at - this.last < this.options.maxGapMs
    this.reset()
    return fast && code.length >= this.options.minLength ? code : null
  }

  /** Forget the burst (another key, such as Backspace, came between). */
  reset(): void {
    this.chars = ''
    this.last = Number.NEGATIVE_INFINITY
  }
}
