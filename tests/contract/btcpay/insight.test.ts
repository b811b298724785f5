/**
 * Contract: the BTCPay insight port (read-only views for agents) against BTCPay's own OpenAPI documents. Each topic's
 * request must be a documented operation with documented query parameters (BTCPay's `includeArchived` on payment
 * requests excepted, reference §13.6), the permission the spec names must be the one the port's TSDoc promises, the
 * simulator's answers must match the spec, and every field the port hands an agent must come from a property the
 * spec declares (or be one of the few Kassa derives, listed here). Skipped without `../shared/specs/` (as
 * `greenfield.test.ts`, which fails under CI then).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBtcpayProcessor, type BtcpayProcessor } from '../../../src/main/processors/btcpay'
import type { InsightTopic } from '../../../src/main/processors/ports'
import { startBtcpaySimulator, type BtcpaySimulator } from '../../simulators/btcpay'
import { OpenApi, pointer, specsAvailable, type Operation } from './openapi'

interface Exchange {
  topic: InsightTopic
  method: string
  url: URL
  status: number
  responseText: string
}

type Json = Record<string, unknown>
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The operation and permission each topic reads (spec `security.API_Key`; empty = any valid key). */
const EXPECTED: Record<string, { template: string; permission: string | null }> = {
  'server-info': { template: '/api/v1/server/info', permission: null },
  store: { template: '/api/v1/stores/{storeId}', permission: 'btcpay.store.canviewstoresettings' },
  'payment-requests': {
    template: '/api/v1/stores/{storeId}/payment-requests',
    permission: 'btcpay.store.canviewpaymentrequests'
  },
  webhooks: {
    template: '/api/v1/stores/{storeId}/webhooks',
    permission: 'btcpay.store.webhooks.canmodifywebhooks'
  },
  apps: { template: '/api/v1/stores/{storeId}/apps', permission: 'btcpay.store.canmodifystoresettings' }
}

/** Query parameters BTCPay serves but its spec does not document (reference §13.6). */
const UNDOCUMENTED_QUERY = new Set(['includeArchived'])

/**
 * Fields of a payment request the port derives rather than copies: Kassa's reading of its state and its public
 * page (reference §4: "not returned by the API"), the Unix times as ISO 8601, and `archived`, which BTCPay sends
 * but the spec omits.
 */
const DERIVED_PAYMENT_REQUEST: Record<string, string | null> = {
  state: 'status',
  link: null,
  createdAt: 'createdTime',
  expiresAt: 'expiryDate',
  archived: null
}

const haveSpecs = specsAvailable()

