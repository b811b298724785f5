import { i18n } from '../../i18n'

// Main names its processors and writes their notes in English (module.ts). These give them in the UI language
// (`settings.processors.<id>` in the locale files), but only while the English message still equals main's text:
// a label or note main has changed is shown as main wrote it, never as a stale translation.

const global = i18n.global as unknown as {
  t: (key: string, named?: Record<string, unknown>, options?: { locale: string }) => string
  te: (key: string, locale?: string) => boolean
}

/**
 * The English message at dotted `key` as it reads on screen, or undefined. Rendered, not read from the message
 * tree: the build precompiles messages (electron.vite.config.ts), so the tree holds compiled forms, not strings.
 */
function english(key: string): string | undefined {
  return global.te(key, 'en') ? global.t(key, {}, { locale: 'en' }) : undefined
}

function translated(key: string, mainText: string): string {
  return english(key) === mainText ? global.t(key) : mainText
}

/** A processor's name for people (`demo`, "Demo (no account)" → "Demo (ohne Konto)" in German). */
export function processorLabel(id: string, label: string): string {
  return translated(`settings.processors.${id}.label`, label)
}

/** Main's note number `index` (0-based) about processor `id`, in the UI language where it is translated. */
export function processorNote(id: string, index: number, note: string): string {
  return translated(`settings.processors.${id}.notes.n${index + 1}`, note)
}
