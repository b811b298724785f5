import { describe, expect, it } from 'vitest'
import { redactForAgent } from '../../../src/main/mcp/agent-redaction'
import { holdSecret, REDACTED } from '../../../src/main/secrets/redact'

const TXID = 'a3f1c0de9b8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a392817060f1e'
const HELD = '0123456789abcdef0123456789abcdef01234567' // a BTCPay key: 40 hex digits

describe('redactForAgent', () => {
  holdSecret(HELD)

  it('keeps a payment’s and a withdrawal’s transaction id, which redactSecrets alone would hide', () => {
    const sale = {
      invoice: { payments: [{ id: `${TXID}-0`, amount: '0.001' }] },
      refunds: [{ txId: TXID, externalId: 'op_1' }]
    }
    expect(redactForAgent(sale)).toEqual(sale)
  })

  it('still hides 64 hex digits anywhere else, and a held key even inside a transaction id field', () => {
    const out = redactForAgent({
      memo: `paid with ${TXID}`,
      id: TXID,
      refunds: [{ txId: `${HELD}` }],
      invoice: { payments: [{ id: HELD }] }
    })
    expect(out).toEqual({
      memo: `paid with ${REDACTED}`,
      id: REDACTED,
      refunds: [{ txId: REDACTED }],
      invoice: { payments: [{ id: REDACTED }] }
    })
  })

  it('redacts object keys that carry a credential, and leaves numbers, booleans and null', () => {
    expect(redactForAgent({ [`token ${HELD}`]: 1, ok: true, none: null, n: 2 })).toEqual({
      [`token ${REDACTED}`]: 1,
      ok: true,
      none: null,
      n: 2
    })
  })
})
