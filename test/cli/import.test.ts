/**
 * `klynge import` in-process: every kind of file caseworkers have, every kind of error with its
 * exact message and line, all-or-nothing, --dry-run, --update and the audit log.
 * The fixtures in test/fixtures/ are made by make-fixtures.mjs (line numbers are noted there);
 * the small broken files in test/fixtures/import/ are written by hand.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliResult, DATA, FIXTURES, klynge, klyngeOk as ok } from '../helpers/cli.js';
import { callDb, sampleDb } from '../helpers/workspace.js';

const BROKEN = path.join(FIXTURES, 'import');

interface App {
  ref: string;
  applicant: string;
  orgNumber: string | null;
  title: string;
  partners: string[];
  requested: number;
  summary: string;
  submitted: string | null;
  extra: Record<string, string>;
}


async function list(db: string): Promise<App[]> {
  return JSON.parse((await ok(['--db', db, '--json', 'applications', 'list'])).stdout).applications;
}

async function show(db: string, ref: string): Promise<App> {
  return JSON.parse((await ok(['--db', db, '--json', 'applications', 'show', ref])).stdout).application;
}

async function logEntries(db: string, ref?: string): Promise<{ action: string; ref: string | null; details: Record<string, unknown> }[]> {
  return JSON.parse((await ok(['--db', db, '--json', 'log', ...(ref ? [ref] : [])])).stdout).entries;
}

/** The lines on stderr, trailing newline dropped. */
const lines = (r: CliResult) => r.stderr.replace(/\n$/, '').split('\n');

