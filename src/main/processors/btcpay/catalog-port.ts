import type { CatalogItemView, CatalogPort } from '../ports'
import type { Apps, CatalogItem } from './apps'
import type { Stores } from './misc'

/** `Topup` items take any amount the customer gives: no price. */
const ANY_AMOUNT = 'Topup'

/**
 * A BTCPay PoS item as Kassa's catalog item. `price` is BTCPay's decimal string for `Fixed` items and the floor
 * for `Minimum` ones, null for `Topup`; an empty description is null; the image is absolute.
 */
export function catalogItemView(item: CatalogItem, currency: string): CatalogItemView {
  return {
    id: item.id,
    title: item.title,
    price: item.priceType === ANY_AMOUNT ? null : item.price,
    currency,
    description: item.description || null,
    image: item.image
  }
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
