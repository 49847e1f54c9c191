/** `klynge letters`: letters from the stored run, their record, and every refusal (exit code, message, database unchanged). */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import PizZip from 'pizzip';
import { describe, expect, it } from 'vitest';
import { docxText } from '../../src/io/docx.js';
import { DATA, klynge, klyngeOk } from '../helpers/cli.js';
import { sampleDb } from '../helpers/workspace.js';

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const DATE = '2021-11-15';

async function allocated() {
  const w = await sampleDb({ scores: true, conflicts: true });
  await klyngeOk(['--db', w.db, 'allocate']);
  return w;
}

/** A refusal: the exit code, the message, and the database file as it was. */
async function refused(db: string, args: string[], code: number, message: RegExp, opts: Parameters<typeof klynge>[1] = {}) {
  const before = sha(db);
  const r = await klynge(['--db', db, ...args], opts);
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(sha(db)).toBe(before);
  return r;
}

describe('klynge letters', () => {
  it('writes a Markdown letter per decided application, byte-identical on a second run, 0600, and records each', async () => {
    const { dir, db } = await allocated();
    const r = await klyngeOk(['--db', db, '--lang', 'nb', 'letters', '--out', 'brev', '--format', 'md', '--date', DATE], { cwd: dir });
    expect(r.stderr).toMatch(/Skrev 10 brev \(md\) til brev: 2 tilsagn, 4 delvise tilsagn, 4 avslag\./);
    const out = path.join(dir, 'brev');
    const files = fs.readdirSync(out).sort();
    expect(files).toHaveLength(10);
    expect(files).toContain('21-04130-2.md');
    for (const f of files) expect(fs.statSync(path.join(out, f)).mode & 0o777).toBe(0o600);
    const first = Object.fromEntries(files.map((f) => [f, sha(path.join(out, f))]));

    const rejection = fs.readFileSync(path.join(out, '21-04130-2.md'), 'utf8');
    expect(rejection).toContain('# Vedtak – avslag på søknad om tilskudd');
    expect(rejection).toContain('Saksnummer: 21/04130-2');
    expect(rejection).toContain('| Grønn omstilling | 1 | 2,67 | – |');
    expect(rejection).toContain('| **Vektet resultat** | | **2,33** | 2,50 |');
    expect(rejection).toContain('Vektet poengsum 2,33 er under minstekravet på 2,50 for utlysningen.'); // the allocation's own reason sentence
    expect(rejection).toContain('det vektede resultatet er 0,17 poeng under minstekravet på 2,50');
    expect(rejection).toContain('Klagefristen er tre uker fra den dagen dere mottok dette brevet');
    expect(rejection).toContain('siste frist 6. desember 2021');
    expect(rejection).toContain('forvaltningsloven § 18');
    expect(rejection).not.toContain('Vilkår for tilskuddet');
    // no evaluator's name or comment without --with-comments
    for (const name of ['Kari Nordmann', 'Ola Hansen', 'Ingrid Berg']) expect(rejection).not.toContain(name);

    const partial = fs.readFileSync(path.join(out, '21-04118-1.md'), 'utf8');
    expect(partial).toContain('innvilger Kongsbergklyngen AS et tilskudd på 3 000 000 kr');
    expect(partial).toContain('Dere søkte om 4 500 000 kr');
    expect(partial).toContain('utlysningen gir høyst 3 000 000 kr til et hovedprosjekt');
    expect(partial).toContain('Tilsagnet må aksepteres skriftlig innen 6. desember 2021');

    // the same run and date again: the same bytes (with --force, since they exist)
    await klyngeOk(['--db', db, '--lang', 'nb', 'letters', '--out', 'brev', '--format', 'md', '--date', DATE, '--force'], { cwd: dir });
    expect(Object.fromEntries(files.map((f) => [f, sha(path.join(out, f))]))).toEqual(first);

    const list = JSON.parse((await klyngeOk(['--db', db, '--json', 'letters', '--list'])).stdout);
    expect(list.letters).toHaveLength(20);
    expect(list.letters[0]).toMatchObject({ ref: '21/04117-1', kind: 'grant', run: 1, format: 'md', file: '21-04117-1.md', date: DATE, actor: 'tester', sha256: first['21-04117-1.md'] });
    const text = await klyngeOk(['--db', db, 'letters', '--list']);
    expect(text.stdout).toMatch(/21\/04130-2\trejection\t1\t21-04130-2\.md\t2021-11-15/);
    const log = JSON.parse((await klyngeOk(['--db', db, '--json', 'log', '21/04130-2'])).stdout);
    expect(log.entries.filter((e: { action: string }) => e.action === 'letter')).toHaveLength(2);
    expect(log.entries.at(-1)).toMatchObject({ action: 'letter', details: { kind: 'rejection', run: 1, file: '21-04130-2.md', format: 'md', date: DATE } });
  });

  it('writes HTML, one letter and --ref, in English', async () => {
    const { dir, db } = await allocated();
    const r = await klyngeOk(['--db', db, '--json', 'letters', '--out', 'brev', '--format', 'html', '--ref', '21/04125-1', '--date', DATE], { cwd: dir });
    expect(JSON.parse(r.stdout)).toMatchObject({ format: 'html', letters: [{ ref: '21/04125-1', kind: 'grant', file: '21-04125-1.html' }], pending: 0 });
    const html = fs.readFileSync(path.join(dir, 'brev', '21-04125-1.html'), 'utf8');
    expect(html).toContain('<h1>Decision: grant awarded</h1>');
    expect(html).toContain('@page { size: A4;');
    expect(html).toContain('NOK 2,100,000');
    expect(fs.readdirSync(path.join(dir, 'brev'))).toEqual(['21-04125-1.html']);
  });

  it('a reserve letter gives the place on the list and the funding line; --with-comments adds the evaluators', async () => {
    const { dir, db } = await sampleDb({ scores: true, conflicts: true });
    // a smaller pre-project budget: one pre-project grant, the next two qualified ones wait
    await klyngeOk(['--db', db, 'allocate', '--tier-budget', 'pre=200000', '--commit']);
    await klyngeOk(['--db', db, '--lang', 'nb', 'letters', '--out', 'brev', '--format', 'md', '--date', DATE, '--with-comments'], { cwd: dir });
    const first = fs.readFileSync(path.join(dir, 'brev', '21-04134-1.md'), 'utf8');
    expect(first).toContain('# Vedtak – søknaden er satt på reserveliste');
    expect(first).toContain('står som nr. 1 på reservelisten');
    expect(first).toContain('Søknaden ble rangert som nr. 5. Rammen rakk til og med søknad nr. 4, som hadde et vektet resultat på 3,33');
    expect(first).toContain('## Reservelisten');
    expect(first).toContain('## Vurderernes merknader');
    expect(first).toMatch(/- (Kari Nordmann|Ola Hansen|Ingrid Berg) om /);
    expect(fs.readFileSync(path.join(dir, 'brev', '21-04126-1.md'), 'utf8')).toContain('står som nr. 2 på reservelisten');
    const list = JSON.parse((await klyngeOk(['--db', db, '--json', 'letters', '--list'])).stdout);
    expect(list.letters.filter((l: { kind: string }) => l.kind === 'reserve').map((l: { ref: string }) => l.ref)).toEqual(['21/04134-1', '21/04126-1']);
  });

  it('an application found ineligible at the formal check gets a dismissal with the reason given', async () => {
    const { dir, db } = await allocated();
    await klyngeOk(['--db', db, 'applications', 'ineligible', '21/04140-1', '--reason', 'Søkeren er ikke en klyngeorganisasjon']);
    // the stored run no longer follows from the data until it is allocated again
    expect((await klynge(['--db', db, 'letters', '--out', 'brev', '--format', 'md', '--date', DATE], { cwd: dir })).code).toBe(1);
    await klyngeOk(['--db', db, 'allocate']);
    await klyngeOk(['--db', db, '--lang', 'nb', 'letters', '--out', 'brev', '--format', 'md', '--date', DATE], { cwd: dir });
    const md = fs.readFileSync(path.join(dir, 'brev', '21-04140-1.md'), 'utf8');
    expect(md).toContain('# Vedtak – søknaden avvises');
    expect(md).toContain('avviser søknaden fra Drammensfjorden Maritime Klynge (fiktiv)');
    expect(md).toContain('Ved den formelle kontrollen ble det funnet at søknaden ikke oppfyller kravene i utlysningen.');
    expect(md).toContain('Ved den formelle kontrollen ble dette lagt til grunn: Søkeren er ikke en klyngeorganisasjon.');
    expect(md).toContain('Klagefristen er tre uker');
    // not assessed, so none of an assessment: no criteria table, weighted result, thresholds or rank
    const assessed = fs.readFileSync(path.join(dir, 'brev', '21-04117-1.md'), 'utf8');
    for (const part of ['| Kriterium |', 'Vektet resultat', 'For å få tilskudd må en søknad', 'ble rangert som nr.']) {
      expect(assessed, part).toContain(part);
      expect(md, part).not.toContain(part);
    }
    const list = JSON.parse((await klyngeOk(['--db', db, '--json', 'letters', '--list'])).stdout).letters as { ref: string; kind: string }[];
    expect(list.filter((l) => l.kind === 'ineligible').map((l) => l.ref)).toEqual(['21/04140-1']);
    expect(list).toHaveLength(10);
    // a withdrawn application withdrew itself: no letter
    await klyngeOk(['--db', db, 'applications', 'withdraw', '21/04102-1', '--note', 'Trukket av søker']);
    await klyngeOk(['--db', db, 'allocate']);
    await klyngeOk(['--db', db, 'letters', '--out', 'brev2', '--format', 'md', '--date', DATE], { cwd: dir });
    expect(fs.existsSync(path.join(dir, 'brev2', '21-04102-1.md'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'brev2', '21-04140-1.md'))).toBe(true);
    // the Word and HTML letters leave it out alike
    await klyngeOk(['--db', db, '--lang', 'nb', 'letters', '--out', 'brev-html', '--format', 'html', '--date', DATE, '--ref', '21/04140-1'], { cwd: dir });
    const html = fs.readFileSync(path.join(dir, 'brev-html', '21-04140-1.html'), 'utf8');
    expect(html).not.toContain('<table>');
    expect(html).toContain('lagt til grunn: Søkeren er ikke en klyngeorganisasjon.');
    await klyngeOk(['--db', db, '--lang', 'nb', 'letters', '--out', 'brev-docx', '--date', DATE, '--ref', '21/04140-1'], { cwd: dir });
    const docx = await docxText(fs.readFileSync(path.join(dir, 'brev-docx', '21-04140-1.docx')));
    expect(docx).toContain('lagt til grunn: Søkeren er ikke en klyngeorganisasjon.');
    expect(docx).not.toContain('Vektet resultat');
    // while an assessed application's letters have them
    await klyngeOk(['--db', db, '--lang', 'nb', 'letters', '--out', 'brev-html', '--format', 'html', '--date', DATE, '--ref', '21/04117-1'], { cwd: dir });
    expect(fs.readFileSync(path.join(dir, 'brev-html', '21-04117-1.html'), 'utf8')).toContain('<table>');
    await klyngeOk(['--db', db, '--lang', 'nb', 'letters', '--out', 'brev-docx', '--date', DATE, '--ref', '21/04117-1'], { cwd: dir });
    expect(await docxText(fs.readFileSync(path.join(dir, 'brev-docx', '21-04117-1.docx')))).toContain('Vektet resultat');
  });

  it('a decision made by hand gives the caseworker\'s note as the deciding fact', async () => {
    const { dir, db } = await sampleDb({ scores: true, conflicts: true });
    await klyngeOk(['--db', db, 'decide', '21/04121-1', '--reject', '--note', 'Prosjektet er ikke et samarbeid mellom klynger']);
    await klyngeOk(['--db', db, 'allocate']);
    await klyngeOk(['--db', db, '--lang', 'nb', 'letters', '--out', 'brev', '--format', 'md', '--ref', '21/04121-1', '--date', DATE], { cwd: dir });
    const md = fs.readFileSync(path.join(dir, 'brev', '21-04121-1.md'), 'utf8');
    expect(md).toContain('# Vedtak – avslag på søknad om tilskudd');
    expect(md).not.toContain('låst'); // the tool's word for a manual decision, not the applicant's
    expect(md).toContain('Vedtaket er fattet etter en særskilt vurdering av saksbehandler: Prosjektet er ikke et samarbeid mellom klynger');
  });

  it('writes a CSV merge file: one row per applicant, every field, formulas neutralised', async () => {
    const { dir, db } = await sampleDb({ scores: true, conflicts: true });
    // an applicant whose name a spreadsheet would run as a formula
    const csv = fs.readFileSync(path.join(DATA, 'applications.csv'), 'utf8').replace('Follo Matklynge (fiktiv)', '=1+2').replace('Hallingdal Reiselivsklynge (fiktiv)', '<script>alert(1)</script> *Hallingdal* \x1b[2J');
    fs.writeFileSync(path.join(dir, 'v2.csv'), csv);
    await klyngeOk(['--db', db, 'import', path.join(dir, 'v2.csv'), '--update']);
    await klyngeOk(['--db', db, 'allocate']);
    await klyngeOk(['--db', db, 'letters', '--out', 'flett', '--format', 'csv', '--date', DATE], { cwd: dir });
    const text = fs.readFileSync(path.join(dir, 'flett', 'letters.csv'), 'utf8');
    const lines = text.replace(/^\ufeff/, '').trimEnd().split('\r\n');
    expect(lines).toHaveLength(11);
    const header = lines[0].split(',');
    for (const f of ['ref', 'kind', 'funder', 'applicant', 'requested', 'granted', 'weightedResult', 'reason', 'decidingFact', 'appeal', 'appealDeadline', 'isGrant', 'mean_green', 'weight_digital', 'min_international']) expect(header).toContain(f);
    expect(text).toContain(`,'=1+2,`);
    expect(text).not.toMatch(/(^|,)=1\+2/m);
    const list = JSON.parse((await klyngeOk(['--db', db, '--json', 'letters', '--list'])).stdout);
    expect(list.letters).toHaveLength(10);
    expect(new Set(list.letters.map((l: { file: string }) => l.file))).toEqual(new Set(['letters.csv']));
    // user text is text in every format: escaped for html and md, never a terminal escape
    await klyngeOk(['--db', db, 'letters', '--out', 'h', '--format', 'html', '--ref', '21/04121-1', '--date', DATE], { cwd: dir });
    const html = fs.readFileSync(path.join(dir, 'h', '21-04121-1.html'), 'utf8');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; *Hallingdal*');
    expect(html).not.toContain('<script>');
    await klyngeOk(['--db', db, 'letters', '--out', 'm', '--format', 'md', '--ref', '21/04121-1', '--date', DATE], { cwd: dir });
    const md = fs.readFileSync(path.join(dir, 'm', '21-04121-1.md'), 'utf8');
    expect(md).toContain('\\<script\\>alert(1)\\</script\\> \\*Hallingdal\\*');
    for (const text of [html, md]) expect(text).not.toContain('\x1b');
  });

  it('writes the Word template, and fills it: the same letter twice is the same bytes', async () => {
    const { dir, db } = await allocated();
    await klyngeOk(['--db', db, 'letters', 'template', '--out', 'mal.docx'], { cwd: dir });
    const tags = new PizZip(fs.readFileSync(path.join(dir, 'mal.docx'))).file('word/document.xml')!.asText();
    expect(tags).toContain('{decision}');
    expect(tags).toContain('{#criteria}');
    await klyngeOk(['--db', db, 'letters', '--out', 'a', '--template', 'mal.docx', '--date', DATE], { cwd: dir });
    await klyngeOk(['--db', db, 'letters', '--out', 'b', '--date', DATE], { cwd: dir });
    for (const f of fs.readdirSync(path.join(dir, 'a'))) expect(sha(path.join(dir, 'b', f)), f).toBe(sha(path.join(dir, 'a', f)));
    const text = docxText(fs.readFileSync(path.join(dir, 'a', '21-04117-1.docx')));
    expect(text).toContain('Viken fylkeskommune awards Circular Packaging Cluster a grant of NOK 2,800,000');
    // the template is not replaced without --force
    await refused(db, ['letters', 'template', '--out', 'mal.docx'], 1, /mal\.docx.*exists/, { cwd: dir });
  });
});

