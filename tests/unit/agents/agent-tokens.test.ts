import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { argsText } from '../../../src/main/agents/agent-audit'
import {
  agentTokenHash,
  agentTokenHint,
  isAgentTokenShaped,
  newAgentToken,
  newClientId,
  newRequestId
} from '../../../src/main/agents/agent-tokens'
import { AgentClientIdSchema, AgentRequestIdSchema } from '@shared/agent-schemas'

describe('agent client tokens', () => {
  it('are kag_ + 43 base64url characters, new each time, kept as SHA-256 hex with a 4-character hint', () => {
    const token = newAgentToken()
    expect(token).toMatch(/^kag_[A-Za-z0-9_-]{43}$/)
    expect(newAgentToken()).not.toBe(token)
    expect(isAgentTokenShaped(token)).toBe(true)
    expect(agentTokenHash(token)).toBe(createHash('sha256').update(token).digest('hex'))
    expect(agentTokenHint(token)).toBe(token.slice(-4))
  })

  it('refuses anything else before it is looked up', () => {
    for (const bad of [
      '',
      'kag_',
      `kag_${'a'.repeat(42)}`,
      `kag_${'a'.repeat(44)}`,
      `KAG_${'a'.repeat(43)}`,
      42,
      null
    ]) {
      expect(isAgentTokenShaped(bad)).toBe(false)
    }
  })

  it('ids match the contract', () => {
    expect(AgentClientIdSchema.safeParse(newClientId()).success).toBe(true)
    expect(AgentRequestIdSchema.safeParse(newRequestId()).success).toBe(true)
  })
})

describe('audited arguments', () => {
  it('redact keys and client tokens, and are cut to 2000 characters', () => {
    const token = newAgentToken()
    const text = argsText({
      saleId: 'sale_abc',
      apiKey: 'sk_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0',
      note: `use ${token}`
    })
    expect(text).toContain('sale_abc')
    expect(text).not.toContain('sk_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0')
    expect(text).not.toContain(token)
    const long = argsText({ text: 'x'.repeat(5000) })
    expect(long).toHaveLength(2000)
    expect(long.endsWith('…')).toBe(true)
    expect(argsText(undefined)).toBe('null')
  })
})
