/**
 * Loads BTCPay's merged OpenAPI 3.0 documents from `../shared/specs/` (never copied into the project) and
 * validates JSON bodies against them with ajv. OpenAPI 3.0 schemas are not JSON Schema, so they are converted:
 * `nullable: true` → `anyOf [null, …]`, boolean `exclusiveMinimum` → numeric, and `additionalProperties: false`
 * inside an `allOf` (which in JSON Schema would forbid the sibling branches' properties) → `unevaluatedProperties:
 * false` on the `allOf` holder, so "no properties beyond those the branches declare" keeps its OpenAPI meaning.
 */
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import Ajv2019 from 'ajv/dist/2019'
import addFormats from 'ajv-formats'

export const SPECS_DIR = resolve(__dirname, '../../../../shared/specs')
export const SPEC_FILES = {
  v239: 'btcpay-greenfield-v2.3.9.json',
  v241: 'btcpay-greenfield-v2.4.1.json'
} as const

export function specsAvailable(): boolean {
  return Object.values(SPEC_FILES).every((f) => existsSync(resolve(SPECS_DIR, f)))
}

type Json = Record<string, unknown>
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Pass 1: nullable and draft-04 exclusive bounds. */
function pass1(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(pass1)
  if (!isObj(node)) return node
  const out: Json = {}
  for (const [k, v] of Object.entries(node)) out[k] = pass1(v)
  for (const bound of ['Minimum', 'Maximum'] as const) {
    const flag = out[`exclusive${bound}`]
    if (typeof flag === 'boolean') {
      const key = bound.toLowerCase()
      if (flag && typeof out[key] === 'number') out[`exclusive${bound}`] = out[key]
      else delete out[`exclusive${bound}`]
      if (flag) delete out[key]
    }
  }
  if (out.nullable === true) {
    delete out.nullable
    return { anyOf: [{ type: 'null' }, out] }
  }
  delete out.nullable
  return out
}

/** Pass 2: hoist `additionalProperties: false` out of `allOf` branches. */
function pass2(node: unknown, resolveRef: (ref: string) => unknown): void {
  if (Array.isArray(node)) return node.forEach((n) => pass2(n, resolveRef))
  if (!isObj(node)) return
  for (const [k, v] of Object.entries(node)) if (k !== 'allOf') pass2(v, resolveRef)
  if (!Array.isArray(node.allOf)) return
  let strict = false
  node.allOf = node.allOf.map((branch: unknown) => {
    let schema = branch
    if (isObj(branch) && typeof branch.$ref === 'string' && branch.$ref.startsWith('#/components/schemas/')) {
      schema = structuredClone(resolveRef(branch.$ref))
    }
    if (!isObj(schema)) return schema
    pass2(schema, resolveRef)
    if (schema.additionalProperties === false || schema.unevaluatedProperties === false) strict = true
    delete schema.unevaluatedProperties
    if (schema.additionalProperties === false) delete schema.additionalProperties
    return schema
  })
  if (strict) node.unevaluatedProperties = false
}

function collectFormats(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) node.forEach((n) => collectFormats(n, into))
  else if (isObj(node)) {
    if (typeof node.format === 'string') into.add(node.format)
    Object.values(node).forEach((v) => collectFormats(v, into))
  }
}

export interface Operation {
  spec: keyof typeof SPEC_FILES
  template: string
  method: string
  op: Json
}

/** One loaded spec pair with an ajv instance per version. */
export class OpenApi {
  private readonly docs = {} as Record<keyof typeof SPEC_FILES, Json>
  private readonly ajv = {} as Record<keyof typeof SPEC_FILES, Ajv2019>

  constructor() {
    for (const key of Object.keys(SPEC_FILES) as (keyof typeof SPEC_FILES)[]) {
      const raw = JSON.parse(readFileSync(resolve(SPECS_DIR, SPEC_FILES[key]), 'utf8')) as Json
      const converted = pass1(raw) as Json
      const pristine = structuredClone(converted)
      const resolveRef = (ref: string): unknown =>
        ref
          .slice(2)
          .split('/')
          .reduce<unknown>(
            (n, part) => (isObj(n) ? n[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined),
            pristine
          )
      pass2(converted, resolveRef)
      const ajv = new Ajv2019({ strict: false, allErrors: true, validateSchema: false, logger: false })
      addFormats(ajv)
      const formats = new Set<string>()
      collectFormats(converted.components, formats)
      for (const format of formats) {
        if (format === 'decimal') ajv.addFormat('decimal', /^-?\d+(\.\d+)?$/)
        else if (!ajv.formats[format]) ajv.addFormat(format, true)
      }
      ajv.addSchema(converted, key)
      this.docs[key] = converted
      this.ajv[key] = ajv
    }
  }

  /** The operation for a concrete request: v2.4.1 where the path exists, else v2.3.9 (store-nested routes). */
  find(method: string, pathname: string): Operation | null {
    for (const spec of ['v241', 'v239'] as const) {
      const paths = this.docs[spec].paths as Record<string, Json>
      const candidates = Object.keys(paths)
        .filter((template) => templateRegex(template).test(pathname))
        .sort((a, b) => literalCount(b) - literalCount(a))
      for (const template of candidates) {
        const op = paths[template]?.[method.toLowerCase()]
        if (isObj(op))
          return { spec, template, method, op: { ...op, pathParameters: paths[template]?.parameters } }
      }
    }
    return null
  }

  /** Validate `data` against a JSON pointer in a spec; returns error strings (empty = valid). */
  validate(spec: keyof typeof SPEC_FILES, pointer: string, data: unknown): string[] {
    const validate = this.ajv[spec].compile({ $ref: `${spec}${pointer}` })
    if (validate(data)) return []
    return (validate.errors ?? []).map(
      (e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`
    )
  }

  /** Query parameter names the operation documents (own and path-level, `$ref`s resolved). */
  queryParams(operation: Operation): string[] {
    const all = [
      ...((operation.op.parameters as Json[] | undefined) ?? []),
      ...((operation.op.pathParameters as Json[] | undefined) ?? [])
    ]
    return all
      .map((p) => (typeof p.$ref === 'string' ? (this.resolve(operation.spec, p.$ref) as Json) : p))
      .filter((p) => p.in === 'query')
      .map((p) => String(p.name))
  }

  resolve(spec: keyof typeof SPEC_FILES, ref: string): unknown {
    return ref
      .slice(2)
      .split('/')
      .reduce<unknown>((n, part) => (isObj(n) ? n[part.replace(/~1/g, '/')] : undefined), this.docs[spec])
  }
}

function templateRegex(template: string): RegExp {
  const escaped = template.split(/\{[^}]+\}/).map((s) => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
  return new RegExp('^' + escaped.join('[^/]+') + '$')
}

function literalCount(template: string): number {
  return template.split('/').filter((s) => s && !s.startsWith('{')).length
}

/** JSON pointer (escaped) to a path's operation piece. */
export function pointer(operation: Operation, ...rest: string[]): string {
  const parts = ['paths', operation.template, operation.method.toLowerCase(), ...rest]
  return '#/' + parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')
}
