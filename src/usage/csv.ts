/**
 * CSV as spreadsheets read it: RFC 4180 (CRLF line ends, fields with `"` `,` CR or LF quoted,
 * quotes doubled) with a UTF-8 byte-order mark so Excel does not read UTF-8 as a legacy code page.
 */

export const UTF8_BOM = '\uFEFF';

/**
 * A text cell starting with one of these is run as a formula by Excel, LibreOffice and Google
 * Sheets ("CSV injection": https://owasp.org/www-community/attacks/CSV_Injection). A leading
 * apostrophe makes the cell plain text, which is the value the user typed.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export type CsvValue = string | number | null;

/** null → empty cell. Numbers are ours (never formulas); strings may come from users (tags, labels). */
export function csvCell(value: CsvValue): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
