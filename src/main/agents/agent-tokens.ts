import { createHash, randomBytes } from 'node:crypto'

/** `kag_` + 43 base64url characters: the form of every client token (32 random bytes). */
const TOKEN = /^kag_[A-Za-z0-9_-]{43}$/

/** A new client token: `kag_` + 32 random bytes, base64url (43 characters, no padding). */
export function newAgentToken(): string {
  return `kag_${randomBytes(32).toString('base64url')}`
}

/** True for a string shaped like a client token; anything else is refused before it is hashed or looked up. */
export function isAgentTokenShaped(token: unknown): token is string {
  return typeof token === 'string' && TOKEN.test(token)
}

/** SHA-256 of a client token, 64 hex characters: all the ledger keeps of it (`agent_clients.token_hash`). */
export function agentTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** The token's last four characters, so the owner can tell tokens apart (`…3f9a`) without it being kept. */
export function agentTokenHint(token: string): string {
  return token.slice(-4)
}

/** `agc_` + 32 hex characters: a new client id. */
export function newClientId(): string {
  return `agc_${randomBytes(16).toString('hex')}`
}

/** `agr_` + 32 hex characters: a new request id. */
export function newRequestId(): string {
  return `agr_${randomBytes(16).toString('hex')}`
}
