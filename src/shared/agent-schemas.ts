import { z } from 'zod'
import { AGENT_SCOPES } from './agents'

/** `agc_` + 32 hex characters. */
export const AgentClientIdSchema = z.string().regex(/^agc_[0-9a-f]{32}$/, 'Not an agent client id')

/** `agr_` + 32 hex characters. */
export const AgentRequestIdSchema = z.string().regex(/^agr_[0-9a-f]{32}$/, 'Not an agent request id')

/** What the owner calls a client (`Claude Desktop`, `Nightly report`). */
export const AgentClientNameSchema = z.string().trim().min(1, 'Give the client a name').max(60)

/** A client's scopes: at least one, each once. */
export const AgentScopesSchema = z
  .array(z.enum(AGENT_SCOPES))
  .min(1, 'Choose at least one scope')
  .max(AGENT_SCOPES.length)
  .refine((scopes) => new Set(scopes).size === scopes.length, 'A scope is listed twice')

/**
 * Settings → Agent access as `agent:configure` takes it: only the fields given change. The limit is checked as an
 * amount of the store currency by main (more decimals than the currency has are refused).
 */
export const AgentSettingsPatchSchema = z.strictObject({
  enabled: z.boolean().optional(),
  port: z.int().min(1024).max(65535).optional(),
  /** Decimal string in the store currency, `"0"` or more. */
  paymentRequestLimit: z
    .string()
    .trim()
    .regex(/^\d{1,12}(\.\d{1,8})?$/, 'A limit must be an amount like "100" or "49.99"')
    .optional(),
  callsPerMinute: z.int().min(1).max(600).optional()
})