describe('klynge import: the files caseworkers really have', () => {
  it('reads an Excel ";" export in Windows-1252 with æøå exactly', async () => {
    const { db } = await callDb();
    const r = await klynge(['--db', db, '--json', 'import', 'applications-excel-1252.csv'], { cwd: FIXTURES });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(r.stdout)).toEqual({
      file: 'applications-excel-1252.csv',
      call: 'viken-2021',
      dryRun: false,
      encoding: 'windows-1252',
      delimiter: ';',
      rows: 3,
      added: 3,
      updated: 0,
      unchanged: 0,
      requested: 3579073.8,
      unknownColumns: [],
      warnings: [],
    });
    expect(await show(db, '21/00101-1')).toMatchObject({
      applicant: 'Havbruksklyngen Sør',
      orgNumber: '974760673',
      title: 'Fôr og fremtid',
      partners: ['Blå Vekst', 'Kystnæringsklyngen'],
      requested: 1500000,
      summary: 'Kort om prosjektet.',
      submitted: '2021-09-15',
      extra: {},
    });
    expect(await show(db, '21/00102-1')).toMatchObject({
      applicant: 'Trøndersk Matklynge',
      title: 'Økt verdiskaping',
      partners: ['Matklynge Øst', 'Bærekraft Nord'],
      requested: 750000,
      summary: 'Første linje\nandre linje med «sitat» og 2 M€',
      submitted: '2021-09-16T13:00:00',
    });
    expect(await show(db, '21/00103-1')).toMatchObject({
      applicant: 'Ålesund Maritime – Grønn',
      orgNumber: '923456783',
      partners: [],
      requested: 1329073.8,
      summary: 'Skipsfart; elektrifisering',
      submitted: '2021-09-17',
    });
    // the blank `;;;;;;;` row on line 6 is no application
    expect((await list(db)).map((a) => a.ref)).toEqual(['21/00101-1', '21/00102-1', '21/00103-1']);
    // the text report names the encoding and delimiter too
    const { db: db2 } = await callDb();
    const text = await klynge(['--db', db2, 'import', 'applications-excel-1252.csv'], { cwd: FIXTURES });
    expect(text).toEqual({
      code: 0,
      stdout:
        'Imported applications-excel-1252.csv into viken-2021 (WINDOWS-1252, delimiter ";"):\n' +
        '  3 added, 0 updated, 0 unchanged; NOK 3,579,073.80 requested over the 3 rows of the file.\n',
      stderr: '',
    });
  });

  it('reads UTF-8 with a BOM and CRLF, keeping a CRLF inside a quoted cell', async () => {
    const { db } = await callDb();
    const r = await klynge(['--db', db, '--json', 'import', 'applications-utf8-bom-crlf.csv'], { cwd: FIXTURES });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ encoding: 'utf-8', delimiter: ',', rows: 3, added: 3, requested: 11000000 });
    const apps = await list(db);
    // no BOM glued to the first header (the ref column was found) or to the first ref
    expect(apps.map((a) => [a.ref, a.applicant, a.orgNumber, a.requested, a.partners, a.submitted])).toEqual([
      ['21/00201-1', 'Energiklyngen Vest', '998877660', 1500000, ['Havvind', 'Batteriklyngen'], '2021-09-15'],
      ['21/00202-1', 'Helseinnovasjon Øst', '812345672', 1500000, [], '2021-09-15T13:00:00'],
      ['21/00203-1', 'Reiseliv "Nord"', null, 8000000, [], '2021-09-15'],
    ]);
    expect(apps[1].summary).toBe('First line\r\nsecond line\r\nthird line');
  });

  it('reads UTF-16 LE "Unicode text", tab-delimited', async () => {
    const { db } = await callDb();
    const r = await klynge(['--db', db, '--json', 'import', 'applications-utf16le-tab.txt'], { cwd: FIXTURES });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ encoding: 'utf-16le', delimiter: 'tab', rows: 3, added: 3, requested: 4329073.8 });
    expect((await list(db)).map((a) => [a.ref, a.applicant, a.orgNumber, a.title, a.requested, a.summary, a.submitted])).toEqual([
      ['21/00301-1', 'Bioøkonomiklyngen', '974760673', 'Tang og tare', 1500000, 'Sammendrag på én linje', '2021-09-15'],
      ['21/00302-1', 'Smart Industri Ålesund', '923456783', 'Robotsveising', 1329073.8, 'To\nlinjer', '2021-09-05'],
      ['21/00303-1', 'Æreskluster', null, 'Nytt år', 1500000, '', '2021-09-15'],
    ]);
  });

  it('keeps quoted multi-line summaries exactly, line breaks and doubled quotes included', async () => {
    const { db } = await callDb();
    const r = await klynge(['--db', db, '--json', 'import', 'applications-multiline.csv'], { cwd: FIXTURES });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ encoding: 'utf-8', delimiter: ';', rows: 4, added: 4, requested: 2350000 });
    expect((await list(db)).map((a) => [a.ref, a.summary])).toEqual([
      ['21/00401-1', 'Linje en\nLinje to\nLinje tre'],
      ['21/00402-1', 'Sier "hei"\npå to linjer'],
      // surrounding blank lines trimmed, the empty line inside kept
      ['21/00403-1', 'Ett\n\nto tomme'],
      ['21/00404-1', 'Kort'],
    ]);
    const text = await ok(['--db', db, 'applications', 'show', '21/00401-1']);
    expect(text.stdout).toContain('  Linje en\n  Linje to\n  Linje tre\n');
  });

  it('imports a file with foreign headers with --map, and says which --map without it', async () => {
    const { db } = await callDb();
    const without = await klynge(['--db', db, 'import', 'applications-foreign-headers.csv'], { cwd: FIXTURES });
    expect(without.code).toBe(1);
    const cols = 'prosjektnummer, prosjektansvarlig_navn, orgnr, tiltak, omsøkt_sum, beskrivelse';
    const f = 'applications-foreign-headers.csv';
    expect(lines(without)).toEqual([
      `error: ${f} has 4 problems; nothing was imported. Fix them and run the import again:`,
      `  ${f}:1: The file has no column for case number (accepted names include ref, reference, saksnummer, saksnr). The file has these columns: ${cols}. If one of them holds case number, name it with --map ref=prosjektnummer.`,
      `  ${f}:1: The file has no column for applicant (accepted names include applicant, søker, organisasjon, organisation). The file has these columns: ${cols}. If one of them holds applicant, name it with --map applicant=prosjektansvarlig_navn.`,
      `  ${f}:1: The file has no column for project title (accepted names include title, prosjekt, prosjektnavn, prosjekttittel). The file has these columns: ${cols}. If one of them holds project title, name it with --map title=tiltak.`,
      `  ${f}:1: The file has no column for requested amount (accepted names include requested, søkt beløp, beløp, søkt). The file has these columns: ${cols}. If one of them holds requested amount, name it with --map requested=omsøkt_sum.`,
    ]);
    expect(await list(db)).toEqual([]);

    const map = ['--map', 'ref=prosjektnummer', '--map', 'applicant=prosjektansvarlig_navn', '--map', 'title=tiltak', '--map', 'requested=omsøkt_sum'];
    const r = await klynge(['--db', db, '--json', 'import', f, ...map], { cwd: FIXTURES });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(r.stdout)).toMatchObject({ rows: 2, added: 2, requested: 2100000, unknownColumns: [] });
    expect((await list(db)).map((a) => [a.ref, a.applicant, a.orgNumber, a.title, a.requested, a.summary, a.extra])).toEqual([
      ['P-2021-17', 'Kystklyngen AS', '974760673', 'Sjøsikkerhet', 1200000, 'Tiltak for tryggere havner', {}],
      ['P-2021-18', 'Innlandsklyngen', '987654325', 'Skog og tre', 900000, 'Mer tre i bygg', {}],
    ]);
  });

  it('lands every accepted amount form as the exact kroner, and keeps the unknown column', async () => {
    // the fixture's last column holds the expected øre; keep the rows that should import
    const { db, dir } = await callDb();
    const all = fs.readFileSync(path.join(FIXTURES, 'applications-amounts.csv'), 'utf8').split('\n');
    const good = all.filter((l, i) => i === 0 || /;\d+$/.test(l));
    expect(good).toHaveLength(15);
    const file = path.join(dir, 'amounts-ok.csv');
    fs.writeFileSync(file, good.join('\n') + '\n');
    const expected = good.slice(1).map((l) => {
      const cells = l.split(';');
      return { ref: cells[0], kroner: Number(cells[4]) / 100, ore: cells[4] };
    });

    const r = await klynge(['--db', db, '--json', 'import', 'amounts-ok.csv'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ rows: 14, added: 14, requested: 27329074.3, unknownColumns: ['forventet'], warnings: [{ code: 'import.unknown_columns', columns: '"forventet"' }] });
    const apps = await list(db);
    // (listed in ref order, ...)
    const byRef = Object.fromEntries(apps.map((a) => [a.ref, a.requested]));
    expect(byRef).toEqual(Object.fromEntries(expected.map((e) => [e.ref, e.kroner])));
    // spot checks spelled out, so a wrong fixture cannot hide a wrong parser
    expect(byRef['A-7']).toBe(1500000); // kr 1 500 000,-
    expect(byRef['A-8']).toBe(1500000); // NOK 1,500,000
    expect(byRef['A-9']).toBe(8000000); // 8000000.0
    expect(byRef['A-10']).toBe(1329073.8); // 1 329 073,80
    expect(byRef['A-12']).toBe(1500000.5); // 1 500 000,5
    // the unknown column is stored verbatim with every application
    expect(Object.fromEntries(apps.map((a) => [a.ref, a.extra]))).toEqual(Object.fromEntries(expected.map((e) => [e.ref, { forventet: e.ore }])));
  });

  it('names an unknown column once in a warning and shows it with applications show (text and json)', async () => {
    const { db, dir } = await callDb();
    const file = path.join(dir, 'extra.csv');
    fs.writeFileSync(
      file,
      ['Saksnummer;Søker;Prosjektnavn;Søkt beløp;Fylke;Internt notat', 'X-1;Søker 1;Tittel 1;100 000;Viken;Ring søker', 'X-2;Søker 2;Tittel 2;200 000;Oslo;', 'X-3;Søker 3;Tittel 3;300 000;Viken;Sjekk budsjett'].join('\n') + '\n',
    );
    const r = await klynge(['--db', db, 'import', 'extra.csv'], { cwd: dir });
    expect(r).toEqual({
      code: 0,
      stdout: 'Imported extra.csv into viken-2021 (UTF-8, delimiter ";"):\n  3 added, 0 updated, 0 unchanged; NOK 600,000 requested over the 3 rows of the file.\n',
      stderr: 'warning: Columns klynge does not know were kept with each application (see "klynge applications show REF"): "Fylke", "Internt notat".\n',
    });
    expect(await show(db, 'X-1')).toMatchObject({ extra: { Fylke: 'Viken', 'Internt notat': 'Ring søker' } });
    expect(await show(db, 'X-2')).toMatchObject({ extra: { Fylke: 'Oslo' } });
    const text = await ok(['--db', db, 'applications', 'show', 'X-1']);
    expect(text.stdout).toContain('Other columns from the import\n  Fylke: Viken\n  Internt notat: Ring søker\n');

    const json = await klynge(['--db', db, '--json', 'import', 'extra.csv', '--update', '--dry-run'], { cwd: dir });
    expect(JSON.parse(json.stdout)).toMatchObject({ unknownColumns: ['Fylke', 'Internt notat'], unchanged: 3 });
  });
});

