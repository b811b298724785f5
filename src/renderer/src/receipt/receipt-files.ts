/** Offer a Blob as a file download in the browser or Electron window (`<a download>`). */
export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** Offer bytes (base64) as a file download. */
export function downloadBase64(fileName: string, base64: string, type = 'application/pdf'): void {
  const binary = atob(base64)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  downloadBlob(fileName, new Blob([bytes], { type }))
}

/** A print job still to finish (the screen keeps asking how it stands). */
export function isOpenJob(state: string): boolean {
  return state === 'queued' || state === 'printing'
}
