/** One server-sent event: its `event:` name (default `message`) and its `data:` lines joined by `\n`. */
export interface SseEvent {
  event: string
  data: string
}

/**
 * Parse the complete frames at the start of a text/event-stream buffer.
 * Frames end with a blank line; lines starting with `:` are comments (keep-alives); `id:` and `retry:` are
 * ignored; a frame without data is not dispatched (as in the EventSource spec). CRLF and CR line ends are
 * accepted; a CR at the very end is kept in `rest`, since its LF may arrive in the next chunk.
 * @returns the parsed events and the unparsed remainder to prepend to the next chunk
 */
export function parseSseChunk(buffer: string): { events: SseEvent[]; rest: string } {
  const normalized = buffer.replace(/\r\n|\r(?!$)/g, '\n')
  const events: SseEvent[] = []
  let start = 0
  for (let end = normalized.indexOf('\n\n', start); end !== -1; end = normalized.indexOf('\n\n', start)) {
    const frame = parseFrame(normalized.slice(start, end))
    if (frame) events.push(frame)
    start = end + 2
  }
  return { events, rest: normalized.slice(start) }
}

function parseFrame(frame: string): SseEvent | null {
  let event = 'message'
  const data: string[] = []
  for (const line of frame.split('\n')) {
    if (line === '' || line.startsWith(':')) continue
    const colon = line.indexOf(':')
    const field = colon === -1 ? line : line.slice(0, colon)
    let value = colon === -1 ? '' : line.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    if (field === 'event') event = value
    else if (field === 'data') data.push(value)
  }
  return data.length === 0 ? null : { event, data: data.join('\n') }
}
