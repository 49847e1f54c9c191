/**
 * `klynge import` against files that are broken in the ways that garbled or lost data before:
 * a UTF-8 file with a few bad bytes, a stray NUL, runaway values, repeated column names,
 * decomposed (NFD) text. Every refusal leaves the database byte for byte as it was.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliResult, klynge, klyngeOk as ok } from '../helpers/cli.js';
import { callDb } from '../helpers/workspace.js';

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Write `content` (text as UTF-8, or bytes) to a file in `dir`. */
function write(dir: string, name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

/** Import that must be refused: exit 1, the database unchanged. */
async function refused(db: string, dir: string, args: string[]): Promise<CliResult> {
  const before = sha(db);
  const r = await klynge(['--db', db, 'import', ...args], { cwd: dir });
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).toContain('nothing was imported');
  expect(sha(db)).toBe(before);
  return r;
}

async function apps(db: string): Promise<{ ref: string; applicant: string; title: string; extra: Record<string, string> }[]> {
  return JSON.parse((await ok(['--db', db, '--json', 'applications', 'list'])).stdout).applications;
}

const HEADER = 'ref;applicant;title;requested\n';
const latin1 = (s: string) => Buffer.from(s, 'latin1');

describe('import: a UTF-8 file with a few bytes that are not UTF-8', () => {
  const file = Buffer.concat([
    Buffer.from(HEADER + '21/1-1;Søker Æ;Prosjekt;1000\n21/2-1;Klynge', 'utf8'),
    latin1('\xf8'), // a Windows-1252 ø pasted into a UTF-8 file
    Buffer.from(' Vest;Tittel;2000\n21/3-1;Ok;Tre;3000\n', 'utf8'),
  ]);

  it('is refused with the line and column of the bad byte, never read as Windows-1252', async () => {
    const { dir, db } = await callDb();
    write(dir, 'mixed.csv', file);
    const r = await refused(db, dir, ['mixed.csv']);
    expect(r.stderr).toContain('mixed.csv:3: column "applicant": This line has bytes that are not UTF-8 (F8)');
    expect(r.stderr).toContain('--encoding windows-1252');
    expect(r.stderr).not.toContain('Ã');
  });

  it('is refused also when the bad byte is far into a large file (read by the worker thread)', async () => {
    const { dir, db } = await callDb();
    const rows: string[] = [];
    for (let i = 1; i <= 80_000; i++) rows.push(`21/${i}-1;Søker ${i} Æ;Prosjekt ${i} med en lengre tittel;${1000 + i}`);
    const big = Buffer.concat([Buffer.from(HEADER + rows.join('\n') + '\n21/x-1;Klynge', 'utf8'), latin1('\xe6'), Buffer.from(';T;1\n', 'utf8')]);
    expect(big.length).toBeGreaterThan(4 * 1024 * 1024);
    write(dir, 'big.csv', big);
    const r = await refused(db, dir, ['big.csv']);
    expect(r.stderr).toContain(`big.csv:${80_002}: column "applicant": This line has bytes that are not UTF-8 (E6)`);
  });

  it('with --encoding windows-1252 is read as such, as asked', async () => {
    const { dir, db } = await callDb();
    write(dir, 'mixed.csv', file);
    const r = await ok(['--db', db, '--json', 'import', 'mixed.csv', '--encoding', 'windows-1252'], { cwd: dir });
    expect(JSON.parse(r.stdout)).toMatchObject({ encoding: 'windows-1252', added: 3 });
    expect((await apps(db)).find((a) => a.ref === '21/2-1')?.applicant).toBe('Klyngeø Vest');
  });

  it('a file whose high bytes never form UTF-8 is Windows-1252, and the result says so', async () => {
    const { dir, db } = await callDb();
    write(dir, 'ansi.csv', latin1(HEADER + '21/1-1;Søker Æ;Prosjekt på Ås;1000\n'));
    const r = await ok(['--db', db, 'import', 'ansi.csv'], { cwd: dir });
    expect(r.stdout).toContain('WINDOWS-1252');
    expect((await apps(db))[0]).toMatchObject({ applicant: 'Søker Æ', title: 'Prosjekt på Ås' });
  });

  it('a valid UTF-8 file read as UTF-8 by force keeps its text; forced UTF-8 on Windows-1252 names the lines', async () => {
    const { dir, db } = await callDb();
    write(dir, 'ansi.csv', latin1(HEADER + '21/1-1;Søker;P;1000\n21/2-1;Ok;P;1000\n21/3-1;Åse;P;1000\n'));
    const r = await refused(db, dir, ['ansi.csv', '--encoding', 'utf-8']);
    expect(r.stderr).toContain('ansi.csv:2: column "applicant"');
    expect(r.stderr).toContain('ansi.csv:4: column "applicant"');
    expect(r.stderr).not.toContain('ansi.csv:3:');
  });
});

describe('import: NUL bytes', () => {
  it('one NUL in a UTF-8 file is reported with its line, not taken for UTF-16', async () => {
    const { dir, db } = await callDb();
    write(dir, 'nul.csv', HEADER + '21/1-1;Søker;Prosjekt;1000\n21/2-1;Sø\0ker;Prosjekt;1000\n');
    const r = await refused(db, dir, ['nul.csv']);
    expect(r.stderr).toContain('nul.csv:3: column "applicant": This line has a NUL byte');
    expect(r.stderr).toContain("has 1 problem;");
    expect(r.stderr).not.toContain("fields but the header");
  });

  it('UTF-16 without a BOM is still recognised by its NULs', async () => {
    const { dir, db } = await callDb();
    write(dir, 'u16.txt', Buffer.from('ref\tapplicant\ttitle\trequested\r\n21/1-1\tSøker\tProsjekt\t1000\r\n', 'utf16le'));
    const r = await ok(['--db', db, '--json', 'import', 'u16.txt'], { cwd: dir });
    expect(JSON.parse(r.stdout)).toMatchObject({ encoding: 'utf-16le', added: 1 });
    expect((await apps(db))[0].applicant).toBe('Søker');
  });
});

