import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync, mkdirSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { openCsv, parseEncodingOption, parseDelimiterOption, type CsvReadOptions, type CsvRecord } from '../../src/io/csv-read.js';
import { matchHeaders } from '../../src/core/headers.js';
import { UserError, type Issue } from '../../src/core/errors.js';
import { fields as catalog } from '../../src/io/i18n/catalog-fields.js';

const fixture = (name: string) => new URL(`../fixtures/${name}`, import.meta.url).pathname;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'klynge-csv-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function tmp(bytes: Buffer | string): string {
  const p = join(dir, `f${++n}.csv`);
  writeFileSync(p, bytes);
  return p;
}

async function read(path: string, opts: CsvReadOptions = {}) {
  const csv = await openCsv(path, opts);
  const records: CsvRecord[] = [];
  for await (const r of csv.records) records.push(r);
  return { csv, records, lines: records.map((r) => r.line), codes: csv.issues.map((i) => [i.code, i.line]) };
}

function expectExplained(issue: Issue) {
  for (const lang of ['en', 'nb'] as const) {
    const template = catalog[lang][issue.code];
    expect(template, `${lang} ${issue.code}`).toBeDefined();
    for (const [, name] of template.matchAll(/\{(\w+)\}/g)) expect(issue.params, `${issue.code} {${name}}`).toHaveProperty(name);
  }
}

const NB_HEADERS = ['Saksnummer', 'Søker', 'Organisasjonsnummer', 'Prosjektnavn', 'Samarbeidsklynger', 'Søkt beløp', 'Sammendrag', 'Innsendt'];

describe('openCsv on the files caseworkers have', () => {
  it('reads an Excel ; export in Windows-1252 with CRLF, an LF inside a cell and a blank ;;; row', async () => {
    const { csv, records, lines } = await read(fixture('applications-excel-1252.csv'));
    expect(csv).toMatchObject({ encoding: 'windows-1252', encodingSource: 'detected', delimiter: ';', delimiterSource: 'detected', headerLine: 1, issues: [] });
    expect(csv.headers).toEqual(NB_HEADERS);
    expect(lines).toEqual([2, 3, 5]);
    expect(records[0].fields).toEqual(['21/00101-1', 'Havbruksklyngen Sør', '974 760 673', 'Fôr og fremtid', 'Blå Vekst | Kystnæringsklyngen', '1\u00a0500\u00a0000', 'Kort om prosjektet.', '15.09.2021']);
    // € and «» exist in Windows-1252 but not in Latin-1: this is the right table
    expect(records[1].fields[6]).toBe('Første linje\nandre linje med «sitat» og 2 M€');
    expect(records[2].fields[1]).toBe('Ålesund Maritime – Grønn');
    expect(records[2].fields[6]).toBe('Skipsfart; elektrifisering');
  });

  it('reads UTF-8 with BOM, commas and CRLF, counting a CRLF inside a quoted cell as one line', async () => {
    const { csv, records, lines } = await read(fixture('applications-utf8-bom-crlf.csv'));
    expect(csv).toMatchObject({ encoding: 'utf-8', encodingSource: 'bom', delimiter: ',', issues: [] });
    expect(csv.headers[0]).toBe('ref'); // no BOM left on the first header
    expect(matchHeaders(csv.headers).issues).toEqual([]);
    expect(lines).toEqual([2, 3, 6]);
    expect(records[1].fields[5]).toBe('NOK 1,500,000');
    expect(records[1].fields[6]).toBe('First line\r\nsecond line\r\nthird line');
    expect(records[2].fields[1]).toBe('Reiseliv "Nord"');
  });

  it('reads Excel "Unicode text": UTF-16 LE with BOM, tab-delimited', async () => {
    const { csv, records, lines } = await read(fixture('applications-utf16le-tab.txt'));
    expect(csv).toMatchObject({ encoding: 'utf-16le', encodingSource: 'bom', delimiter: '\t', issues: [] });
    expect(csv.headers).toEqual(NB_HEADERS);
    expect(lines).toEqual([2, 3, 5]);
    expect(records[1].fields[6]).toBe('To\nlinjer');
    expect(records[2].fields[1]).toBe('Æreskluster');
  });

  it('gives records after quoted multi-line cells and blank lines the line an editor shows', async () => {
    const { csv, records, lines } = await read(fixture('applications-multiline.csv'));
    expect(csv).toMatchObject({ encoding: 'utf-8', encodingSource: 'detected', delimiter: ';', issues: [] });
    expect(lines).toEqual([2, 5, 9, 14]);
    expect(records.map((r) => r.fields[0])).toEqual(['21/00401-1', '21/00402-1', '21/00403-1', '21/00404-1']);
    expect(records[1].fields[6]).toBe('Sier "hei"\npå to linjer');
    expect(records[2].fields[6]).toBe('Ett\n\nto tomme\n\n');
  });

  it('reads a file whose headers need --map', async () => {
    const { csv, records } = await read(fixture('applications-foreign-headers.csv'));
    expect(csv.headers).toEqual(['prosjektnummer', 'prosjektansvarlig_navn', 'orgnr', 'tiltak', 'omsøkt_sum', 'beskrivelse']);
    expect(records).toHaveLength(2);
    expect(matchHeaders(csv.headers).missing).toEqual(['ref', 'applicant', 'title', 'requested']);
  });

  it('yields no records and no issues for a file with only a header', async () => {
    const { csv, records } = await read(fixture('applications-header-only.csv'));
    expect(csv.headers).toEqual(NB_HEADERS);
    expect(records).toEqual([]);
    expect(csv.issues).toEqual([]);
  });

  it('reports an empty file', async () => {
    const { csv, records } = await read(fixture('applications-empty.csv'), { file: 'tom.csv' });
    expect(records).toEqual([]);
    expect(csv.headers).toEqual([]);
    expect(csv.issues).toEqual([{ code: 'csv.empty', params: { file: 'tom.csv' }, file: 'tom.csv' }]);
    expectExplained(csv.issues[0]);
  });

  it('reports a file of blank lines and a BOM alone as empty', async () => {
    expect((await read(tmp('\n\r\n  \n;;;\n'))).codes).toEqual([['csv.empty', undefined]]);
    expect((await read(tmp(Buffer.from([0xef, 0xbb, 0xbf])))).codes).toEqual([['csv.empty', undefined]]);
  });
});

