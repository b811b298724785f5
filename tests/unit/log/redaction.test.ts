import { describe, expect, it } from 'vitest'
import { redactLine } from '../../../src/main/log/redaction'
import { holdSecret, REDACTED } from '../../../src/main/secrets/redact'
import { memoryLog } from '../../fixtures/memory-log'

// Made for this file only: held for the rest of the process, as a key once sent is.
const HELD = 'Q7hLw2xVbN4kTz9pRd3sYc'

describe('the log keeps secrets out', () => {
  it('blanks the fields where a secret sits, at the top and one object down', () => {
    const { log, lines } = memoryLog()
    log.info(
      {
        apiKey: 'opensesame',
        headers: { authorization: 'token opensesame', 'btcpay-sig': 'sha256=abc' },
        config: { webhookSecret: 'opensesame', serverUrl: 'https://pay.example' }
      },
      'connect'
    )
    expect(lines()[0]).toMatchObject({
      apiKey: REDACTED,
      headers: { authorization: REDACTED, 'btcpay-sig': REDACTED },
      config: { webhookSecret: REDACTED, serverUrl: 'https://pay.example' },
      msg: 'connect'
    })
  })

  it('removes a held key from the message, an error stack and any other field', () => {
    holdSecret(HELD)
    const { log, text, lines } = memoryLog()
    log.error({ err: new Error(`refused ${HELD}`), note: `tried ${HELD.slice(2, 14)}` }, `key ${HELD} failed`)
    expect(text()).not.toContain(HELD.slice(2, 14))
    const [line] = lines()
    expect(line!.msg).toBe(`key ${REDACTED} failed`)
    const err = line!.err as { message: string; stack: string }
    expect(err.message).toBe(`refused ${REDACTED}`)
    expect(err.stack).toMatch(/redaction\.test\.ts/)
  })

  it('removes what looks like a credential the till does not hold', () => {
    const { log, text } = memoryLog()
    log.warn('sent Authorization: Bearer eyJhbGci0iJIUzI1 to /api?api_key=s3cr3tvalue&x=1')
    expect(text()).not.toMatch(/eyJhbGci0iJIUzI1|s3cr3tvalue/)
  })

  it('keeps each line valid JSON when a redaction would cut through an escape', () => {
    const { log, text, lines } = memoryLog()
    log.info('password=ab1"cd next')
    expect(text()).not.toContain('ab1')
    expect(lines()[0]!.msg).toBe(`password=${REDACTED}"cd next`)
  })

  it('passes a line with nothing to hide through unchanged', () => {
    const line = '{"level":30,"processor":"plisio","path":"/api/v1/invoices/new","status":200}\n'
    expect(redactLine(line)).toBe(line)
  })
})
