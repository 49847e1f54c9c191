/**
 * The binary: `klynge demo` then `klynge letters --out brev --format docx` gives the ten
 * letters of the county's 2021 decision; each Word file opened with a zip parser holds the
 * amount, the weighted result, the reason and the three-week appeal. And the refusals.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import PizZip from 'pizzip';
import { afterAll, describe, expect, it } from 'vitest';
import { DATA, klyngeBin, tmpDir } from '../helpers/cli.js';
import { dbDigest } from '../helpers/refusal.js';
import { newDb } from '../helpers/workspace.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});
function demoDir(): { dir: string; db: string } {
  const dir = tmpDir('klynge-letters-');
  dirs.push(dir);
  const db = newDb(dir, 'demo.db');
  const r = klyngeBin(['--db', db, 'demo'], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  return { dir, db };
}
const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** The document's text, paragraph by paragraph, from word/document.xml. */
function documentText(file: string): string {
  const xml = new PizZip(fs.readFileSync(file)).file('word/document.xml')!.asText();
  return xml
    .split('</w:p>')
    .map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .filter(Boolean)
    .join('\n')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

interface Row {
  rank: number;
  ref: string;
  score: number;
  tier: string | null;
  granted: number;
  requested: number;
  status: string;
  reason: string;
}

const nbMoney = (kr: number) => `${kr.toLocaleString('nb-NO').replace(/\s/g, ' ')} kr`;
const nbScore = (x: number) => x.toFixed(2).replace('.', ',');

describe('klynge letters after klynge demo', () => {
  it('gives ten Word letters: three main-project grants, three pre-project grants, four rejections, each with its facts', () => {
    const { dir, db } = demoDir();
    const r = klyngeBin(['--db', db, '--lang', 'nb', 'letters', '--out', 'brev', '--format', 'docx', '--date', '2021-11-15'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Skrev 10 brev (docx) til brev: 2 tilsagn, 4 delvise tilsagn, 4 avslag.');
    const files = fs.readdirSync(path.join(dir, 'brev')).sort();
    expect(files).toHaveLength(10);

    const rows: Row[] = JSON.parse(klyngeBin(['--db', db, '--json', 'report', 'allocation']).stdout).applications;
    const tierOf = (t: string) => rows.filter((x) => x.tier === t && x.granted > 0);
    expect(tierOf('main')).toHaveLength(3);
    expect(tierOf('pre')).toHaveLength(3);
    expect(rows.filter((x) => x.status === 'rejected')).toHaveLength(4);

    const seen = { main: 0, pre: 0, rejected: 0 };
    for (const row of rows) {
      const file = path.join(dir, 'brev', `${row.ref.replace('/', '-')}.docx`);
      expect(files).toContain(path.basename(file));
      const text = documentText(file);
      expect(text, row.ref).toContain(`Saksnummer: ${row.ref}`);
      // the weighted result, as the reports round it
      expect(text, row.ref).toContain(`Søknaden fikk et vektet resultat på ${nbScore(row.score)} og ble rangert som nr. ${row.rank} av 10.`);
      expect(text, row.ref).toContain('Klagefristen er tre uker fra den dagen dere mottok dette brevet');
      expect(text, row.ref).toContain('forvaltningsloven §§ 28 og 29');
      expect(text, row.ref).toContain('Klagen sendes til Viken fylkeskommune');
      expect(text, row.ref).toContain('forvaltningsloven § 18');
      if (row.granted > 0) {
        seen[row.tier as 'main' | 'pre']++;
        expect(text, row.ref).toMatch(/^Vedtak om (delvis )?tilskudd$/m);
        expect(text, row.ref).toContain(`Innvilget beløp: ${nbMoney(row.granted)}`);
        expect(text, row.ref).toContain(`som ${row.tier === 'main' ? 'hovedprosjekt' : 'forprosjekt'}.`);
        // the allocation's reason sentence
        expect(text, row.ref).toContain(row.reason === 'granted' ? `Innvilget som omsøkt (${nbMoney(row.granted)})` : `Innvilget ${nbMoney(row.granted)}, som er høyeste tilskudd`);
        expect(text, row.ref).toContain('Tilsagnet må aksepteres skriftlig innen 6. desember 2021');
      } else {
        seen.rejected++;
        expect(text, row.ref).toContain('Vedtak – avslag på søknad om tilskudd');
        expect(text, row.ref).toContain(`Søkt beløp: ${nbMoney(row.requested)}`);
        expect(row.reason).toBe('below-threshold');
        expect(text, row.ref).toContain(`Vektet poengsum ${nbScore(row.score)} er under minstekravet på 2,50 for utlysningen.`);
        expect(text, row.ref).toContain('Avgjørende for vedtaket er at det vektede resultatet er');
        expect(text, row.ref).not.toContain('Vilkår for tilskuddet');
      }
      // no evaluator in a letter unless asked
      for (const name of ['Kari Nordmann', 'Ola Hansen', 'Ingrid Berg']) expect(text, row.ref).not.toContain(name);
    }
    expect(seen).toEqual({ main: 3, pre: 3, rejected: 4 });

    // written again from the same run: the same bytes
    const before = Object.fromEntries(files.map((f) => [f, sha(path.join(dir, 'brev', f))]));
    const again = klyngeBin(['--db', db, '--lang', 'nb', 'letters', '--out', 'brev', '--date', '2021-11-15', '--force'], { cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    expect(Object.fromEntries(files.map((f) => [f, sha(path.join(dir, 'brev', f))]))).toEqual(before);
    const list = JSON.parse(klyngeBin(['--db', db, '--json', 'letters', '--list']).stdout);
    expect(list.letters).toHaveLength(20);
    expect(list.letters.slice(0, 10).map((l: { sha256: string; file: string }) => [l.file, l.sha256]).sort()).toEqual(Object.entries(before).sort());
  });
});

describe('klynge letters refuses, through the binary', () => {
  /** exit code, message, database unchanged, no folder made */
  function refused(dir: string, db: string, args: string[], code: number, message: RegExp) {
    const before = dbDigest(db);
    const r = klyngeBin(['--db', db, ...args], { cwd: dir });
    expect(r.code, r.stderr).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(dbDigest(db)).toBe(before);
  }

  it('without a stored run', () => {
    const dir = tmpDir('klynge-letters-');
    dirs.push(dir);
    const db = newDb(dir);
    for (const args of [
      ['call', 'create', '--file', path.join(DATA, 'call.json')],
      ['import', path.join(DATA, 'applications.csv')],
      ['score', 'import', '--add-evaluators', path.join(DATA, 'scores.csv')],
    ])
      expect(klyngeBin(['--db', db, ...args]).code).toBe(0);
    refused(dir, db, ['letters', '--out', 'brev'], 1, /No allocation is stored for viken-2021/);
    expect(fs.existsSync(path.join(dir, 'brev'))).toBe(false);
  });

  it('a stale run, an unknown placeholder, letters that exist', () => {
    const { dir, db } = demoDir();
    expect(klyngeBin(['--db', db, 'letters', 'template', '--out', 'mal.docx'], { cwd: dir }).code).toBe(0);
    const zip = new PizZip(fs.readFileSync(path.join(dir, 'mal.docx')));
    zip.file('word/document.xml', zip.file('word/document.xml')!.asText().replace('{applicant}', '{søkerNavn}'));
    fs.writeFileSync(path.join(dir, 'egen.docx'), zip.generate({ type: 'nodebuffer' }));
    refused(dir, db, ['letters', '--out', 'brev', '--template', 'egen.docx'], 1, /The template egen\.docx has the placeholder \{søkerNavn\}, which klynge does not know/);

    expect(klyngeBin(['--db', db, 'letters', '--out', 'brev', '--format', 'html'], { cwd: dir }).code).toBe(0);
    refused(dir, db, ['letters', '--out', 'brev', '--format', 'html'], 1, /brev\/21-04117-1\.html exists already; nothing was written/);

    expect(klyngeBin(['--db', db, 'score', 'set', '21/04102-1', '--evaluator', 'Kari Nordmann', 'green=4']).code).toBe(0);
    refused(dir, db, ['letters', '--out', 'brev2'], 1, /The stored allocation of viken-2021 \(run 1\) is out of date: scores changed on 21\/04102-1/);
    expect(fs.existsSync(path.join(dir, 'brev2'))).toBe(false);
  });
});
