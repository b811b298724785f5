/**
 * A logo file as a `data:` URL small enough to cross the contract: the web host takes call bodies up to 64 KiB, so
 * a larger image is scaled down to at most 384 px wide (the width an 80 mm printer prints it at) and re-encoded
 * (PNG, else JPEG) until it is under `maxChars`.
 * @returns the data URL, or an error key of `receipt.settings` (`logoUnreadable`, `logoTooBig`)
 */
export async function logoDataUrl(
  file: File,
  maxChars = 60_000
): Promise<{ url: string } | { error: 'logoUnreadable' | 'logoTooBig' }> {
  if (file.type !== 'image/png' && file.type !== 'image/jpeg') return { error: 'logoUnreadable' }
  const original = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result))
    reader.onerror = () => reject(reader.error)
    reader.readAsDataURL(file)
  })
  if (original.length <= maxChars) return { url: original }
  let image: ImageBitmap
  try {
    image = await createImageBitmap(file)
  } catch {
    return { error: 'logoUnreadable' }
  }
  for (const width of [384, 256, 192]) {
    const scale = Math.min(1, width / image.width)
    const canvas = document.createElement('canvas')
    canvas.width = Math.max(1, Math.round(image.width * scale))
    canvas.height = Math.max(1, Math.round(image.height * scale))
    const context = canvas.getContext('2d')
    if (!context) return { error: 'logoUnreadable' }
    context.fillStyle = '#fff'
    context.fillRect(0, 0, canvas.width, canvas.height)
    context.drawImage(image, 0, 0, canvas.width, canvas.height)
    for (const url of [canvas.toDataURL('image/png'), canvas.toDataURL('image/jpeg', 0.85)]) {
      if (url.length <= maxChars && /^data:image\/(png|jpeg);base64,/.test(url)) return { url }
    }
  }
  return { error: 'logoTooBig' }
}