describe('klynge import: every kind of error, with its line, and nothing imported', () => {
  it('reports each field error with the line and column as the user sees it', async () => {
    const { db } = await sampleDb();
    const r = await klynge(['--db', db, 'import', 'errors.csv'], { cwd: BROKEN });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(lines(r)).toEqual([
      'error: errors.csv has 12 problems; nothing was imported. Fix them and run the import again:',
      '  errors.csv:2: column "Søkt beløp": "1,500" is ambiguous: the separator could group thousands or mark decimals. Write 1500 or 1 500 for 1500 kroner, or 1,50 for kroner and øre.',
      '  errors.csv:3: column "Organisasjonsnummer": "974760674" is not a valid organisation number: the check digit (the last digit) is wrong. Check for a typo against the Brønnøysund register.',
      '  errors.csv:4: column "Innsendt": "31.02.2021" is not a date that exists (check the day and the month, 1–12).',
      '  errors.csv:6: column "E-post": "d-at-example.no" is not an e-mail address. Write it as name@example.no.',
      '  errors.csv:7: column "Søker": is empty; this column is required',
      '  errors.csv:8: column "Saksnummer": "21/00702-1" appears twice in the file (first on line 3); each application needs its own case number',
      '  errors.csv:9: This row has 9 fields but the header has 8. A delimiter inside a value needs quotes around the value; otherwise remove the extra fields.',
      '  errors.csv:10: column "Saksnummer": "21/04117-1" is already in the call viken-2021. Run with --update to update the applications that are already there',
      // every problem of one row, not just the first
      '  errors.csv:11: column "Søkt beløp": "1.500" is ambiguous: the separator could group thousands or mark decimals. Write 1500 or 1 500 for 1500 kroner, or 1,50 for kroner and øre.',
      '  errors.csv:11: column "Organisasjonsnummer": "123" has 3 digits; an organisation number has nine. Check for missing or extra digits.',
      '  errors.csv:11: column "Innsendt": "32.01.2021" is not a date that exists (check the day and the month, 1–12).',
      '  errors.csv:11: column "E-post": "x@" is not an e-mail address. Write it as name@example.no.',
    ]);
    // nothing of the good rows (line 5 is fine) was written
    expect((await list(db)).map((a) => a.ref)).not.toContain('21/00703-1');
    expect(await list(db)).toHaveLength(10);
  });

  it('with --json gives every issue with file, line, column and value as well', async () => {
    const { db } = await sampleDb();
    const r = await klynge(['--db', db, '--json', 'import', 'errors.csv'], { cwd: BROKEN });
    expect(r.code).toBe(1);
    const { error } = JSON.parse(r.stdout);
    expect(error).toMatchObject({ code: 'import.invalid', exitCode: 1 });
    expect(error.issues).toHaveLength(12);
    expect(error.issues[0]).toMatchObject({ file: 'errors.csv', line: 2, column: 'Søkt beløp', value: '1,500', code: 'amount.ambiguous' });
    expect(error.issues[5]).toMatchObject({ line: 8, code: 'import.duplicate_ref', value: '21/00702-1', params: { first: 3 } });
  });

  it('reports each amount error of the amounts fixture on its line', async () => {
    const { db } = await callDb();
    const r = await klynge(['--db', db, 'import', 'applications-amounts.csv'], { cwd: FIXTURES });
    expect(r.code).toBe(1);
    const f = 'applications-amounts.csv';
    expect(lines(r)).toEqual([
      `error: ${f} has 7 problems; nothing was imported. Fix them and run the import again:`,
      `  ${f}:16: column "Søkt beløp": "1,500" is ambiguous: the separator could group thousands or mark decimals. Write 1500 or 1 500 for 1500 kroner, or 1,50 for kroner and øre.`,
      `  ${f}:17: column "Søkt beløp": "1.500" is ambiguous: the separator could group thousands or mark decimals. Write 1500 or 1 500 for 1500 kroner, or 1,50 for kroner and øre.`,
      `  ${f}:18: column "Søkt beløp": "-1500" is negative. Amounts must be positive; remove the minus sign.`,
      `  ${f}:19: column "Søkt beløp": "0" is zero. Write the amount actually requested in kroner.`,
      `  ${f}:20: column "Søkt beløp": is empty; this column is required`,
      `  ${f}:21: column "Søkt beløp": "ca. en million" is not an amount. Write the amount in kroner with digits, e.g. 1 500 000 or 1 500 000,50.`,
      `  ${f}:22: column "Søkt beløp": "1500,505" has 3 decimals. Øre take at most two decimals, e.g. 1 329 073,80.`,
    ]);
    expect(await list(db)).toEqual([]);
  });

  it('reports a missing required column once, listing the columns and the --map fix', async () => {
    const { db } = await callDb();
    const r = await klynge(['--db', db, 'import', 'missing-column.csv'], { cwd: BROKEN });
    expect(r.code).toBe(1);
    expect(lines(r)).toEqual([
      'error: missing-column.csv has 1 problem; nothing was imported. Fix it and run the import again:',
      '  missing-column.csv:1: The file has no column for requested amount (accepted names include requested, søkt beløp, beløp, søkt). The file has these columns: Saksnummer, Søker, Prosjektnavn, Omsøkt sum, Sammendrag. If one of them holds requested amount, name it with --map "requested=Omsøkt sum".',
    ]);
    expect(await list(db)).toEqual([]);
    // and the fix it shows works
    const fixed = await klynge(['--db', db, '--json', 'import', 'missing-column.csv', '--map', 'requested=Omsøkt sum'], { cwd: BROKEN });
    expect(fixed.code).toBe(0);
    expect(JSON.parse(fixed.stdout)).toMatchObject({ added: 2, requested: 350000, unknownColumns: [] });
  });

  it('does not suggest a --map to a column that already holds another field', async () => {
    // every column is claimed by a field: the example must not send `requested` to the ref column
    const { db, dir } = await callDb();
    fs.writeFileSync(path.join(dir, 'no-amount.csv'), 'Saksnummer;Søker;Prosjektnavn;Sammendrag\nX-1;Søker;Tittel;Tekst\n');
    const r = await klynge(['--db', db, 'import', 'no-amount.csv'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('The file has no column for requested');
    expect(r.stderr).toContain('The file has these columns: Saksnummer, Søker, Prosjektnavn, Sammendrag.');
    for (const claimed of ['Saksnummer', 'Søker', 'Prosjektnavn', 'Sammendrag']) expect(r.stderr).not.toContain(`requested=${claimed}`);
  });

  it('reports an unclosed quote on the line where it opens', async () => {
    const { db } = await callDb();
    const mine = await klynge(['--db', db, 'import', 'unclosed-quote.csv'], { cwd: BROKEN });
    expect(mine.code).toBe(1);
    const msg =
      'A quote (") opens a field here and is never closed, so the rest of the file cannot be read. Add the missing closing quote, or double any quote that belongs to the text ("").';
    expect(lines(mine)).toEqual(['error: unclosed-quote.csv has 1 problem; nothing was imported. Fix it and run the import again:', `  unclosed-quote.csv:3: ${msg}`]);
    // the generated fixture: the record starts on line 6, the quote that never closes is on line 7
    const theirs = await klynge(['--db', db, 'import', 'applications-broken-unclosed-quote.csv'], { cwd: FIXTURES });
    expect(theirs.code).toBe(1);
    expect(lines(theirs)).toEqual([
      'error: applications-broken-unclosed-quote.csv has 1 problem; nothing was imported. Fix it and run the import again:',
      `  applications-broken-unclosed-quote.csv:7: ${msg}`,
    ]);
    expect(theirs.stderr).not.toMatch(/CsvError|CSV_|\n\s+at /);
    expect(await list(db)).toEqual([]);
  });

  it('reports rows with too many or too few fields and stray quotes, with lines after quoted CRLFs counted right', async () => {
    const { db } = await callDb();
    const r = await klynge(['--db', db, 'import', 'applications-broken-fields.csv'], { cwd: FIXTURES });
    expect(r.code).toBe(1);
    const f = 'applications-broken-fields.csv';
    expect(lines(r)).toEqual([
      `error: ${f} has 4 problems; nothing was imported. Fix them and run the import again:`,
      `  ${f}:3: This row has 9 fields but the header has 8. A delimiter inside a value needs quotes around the value; otherwise remove the extra fields.`,
      `  ${f}:7: This row has 6 fields but the header has 8. Add the missing fields (they may be empty), or join a row that was split across lines.`,
      `  ${f}:8: column "Søker": Field 2 has a quote (") inside a value that does not start with a quote. Put the whole value in quotes and double the quote inside (""), or remove it.`,
      `  ${f}:11: column "Søker": Field 2 starts with a quote here, and its closing quote on line 11 is followed by more text. Double any quote that belongs to the text (""), or add the missing closing quote.`,
    ]);
    expect(await list(db)).toEqual([]);
  });

  it('reports every problem in one run, listing the first 100 and counting the rest', async () => {
    const { db, dir } = await callDb();
    const rows = ['Saksnummer;Søker;Prosjektnavn;Søkt beløp'];
    for (let i = 1; i <= 150; i++) rows.push(`B-${i};Søker ${i};Tittel ${i};${i % 2 ? '1,500' : '-5'}`);
    fs.writeFileSync(path.join(dir, 'bad150.csv'), rows.join('\n') + '\n');
    const r = await klynge(['--db', db, 'import', 'bad150.csv'], { cwd: dir });
    expect(r.code).toBe(1);
    const out = lines(r);
    expect(out).toHaveLength(1 + 100 + 1);
    expect(out[0]).toBe('error: bad150.csv has 150 problems; nothing was imported. Fix them and run the import again:');
    expect(out[1]).toMatch(/^ {2}bad150\.csv:2: column "Søkt beløp": "1,500" is ambiguous/);
    expect(out[2]).toBe('  bad150.csv:3: column "Søkt beløp": "-5" is negative. Amounts must be positive; remove the minus sign.');
    expect(out[100]).toBe('  bad150.csv:101: column "Søkt beløp": "-5" is negative. Amounts must be positive; remove the minus sign.');
    expect(out[101]).toBe('  … and 50 more (fix the ones above and run again to see the rest)');
    // the lines listed are the file's lines 2..101 in order
    expect(out.slice(1, 101).map((l) => Number(/^ {2}bad150\.csv:(\d+):/.exec(l)![1]))).toEqual(Array.from({ length: 100 }, (_, i) => i + 2));
    expect(await list(db)).toEqual([]);
    const json = await klynge(['--db', db, '--json', 'import', 'bad150.csv'], { cwd: dir });
    expect(JSON.parse(json.stdout).error.issues).toHaveLength(150);
  });

  it('counts the rest right when there are more problems than are kept (1200 bad rows)', async () => {
    const { db, dir } = await callDb();
    const rows = ['Saksnummer;Søker;Prosjektnavn;Søkt beløp'];
    for (let i = 1; i <= 1200; i++) rows.push(`B-${i};Søker ${i};Tittel ${i};1,500`);
    fs.writeFileSync(path.join(dir, 'bad1200.csv'), rows.join('\n') + '\n');
    const r = await klynge(['--db', db, 'import', 'bad1200.csv'], { cwd: dir });
    expect(r.code).toBe(1);
    const out = lines(r);
    expect(out[0]).toBe('error: bad1200.csv has 1200 problems; nothing was imported. Fix them and run the import again:');
    expect(out).toHaveLength(102);
    expect(out[101]).toBe('  … and 1100 more (fix the ones above and run again to see the rest)');
  });

  it('refuses a ref already in the call without --update, and imports none of the new rows', async () => {
    const { db, dir } = await sampleDb();
    const file = path.join(dir, 'mixed.csv');
    fs.writeFileSync(file, 'Saksnummer;Søker;Prosjektnavn;Søkt beløp\nN-1;Ny søker;Ny tittel;100000\n21/04102-1;Follo Matklynge;Kortreist mat;4 750 000\n');
    const r = await klynge(['--db', db, 'import', 'mixed.csv'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(lines(r)).toEqual([
      'error: mixed.csv has 1 problem; nothing was imported. Fix it and run the import again:',
      '  mixed.csv:3: column "Saksnummer": "21/04102-1" is already in the call viken-2021. Run with --update to update the applications that are already there',
    ]);
    const refs = (await list(db)).map((a) => a.ref);
    expect(refs).toHaveLength(10);
    expect(refs).not.toContain('N-1');
  });

  it('refuses files that are not a CSV of applications with one clear line', async () => {
    const { db, dir } = await callDb();
    const missing = await klynge(['--db', db, 'import', 'nosuch.csv'], { cwd: dir });
    expect(missing).toMatchObject({ code: 1, stderr: 'error: The file nosuch.csv does not exist. Check the path.\n' });
    const empty = await klynge(['--db', db, 'import', 'applications-empty.csv'], { cwd: FIXTURES });
    expect(empty.code).toBe(1);
    expect(lines(empty)[1]).toBe('  applications-empty.csv: The file applications-empty.csv is empty: it has no header row. Export the file again, with the column names on the first line.');
    const headerOnly = await klynge(['--db', db, '--json', 'import', 'applications-header-only.csv'], { cwd: FIXTURES });
    expect(headerOnly.code).toBe(0);
    expect(JSON.parse(headerOnly.stdout)).toMatchObject({ rows: 0, added: 0, warnings: [expect.objectContaining({ code: 'import.no_rows' })] });
    expect(await list(db)).toEqual([]);
  });
});

describe('klynge import --dry-run', () => {
  it('reports the same counts as the real import and writes nothing', async () => {
    const { db } = await callDb();
    const before = await logEntries(db);
    const dry = await klynge(['--db', db, '--json', 'import', path.join(DATA, 'applications.csv'), '--dry-run']);
    expect(dry.code).toBe(0);
    const dryReport = JSON.parse(dry.stdout);
    expect(dryReport).toMatchObject({ dryRun: true, rows: 10, added: 10, updated: 0, unchanged: 0, encoding: 'utf-8', delimiter: ';' });
    expect(await list(db)).toEqual([]);
    expect(await logEntries(db)).toEqual(before);
    const text = await klynge(['--db', db, 'import', path.join(DATA, 'applications.csv'), '--dry-run'], { cwd: DATA });
    expect(text.stdout).toMatch(/dry run, nothing written:\n {2}would add 10, update 0, leave 0 unchanged; NOK [\d,]+ requested over the 10 rows of the file\.\n$/);

    const real = await klynge(['--db', db, '--json', 'import', path.join(DATA, 'applications.csv')]);
    expect({ ...JSON.parse(real.stdout), dryRun: true }).toEqual(dryReport);
    expect(await list(db)).toHaveLength(10);
  });

  it('reports errors the same way and exits 1', async () => {
    const { db } = await sampleDb();
    const dry = await klynge(['--db', db, 'import', 'errors.csv', '--dry-run'], { cwd: BROKEN });
    const real = await klynge(['--db', db, 'import', 'errors.csv'], { cwd: BROKEN });
    expect(dry.code).toBe(1);
    expect(dry.stderr).toBe(real.stderr);
  });
});

describe('klynge import --update', () => {
  /** The sample file with the title and amount of 21/04117-1 changed. */
  function changedCopy(dir: string): string {
    const text = fs.readFileSync(path.join(DATA, 'applications.csv'), 'utf8');
    const old = 'Emballasje og bygg – sirkulær ressursutnyttelse og emballering av trematerialer i bygg;Norwegian Wood Cluster;2 800 000;';
    expect(text).toContain(old);
    const file = path.join(dir, 'changed.csv');
    fs.writeFileSync(file, text.replace(old, 'Sirkulær emballasje;Norwegian Wood Cluster;2 500 000,50;'));
    return file;
  }

  it('updates only what changed, logs old → new, and a second run changes and logs nothing', async () => {
    const { db, dir } = await sampleDb();
    const file = changedCopy(dir);
    const entriesBefore = (await logEntries(db)).length;

    const dry = await klynge(['--db', db, '--json', 'import', file, '--update', '--dry-run']);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, added: 0, updated: 1, unchanged: 9 });
    expect((await logEntries(db)).length).toBe(entriesBefore);

    const r = await klynge(['--db', db, '--json', 'import', file, '--update']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(r.stdout)).toMatchObject({ dryRun: false, rows: 10, added: 0, updated: 1, unchanged: 9, warnings: [] });
    expect(await show(db, '21/04117-1')).toMatchObject({ title: 'Sirkulær emballasje', requested: 2500000.5, applicant: 'Circular Packaging Cluster' });

    const log = await logEntries(db, '21/04117-1');
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      action: 'application.update',
      ref: '21/04117-1',
      details: {
        changes: {
          title: { old: 'Emballasje og bygg – sirkulær ressursutnyttelse og emballering av trematerialer i bygg', new: 'Sirkulær emballasje' },
          requested: { old: 2800000, new: 2500000.5 },
        },
      },
    });
    expect(Object.keys((log[0].details as { changes: object }).changes)).toEqual(['title', 'requested']);
    const text = await ok(['--db', db, 'log', '21/04117-1']);
    expect(text.stdout).toContain(
      'project title: Emballasje og bygg – sirkulær ressursutnyttelse og emballering av trematerialer i bygg → Sirkulær emballasje; requested amount: NOK 2,800,000 → NOK 2,500,000.50',
    );
    const entriesAfterFirst = (await logEntries(db)).length;
    expect(entriesAfterFirst).toBeGreaterThan(entriesBefore);

    const again = await klynge(['--db', db, '--json', 'import', file, '--update']);
    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(again.stdout)).toMatchObject({ added: 0, updated: 0, unchanged: 10 });
    expect((await logEntries(db)).length).toBe(entriesAfterFirst);
    expect(await list(db)).toHaveLength(10);

    // the unchanged original file reverts the one row
    const back = await klynge(['--db', db, '--json', 'import', path.join(DATA, 'applications.csv'), '--update']);
    expect(JSON.parse(back.stdout)).toMatchObject({ added: 0, updated: 1, unchanged: 9 });
  });

  it('adds new rows and updates old ones in one run', async () => {
    const { db, dir } = await sampleDb();
    const text = fs.readFileSync(changedCopy(dir), 'utf8');
    const file = path.join(dir, 'plus-one.csv');
    fs.writeFileSync(file, text.replace(/\r\n$/, '') + '\r\nN-1;Ny klynge;;Nytt prosjekt;;1 000 000;;;;;\r\n');
    const r = await klynge(['--db', db, '--json', 'import', file, '--update']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ rows: 11, added: 1, updated: 1, unchanged: 9 });
    expect(await list(db)).toHaveLength(11);
  });

  it('warns when an application that has scores changes its requested amount or title', async () => {
    const { db, dir } = await sampleDb();
    await ok(['--db', db, 'evaluator', 'add', 'Kari Nordmann']);
    await ok(['--db', db, 'score', 'set', '21/04117-1', '--evaluator', 'Kari Nordmann', 'green=4']);
    const text = fs.readFileSync(path.join(DATA, 'applications.csv'), 'utf8');
    const file = path.join(dir, 'amount.csv');
    // only the amount of the scored application, and the title of an unscored one
    fs.writeFileSync(
      file,
      text.replace('Norwegian Wood Cluster;2 800 000;', 'Norwegian Wood Cluster;3 000 000;').replace('Kortreist mat i offentlige kantiner;', 'Kortreist mat i kantiner;'),
    );
    const r = await klynge(['--db', db, 'import', file, '--update']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/0 added, 2 updated, 8 unchanged/);
    expect(r.stderr).toBe('warning: 21/04117-1 has scores already, and its requested amount changed: tell the evaluators.\n');
    expect(await show(db, '21/04117-1')).toMatchObject({ requested: 3000000 });
  });

  it('under --json still tells which scored application changed', async () => {
    const { db, dir } = await sampleDb();
    await ok(['--db', db, 'evaluator', 'add', 'Kari Nordmann']);
    await ok(['--db', db, 'score', 'set', '21/04117-1', '--evaluator', 'Kari Nordmann', 'green=4']);
    const file = changedCopy(dir);
    const r = await klynge(['--db', db, '--json', 'import', file, '--update']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ updated: 1 });
    // a script must be able to tell the evaluators of *which* application: the ref is in the
    // JSON warning or on stderr
    expect(r.stdout.replace(/"file": "[^"]*"/, '') + r.stderr).toContain('21/04117-1');
  });
});

