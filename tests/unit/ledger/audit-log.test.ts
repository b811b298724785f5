import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/main/ledger/database'
import { AUDIT_ACTORS, Ledger, type AuditActor } from '../../../src/main/ledger/ledger'
import { REDACTED } from '../../../src/main/secrets/redact'

let ledger: Ledger

beforeEach(() => {
  ledger = new Ledger(openDatabase(':memory:'), () => Date.parse('2025-03-01T12:00:00Z'))
})

afterEach(() => ledger.close())

function details(): unknown[] {
  const rows = ledger.database.prepare('SELECT details_json FROM audit_log ORDER BY seq').all() as {
    details_json: string
  }[]
  return rows.map((row) => JSON.parse(row.details_json))
}

describe('the audit log', () => {
  it('records each actor and reads the entries of a sale back in order, with the ledger’s time', () => {
    for (const actor of AUDIT_ACTORS) ledger.audit(actor, `test.${actor}`, 'sale_1')
    ledger.audit('owner', 'settings.updated', null)
    expect(ledger.auditFor('sale_1')).toEqual([
      { at: '2025-03-01T12:00:00.000Z', actor: 'cashier', action: 'test.cashier' },
      { at: '2025-03-01T12:00:00.000Z', actor: 'owner', action: 'test.owner' },
      { at: '2025-03-01T12:00:00.000Z', actor: 'system', action: 'test.system' },
      { at: '2025-03-01T12:00:00.000Z', actor: 'agent', action: 'test.agent' }
    ])
  })

  it('knows the actors the till uses: the cashier, the shop owner, the till itself and an agent', () => {
    expect([...AUDIT_ACTORS].sort()).toEqual(['agent', 'cashier', 'owner', 'system'])
  })

  it('does not compile a misspelt actor, and refuses one that was cast past the type, writing nothing', () => {
    // @ts-expect-error `cahsier` is not an AuditActor: typecheck fails if the actor ever becomes a free string.
    expect(() => ledger.audit('cahsier', 'sale.created', 'sale_1')).toThrow(/Unknown audit actor "cahsier"/)
    expect(() => ledger.audit('admin' as AuditActor, 'settings.updated', null)).toThrow(/Unknown audit actor/)
    expect(details()).toEqual([])
  })

  it('stores details without a credential in them', () => {
    ledger.audit('owner', 'processor.connected', null, { processor: 'btcpay', note: 'token 0123abcd4567' })
    expect(details()).toEqual([{ processor: 'btcpay', note: `token ${REDACTED}` }])
  })
})
