/**
 * Writing CSV for spreadsheets: every string cell that a spreadsheet would read
 * as a formula is neutralised (OWASP "CSV injection"), lines end in CRLF as Excel
 * expects, and a UTF-8 BOM can be added so Excel reads æøå right.
 *
 * Written by hand (RFC 4180 quoting is a few lines): csv-stringify spent 130 ms of
 * an allocation report's 850 ms on 10 000 rows. A test checks the output is
 * byte for byte what csv-stringify writes with the options used before.
 */

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
  const w = csvWriter(header, opts);
  let text = w.head;
  for (let i = 0; i < rows.length; i++) text += w.line(rows[i]);
  return text;
}

/**
 * The same document a line at a time, for exports that stream: `head` (BOM and header
 * row) and then `line(row)` per row, each ending in CRLF. toCsv is these joined.
 */
export function csvWriter(header: string[], opts: CsvOptions = {}): { head: string; line(row: CsvCell[]): string } {
  const delimiter = opts.delimiter ?? (opts.excel ? ';' : ',');
  const excel = !!opts.excel;
  // a cell is quoted when it holds the delimiter, a quote or a line break (a bare CR or LF too)
  const special = new RegExp(`[${delimiter.replace(/[\\\]^-]/g, '\\$&')}"\r\n]`);
  const quote = (v: string): string => (special.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const text = (s: string): string => quote(neutralizeCell(s));
  // a decimal comma with `,` between cells needs quotes too
  const cell = (v: CsvCell): string => (typeof v === 'string' ? text(v) : typeof v === 'number' ? (excel ? quote(String(v).replace('.', ',')) : String(v)) : '');
  return {
    head: (opts.bom || excel ? '\ufeff' : '') + header.map(text).join(delimiter) + '\r\n',
    line(r) {
      let line = '';
      for (let j = 0; j < r.length; j++) line += (j ? delimiter : '') + cell(r[j]);
      return line + '\r\n';
    },
  };
}
