/**
 * Agent access (issue 16, docs/agents.md): three tables.
 * - `agent_clients`: one row per client token the owner made. `token_hash` is the SHA-256 of the token, hex (the token
 *   itself is shown once and never stored); `token_hint` its last four characters; `scopes_json` a JSON array of
 *   `AgentScope`; `calls` how many tool calls passed its token. A revoked client keeps its row (`revoked_at`).
 * - `agent_calls`: the audit of every tool call (append-only, `seq` in order): arguments redacted and cut to 2000
 *   characters, the result's summary, how long it took (ms).
 * - `agent_requests`: what an agent asked for that waits for a person (refunds, payment requests above the limit),
 *   through `pending` → `approving` → `approved`/`failed`, or `declined`/`expired`. `amount` is a decimal string in
 *   `currency`; `ask_json` the request as carried out (the refund call's input, or the Recovery item), `triage_json`
 *   the refund policy's triage when asked, `result_json`/`error_json` the outcome. Times are ISO 8601.
 */
export const agentAccessBook = `
  CREATE TABLE agent_clients (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    scopes_json TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    token_hint TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT,
    calls INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE agent_calls (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    client_id TEXT NOT NULL,
    tool TEXT NOT NULL,
    args_json TEXT NOT NULL,
    ok INTEGER NOT NULL,
    summary TEXT NOT NULL,
    ms INTEGER NOT NULL
  );
  CREATE INDEX agent_calls_by_client ON agent_calls (client_id, at);
  CREATE TABLE agent_requests (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('refund', 'payment-request')),
    state TEXT NOT NULL
      CHECK (state IN ('pending', 'approving', 'approved', 'declined', 'failed', 'expired')),
    client_id TEXT NOT NULL,
    sale_id TEXT NOT NULL,
    item_id TEXT,
    amount TEXT NOT NULL,
    currency TEXT NOT NULL,
    ask_json TEXT NOT NULL,
    triage_json TEXT,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    decided_at TEXT,
    decided_by TEXT,
    result_json TEXT,
    error_json TEXT
  );
  CREATE INDEX agent_requests_by_state ON agent_requests (state, created_at);
  CREATE INDEX agent_requests_by_client ON agent_requests (client_id, created_at);
`
