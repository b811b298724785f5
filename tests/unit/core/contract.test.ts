import { afterEach, describe, expect, it, vi } from 'vitest'
import { KassaError } from '@shared/errors'
import { dispatch, logFailures, type Handlers } from '../../../src/main/dispatch'
import { memoryLog } from '../../fixtures/memory-log'

/** Stub handlers: every call records its parsed input; `sale:charge` may be replaced per test. */
function stubHandlers(overrides: Partial<Handlers> = {}) {
  const received: { name: string; input: unknown }[] = []
  const record =
    (name: string) =>
    async (input: unknown): Promise<never> => {
      received.push({ name, input })
      return { stub: name } as never
    }
  const handlers = new Proxy({} as Handlers, {
    get: (_target, name: string) => (overrides as Record<string, unknown>)[name] ?? record(name)
  })
  return { handlers, received }
}

async function charge(input: unknown) {
  const { handlers, received } = stubHandlers()
  const result = await dispatch(handlers, 'sale:charge', input)
  return { result, received }
}

afterEach(() => vi.restoreAllMocks())

describe('dispatch: sale:charge input', () => {
  it.each([
    ['a negative amount', { amount: '-1.00', currency: 'USD' }, 'amount', /negative/],
    ['a zero amount', { amount: '0.00', currency: 'USD' }, 'amount', /greater than zero/],
    ['the number NaN', { amount: Number.NaN, currency: 'USD' }, 'amount', /decimal string/],
    ['the string NaN', { amount: 'NaN', currency: 'USD' }, 'amount', /not a decimal/],
    [
      'the number 1e309 (Infinity)',
      { amount: Number.POSITIVE_INFINITY /* what 1e309 parses to */, currency: 'USD' },
      'amount',
      /decimal string/
    ],
    ['the string 1e309', { amount: '1e309', currency: 'USD' }, 'amount', /not a decimal/],
    ['too many decimals for USD', { amount: '12.345', currency: 'USD' }, 'amount', /at most 2 decimal/],
    ['decimals for JPY', { amount: '1.5', currency: 'JPY' }, 'amount', /no minor unit/],
    ['an unknown currency', { amount: '12.34', currency: 'XYZ' }, 'currency', /Unknown currency/],
    ['a lower-case currency', { amount: '12.34', currency: 'usd' }, 'currency', /Unknown currency/],
    ['a missing amount', { currency: 'USD' }, 'amount', /.+/],
    ['a missing currency', { amount: '12.34' }, 'currency', /.+/],
    ['a number instead of a string', { amount: 12.34, currency: 'USD' }, 'amount', /not a number/],
    ['an amount that is too long', { amount: '1'.repeat(40), currency: 'USD' }, 'amount', /too long/],
    ['an amount that is too large', { amount: '10000000000000', currency: 'USD' }, 'amount', /too large/]
  ])('rejects %s with invalid-input naming the field', async (_what, input, field, message) => {
    const { result, received } = await charge(input)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe('invalid-input')
    expect(result.error.message).toContain(`${field}:`)
    expect(result.error.message).toMatch(message)
    expect(received).toEqual([])
  })

  it('rejects extra fields, naming them', async () => {
    const { result, received } = await charge({ amount: '12.34', currency: 'USD', saleId: 'x' })
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    expect(!result.ok && result.error.message).toContain('saleId')
    expect(received).toEqual([])
  })

  it('treats a missing (undefined) input as an empty object (amount missing)', async () => {
    const { result } = await charge(undefined)
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    expect(!result.ok && result.error.message).toContain('amount')
  })

  it.each(['12.34', 42, [1, 2], null])('rejects the non-object input %j', async (input) => {
    const { result, received } = await charge(input)
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    expect(received).toEqual([])
  })

  it('rejects a bad sale line, naming its path', async () => {
    const { result } = await charge({
      amount: '12.34',
      currency: 'USD',
      lines: [{ name: 'Coffee', unitPrice: '3.50', quantity: 0 }]
    })
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    expect(!result.ok && result.error.message).toContain('lines.0.quantity')
  })

  it('passes a valid input to the handler, parsed (memo trimmed)', async () => {
    const input = {
      amount: '12.34',
      currency: 'USD',
      memo: '  Table 4  ',
      lines: [{ name: 'Coffee', unitPrice: '3.50', quantity: 2 }]
    }
    const { result, received } = await charge(input)
    expect(result).toEqual({ ok: true, value: { stub: 'sale:charge' } })
    expect(received).toEqual([
      {
        name: 'sale:charge',
        input: { ...input, memo: 'Table 4' }
      }
    ])
  })

  it('accepts amounts by each currency exponent', async () => {
    for (const [amount, currency] of [
      ['1234', 'JPY'],
      ['1.234', 'KWD'],
      ['0.01', 'USD']
    ]) {
      const { result } = await charge({ amount, currency })
      expect(result.ok, `${amount} ${currency}`).toBe(true)
    }
  })
})

