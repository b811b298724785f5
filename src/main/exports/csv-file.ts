import { stringify } from 'csv-stringify/sync'

/**
 * A spreadsheet reads a cell starting with `=`, `+`, `-` or `@` (and tab or carriage return, which some treat the
 * same) as a formula: such a cell is written with a leading `'`, so a memo or refund reason can never run as one.
 * Kassa's own numbers never start with these (amounts in the exports are never negative).
 */
export function neutralise(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell
}

/**
 * CSV text (RFC 4180: comma separated, CRLF line ends, a field quoted when it holds a comma, a quote or a line
 * break, quotes doubled) with a UTF-8 byte order mark so spreadsheets read umlauts right; every cell neutralised.
 * @param header the column names, the first row
 * @param rows the data rows, each cell a string (empty for none)
 */
export function csvText(header: readonly string[], rows: readonly string[][]): string {
  return stringify([[...header], ...rows.map((row) => row.map(neutralise))], {
    bom: true,
    record_delimiter: 'windows',
    // csv-stringify quotes a bare \n only when it is the record delimiter: with CRLF, any line break is quoted here
    quoted_match: /[\r\n]/
  })
}
