import { PNG } from 'pngjs'

/** An RGBA bitmap as the ESC/POS encoder takes it (`ImageData`'s shape). */
export interface Bitmap {
  width: number
  height: number
  data: Uint8ClampedArray
}

/** The bytes and type of a `data:image/png|jpeg;base64,…` URL, or null when it is not one. */
export function decodeDataUrl(url: string): { type: 'png' | 'jpeg'; bytes: Buffer } | null {
  const match = /^data:image\/(png|jpeg);base64,([A-Za-z0-9+/]+=*)$/.exec(url)
  if (!match) return null
  return { type: match[1] as 'png' | 'jpeg', bytes: Buffer.from(match[2] ?? '', 'base64') }
}

/**
 * The logo as a bitmap for a thermal printer: decoded (PNG only: JPEG logos print on PDF, e-mail and screen),
 * transparency on white, scaled down (never up) to at most `maxWidth` dots, width and height rounded to whole
 * multiples of 8 and 24 as ESC/POS images need. Null when there is no PNG logo or it does not decode.
 * @param maxWidth dots: 384 for 80 mm paper (of 576), 256 for 58 mm (of 384)
 */
export function logoBitmap(dataUrl: string | null, maxWidth: number): Bitmap | null {
  const decoded = dataUrl ? decodeDataUrl(dataUrl) : null
  if (!decoded || decoded.type !== 'png') return null
  let source: { width: number; height: number; data: Buffer }
  try {
    source = PNG.sync.read(decoded.bytes)
  } catch {
    return null
  }
  const scale = Math.min(1, maxWidth / source.width)
  const width = Math.max(8, Math.floor((source.width * scale) / 8) * 8)
  const height = Math.max(24, Math.ceil((source.height * scale) / 24) * 24)
  const data = new Uint8ClampedArray(width * height * 4).fill(255)
  const drawnHeight = Math.round(source.height * scale)
  for (let y = 0; y < Math.min(height, drawnHeight); y++) {
    const sy = Math.min(source.height - 1, Math.floor(y / scale))
    for (let x = 0; x < width; x++) {
      const sx = Math.min(source.width - 1, Math.floor(x / scale))
      const from = (sy * source.width + sx) * 4
      const to = (y * width + x) * 4
      const alpha = (source.data[from + 3] ?? 255) / 255
      for (let c = 0; c < 3; c++)
        data[to + c] = Math.round((source.data[from + c] ?? 255) * alpha + 255 * (1 - alpha))
      data[to + 3] = 255
    }
  }
  return { width, height, data }
}
