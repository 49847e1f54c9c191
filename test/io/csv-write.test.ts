import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { type CsvCell, neutralizeCell, toCsv } from '../../src/io/csv-write.js';

describe('neutralizeCell', () => {
  it.each(['=', '+', '-', '@', '\t', '\r'])('prefixes a cell starting with %j', (c) => {
    expect(neutralizeCell(`${c}1+1`)).toBe(`'${c}1+1`);
  });

  it('leaves other cells alone', () => {
    for (const v of ['', 'Kongsbergklyngen AS', ' =1+1', "'=1", '1-2', 'a=b', '21/04117-1', '\n=1']) expect(neutralizeCell(v)).toBe(v);
  });

  it('neutralises the HYPERLINK attack', () => {
    expect(neutralizeCell('=HYPERLINK("http://x","y")')).toBe(`'=HYPERLINK("http://x","y")`);
  });
});

describe('toCsv', () => {
  it('writes a header and rows with CRLF line ends; null is an empty cell', () => {
    expect(toCsv(['a', 'b', 'c'], [['x', 1, null], ['y', 2.5, 'z']])).toBe('a,b,c\r\nx,1,\r\ny,2.5,z\r\n');
  });

  it('neutralises string cells and header names but never numbers', () => {
    const out = toCsv(['=h', 'n'], [['-1', -1], ['@x', 1329073.8]]);
    expect(out).toBe("'=h,n\r\n'-1,-1\r\n'@x,1329073.8\r\n");
  });

  it('adds a UTF-8 BOM when asked and uses another delimiter', () => {
    const out = toCsv(['a', 'b'], [['æ;ø', 'å']], { bom: true, delimiter: ';' });
    expect(out.charCodeAt(0)).toBe(0xfeff);
    expect(out.slice(1)).toBe('a;b\r\n"æ;ø";å\r\n');
  });

  it('round-trips quotes, delimiters and line breaks through csv-parse', () => {
    const cells = ['say "hi"', 'a,b', 'two\nlines', 'cr\ronly', 'crlf\r\nend', '', 'Ålesund – ÆØÅ', ' leading space'];
    const out = toCsv(['v'], cells.map((c) => [c]), { bom: true });
    const back = parse(out, { bom: true }) as string[][];
    expect(back.map((r) => r[0])).toEqual(['v', ...cells.map(neutralizeCell)]);
    // one record per row, however many line breaks the cells hold
    expect(back).toHaveLength(cells.length + 1);
  });

  it('a neutralised cell round-trips to the prefixed text', () => {
    const out = toCsv(['name'], [['=HYPERLINK("http://x","y")'], ['\tx'], ['\rx']]);
    expect((parse(out) as string[][]).slice(1).map((r) => r[0])).toEqual([`'=HYPERLINK("http://x","y")`, "'\tx", "'\rx"]);
  });
});

describe('toCsv against csv-stringify', () => {
  it('writes byte for byte what csv-stringify wrote with the options klynge used', () => {
    const text = fc.oneof(
      fc.string(),
      fc.constantFrom('', ' ', '"', '""', ',', ';', '\t', '\r', '\n', '\r\n', '=1', '-2', '@', '+', 'Ålesund – ÆØÅ'),
      fc.array(fc.constantFrom('a', 'ø', '"', ',', ';', '\t', '\r', '\n', ' ', '=', '-'), { maxLength: 8 }).map((xs) => xs.join('')),
    );
    const cell = fc.oneof(text, fc.constant(null), fc.integer({ min: 0, max: 10 ** 12 }), fc.constantFrom(2.5, 1329073.8, 0.01));
    fc.assert(
      fc.property(
        fc.array(text, { minLength: 1, maxLength: 4 }),
        fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { maxLength: 6 }),
        fc.record({ delimiter: fc.option(fc.constantFrom(',', ';', '\t'), { nil: undefined }), bom: fc.boolean(), excel: fc.boolean() }),
        (header, rows, opts) => {
          // csv-stringify as toCsv called it before it was written by hand
          const c = (v: CsvCell) => (typeof v === 'string' ? neutralizeCell(v) : typeof v === 'number' && opts.excel ? String(v).replace('.', ',') : v);
          const expected = stringify([header.map(neutralizeCell), ...rows.map((r) => r.map(c))], {
            delimiter: opts.delimiter ?? (opts.excel ? ';' : ','),
            record_delimiter: 'windows',
            bom: opts.bom || opts.excel,
            quoted_match: /[\r\n]/,
          });
          expect(toCsv(header, rows, opts)).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('toCsv for a Norwegian Excel', () => {
  it('uses ; between cells, a decimal comma and a BOM, and still neutralises formulas', async () => {
    const { toCsv } = await import('../../src/io/csv-write.js');
    const text = toCsv(['ref', 'beløp', 'søker'], [['21/1', 1329073.8, '=SUM(A1)']], { excel: true });
    expect(text).toBe('\ufeffref;beløp;søker\r\n21/1;1329073,8;\'=SUM(A1)\r\n');
  });
});