describe.skipIf(!haveSpecs)('BTCPay insight port contract', () => {
  let sim: BtcpaySimulator
  let btcpay: BtcpayProcessor
  let api: OpenApi
  const exchanges: Exchange[] = []
  const answers = new Map<InsightTopic, unknown>()

  beforeAll(async () => {
    api = new OpenApi()
    sim = await startBtcpaySimulator()
    let topic: InsightTopic = 'server-info'
    const recordingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init)
      exchanges.push({
        topic,
        method: init?.method ?? 'GET',
        url: new URL(String(input)),
        status: response.status,
        responseText: await response.clone().text()
      })
      return response
    }
    btcpay = createBtcpayProcessor({
      serverUrl: sim.url,
      storeId: sim.storeId,
      apiKey: sim.apiKey,
      fetch: recordingFetch,
      maxRetries: 0
    })
    const pr = await btcpay.paymentRequests.create({
      title: 'Balance',
      amount: '12.50',
      currency: 'USD',
      email: 'ana@example.com',
      referenceId: 'sale_1',
      expiryDate: Math.floor(Date.now() / 1000) + 3600
    })
    await btcpay.paymentRequests.create({ title: 'Old', amount: '3', currency: 'USD' })
    await btcpay.paymentRequests.archive(pr.id)
    await btcpay.webhooks.create({
      url: 'https://relay.example/hook',
      secret: 'whsec-0001',
      events: ['InvoiceSettled']
    })
    exchanges.length = 0
    const port = btcpay.ports.insight!
    for (const t of port.topics) {
      topic = t
      answers.set(t, await port.read(t, t === 'payment-requests' ? { includeArchived: true } : {}))
    }
    topic = 'payment-requests'
    await port.read('payment-requests', {})
  })
  afterAll(async () => {
    await sim?.close()
  })

  it('reads each topic with one documented GET, with documented query parameters only', () => {
    const problems: string[] = []
    for (const e of exchanges) {
      const operation = api.find(e.method, e.url.pathname)
      if (!operation) {
        problems.push(`${e.topic}: ${e.method} ${e.url.pathname} is not in the spec`)
        continue
      }
      if (operation.template !== EXPECTED[e.topic]?.template || e.method !== 'GET')
        problems.push(`${e.topic}: ${e.method} ${operation.template}`)
      const documented = new Set(api.queryParams(operation))
      for (const name of e.url.searchParams.keys()) {
        if (!documented.has(name) && !UNDOCUMENTED_QUERY.has(name))
          problems.push(`${e.topic}: ?${name} is not documented`)
      }
    }
    expect(problems).toEqual([])
    expect(exchanges.map((e) => e.topic)).toEqual([
      'server-info',
      'store',
      'payment-requests',
      'webhooks',
      'apps',
      'payment-requests'
    ])
  })

  it('needs exactly the permission the spec names for each topic (in v2.4.1 and v2.3.9)', () => {
    for (const [topic, expected] of Object.entries(EXPECTED)) {
      for (const spec of ['v241', 'v239'] as const) {
        const op = api.resolve(spec, `#/paths/${expected.template.replace(/\//g, '~1')}/get`)
        expect(isObj(op), `${topic} ${spec}`).toBe(true)
        const security = ((op as Json).security as { API_Key?: string[] }[] | undefined) ?? []
        const permissions = security.flatMap((s) => s.API_Key ?? [])
        expect(permissions, `${topic} ${spec}`).toEqual(expected.permission ? [expected.permission] : [])
      }
    }
  })

  it("receives answers that match the spec's response schemas", () => {
    const problems: string[] = []
    for (const e of exchanges) {
      const operation = api.find(e.method, e.url.pathname)!
      const body = withoutArchived(operation.template, JSON.parse(e.responseText))
      const target = pointer(
        operation,
        'responses',
        String(e.status),
        'content',
        'application/json',
        'schema'
      )
      const errors = api.validate(operation.spec, target, body)
      if (errors.length) problems.push(`${e.topic} (${operation.spec}): ${errors.join('; ')}`)
    }
    expect(problems).toEqual([])
  })

  it('hands agents only fields the spec declares (or derives them from declared ones)', () => {
    const problems: string[] = []
    const check = (where: string, keys: string[], declared: Set<string>): void => {
      for (const key of keys) if (!declared.has(key)) problems.push(`${where}.${key}`)
    }
    const schema = (topic: InsightTopic): Schema => {
      const path = EXPECTED[topic]!.template.replace('{storeId}', sim.storeId)
      const operation = api.find('GET', path)!
      return responseSchema(api, operation)
    }

    const server = answers.get('server-info') as Json
    const serverSchema = schema('server-info')
    check('server-info', Object.keys(server), propertiesOf(api, serverSchema))
    const syncSchema = itemsOf(api, propertySchema(api, serverSchema, 'syncStatus'))
    const nodeSchema = propertySchema(api, syncSchema, 'nodeInformation')
    for (const status of server.syncStatus as Json[]) {
      const { verificationProgress, ...rest } = status
      check('server-info.syncStatus[]', Object.keys(rest), propertiesOf(api, syncSchema))
      expect(verificationProgress).toBeDefined()
      check(
        'server-info.syncStatus[].nodeInformation',
        ['verificationProgress'],
        propertiesOf(api, nodeSchema)
      )
    }

    check('store', Object.keys(answers.get('store') as Json), propertiesOf(api, schema('store')))

    const prSchema = itemsOf(api, schema('payment-requests'))
    const prDeclared = propertiesOf(api, prSchema)
    for (const pr of (answers.get('payment-requests') as { paymentRequests: Json[] }).paymentRequests) {
      for (const key of Object.keys(pr)) {
        if (key in DERIVED_PAYMENT_REQUEST) {
          const source = DERIVED_PAYMENT_REQUEST[key]
          if (source && !prDeclared.has(source)) problems.push(`payment-requests[].${key} ← ${source}`)
        } else if (!prDeclared.has(key)) problems.push(`payment-requests[].${key}`)
      }
    }

    const hookSchema = itemsOf(api, schema('webhooks'))
    const eventsSchema = propertySchema(api, hookSchema, 'authorizedEvents')
    const hooks = (answers.get('webhooks') as { webhooks: Json[] }).webhooks
    expect(hooks).toHaveLength(1)
    for (const hook of hooks) {
      check('webhooks[]', Object.keys(hook), propertiesOf(api, hookSchema))
      check(
        'webhooks[].authorizedEvents',
        Object.keys(hook.authorizedEvents as Json),
        propertiesOf(api, eventsSchema)
      )
      expect(Object.keys(hook)).not.toContain('secret')
    }

    const appSchema = itemsOf(api, schema('apps'))
    for (const app of (answers.get('apps') as { apps: Json[] }).apps) {
      check('apps[]', Object.keys(app), propertiesOf(api, appSchema))
    }
    expect(problems).toEqual([])
  })

  it('the field check is not vacuous: a field the spec does not declare is caught', () => {
    const operation = api.find('GET', `/api/v1/stores/${sim.storeId}/webhooks`)!
    const declared = propertiesOf(api, itemsOf(api, responseSchema(api, operation)))
    expect(declared.has('url')).toBe(true)
    expect(declared.has('apiKey')).toBe(false)
    expect(declared.has('createdAt')).toBe(false)
  })
})

