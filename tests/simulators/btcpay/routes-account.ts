/** Store, user, API key, server info and health routes. */
import { storeBody, userBody } from './bodies'
import { apiError, asObject, empty, ok, validation, type Ctx, type Reply, type Route } from './router'
import { newId, now } from './state'

const P = 'btcpay.store.'
const STORE = '/api/v1/stores/:storeId'

function me(ctx: Ctx): Reply {
  const key = ctx.state.apiKeys.get(ctx.apiKey ?? '')
  const user = ctx.state.users.get(key?.userId ?? '')
  return user ? ok(userBody(user)) : apiError(404, 'user-not-found', 'The user was not found')
}

function updateMe(ctx: Ctx): Reply {
  const key = ctx.state.apiKeys.get(ctx.apiKey ?? '')
  const user = ctx.state.users.get(key?.userId ?? '')
  if (!user) return apiError(404, 'user-not-found', 'The user was not found')
  const body = asObject(ctx.body)
  if (body.email !== undefined && !/^[^@\s]+@[^@\s]+$/.test(String(body.email))) {
    return validation({ path: 'email', message: 'Invalid email' })
  }
  if (typeof body.email === 'string') user.email = body.email
  if (typeof body.name === 'string') user.name = body.name
  if (typeof body.imageUrl === 'string') user.imageUrl = body.imageUrl
  return ok(userBody(user))
}

function createUser(ctx: Ctx): Reply {
  const body = asObject(ctx.body)
  const email = typeof body.email === 'string' ? body.email : ''
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) return validation({ path: 'email', message: 'Invalid email' })
  if ([...ctx.state.users.values()].some((u) => u.email === email)) {
    return validation({ path: 'email', message: 'A user with this email already exists' })
  }
  if (typeof body.password === 'string' && body.password.length < 6) {
    return validation({ path: 'password', message: 'Passwords must be at least 6 characters.' })
  }
  const user = {
    id: newId(16),
    email,
    name: typeof body.name === 'string' ? body.name : null,
    imageUrl: null,
    created: now()
  }
  ctx.state.users.set(user.id, user)
  return { status: 201, body: userBody(user) }
}

function createStore(ctx: Ctx): Reply {
  const body = asObject(ctx.body)
  const name = typeof body.name === 'string' ? body.name.trim() : ''
  if (!name || name.length > 50)
    return validation({ path: 'name', message: 'Name is required and must be at most 50 characters' })
  const expiration = body.invoiceExpiration
  if (
    expiration !== undefined &&
    (typeof expiration !== 'number' || !Number.isInteger(expiration) || expiration < 60)
  ) {
    return validation({
      path: 'invoiceExpiration',
      message: 'Invalid timespan, expected integer of at least 60 seconds'
    })
  }
  const store = {
    id: newId(16),
    name,
    defaultCurrency: typeof body.defaultCurrency === 'string' ? body.defaultCurrency : 'USD',
    invoiceExpiration: typeof expiration === 'number' ? expiration : 900,
    website: typeof body.website === 'string' ? body.website : null
  }
  ctx.state.stores.set(store.id, store)
  return ok(storeBody(store))
}

/**
 * `GET /api/v1/stores`: the stores the key may see. BTCPay filters by the user's store roles; the simulator lists the
 * stores on which the key holds any store permission (or all, for an unrestricted key).
 */
function listStores(ctx: Ctx): Reply {
  const visible = [...ctx.state.stores.values()].filter((store) =>
    ctx.permissions.some((entry) => {
      if (entry === 'unrestricted') return true
      const [name = '', scope] = entry.split(':')
      return name.startsWith('btcpay.store.') && (!scope || scope === store.id)
    })
  )
  return ok(visible.map(storeBody))
}

export const accountRoutes: Route[] = [
  { method: 'GET', pattern: '/api/v1/stores', auth: 'auth', handler: listStores },
  {
    method: 'GET',
    pattern: STORE,
    auth: { policy: `${P}canviewstoresettings` },
    handler: (ctx) => ok(storeBody(ctx.state.stores.get(ctx.params.storeId ?? '') ?? ctx.state.store))
  },
  {
    method: 'POST',
    pattern: '/api/v1/stores',
    auth: { policy: `${P}canmodifystoresettings`, unscoped: true },
    handler: createStore
  },
  { method: 'GET', pattern: '/api/v1/users/me', auth: { policy: 'btcpay.user.canviewprofile' }, handler: me },
  {
    method: 'PUT',
    pattern: '/api/v1/users/me',
    auth: { policy: 'btcpay.user.canmodifyprofile' },
    handler: updateMe
  },
  {
    method: 'POST',
    pattern: '/api/v1/users',
    auth: { policy: 'btcpay.server.cancreateuser' },
    handler: createUser
  },
  {
    method: 'GET',
    pattern: '/api/v1/api-keys/current',
    auth: 'auth',
    handler: (ctx) => {
      const key = ctx.state.apiKeys.get(ctx.apiKey ?? '')
      return ok({ apiKey: ctx.apiKey, label: key?.label ?? '', permissions: key?.permissions ?? [] })
    }
  },
  {
    method: 'DELETE',
    pattern: '/api/v1/api-keys/current',
    auth: 'auth',
    handler: (ctx) => (ctx.state.apiKeys.delete(ctx.apiKey ?? ''), empty())
  },
  {
    method: 'GET',
    pattern: '/api/v1/server/info',
    auth: 'auth',
    handler: (ctx) =>
      ok({
        version: '2.4.1',
        onion: '',
        supportedPaymentMethods: ['BTC-CHAIN', 'BTC-LN'],
        fullySynched: ctx.state.fullySynched,
        syncStatus: [
          {
            paymentMethodId: 'BTC-CHAIN',
            chainHeight: 850000,
            syncHeight: ctx.state.fullySynched ? 850000 : 849000,
            available: ctx.state.nodeAvailable,
            nodeInformation: {
              headers: 850000,
              blocks: ctx.state.fullySynched ? 850000 : 849000,
              verificationProgress: ctx.state.fullySynched ? 1 : 0.99
            }
          }
        ]
      })
  },
  {
    method: 'GET',
    pattern: '/api/v1/health',
    auth: 'anonymous',
    handler: (ctx) => ok({ synchronized: ctx.state.fullySynched })
  }
]
