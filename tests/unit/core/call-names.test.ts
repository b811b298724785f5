import { describe, expect, it } from 'vitest'
import { calls } from '@shared/call-schemas'
import { CALL_NAMES, createKassaApi, isCallName, type Transport } from '@shared/contract'
import { PercentSchema } from '@shared/schemas'
import { PERCENT_MESSAGE, percentProblem } from '@shared/percent'

describe('contract: the plain call names and the schema object', () => {
  it('CALL_NAMES lists exactly the calls of the schema object, once each, in its order', () => {
    expect(CALL_NAMES).toEqual(Object.keys(calls))
    expect(new Set(CALL_NAMES).size).toBe(CALL_NAMES.length)
  })

  it('isCallName knows every call and nothing else, inherited names included', () => {
    for (const name of Object.keys(calls)) expect(isCallName(name), name).toBe(true)
    for (const name of ['sale:nope', 'toString', '__proto__', 'constructor', '', 42, null, undefined]) {
      expect(isCallName(name), String(name)).toBe(false)
    }
  })

  it('createKassaApi makes one function per call, which invokes the call by its name', async () => {
    const invoked: string[] = []
    const transport: Transport = {
      invoke: async (name) => {
        invoked.push(name)
        return { ok: true, value: undefined as never }
      },
      subscribe: () => undefined
    }
    const api = createKassaApi(transport) as unknown as Record<
      string,
      Record<string, (input: unknown) => unknown>
    >
    for (const name of Object.keys(calls)) {
      const [domain, verb] = name.split(':') as [string, string]
      await api[domain]?.[verb]?.({})
    }
    expect(invoked).toEqual(Object.keys(calls))
  })
})

describe('percentProblem: the renderer’s plain check agrees with PercentSchema', () => {
  it.each(['0', '10', '7.5', '99.9999', '100', '100.0000', '00'])('accepts %j', (value) => {
    expect(percentProblem(value)).toBeNull()
    expect(PercentSchema.safeParse(value).success).toBe(true)
  })

  it.each(['', ' 10', '-1', '100.01', '101', '1e2', '7,5', '7.12345', '.5', '5.', 'ten', '1000'])(
    'refuses %j with the schema’s own message',
    (value) => {
      expect(percentProblem(value)).toBe(PERCENT_MESSAGE)
      const parsed = PercentSchema.safeParse(value)
      expect(parsed.success).toBe(false)
      expect(parsed.error?.issues[0]?.message).toBe(PERCENT_MESSAGE)
    }
  )
})