/** A payment request's `archived` left out (BTCPay sends it; the spec omits it), as `greenfield.test.ts` does. */
function withoutArchived(template: string, body: unknown): unknown {
  if (!/\/payment-requests$/.test(template) || !Array.isArray(body)) return body
  return body.map((item: unknown) =>
    isObj(item) ? Object.fromEntries(Object.entries(item).filter(([key]) => key !== 'archived')) : item
  )
}

type SpecKey = Operation['spec']

/** A schema with the spec it comes from, for the `$ref`s in it. */
interface Schema {
  spec: SpecKey
  node: Json
}

function responseSchema(api: OpenApi, operation: Operation): Schema {
  const ref = pointer(operation, 'responses', '200', 'content', 'application/json', 'schema')
  return deref(api, operation.spec, api.resolve(operation.spec, ref))
}

/** Resolve `$ref`s (and the `anyOf [null, X]` nullable form) down to an object or array schema. */
function deref(api: OpenApi, spec: SpecKey, schema: unknown): Schema {
  let node = schema
  for (let depth = 0; depth < 10 && isObj(node); depth++) {
    if (typeof node.$ref === 'string') node = api.resolve(spec, node.$ref)
    else if (Array.isArray(node.anyOf) && !node.properties && !node.type) {
      node = (node.anyOf as Json[]).find((branch) => branch.type !== 'null')
    } else break
  }
  if (!isObj(node)) throw new Error('schema not found')
  return { spec, node }
}

/** Walk a schema through its `$ref`s and `allOf`/`anyOf`/`oneOf` branches. */
function walk(api: OpenApi, schema: Schema, visit: (node: Json) => void): void {
  const step = (node: unknown, depth: number): void => {
    if (!isObj(node) || depth > 10) return
    if (typeof node.$ref === 'string') return step(api.resolve(schema.spec, node.$ref), depth + 1)
    visit(node)
    for (const key of ['allOf', 'anyOf', 'oneOf'])
      if (Array.isArray(node[key])) (node[key] as unknown[]).forEach((branch) => step(branch, depth + 1))
  }
  step(schema.node, 0)
}

/** Every property name a schema declares. */
function propertiesOf(api: OpenApi, schema: Schema): Set<string> {
  const names = new Set<string>()
  walk(api, schema, (node) => {
    if (isObj(node.properties)) for (const name of Object.keys(node.properties)) names.add(name)
  })
  return names
}

/** The schema of property `name`, wherever among the branches it is declared. */
function propertySchema(api: OpenApi, schema: Schema, name: string): Schema {
  let found: unknown
  walk(api, schema, (node) => {
    if (found === undefined && isObj(node.properties) && name in node.properties)
      found = node.properties[name]
  })
  if (found === undefined) throw new Error(`no property ${name}`)
  return deref(api, schema.spec, found)
}

/** The item schema of an array schema. */
function itemsOf(api: OpenApi, schema: Schema): Schema {
  if (schema.node.type !== 'array' || !isObj(schema.node.items)) throw new Error('not an array schema')
  return deref(api, schema.spec, schema.node.items)
}