describe('klynge import options', () => {
  it('exits 2 on a --delimiter or --encoding it does not know, before touching anything', async () => {
    const { db } = await callDb();
    const d = await klynge(['--db', db, 'import', 'applications-multiline.csv', '--delimiter', 'x'], { cwd: FIXTURES });
    expect(d).toEqual({ code: 2, stdout: '', stderr: 'error: "x" is not a delimiter klynge reads. Use ";", "," or tab.\n' });
    const e = await klynge(['--db', db, 'import', 'applications-multiline.csv', '--encoding', 'ebcdic'], { cwd: FIXTURES });
    expect(e).toEqual({ code: 2, stdout: '', stderr: 'error: "ebcdic" is not an encoding klynge reads. Use one of: utf-8, windows-1252, utf-16le, utf-16be.\n' });
    const m = await klynge(['--db', db, 'import', 'applications-multiline.csv', '--map', 'ref'], { cwd: FIXTURES });
    expect(m.code).toBe(2);
    expect(await list(db)).toEqual([]);
  });

  it('takes a forced --delimiter and --encoding', async () => {
    const { db } = await callDb();
    const r = await klynge(['--db', db, '--json', 'import', 'applications-utf16le-tab.txt', '--delimiter', 'tab', '--encoding', 'utf-16le'], { cwd: FIXTURES });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ encoding: 'utf-16le', delimiter: 'tab', added: 3 });
    const w = await klynge(['--db', db, '--json', 'import', 'applications-excel-1252.csv', '--delimiter', ';', '--encoding', 'cp1252'], { cwd: FIXTURES });
    expect(w.code).toBe(0);
    expect(JSON.parse(w.stdout)).toMatchObject({ encoding: 'windows-1252', delimiter: ';', added: 3 });
    expect((await show(db, '21/00101-1')).applicant).toBe('Havbruksklyngen Sør');
  });

  it('shows a progress bar on a terminal and none otherwise', async () => {
    const { db, dir } = await callDb();
    const rows = ['Saksnummer;Søker;Prosjektnavn;Søkt beløp'];
    for (let i = 1; i <= 3000; i++) rows.push(`P-${i};Søker ${i};Tittel ${i};${1000 + i}`);
    fs.writeFileSync(path.join(dir, 'p.csv'), rows.join('\n') + '\n');
    const plain = await klynge(['--db', db, 'import', 'p.csv', '--dry-run'], { cwd: dir });
    expect(plain).toMatchObject({ code: 0, stderr: '' });
    const tty = await klynge(['--db', db, 'import', 'p.csv'], { cwd: dir, tty: true });
    expect(tty.code).toBe(0);
    expect(tty.stderr).toMatch(/Importing .*%/);
    expect(await list(db)).toHaveLength(3000);
  });
});
