import type { ReceiptRow } from './receipt-rows'

/** Characters a line of thermal paper holds in the printer's standard font: 58 mm → 32, 80 mm → 48. */
export function columnsFor(paperWidth: 58 | 80): number {
  return paperWidth === 58 ? 32 : 48
}

/** Display width of a string in printer characters (one per code point; combining marks take none). */
function width(text: string): number {
  return [...text.normalize('NFC')].length
}

/**
 * Break `text` into lines of at most `max` characters, only between words. A single word longer than a line (an
 * id, a 60-character URL) is the only thing ever cut, at the line's end — never a word that fits on a line.
 */
export function wrapWords(text: string, max: number): string[] {
  const lines: string[] = []
  let current = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!current) current = word
    else if (width(current) + 1 + width(word) <= max) current += ` ${word}`
    else {
      lines.push(current)
      current = word
    }
    while (width(current) > max) {
      const chars = [...current]
      lines.push(chars.slice(0, max).join(''))
      current = chars.slice(max).join('')
    }
  }
  if (current) lines.push(current)
  return lines.length > 0 ? lines : ['']
}

function center(text: string, columns: number): string[] {
  return wrapWords(text, columns).map((line) => ' '.repeat(Math.floor((columns - width(line)) / 2)) + line)
}

/**
 * A label and an amount on one line: the amount right-aligned, the label wrapped between words in the room left.
 * When the amount is too long to share a line with any word of the label, the label takes its own lines and the
 * amount goes right-aligned under it (so nothing is ever cut into a narrow column of fragments).
 */
function pair(left: string, right: string, columns: number, indent: boolean): string[] {
  const pad = indent ? '  ' : ''
  const room = columns - width(pad) - width(right) - 1
  const longestWord = Math.max(0, ...left.split(/\s+/).map(width))
  if (width(right) >= columns) return [...wrapWords(pad + left, columns), ...wrapWords(right, columns)]
  if (room < Math.max(longestWord, 8)) {
    return [
      ...wrapWords(left, columns - width(pad)).map((line) => pad + line),
      ' '.repeat(columns - width(right)) + right
    ]
  }
  const lines = wrapWords(left, room).map((line) => pad + line)
  const first = lines[0] ?? pad
  lines[0] = first + ' '.repeat(columns - width(first) - width(right)) + right
  return lines
}

/** The rows as fixed-width text lines of `columns` characters (paper, the e-mail's text part). */
export function layoutText(rows: ReceiptRow[], columns: number): string[] {
  const out: string[] = []
  for (const row of rows) {
    switch (row.type) {
      case 'title':
      case 'center':
        out.push(...center(row.text, columns))
        break
      case 'rule':
        out.push('-'.repeat(columns))
        break
      case 'pair':
        out.push(...pair(row.left, row.right, columns, row.indent ?? false))
        break
      case 'text':
        out.push(
          ...wrapWords(row.text, columns - (row.indent ? 2 : 0)).map(
            (line) => (row.indent ? '  ' : '') + line
          )
        )
        break
      case 'id':
        out.push(...wrapWords(`${row.label}: ${row.value}`, columns))
        break
    }
  }
  return out
}