describe('klynge letters refuses', () => {
  it('without a stored run', async () => {
    const { dir, db } = await sampleDb({ scores: true });
    await refused(db, ['letters', '--out', 'brev'], 1, /No allocation is stored for viken-2021.*Run "klynge allocate" first/, { cwd: dir });
    expect(fs.existsSync(path.join(dir, 'brev'))).toBe(false);
  });

  it('a stale run, naming what changed', async () => {
    const { dir, db } = await allocated();
    await klyngeOk(['--db', db, 'score', 'set', '21/04140-1', '--evaluator', 'Ola Hansen', 'green=5']);
    const r = await refused(db, ['letters', '--out', 'brev'], 1, /The stored allocation of viken-2021 \(run 1\) is out of date: scores changed on 21\/04140-1\..*Run "klynge allocate" again/, { cwd: dir });
    expect(r.stdout).toBe('');
    expect(fs.existsSync(path.join(dir, 'brev'))).toBe(false);
    await klyngeOk(['--db', db, 'allocate']);
    await klyngeOk(['--db', db, 'letters', '--out', 'brev'], { cwd: dir });
  });

  it('letters that exist already, without --force: nothing is written', async () => {
    const { dir, db } = await allocated();
    fs.mkdirSync(path.join(dir, 'brev'));
    fs.writeFileSync(path.join(dir, 'brev', '21-04140-1.md'), 'mine');
    await refused(db, ['letters', '--out', 'brev', '--format', 'md'], 1, /brev\/21-04140-1\.md exists already; nothing was written\. Add --force/, { cwd: dir });
    expect(fs.readdirSync(path.join(dir, 'brev'))).toEqual(['21-04140-1.md']);
    expect(fs.readFileSync(path.join(dir, 'brev', '21-04140-1.md'), 'utf8')).toBe('mine');
  });

  it('a template with a placeholder klynge does not know, naming it', async () => {
    const { dir, db } = await allocated();
    await klyngeOk(['--db', db, 'letters', 'template', '--out', 'mal.docx'], { cwd: dir });
    const zip = new PizZip(fs.readFileSync(path.join(dir, 'mal.docx')));
    zip.file('word/document.xml', zip.file('word/document.xml')!.asText().replace('{closing}', '{hilsen}'));
    fs.writeFileSync(path.join(dir, 'egen.docx'), zip.generate({ type: 'nodebuffer' }));
    await refused(db, ['letters', '--out', 'brev', '--template', 'egen.docx'], 1, /The template egen\.docx has the placeholder \{hilsen\}, which klynge does not know\. Nothing was written/, { cwd: dir });
    // a loop's field outside its loop
    zip.file('word/document.xml', zip.file('word/document.xml')!.asText().replace('{hilsen}', '{mean}'));
    fs.writeFileSync(path.join(dir, 'egen.docx'), zip.generate({ type: 'nodebuffer' }));
    await refused(db, ['letters', '--out', 'brev', '--template', 'egen.docx'], 1, /placeholder \{mean\}/, { cwd: dir });
    fs.writeFileSync(path.join(dir, 'tull.docx'), 'not a zip');
    await refused(db, ['letters', '--out', 'brev', '--template', 'tull.docx'], 1, /The template tull\.docx is not a Word document/, { cwd: dir });
    expect(fs.existsSync(path.join(dir, 'brev'))).toBe(false);
  });

  it('usage errors: no --out, --list with other options, --template with md, a bad date, an --out that is a file', async () => {
    const { dir, db } = await allocated();
    await refused(db, ['letters'], 2, /Say where the letters go with --out FOLDER/, { cwd: dir });
    await refused(db, ['letters', '--list', '--out', 'x'], 2, /--list shows the letters written so far: leave out --out/, { cwd: dir });
    await refused(db, ['letters', '--out', 'x', '--format', 'md', '--template', 'mal.docx'], 2, /--template is a Word template: it only applies to --format docx/, { cwd: dir });
    await refused(db, ['letters', '--out', 'x', '--date', '15.11.2021'], 2, /--date "15\.11\.2021" is not a date: write it as YYYY-MM-DD/, { cwd: dir });
    await refused(db, ['letters', '--out', 'x', '--format', 'pdf'], 2, /pdf/, { cwd: dir });
    fs.writeFileSync(path.join(dir, 'fil'), '');
    await refused(db, ['letters', '--out', 'fil'], 1, /--out fil is a file: give a folder/, { cwd: dir });
    await refused(db, ['letters', '--out', 'x', '--ref', '21/99999-9'], 1, /21\/99999-9/, { cwd: dir });
    expect(fs.existsSync(path.join(dir, 'x'))).toBe(false);
  });

  it("a call's acceptBy and reporting conditions go into the grant letters, and the offer's deadline is the letter's", async () => {
    const { dir, db } = await sampleDb({ scores: true });
    const call = JSON.parse(fs.readFileSync(path.join(DATA, 'call.json'), 'utf8')) as Record<string, unknown>;
    const file = path.join(dir, 'call-conditions.json');
    fs.writeFileSync(file, JSON.stringify({ ...call, acceptBy: '2021-12-20', reporting: [{ due: '2023-03-31', what: { nb: 'Sluttrapport med revidert regnskap', en: 'Final report with audited accounts' } }, { due: '2022-06-30', what: { nb: 'Statusrapport', en: 'Progress report' } }] }));
    await klyngeOk(['--db', db, 'call', 'update', '--file', file]);
    const shown = (JSON.parse((await klyngeOk(['--db', db, '--json', 'call', 'show'])).stdout) as { call: { acceptBy: string; reporting: { due: string }[] } }).call;
    expect(shown.acceptBy).toBe('2021-12-20');
    expect(shown.reporting.map((x) => x.due)).toEqual(['2022-06-30', '2023-03-31']); // in date order
    // allocated (and so offered) on 10 November 2021
    await klyngeOk(['--db', db, 'allocate'], { now: () => new Date('2021-11-10T09:00:00Z') });
    await klyngeOk(['--db', db, '--lang', 'nb', 'letters', '--out', 'brev', '--format', 'md', '--date', DATE], { cwd: dir });
    const grant = fs.readFileSync(path.join(dir, 'brev', '21-04117-1.md'), 'utf8');
    expect(grant).toContain('Tilsagnet må aksepteres skriftlig innen 20. desember 2021.');
    expect(grant).toContain('Dere skal rapportere til Viken fylkeskommune slik: Statusrapport innen 30. juni 2022; Sluttrapport med revidert regnskap innen 31. mars 2023.');
    const rejection = fs.readFileSync(path.join(dir, 'brev', '21-04130-2.md'), 'utf8');
    expect(rejection).not.toContain('rapportere');
    // the offer's deadline is the one the letter gave; past it, an open offer is expired
    const offers = JSON.parse((await klyngeOk(['--db', db, '--json', 'offer', 'list'])).stdout) as { offers: { ref: string; deadline: string; state: string }[] };
    expect(offers.offers.find((o) => o.ref === '21/04117-1')).toMatchObject({ deadline: '2021-12-20', state: 'expired' });
    // a letter dated after the call's acceptBy gives three weeks from its own date instead
    await klyngeOk(['--db', db, 'letters', '--out', 'brev2', '--format', 'md', '--date', '2021-12-21', '--ref', '21/04117-1'], { cwd: dir });
    expect(fs.readFileSync(path.join(dir, 'brev2', '21-04117-1.md'), 'utf8')).toContain('Accept the grant in writing by 11 January 2022');
  });
});

