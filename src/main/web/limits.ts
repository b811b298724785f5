/**
 * The web host's limits. A request over a limit is refused before its body is read, with a response the client
 * can read (never a bare TCP reset).
 */

/** Largest request body, in bytes, for `POST /api/call/<name>` and `POST /webhooks/<processor>`: 64 KiB. */
export const MAX_BODY_BYTES = 64 * 1024

/**
 * Calls that carry more than `MAX_BODY_BYTES` by design, and their own limit in bytes: a catalog CSV (≤ 5 MiB of
 * text, JSON-escaped) and an item with its image (≤ 256 KiB, base64). Their schemas bound the content itself.
 */
export const LARGE_CALL_BODY_BYTES: Readonly<Record<string, number>> = {
  'catalog:importCsv': 6 * 1024 * 1024,
  'catalog:save': 512 * 1024
}

/** The body limit of `POST /api/call/<name>`. */
export function callBodyLimit(name: string): number {
  return Object.hasOwn(LARGE_CALL_BODY_BYTES, name) ? (LARGE_CALL_BODY_BYTES[name] as number) : MAX_BODY_BYTES
}

/**
 * Server-sent-event streams open at once. The host has one token per run, so this is both the cap per token and
 * the total. A browser tab opens one shared stream, so 8 covers several tabs; the next is refused with 429 (the
 * streams already open keep working) rather than closing the oldest, which would make tabs take turns.
 */
export const MAX_EVENT_STREAMS = 8

/** Seconds a refused event stream is told to wait (`Retry-After`). */
export const EVENT_STREAM_RETRY_AFTER_S = 5
