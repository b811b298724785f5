import { z } from 'zod'
import { CATALOG_CSV_MAX_BYTES, CATALOG_IMAGE_MAX_BYTES } from './catalog'

/**
 * The catalog calls' input schemas (main only, through `./call-schemas`). They check shapes and bound sizes; the
 * catalog's own rules (price for the store currency, percent, image type and size) are main's `checkItem`, which
 * names the rule broken.
 */

/** A catalog item id: `itm_` and letters or digits. */
export const CatalogItemIdSchema = z.string().regex(/^itm_[A-Za-z0-9]{1,40}$/, 'Not a catalog item id')

/** A CSV file's text, at most 5 MiB of UTF-8. */
export const CatalogCsvSchema = z
  .string()
  .refine((text) => text.length <= CATALOG_CSV_MAX_BYTES && utf8Bytes(text) <= CATALOG_CSV_MAX_BYTES, {
    message: `The CSV is larger than ${CATALOG_CSV_MAX_BYTES / 1024 / 1024} MiB`
  })

function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).length
}

const text = (max: number) => z.string().max(max).nullable()

/** `catalog:save`'s input (`CatalogItemInput`). */
export const CatalogItemInputSchema = z.strictObject({
  id: CatalogItemIdSchema.optional(),
  title: z.string().max(1000),
  price: text(64),
  priceType: z.enum(['fixed', 'minimum', 'custom']),
  sku: text(200),
  barcode: text(200),
  /** Base64 grows 4/3, plus the `data:image/webp;base64,` prefix. */
  image: text(Math.ceil((CATALOG_IMAGE_MAX_BYTES * 4) / 3) + 64),
  category: text(200),
  taxRate: text(20),
  inventory: z.int().min(-1_000_000_000).max(1_000_000_000).nullable(),
  enabled: z.boolean()
})
