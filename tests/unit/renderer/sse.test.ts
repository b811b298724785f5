import { describe, expect, it } from 'vitest'
import { parseSseChunk } from '../../../src/renderer/src/api/sse'

describe('parseSseChunk', () => {
  it('parses a complete frame with an event name and JSON data', () => {
    const { events, rest } = parseSseChunk('event: sale:updated\ndata: {"id":"sale_1"}\n\n')
    expect(events).toEqual([{ event: 'sale:updated', data: '{"id":"sale_1"}' }])
    expect(rest).toBe('')
  })

  it('keeps an incomplete frame as the rest, to be completed by the next chunk', () => {
    const first = parseSseChunk('event: sale:updated\ndata: {"id":')
    expect(first.events).toEqual([])
    const second = parseSseChunk(first.rest + '"sale_1"}\n\nevent: conn')
    expect(second.events).toEqual([{ event: 'sale:updated', data: '{"id":"sale_1"}' }])
    expect(second.rest).toBe('event: conn')
  })

  it('parses several frames in one chunk, in order', () => {
    const { events } = parseSseChunk('event: a\ndata: 1\n\nevent: b\ndata: 2\n\n')
    expect(events.map((e) => e.event)).toEqual(['a', 'b'])
  })

  it('ignores keep-alive comments and comment-only frames', () => {
    const { events, rest } = parseSseChunk(': keep-alive\n\n: ping\nevent: a\ndata: 1\n\n')
    expect(events).toEqual([{ event: 'a', data: '1' }])
    expect(rest).toBe('')
  })

  it('joins multi-line data with newlines and defaults the event name to message', () => {
    const { events } = parseSseChunk('data: line1\ndata: line2\n\n')
    expect(events).toEqual([{ event: 'message', data: 'line1\nline2' }])
  })

  it('accepts CRLF line ends and keeps a trailing CR for the next chunk', () => {
    const first = parseSseChunk('event: a\r\ndata: 1\r\n\r')
    expect(first.events).toEqual([])
    const second = parseSseChunk(first.rest + '\n')
    expect(second.events).toEqual([{ event: 'a', data: '1' }])
  })

  it('strips only one space after the colon, ignores id/retry and frames without data', () => {
    const { events } = parseSseChunk('id: 7\nretry: 1000\nevent: a\n\nevent: b\ndata:  x\n\n')
    expect(events).toEqual([{ event: 'b', data: ' x' }])
  })
})
