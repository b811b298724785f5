import { CATALOG_IMAGE_MAX_BYTES } from '@shared/catalog'

/** Longest side of a catalog image, in CSS pixels: enough for the till's grid tiles, small for 5,000 items. */
export const CATALOG_IMAGE_SIDE = 320

/** Why an image file could not become a catalog image. */
export type ImageProblem = 'unreadable' | 'too-large'

/** Decoded bytes of a base64 `data:` URL. */
export function dataUrlBytes(url: string): number {
  const data = url.slice(url.indexOf(',') + 1)
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0
  return (data.length * 3) / 4 - padding
}

/**
 * An image file as a catalog image: drawn at most `CATALOG_IMAGE_SIDE` pixels on its longest side and encoded
 * as WebP (JPEG where the browser cannot write WebP), so the item stays well under 256 KiB.
 * @returns the `data:` URL, or the problem: `unreadable` (not an image), `too-large` (over 256 KiB even so)
 */
export async function imageFileToDataUrl(file: Blob): Promise<{ url: string } | { problem: ImageProblem }> {
  let bitmap: ImageBitmap
  try {
    bitmap = await createImageBitmap(file)
  } catch {
    return { problem: 'unreadable' }
  }
  const scale = Math.min(1, CATALOG_IMAGE_SIDE / Math.max(bitmap.width, bitmap.height))
  const canvas = document.createElement('canvas')
  canvas.width = Math.max(1, Math.round(bitmap.width * scale))
  canvas.height = Math.max(1, Math.round(bitmap.height * scale))
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height)
  bitmap.close()
  let url = canvas.toDataURL('image/webp', 0.85)
  if (!url.startsWith('data:image/webp')) url = canvas.toDataURL('image/jpeg', 0.85)
  return dataUrlBytes(url) > CATALOG_IMAGE_MAX_BYTES ? { problem: 'too-large' } : { url }
}