describe('openCsv on broken files', () => {
  it('ends at an unclosed quote with one issue on the line where the quoted field starts', async () => {
    const { csv, lines } = await read(fixture('applications-broken-unclosed-quote.csv'), { file: 'søknader.csv' });
    expect(lines).toEqual([2, 3, 5]);
    expect(csv.issues).toEqual([{ code: 'csv.unclosed-quote', params: {}, file: 'søknader.csv', line: 7 }]);
    expectExplained(csv.issues[0]);
  });

  it('reports each row with too many or too few fields or a stray quote, and reads on', async () => {
    const { csv, lines } = await read(fixture('applications-broken-fields.csv'), { file: 'f.csv' });
    expect(csv.issues).toEqual([
      { code: 'csv.too-many-fields', params: { expected: 8, got: 9 }, file: 'f.csv', line: 3 },
      { code: 'csv.too-few-fields', params: { expected: 8, got: 6 }, file: 'f.csv', line: 7 },
      { code: 'csv.stray-quote', params: { field: 2 }, file: 'f.csv', line: 8, column: 'Søker' },
      { code: 'csv.text-after-quote', params: { field: 2, endLine: 11 }, file: 'f.csv', line: 11, column: 'Søker' },
    ]);
    expect(csv.issueCount).toBe(4);
    // the good rows keep their numbers, and trailing empty cells (line 13) are not an error
    expect(lines).toEqual([2, 4, 9, 12, 13]);
    for (const i of csv.issues) expectExplained(i);
  });

  it('reports a quoted field whose closing quote lines later is followed by text at the line it starts', async () => {
    const { csv } = await read(tmp('a;b;c\n1;"two\nlines" and more;3\n4;5;6\n'));
    expect(csv.issues).toMatchObject([{ code: 'csv.text-after-quote', line: 2, params: { field: 2, endLine: 3 }, column: 'b' }]);
  });

  it('keeps every record read before an unclosed quote late in a long file', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `${i};"multi\r\nline";x`);
    const p = tmp(['a;b;c', ...rows, '5000;"never closed;x', 'tail;row;x', ''].join('\r\n'));
    const { csv, lines } = await read(p);
    expect(lines).toHaveLength(5000);
    expect(lines[4999]).toBe(2 + 4999 * 2);
    expect(csv.issues).toMatchObject([{ code: 'csv.unclosed-quote', line: 10002 }]);
  });

  it('stops a runaway record at the size limit, pointing at the quote that opened it', async () => {
    const tail = Array.from({ length: 2000 }, (_, i) => `${i};no quotes here;x`).join('\n');
    const p = tmp(`a;b;c\n1;ok;x\n2;ok;"starts\nhere\n${tail}\n`);
    const { csv, lines } = await read(p, { maxRecordBytes: 4096 });
    expect(lines).toEqual([2]);
    expect(csv.issues).toMatchObject([{ code: 'csv.record-too-large', line: 3, params: { limit: '4 KB' } }]);
    expectExplained(csv.issues[0]);
  });

  it('keeps at most maxIssues issues but counts them all', async () => {
    const p = tmp(['a;b;c', ...Array.from({ length: 10 }, () => '1;2'), '1;2;3', ''].join('\n'));
    const { csv, lines } = await read(p, { maxIssues: 3 });
    expect(csv.issues).toHaveLength(3);
    expect(csv.issueCount).toBe(10);
    expect(lines).toEqual([12]);
  });

  it('refuses a spreadsheet given instead of a CSV file', async () => {
    const xlsx = tmp(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 1)]));
    const { csv, records } = await read(xlsx, { file: 'søknader.xlsx' });
    expect(records).toEqual([]);
    expect(csv.issues).toEqual([{ code: 'csv.spreadsheet', params: { file: 'søknader.xlsx' }, file: 'søknader.xlsx' }]);
    const xls = tmp(Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(100)]));
    expect((await read(xls)).codes).toEqual([['csv.spreadsheet', undefined]]);
  });

  it('throws a UserError for a missing file or a folder, never a Node error', async () => {
    await expect(openCsv(join(dir, 'finnes-ikke.csv'), { file: 'finnes-ikke.csv' })).rejects.toMatchObject({
      name: 'UserError',
      code: 'csv.not-found',
      params: { file: 'finnes-ikke.csv' },
    });
    const folder = join(dir, 'mappe');
    mkdirSync(folder, { recursive: true });
    const err = await openCsv(folder).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err).toMatchObject({ code: 'csv.not-a-file' });
    for (const code of ['csv.not-found', 'csv.not-a-file', 'csv.read-error']) expect(catalog.nb[code]).toBeDefined();
  });
});

