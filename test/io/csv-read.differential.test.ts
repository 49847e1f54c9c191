/**
 * The hand-written CSV reader against csv-parse (the reference it replaced: ten times slower):
 * random files — quotes, doubled quotes, CR / LF / CRLF, multi-line cells, a BOM, `,` `;` tab,
 * empty fields, a trailing line break or not — read in random piece sizes must give the same
 * records, each with the line it starts on in the file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type CsvDelimiter, openCsv } from '../../src/io/csv-read.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'klynge-csv-diff-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// letters of one to four UTF-8 bytes, so pieces split characters too
const TEXT = ['a', 'b', 'Z', '1', ' ', 'ø', 'Å', '€', '😀', '-', '.'];
const QUOTED_EXTRA = ['"', ',', ';', '\t', '\n', '\r', '\r\n'];

const unquoted = fc.array(fc.constantFrom(...TEXT), { maxLength: 6 }).map((cs) => ({ text: cs.join(''), raw: cs.join('') }));
const quoted = fc.array(fc.constantFrom(...TEXT, ...QUOTED_EXTRA), { maxLength: 8 }).map((cs) => {
  const text = cs.join('');
  return { text, raw: `"${text.replace(/"/g, '""')}"` };
});
const field = fc.oneof({ weight: 3, arbitrary: unquoted }, { weight: 2, arbitrary: quoted });

const csvFile = fc
  .record({
    delimiter: fc.constantFrom<CsvDelimiter>(',', ';', '\t'),
    eol: fc.constantFrom('\n', '\r\n', '\r'),
    width: fc.integer({ min: 1, max: 4 }),
    bom: fc.boolean(),
    trailing: fc.boolean(),
    rows: fc.array(fc.array(field, { minLength: 4, maxLength: 4 }), { maxLength: 12 }),
    pieces: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 }),
  })
  .map((f) => {
    const header = Array.from({ length: f.width }, (_, i) => `h${i + 1}`);
    const rows = f.rows.map((r) => r.slice(0, f.width));
    const lines = [header.join(f.delimiter), ...rows.map((r) => r.map((x) => x.raw).join(f.delimiter))];
    const text = (f.bom ? '\ufeff' : '') + lines.join(f.eol) + (f.trailing ? f.eol : '');
    return { ...f, header, text };
  });

/** Line breaks as an editor counts them: CRLF once. */
const breaks = (s: string) => (s.match(/\r\n|\r|\n/g) ?? []).length;
const blank = (fields: string[]) => fields.every((x) => x.trim() === '');

/**
 * csv-parse's records with the line each starts on. Its `info.lines` is the line a record
 * ends on, counting a CRLF inside quotes as two lines: undo that, then step back over the
 * record's own line breaks.
 */
function reference(text: string, delimiter: string, eol: string): { line: number; fields: string[] }[] {
  const out: { line: number; fields: string[] }[] = [];
  let doubled = 0;
  for (const r of parse(text, { delimiter, record_delimiter: eol, bom: true, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as { record: string[]; info: { lines: number } }[]) {
    const inside = r.record.join('\u0000');
    doubled += (inside.match(/\r\n/g) ?? []).length;
    const end = r.info.lines - doubled;
    if (!blank(r.record)) out.push({ line: end - breaks(inside), fields: r.record });
  }
  return out;
}

describe('CSV reader = csv-parse on random files', () => {
  it('gives the same records, with the same start lines, in any piece size', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(csvFile, async (f) => {
        const p = path.join(dir, `f${n++}.csv`);
        fs.writeFileSync(p, f.text);
        const expected = reference(f.text, f.delimiter, f.eol);
        const csv = await openCsv(p, { delimiter: f.delimiter, pieceBytes: f.pieces });
        const got: { line: number; fields: string[] }[] = [];
        for await (const r of csv.records) got.push({ line: r.line, fields: r.fields });
        expect(csv.encoding).toBe('utf-8');
        expect(csv.issues).toEqual([]);
        expect(expected[0]).toEqual({ line: 1, fields: f.header });
        expect(csv.headers).toEqual(f.header);
        expect(got).toEqual(expected.slice(1));
      }),
      { numRuns: 400 },
    );
  });
});