describe('dispatch: calls and errors', () => {
  it.each(['sale:nope', 'toString', '__proto__', 'constructor', '', 42, null])(
    'answers unknown-call for %j',
    async (name) => {
      const { handlers, received } = stubHandlers()
      const result = await dispatch(handlers, name, {})
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown-call' } })
      expect(received).toEqual([])
    }
  )

  it('rejects extra fields on a call without input', async () => {
    const { handlers } = stubHandlers()
    const result = await dispatch(handlers, 'app:info', { admin: true })
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    expect(!result.ok && result.error.message).toContain('admin')
  })

  it.each([null, [], 'x', 0, false])(
    'refuses %j as a call input instead of taking it as {}',
    async (input) => {
      const { handlers, received } = stubHandlers()
      const result = await dispatch(handlers, 'app:info', input)
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
      expect(received).toEqual([])
    }
  )

  it('takes a missing input (undefined) as {} for a call without fields', async () => {
    const { handlers, received } = stubHandlers()
    expect(await dispatch(handlers, 'app:info', undefined)).toEqual({ ok: true, value: { stub: 'app:info' } })
    expect(received).toEqual([{ name: 'app:info', input: {} }])
  })

  it('refuses null as the input of invoice:focus (only {saleId: null} unfocuses)', async () => {
    const { handlers, received } = stubHandlers()
    expect(await dispatch(handlers, 'invoice:focus', null)).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' }
    })
    expect(await dispatch(handlers, 'invoice:focus', { saleId: null })).toMatchObject({ ok: true })
    expect(received).toEqual([{ name: 'invoice:focus', input: { saleId: null } }])
  })

  it('rejects a sale id that is not one', async () => {
    const { handlers } = stubHandlers()
    const result = await dispatch(handlers, 'sale:get', { saleId: '../../etc/passwd' })
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    expect(!result.ok && result.error.message).toContain('saleId:')
  })

  it('turns a KassaError from the handler into its code and message', async () => {
    const { handlers } = stubHandlers({
      'sale:cancel': async () => {
        throw new KassaError('conflict', 'This sale is paid and can no longer be cancelled')
      }
    })
    const result = await dispatch(handlers, 'sale:cancel', { saleId: 'sale_0123456789abcdef' })
    expect(result).toEqual({
      ok: false,
      error: { code: 'conflict', message: 'This sale is paid and can no longer be cancelled' }
    })
  })

  it('turns any other error into internal with a generic message that leaks nothing; the log has its stack', async () => {
    const memory = memoryLog()
    const handlers = logFailures(
      {
        'sale:charge': async () => {
          throw new Error('SQLITE_CONSTRAINT at /home/shop/kassa.sqlite, key=sk_live_secret')
        }
      } as Partial<Handlers> as Handlers,
      memory.log
    )
    const result = await dispatch(handlers, 'sale:charge', { amount: '1.00', currency: 'USD' })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe('internal')
    expect(JSON.stringify(result)).not.toMatch(/SQLITE|kassa\.sqlite|sk_live_secret/)
    expect(memory.lines()).toMatchObject([
      { level: 50, call: 'sale:charge', err: { message: expect.stringMatching(/^SQLITE_CONSTRAINT/) } }
    ])
    expect((memory.lines()[0]!.err as { stack: string }).stack).toMatch(/contract\.test\.ts/)
  })

  it("logs no refusal: a KassaError is the caller's answer, not a failure of the till", async () => {
    const memory = memoryLog()
    const handlers = logFailures(
      {
        'sale:cancel': async () => {
          throw new KassaError('conflict', 'This sale is paid and can no longer be cancelled')
        }
      } as Partial<Handlers> as Handlers,
      memory.log
    )
    const result = await dispatch(handlers, 'sale:cancel', { saleId: 'sale_0123456789abcdef' })
    expect(result).toMatchObject({ ok: false, error: { code: 'conflict' } })
    expect(memory.lines()).toEqual([])
  })

  it('never throws, even when the handler throws a non-Error', async () => {
    const { handlers } = stubHandlers({
      'app:info': () => Promise.reject('a string')
    })
    await expect(dispatch(handlers, 'app:info', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'internal' }
    })
  })
})
