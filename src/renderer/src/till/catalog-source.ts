import type { CatalogItemView } from '@shared/catalog'
import type { Result } from '@shared/contract'
import { kassa } from '../api/client'

/** The catalog as `catalog:list` answers it. */
export interface CatalogListing {
  items: CatalogItemView[]
  categories: string[]
}

/** The catalog calls as the till uses them; each may be missing from an older main. */
interface CatalogCalls {
  list?: (input: { includeDisabled?: boolean }) => Promise<Result<CatalogListing>>
  byCode?: (input: { code: string }) => Promise<Result<CatalogItemView | null>>
}

/**
 * The catalog calls if this build's contract has them. They are read off the API object rather than typed through
 * `KassaApi`, so the till compiles and runs (with an empty catalog) against a main without `catalog:list` and
 * `catalog:byCode`, and lights up as soon as those calls are in the contract: `createKassaApi` adds a function
 * for every call name the contract lists.
 */
function calls(): CatalogCalls {
  return ((kassa as unknown as { catalog?: CatalogCalls }).catalog ?? {}) as CatalogCalls
}

/**
 * The items offered at the till (enabled only) and their categories, through `catalog:list`.
 * @returns the listing; an empty one when the call does not exist yet; the call's error when it failed
 */
export async function listCatalog(): Promise<Result<CatalogListing>> {
  const list = calls().list
  if (!list) return { ok: true, value: { items: [], categories: [] } }
  const result = await list({})
  if (!result.ok) return result
  return { ok: true, value: { ...result.value, items: result.value.items.filter((item) => item.enabled) } }
}

/**
 * The enabled item a scanner read, through `catalog:byCode` (barcode or SKU).
 * @returns the item, or null when no enabled item has that code or the call does not exist yet
 */
export async function findByCode(code: string): Promise<Result<CatalogItemView | null>> {
  const byCode = calls().byCode
  if (!byCode) return { ok: true, value: null }
  const result = await byCode({ code })
  if (!result.ok) return result.error.code === 'not-found' ? { ok: true, value: null } : result
  return { ok: true, value: result.value && result.value.enabled ? result.value : null }
}
