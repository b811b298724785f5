import type { ExportFileView } from '@shared/day'
import { downloadBase64, downloadBlob } from '../receipt/receipt-files'

/**
 * The name a day file is saved under: main's `fileName` reduced to its last path segment and to characters every
 * file system takes, else `fallback` (`kassa-day-2025-03-01.pdf`) when nothing usable is left. The extension is
 * made to match the file's type, so a CSV never lands as `.pdf`.
 * @param file what `day:pdf` / `export:csv` answered
 * @param fallback the name to use without a usable one, with its extension
 */
export function downloadName(file: Pick<ExportFileView, 'fileName' | 'mimeType'>, fallback: string): string {
  const extension = file.mimeType === 'application/pdf' ? '.pdf' : '.csv'
  const last = file.fileName.split(/[\\/]/).pop() ?? ''
  // Control characters and the few that Windows refuses; leading dots would hide the file.
  const cleaned = last
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f<>:"|?*]+/g, '-')
    .replace(/^\.+/, '')
    .trim()
  const base = cleaned.replace(/\.(pdf|csv)$/i, '')
  return base ? `${base}${extension}` : fallback
}

/** The fallback name of a day's PDF: `kassa-day-2025-03-01.pdf`. */
export const dayPdfName = (day: string): string => `kassa-day-${day}.pdf`

/** The fallback name of a CSV export: `kassa-invoices-2025-03-01-2025-03-07.csv` (one day: its date once). */
export function csvName(kind: 'invoices' | 'refunds', fromDay: string, toDay: string): string {
  return `kassa-${kind}-${fromDay === toDay ? fromDay : `${fromDay}-${toDay}`}.csv`
}

/** Offer UTF-8 text as a file download (`<a download>`), as `downloadBase64` does for bytes. */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  downloadBlob(fileName, new Blob([text], { type }))
}

/**
 * Save an export file made in main: PDF bytes from base64, CSV as its text.
 * @returns the name it was offered under
 */
export function saveExportFile(file: ExportFileView, fallback: string): string {
  const name = downloadName(file, fallback)
  if (file.mimeType === 'application/pdf') downloadBase64(name, file.content, file.mimeType)
  else downloadText(name, file.content)
  return name
}