describe('letters dated before the offer was made', () => {
  it('still give the offer its deadline: the day a letter was written counts, not the date it carries', async () => {
    const { dir, db } = await sampleDb({ scores: true, conflicts: true });
    await klyngeOk(['--db', db, 'allocate']);
    await klyngeOk(['--db', db, 'letters', '--out', path.join(dir, 'brev'), '--format', 'md', '--date', '2021-11-15']);
    const offers = JSON.parse((await klyngeOk(['--db', db, '--json', 'offer', 'list'])).stdout) as { offers: { ref: string; deadline: string | null; state: string }[] };
    // three weeks after the letter's date: the offer was made today, after the date the letter carries
    expect(offers.offers.find((o) => o.ref === '21/04117-1')).toMatchObject({ deadline: '2021-12-06', state: 'expired' });
    const text = (await klyngeOk(['--db', db, 'offer', 'list'])).stdout;
    expect(text).not.toMatch(/Accept by –/);
  });
});

describe('letters refused on a stale run', () => {
  it('name an offer answered since the run as the change', async () => {
    const { dir, db } = await sampleDb({ scores: true, conflicts: true });
    await klyngeOk(['--db', db, 'allocate']);
    await klyngeOk(['--db', db, 'offer', 'decline', '21/04118-1']);
    const r = await klynge(['--db', db, 'letters', '--out', path.join(dir, 'brev'), '--format', 'md']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is out of date: offers were answered on 21/04118-1.');
  });
});

describe('letters written again', () => {
  it('warn that a letter sent again starts its appeal period again, and point to --ref', async () => {
    const { dir, db } = await sampleDb({ scores: true, conflicts: true });
    await klyngeOk(['--db', db, 'allocate']);
    const first = await klyngeOk(['--db', db, 'letters', '--out', path.join(dir, 'brev'), '--format', 'md']);
    expect(first.stderr).not.toContain('warning');
    await klyngeOk(['--db', db, 'offer', 'decline', '21/04118-1']);
    await klyngeOk(['--db', db, 'allocate']);
    const again = await klyngeOk(['--db', db, 'letters', '--out', path.join(dir, 'brev2'), '--format', 'md']);
    expect(again.stderr).toMatch(/warning: \d+ of these applicants have had a letter of the same kind before \(21\/04117-1, .* and \d+ more\)\. A letter sent again starts its appeal period again from the new date; to write only the letters whose decision changed, give --ref REF for each\.\n/);
    // one letter by --ref: no warning
    const one = await klyngeOk(['--db', db, 'letters', '--out', path.join(dir, 'brev3'), '--format', 'md', '--ref', '21/04126-1']);
    expect(one.stderr).not.toContain('warning');
  });
});
