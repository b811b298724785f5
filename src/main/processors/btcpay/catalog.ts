/**
 * The catalog port (the items of a point-of-sale app) and the Greenfield resource behind it, apps:
 * `GET /api/v1/stores/{storeId}/apps` (needs canmodifystoresettings) and the Point of Sale catalog
 * `GET /api/v1/apps/pos/{appId}` (any valid key since BTCPay 2.0.5).
 */
import { z } from 'zod'
import type { CatalogItemView, CatalogPort } from '../ports'
import type { CallOptions } from '../types'
import { path, type BtcpayClient } from './client'
import type { Stores } from './misc'
import { AppSchema, PointOfSaleAppSchema, type AppData } from './schemas'

/** One catalog item. `price` is a decimal string in the catalog currency (null for Topup items). */
export interface CatalogItem {
  id: string
  title: string
  description: string
  /** `Fixed | Minimum | Topup` (open string). */
  priceType: string
  price: string | null
  /** Absolute image URL (server-relative `~/…` paths are resolved), or null. */
  image: string | null
  categories: string[]
  /** Items left; null = unlimited. */
  inventory: number | null
  disabled: boolean
  /** Decimal string percentage, when set. */
  taxRate: string | null
}

/** A BTCPay PoS app's catalog. */
export interface Catalog {
  appId: string
  title: string
  currency: string | null
  items: CatalogItem[]
}

export class Apps {
  constructor(private readonly client: BtcpayClient) {}

  /** The store's apps (`PointOfSale`, `Crowdfund`, …). @throws ProcessorError 403 without canmodifystoresettings. */
  list(options?: CallOptions): Promise<AppData[]> {
    return this.client.send(
      z.array(AppSchema),
      { method: 'GET', path: this.client.storePath('apps') },
      options
    )
  }

  /** A PoS app's catalog with prices as decimal strings. @throws ProcessorError `processor-not-found`. */
  async posCatalog(appId: string, options?: CallOptions): Promise<Catalog> {
    const app = await this.client.send(
      PointOfSaleAppSchema,
      { method: 'GET', path: path('api/v1', 'apps', 'pos', appId) },
      options
    )
    return {
      appId: app.id,
      title: app.title ?? app.appName,
      currency: app.currency ?? null,
      items: (app.items ?? []).map((item) => ({
        id: item.id,
        title: item.title ?? item.id,
        description: item.description ?? '',
        priceType: item.priceType ?? 'Fixed',
        price: item.price ?? null,
        image: this.resolveImage(item.image),
        categories: item.categories ?? [],
        inventory: item.inventory ?? null,
        disabled: item.disabled ?? false,
        taxRate: item.taxRate ?? null
      }))
    }
  }

  private resolveImage(image: string | null | undefined): string | null {
    if (!image) return null
    const relative = image.startsWith('~/') ? image.slice(1) : image
    try {
      return new URL(relative, this.client.serverUrl + '/').toString()
    } catch {
      return null
    }
  }
}

/** `Topup` items take any amount the customer gives: no price. */
const ANY_AMOUNT = 'Topup'

/**
 * A BTCPay PoS item as Kassa's catalog item. `price` is BTCPay's decimal string for `Fixed` items and the floor
 * for `Minimum` ones, null for `Topup`; an empty description is null; the image is absolute; the price type mapped
 * (`Fixed`/`Minimum`/`Topup` → `fixed`/`minimum`/`custom`), the first category, tax rate and inventory kept.
 */
export function catalogItemView(item: CatalogItem, currency: string): CatalogItemView {
  return {
    id: item.id,
    title: item.title,
    price: item.priceType === ANY_AMOUNT ? null : item.price,
    currency,
    description: item.description || null,
    image: item.image,
    priceType: PRICE_TYPES[item.priceType] ?? 'fixed',
    category: item.categories[0] ?? null,
    taxRate: item.taxRate,
    inventory: item.inventory
  }
}

/** BTCPay's price types as the catalog's; an unknown one is read as `Fixed`, BTCPay's default. */
const PRICE_TYPES: Record<string, CatalogItemView['priceType']> = {
  Fixed: 'fixed',
  Minimum: 'minimum',
  Topup: 'custom'
}

/**
 * BTCPay's Point of Sale apps as the catalog port.
 * - `apps`: `GET /api/v1/stores/{storeId}/apps`, the `PointOfSale` ones not archived. Needs
 *   `btcpay.store.canmodifystoresettings` (403 `processor-permission` naming it): the owner picks the app once.
 * - `items(appId)`: `GET /api/v1/apps/pos/{appId}` (any valid key since BTCPay 2.0.5), items the owner disabled
 *   left out; the currency is the app's, else the store's default (`GET /api/v1/stores/{storeId}`, needs
 *   `canviewstoresettings`). @throws ProcessorError `processor-not-found` for an unknown app.
 */
export function btcpayCatalog(apps: Apps, stores: Stores): CatalogPort {
  return {
    async apps(options) {
      const list = await apps.list(options)
      return list
        .filter((app) => app.appType === 'PointOfSale' && !app.archived)
        .map((app) => ({ id: app.id, name: app.appName }))
    },
    async items(appId, options) {
      const catalog = await apps.posCatalog(appId, options)
      const currency = catalog.currency ?? (await stores.retrieve(options)).defaultCurrency
      return catalog.items.filter((item) => !item.disabled).map((item) => catalogItemView(item, currency))
    }
  }
}