describe('import: values no case system has', () => {
  it('a 100 000-character ref is refused with its line and the limit', async () => {
    const { dir, db } = await callDb();
    write(dir, 'long.csv', HEADER + `21/1-1;Søker;Prosjekt;1000\n${'x'.repeat(100_000)};Søker;Prosjekt;1000\n`);
    const r = await refused(db, dir, ['long.csv']);
    expect(r.stderr).toContain('long.csv:3: column "ref": is 100000 characters long; this column holds at most 100.');
    expect(r.stderr.length).toBeLessThan(2000); // the value is not repeated whole
  });

  it.each([
    ['applicant', 501, 'ref;applicant;title;requested\n21/1-1;{v};T;1000\n'],
    ['title', 501, 'ref;applicant;title;requested\n21/1-1;A;{v};1000\n'],
    ['e-mail', 255, 'ref;applicant;title;requested;E-post\n21/1-1;A;T;1000;{v}\n'],
    ['summary', 100_001, 'ref;applicant;title;requested;summary\n21/1-1;A;T;1000;{v}\n'],
  ])('a %s of %i characters is refused', async (_field, length, template) => {
    const { dir, db } = await callDb();
    const value = length === 255 ? 'a'.repeat(243) + '@example.no' + 'x' : 'y'.repeat(length);
    expect(value.length).toBe(length);
    write(dir, 'f.csv', template.replace('{v}', value));
    const r = await refused(db, dir, ['f.csv']);
    expect(r.stderr).toMatch(new RegExp(`f\\.csv:2: column "[^"]+": is ${length} characters long; this column holds at most ${length - 1}\\.`));
  });

  it('values at the limits are imported', async () => {
    const { dir, db } = await callDb();
    write(dir, 'f.csv', `ref;applicant;title;requested;summary\n${'r'.repeat(100)};${'a'.repeat(500)};${'t'.repeat(500)};1000;${'s'.repeat(100_000)}\n`);
    await ok(['--db', db, 'import', 'f.csv'], { cwd: dir });
    expect((await apps(db))[0].ref).toBe('r'.repeat(100));
  });

  it('a 10 MB field in a file without quotes is called what it is, not an unclosed quote', async () => {
    const { dir, db } = await callDb();
    write(dir, 'huge.csv', HEADER + '21/1-1;Søker;Prosjekt;1000\n21/2-1;' + 'z'.repeat(10 * 1024 * 1024) + ';T;1\n');
    const r = await refused(db, dir, ['huge.csv']);
    expect(r.stderr).toContain('huge.csv:3: This row is longer than 1 MB, and has no quotes');
    expect(r.stderr).not.toContain('never closed');
  });

  it('10 000 unknown columns give a warning naming a few and counting the rest', async () => {
    const { dir, db } = await callDb();
    const extra = Array.from({ length: 10_000 }, (_, i) => `x${i}`);
    write(dir, 'wide.csv', `${HEADER.trimEnd()};${extra.join(';')}\n21/1-1;A;T;1000;${extra.map(() => '').join(';')}v\n`);
    const r = await ok(['--db', db, 'import', 'wide.csv'], { cwd: dir });
    const warning = r.stderr.split('\n').find((l) => l.includes('Columns klynge does not know'))!;
    expect(warning).toContain('"x0", "x1"');
    expect(warning).toContain('… and 9990 more');
    expect(warning.length).toBeLessThan(400);
    expect((await apps(db))[0].extra).toEqual({ x9999: 'v' });
  });
});

describe('import: two unknown columns with the same header', () => {
  it('keeps both values, as "note" and "note (2)", and says so', async () => {
    const { dir, db } = await callDb();
    write(dir, 'dup.csv', 'ref;applicant;title;requested;note;note\n21/1-1;A;T;1000;første;andre\n');
    const r = await ok(['--db', db, 'import', 'dup.csv'], { cwd: dir });
    expect(r.stderr).toContain('The file has several columns called "note": all are kept, as "note", "note (2)".');
    const shown = await ok(['--db', db, '--json', 'applications', 'show', '21/1-1']);
    expect(JSON.parse(shown.stdout).application.extra).toEqual({ note: 'første', 'note (2)': 'andre' });
    const text = await ok(['--db', db, 'applications', 'show', '21/1-1']);
    expect(text.stdout).toMatch(/note\b.*første/);
    expect(text.stdout).toMatch(/note \(2\).*andre/);
  });
});

describe('import: text normalised to NFC', () => {
  it('a ref and applicant written decomposed (as macOS exports them) are the composed ones', async () => {
    const { dir, db } = await callDb();
    const composed = 'ÅS-21/1';
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    write(dir, 'a.csv', `${HEADER}${composed};Søker Å;Tittel;1000\n`);
    await ok(['--db', db, 'import', 'a.csv'], { cwd: dir });
    write(dir, 'b.csv', `${HEADER}${decomposed};${'Søker Å'.normalize('NFD')};Ny tittel på Ås;1000\n`);
    const r = await ok(['--db', db, '--json', 'import', 'b.csv', '--update'], { cwd: dir });
    expect(JSON.parse(r.stdout)).toMatchObject({ added: 0, updated: 1 });
    const list = await apps(db);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ ref: composed, applicant: 'Søker Å', title: 'Ny tittel på Ås'.normalize('NFC') });
    expect(list[0].title).toBe(list[0].title.normalize('NFC'));
  });
});
