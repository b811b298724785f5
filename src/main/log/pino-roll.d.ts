// pino-roll ships no types; this is the part of its API `logger.ts` uses (pino-roll 4, README "build(options)").
declare module 'pino-roll' {
  /** The SonicBoom stream pino-roll returns: pino writes lines to it, and it rolls the file under them. */
  interface RollingStream {
    write(line: string): boolean
    end(): void
    on(event: 'error', listener: (error: Error) => void): this
    once(event: 'close' | 'error', listener: () => void): this
    readonly destroyed: boolean
  }
  interface RollOptions {
    /** Path without the number: `logs/kassa` gives `logs/kassa.1.log`, `logs/kassa.2.log`, … */
    file: string
    extension?: string
    /** Roll when the file reaches this size: `'10k'`, `'5m'`; a bare number is megabytes. */
    size?: string | number
    /** `count` files kept; with `removeOtherLogFiles` files of earlier runs count too. */
    limit?: { count: number; removeOtherLogFiles?: boolean }
  }
  export default function build(options: RollOptions): Promise<RollingStream>
}