describe('openCsv line counting and detection', () => {
  it('counts CR-only (old Mac) and mixed line ends', async () => {
    expect((await read(tmp('a;b\r1;2\r\r3;"x\ry"\r4;5'))).lines).toEqual([2, 4, 6]);
    expect((await read(tmp('a;b\r\n1;2\n3;4\r5;6\r\n'))).lines).toEqual([2, 3, 4]);
    expect((await read(tmp('a;b\r\n1;"x\ny\r\nz"\r\n\r\n2;3'))).lines).toEqual([2, 6]);
  });

  it('finds the header after blank lines and numbers from the top of the file', async () => {
    const { csv, lines } = await read(tmp('\n\nref;applicant\n1;A\n'));
    expect(csv.headerLine).toBe(3);
    expect(csv.headers).toEqual(['ref', 'applicant']);
    expect(lines).toEqual([4]);
  });

  it('reads a header with a quoted line break', async () => {
    const { csv, lines } = await read(tmp('"Søkt\nbeløp";ref\n1;2\n'));
    expect(csv.headers).toEqual(['Søkt\nbeløp', 'ref']);
    expect(lines).toEqual([3]);
  });

  it('trims header names and drops trailing empty header cells', async () => {
    const { csv, codes } = await read(tmp(' ref ; Søker ;;\r\n1;A;;\r\n'));
    expect(csv.headers).toEqual(['ref', 'Søker']);
    expect(codes).toEqual([]);
  });

  it('detects the delimiter from the header line, ignoring delimiters inside quotes', async () => {
    expect((await read(tmp('"a;b;c",d,e\n1,2,3\n'))).csv.delimiter).toBe(',');
    expect((await read(tmp('"a,b,c";d;e\n1;2;3\n'))).csv.delimiter).toBe(';');
    expect((await read(tmp('a\tb, c\td\n1\t2\t3\n'))).csv.delimiter).toBe('\t');
    // a tie goes to ; which never appears in an English amount
    expect((await read(tmp('a;b,c\n'))).csv.delimiter).toBe(';');
    const one = (await read(tmp('ref\n1\n'))).csv;
    expect(one).toMatchObject({ delimiter: ',', delimiterSource: 'default', headers: ['ref'] });
  });

  it('follows an Excel sep= line and skips it', async () => {
    const { csv, lines, records } = await read(tmp('sep=;\r\nref;Søker, navn\r\n1;A, B\r\n'));
    expect(csv).toMatchObject({ delimiter: ';', headers: ['ref', 'Søker, navn'], headerLine: 2 });
    expect(lines).toEqual([3]);
    expect(records[0].fields).toEqual(['1', 'A, B']);
  });

  it('takes a forced delimiter', async () => {
    const { csv, records } = await read(tmp('a;b,c\n1;2,3\n'), { delimiter: ',' });
    expect(csv).toMatchObject({ delimiter: ',', delimiterSource: 'forced', headers: ['a;b', 'c'] });
    expect(records[0].fields).toEqual(['1;2', '3']);
    expect((await read(tmp('a\tb\n1\t2\n'), { delimiter: 'tab' })).csv.delimiter).toBe('\t');
  });

  it('takes a forced encoding', async () => {
    const utf8 = await read(fixture('applications-multiline.csv'), { encoding: 'windows-1252' });
    expect(utf8.csv).toMatchObject({ encoding: 'windows-1252', encodingSource: 'forced' });
    expect(utf8.csv.headers[1]).toBe('SÃ¸ker');
    const cp = await read(fixture('applications-excel-1252.csv'), { encoding: 'utf-8' });
    expect(cp.csv.headers[1]).toBe('S\ufffdker');
  });

  it('reads UTF-16 BE with BOM, and UTF-16 without a BOM by its zero bytes', async () => {
    const text = 'ref\tSøker\r\n1\tÆ\r\n';
    const be = Buffer.from(text, 'utf16le').swap16();
    const withBom = await read(tmp(Buffer.concat([Buffer.from([0xfe, 0xff]), be])));
    expect(withBom.csv).toMatchObject({ encoding: 'utf-16be', delimiter: '\t', headers: ['ref', 'Søker'] });
    expect(withBom.records).toEqual([{ line: 2, fields: ['1', 'Æ'] }]);
    expect((await read(tmp(Buffer.from(text, 'utf16le')))).csv).toMatchObject({ encoding: 'utf-16le', encodingSource: 'detected', headers: ['ref', 'Søker'] });
    expect((await read(tmp(be))).csv).toMatchObject({ encoding: 'utf-16be', encodingSource: 'detected', headers: ['ref', 'Søker'] });
  });

  it('takes a file that is UTF-8 but for one Windows-1252 byte near the end as UTF-8, and names that line', async () => {
    // (it used to be read wholly as Windows-1252: every "Søker" became "SÃ¸ker", silently)
    const rows = Array.from({ length: 20000 }, (_, i) => `${i};Søker ${i}`).join('\n');
    const p = tmp(Buffer.concat([Buffer.from(`ref;navn\n${rows}\n`, 'utf8'), Buffer.from('x;Bl\xe5\n', 'latin1')]));
    const { csv, records, codes } = await read(p);
    expect(csv.encoding).toBe('utf-8');
    expect(records[0].fields).toEqual(['0', 'Søker 0']);
    expect(codes).toEqual([['csv.invalid-utf8', 20002]]);
    expect(csv.issues[0]).toMatchObject({ column: 'navn', params: { bytes: 'E5' } });
    expectExplained(csv.issues[0]);
  });

  it('takes a file as Windows-1252 when its high bytes form no UTF-8 character, whatever its length', async () => {
    const rows = Array.from({ length: 20000 }, (_, i) => `${i};Søker ${i}`).join('\n');
    const { csv, records, codes } = await read(tmp(Buffer.from(`ref;navn\n${rows}\nx;Blå\n`, 'latin1')));
    expect(csv.encoding).toBe('windows-1252');
    expect(codes).toEqual([]);
    expect(records.at(-1)!.fields).toEqual(['x', 'Blå']);
  });

  it('names every line with bytes that are not UTF-8, also on lines inside a quoted cell and split across reads', async () => {
    const parts: Buffer[] = [Buffer.from('ref;navn;tekst\n', 'utf8')];
    for (let i = 0; i < 3000; i++) parts.push(Buffer.from(`${i};Åse ${i};"to\r\nlinjer"\n`, 'utf8'));
    parts.push(Buffer.from('a;ok;"første\nandre ', 'utf8'), Buffer.from([0xc3]), Buffer.from('"\n', 'utf8')); // a cut-off ø
    parts.push(Buffer.from('b;', 'utf8'), Buffer.from([0xff, 0xfe]), Buffer.from(';x\n', 'utf8'));
    const { csv, codes } = await read(tmp(Buffer.concat(parts)));
    expect(csv.encoding).toBe('utf-8');
    const first = 2 + 3000 * 2;
    expect(codes).toEqual([
      ['csv.invalid-utf8', first + 1],
      ['csv.invalid-utf8', first + 2],
    ]);
    expect(csv.issues.map((i) => [i.column, i.params.bytes])).toEqual([
      ['tekst', 'C3'],
      ['navn', 'FF FE'],
    ]);
  });

  it('can read the records again, with the same issues and not twice as many', async () => {
    const csv = await openCsv(fixture('applications-broken-fields.csv'));
    const pass = async () => {
      const lines: number[] = [];
      for await (const r of csv.records) lines.push(r.line);
      return lines;
    };
    const first = await pass();
    const issues = [...csv.issues];
    expect(await pass()).toEqual(first);
    expect(csv.issues).toEqual(issues);
    expect(csv.issueCount).toBe(4);
  });

  it('stops cleanly when the caller stops early', async () => {
    const csv = await openCsv(fixture('applications-multiline.csv'));
    for await (const r of csv.records) {
      expect(r.line).toBe(2);
      break;
    }
    const again: number[] = [];
    for await (const r of csv.records) again.push(r.line);
    expect(again).toEqual([2, 5, 9, 14]);
  });

  it('streams: the first record arrives long before the file has been read', async () => {
    const p = join(dir, 'big.csv');
    const out = createWriteStream(p);
    out.write('ref;applicant;title;requested;summary\r\n');
    for (let i = 0; i < 60000; i++) {
      const summary = i % 7 === 0 ? `"Linje 1\r\nLinje 2 ${i}"` : `Sammendrag ${i} med æøå`;
      if (!out.write(`21/${i};Søker ${i};Prosjekt ${i};1 500 000;${summary}\r\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');

    const csv = await openCsv(p);
    let count = 0;
    let last = 0;
    let readAtFirst = -1;
    for await (const r of csv.records) {
      if (count === 0) readAtFirst = csv.bytesRead;
      count++;
      last = r.line;
    }
    expect(csv.size).toBeGreaterThan(4_000_000);
    expect(readAtFirst).toBeGreaterThan(0);
    expect(readAtFirst).toBeLessThan(csv.size / 10);
    expect(count).toBe(60000);
    // the last row starts after the header, 59 999 rows, and the 8 572 second lines of rows 0, 7, 14, …
    expect(last).toBe(1 + 59999 + 8572 + 1);
    expect(csv.bytesRead).toBe(csv.size);
  });
});

describe('--encoding and --delimiter options', () => {
  it.each([
    ['utf-8', 'utf-8'],
    ['UTF8', 'utf-8'],
    ['windows-1252', 'windows-1252'],
    ['cp1252', 'windows-1252'],
    ['latin1', 'windows-1252'],
    ['ISO-8859-1', 'windows-1252'],
    ['utf-16', 'utf-16le'],
    ['UTF-16LE', 'utf-16le'],
    ['utf16be', 'utf-16be'],
  ])('encoding %j is %s', (text, enc) => {
    expect(parseEncodingOption(text)).toEqual({ ok: true, value: enc });
  });

  it('refuses an unknown encoding, listing the known ones', () => {
    const r = parseEncodingOption('ebcdic');
    expect(r).toMatchObject({ ok: false, code: 'encoding.unknown', params: { value: 'ebcdic' } });
    if (!r.ok) expectExplained({ code: r.code, params: r.params });
  });

  it.each([
    [';', ';'],
    ['semicolon', ';'],
    [',', ','],
    ['comma', ','],
    ['tab', '\t'],
    ['TAB', '\t'],
    ['\t', '\t'],
    ['\\t', '\t'],
  ])('delimiter %j is %j', (text, d) => {
    expect(parseDelimiterOption(text)).toEqual({ ok: true, value: d });
  });

  it('refuses an unknown delimiter', () => {
    const r = parseDelimiterOption('|');
    expect(r).toMatchObject({ ok: false, code: 'csv.delimiter-unknown' });
    if (!r.ok) expectExplained({ code: r.code, params: r.params });
  });
});

describe('catalogue for fields', () => {
  it('has the same keys in en and nb, with the same placeholders', () => {
    expect(Object.keys(catalog.nb).sort()).toEqual(Object.keys(catalog.en).sort());
    for (const key of Object.keys(catalog.en)) {
      const names = (t: string) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(catalog.nb[key]), key).toEqual(names(catalog.en[key]));
    }
  });

  it('uses only the agreed key prefixes', () => {
    for (const key of Object.keys(catalog.en)) expect(key).toMatch(/^(amount|orgnr|date|email|header|csv|encoding)\.[a-z0-9-]+$/);
  });
});
