/**
 * Writing CSV for spreadsheets: every string cell that a spreadsheet would read
 * as a formula is neutralised (OWASP "CSV injection"), lines end in CRLF as Excel
 * expects, and a UTF-8 BOM can be added so Excel reads æøå right.
 */
import { stringify } from 'csv-stringify/sync';

/** Characters that make Excel, LibreOffice or Google Sheets start a formula (or hide one). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Prefix a cell that a spreadsheet would evaluate as a formula with `'`, which makes it text. */
export function neutralizeCell(v: string): string {
  return FORMULA_START.test(v) ? `'${v}` : v;
}

export type CsvCell = string | number | null;

export interface CsvOptions {
  /** `,` unless given (`;` is what a Norwegian Excel writes) */
  delimiter?: string;
  /** start with a UTF-8 byte order mark */
  bom?: boolean;
  /** for a Norwegian Excel: `;` between cells, decimal comma, a BOM so æøå show right */
  excel?: boolean;
}

/**
 * A CSV document with a header row. Strings (header names included: they may come
 * from an imported file) are neutralised; numbers are written as they are (amounts are
 * never negative, so a number never starts with `-`); null is an empty cell.
 */
export function toCsv(header: string[], rows: CsvCell[][], opts: CsvOptions = {}): string {
  const cell = (v: CsvCell): string | number | null =>
    typeof v === 'string' ? neutralizeCell(v) : typeof v === 'number' && opts.excel ? String(v).replace('.', ',') : v;
  return stringify([header.map(neutralizeCell), ...rows.map((r) => r.map(cell))], {
    delimiter: opts.delimiter ?? (opts.excel ? ';' : ','),
    record_delimiter: 'windows',
    bom: !!opts.bom || !!opts.excel,
    // csv-stringify quotes a cell containing the record delimiter (CRLF) but not a bare
    // LF or CR; a multi-line summary would then break the row apart
    quoted_match: /[\r\n]/,
  });
}
