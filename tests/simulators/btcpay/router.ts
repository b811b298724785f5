/** A tiny router for the simulator: `GET /api/v1/stores/:storeId/invoices/:invoiceId` style patterns. */
import type { SimState } from './state'
import { allows, missingPermissionBody } from './auth'

/** What a handler answers. `body` is JSON-serialised; `raw` is sent as-is. */
export interface Reply {
  status: number
  body?: unknown
  raw?: string
  contentType?: string
}

export interface Ctx {
  state: SimState
  /** Server root, e.g. `http://127.0.0.1:1234`. */
  root: string
  params: Record<string, string>
  query: URLSearchParams
  body: unknown
  /** The API key used, or null (anonymous). */
  apiKey: string | null
  permissions: string[]
}

/** Route requirement: `auth` any valid key; a policy string; `anonymous` none. `unscoped` for create-store. */
export interface Route {
  method: string
  pattern: string
  auth: 'anonymous' | 'auth' | { policy: string; unscoped?: boolean }
  handler: (ctx: Ctx) => Reply
}

export const ok = (body?: unknown): Reply => ({ status: 200, body })
export const empty = (): Reply => ({ status: 200 })
export const apiError = (status: number, code: string, message: string): Reply => ({
  status,
  body: { code, message }
})
export const validation = (...errors: { path: string; message: string }[]): Reply => ({
  status: 422,
  body: errors
})

/** Match `pattern` against a path; returns decoded params or null. */
export function match(pattern: string, pathname: string): Record<string, string> | null {
  const a = pattern.split('/').filter(Boolean)
  const b = pathname.split('/').filter(Boolean)
  if (a.length !== b.length) return null
  const params: Record<string, string> = {}
  for (let i = 0; i < a.length; i++) {
    const p = a[i] ?? ''
    const v = b[i] ?? ''
    if (p.startsWith(':')) params[p.slice(1)] = decodeURIComponent(v)
    else if (p !== v) return null
  }
  return params
}

/** Authenticate and authorise one request against a route, like BTCPay's Greenfield handlers. */
export function authorise(route: Route, ctx: Ctx, authorization: string | undefined): Reply | null {
  if (route.auth === 'anonymous') return null
  const token = /^(token|bearer)\s+(\S+)$/i.exec(authorization ?? '')?.[2]
  if (!token)
    return apiError(401, 'unauthenticated', 'Authentication is required for accessing this endpoint')
  const key = ctx.state.apiKeys.get(token)
  if (!key) return apiError(401, 'unauthenticated', 'ApiKey authentication failed: Unknown API Key')
  ctx.apiKey = token
  ctx.permissions = key.permissions
  if (route.auth === 'auth') return null
  const storeId = route.auth.unscoped ? '*' : (ctx.params.storeId ?? null)
  if (!allows(key.permissions, route.auth.policy, storeId)) {
    return { status: 403, body: missingPermissionBody(route.auth.policy) }
  }
  if (ctx.params.storeId !== undefined && !ctx.state.stores.has(ctx.params.storeId)) {
    return apiError(404, 'store-not-found', 'The store was not found')
  }
  return null
}

/** A decimal string or number → string, or null when it is not a decimal. */
export function decimalOf(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return value.trim()
  return null
}

export function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}
}
