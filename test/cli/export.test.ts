import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { FIXTURES, klynge, klyngeOk } from '../helpers/cli.js';
import { sampleDb, workspace } from '../helpers/workspace.js';

type Row = Record<string, string>;

const MAIN = ['21/04117-1', '21/04118-1', '21/04125-1'];
const PRE = ['21/04133-1', '21/04134-1', '21/04126-1'];
const REJECTED = ['21/04130-2', '21/04121-1', '21/04102-1', '21/04140-1'];

const GIVING_HEADER = [
  'Identifier',
  'Title',
  'Description',
  'Currency',
  'Amount Applied For',
  'Amount Awarded',
  'Award Date',
  'Recipient Org:Identifier',
  'Recipient Org:Name',
  'Funding Org:Identifier',
  'Funding Org:Name',
];

const EVIL = '=HYPERLINK("http://x","y")';
const EVIL_REF = '21/09999-1';

const ok = (db: string, args: string[], opts: { cwd?: string } = {}) => klyngeOk(['--db', db, ...args], opts);

function csv(text: string): { header: string[]; rows: Row[] } {
  const records = parse(text, { bom: true }) as string[][];
  const [header, ...body] = records;
  return { header, rows: body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))) };
}

/** The sample call, scored and allocated. */
async function allocated() {
  const w = await sampleDb({ scores: true, conflicts: true });
  await ok(w.db, ['allocate']);
  return w;
}

/** Add an application whose cells are spreadsheet formulas, rejected by hand so 360giving can list it. */
async function withFormulaApplicant(w: { dir: string; db: string }) {
  const file = path.join(w.dir, 'evil.csv');
  fs.writeFileSync(
    file,
    [
      'Saksnummer;Søker;Organisasjonsnummer;Prosjektnavn;Samarbeidsklynger;Søkt beløp;Sammendrag;Innsendt;Kommentar;=Evil',
      `${EVIL_REF};"${EVIL.replace(/"/g, '""')}";923 456 783;-2+3;@SUM(A1);100 000;"+47 999 99 999\nandre linje";15.09.2021;\tfane;ok`,
      '',
    ].join('\r\n'),
  );
  await ok(w.db, ['import', file, '--update']);
  await ok(w.db, ['decide', EVIL_REF, '--reject', '--note', '=1+1']);
  await ok(w.db, ['allocate']);
}

describe('klynge export --format csv', () => {
  it('writes one row per application with amounts in kroner, means, spreads and the decision', async () => {
    const { db } = await allocated();
    const r = await ok(db, ['export', '--format', 'csv']);
    expect(r.stdout.charCodeAt(0)).not.toBe(0xfeff); // no BOM on stdout
    expect(r.stdout).toContain('\r\n');
    const { header, rows } = csv(r.stdout);
    expect(header).toEqual([
      'ref',
      'applicant',
      'org_number',
      'title',
      'summary',
      'partners',
      'requested',
      'project_budget',
      'submitted',
      'contact_name',
      'contact_email',
      'rank',
      'score',
      'green_mean',
      'green_spread',
      'digital_mean',
      'digital_spread',
      'international_mean',
      'international_spread',
      'tier',
      'granted',
      'status',
      'reason',
      'manual',
      'note',
    ]);
    expect(rows).toHaveLength(10);
    const cpc = rows.find((x) => x.ref === '21/04117-1')!;
    expect(cpc).toMatchObject({ applicant: 'Circular Packaging Cluster', org_number: '992011491', requested: '2800000', project_budget: '5600000', rank: '1', score: '4', tier: 'main', granted: '2800000', status: 'granted', manual: 'false' });
    expect(cpc.summary).toContain('\n'); // multi-line summaries survive
    const kb = rows.find((x) => x.ref === '21/04118-1')!;
    expect(kb.partners).toBe('Cluster for Applied AI | NCE Smart Energy Markets | Digital Norway');
    expect(kb).toMatchObject({ score: '3.89', green_mean: '3.33', green_spread: '1', status: 'partially granted', reason: 'capped-max-grant', granted: '3000000' });
    // Ingrid Berg's conflict: two evaluators count on Norway Health Tech
    expect(rows.find((x) => x.ref === '21/04125-1')).toMatchObject({ green_mean: '2.5', green_spread: '1' });
    expect(rows.filter((x) => x.tier === 'main' && Number(x.granted) > 0).map((x) => x.ref)).toEqual(MAIN);
    expect(rows.filter((x) => x.tier === 'pre').map((x) => [x.ref, x.granted])).toEqual(PRE.map((ref) => [ref, '200000']));
    expect(rows.filter((x) => x.status === 'rejected').map((x) => x.ref)).toEqual(REJECTED);
  });

  it('lists undecided applications too, with an empty decision', async () => {
    const { db } = await sampleDb();
    const { rows } = csv((await ok(db, ['export'])).stdout);
    expect(rows).toHaveLength(10);
    expect(rows.every((x) => x.status === 'undecided' && x.granted === '' && x.rank === '' && x.tier === '')).toBe(true);
    expect(rows.find((x) => x.ref === '21/04117-1')!.requested).toBe('2800000');
  });

  it('--out writes the file (with a BOM for Excel) and says so on stderr', async () => {
    const { dir, db } = await allocated();
    const r = await ok(db, ['export', '--format', 'csv', '--out', 'søknader.csv'], { cwd: dir });
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('Wrote 10 row(s) as csv to søknader.csv.\n');
    const file = path.join(dir, 'søknader.csv');
    const bytes = fs.readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv(bytes.toString('utf8')).rows).toHaveLength(10);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('keeps unknown import columns as extra columns, named as in the source', async () => {
    const w = await allocated();
    await withFormulaApplicant(w);
    const { header } = csv((await ok(w.db, ['export'])).stdout);
    expect(header.slice(-2)).toEqual(['Kommentar', "'=Evil"]);
  });
});

describe('klynge export --format json', () => {
  it('has the call, tier totals, and every application with its scores, conflicts and decision', async () => {
    const { db } = await allocated();
    const doc = JSON.parse((await ok(db, ['export', '--format', 'json'])).stdout);
    expect(doc.call.slug).toBe('viken-2021');
    expect(doc.call.funder).toEqual({ name: 'Viken fylkeskommune', identifier: 'NO-BRC-921693230' });
    expect(doc.tiers).toEqual([
      { key: 'main', budget: 8000000, granted: 7900000, left: 100000, funded: 3 },
      { key: 'pre', budget: 600000, granted: 600000, left: 0, funded: 3 },
    ]);
    expect(doc.requested).toBe(43000000);
    expect(doc.granted).toBe(8500000);
    expect(doc.applications).toHaveLength(10);
    const nht = doc.applications.find((a: { ref: string }) => a.ref === '21/04125-1');
    expect(nht).toMatchObject({ applicant: 'Norway Health Tech', orgNumber: '959138354', requested: 2100000, projectBudget: 3500000, rank: 3, score: 3.75 });
    expect(nht.partners).toEqual(['Oslo Cancer Cluster', 'The Life Science Cluster', 'Norway Smart Care Cluster']);
    expect(nht.criteria.green).toEqual({ mean: 2.5, spread: 1, n: 2, na: 0 });
    expect(nht.conflicts).toEqual([{ evaluator: 'Ingrid Berg', reason: 'Styremedlem i Oslo Cancer Cluster' }]);
    expect(nht.decision).toMatchObject({ status: 'granted', tier: 'main', granted: 2100000, reason: 'granted', manual: false, note: null });
    expect(nht.decision.decidedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const s = nht.scores[0];
    expect(Object.keys(s).sort()).toEqual(['comment', 'counted', 'criterion', 'evaluator', 'value']);
    expect(nht.scores.filter((x: { counted: boolean }) => x.counted).every((x: { evaluator: string }) => x.evaluator !== 'Ingrid Berg')).toBe(true);
    const all = doc.applications.flatMap((a: { scores: { value: number | null; comment: string }[] }) => a.scores);
    expect(all.length).toBeGreaterThan(0);
    expect(all.some((x: { comment: string }) => x.comment.length > 0)).toBe(true);
  });

  it('the global --json means --format json; decisions are null before allocation', async () => {
    const { db } = await sampleDb();
    const doc = JSON.parse((await ok(db, ['--json', 'export'])).stdout);
    expect(doc.applications.map((a: { decision: unknown }) => a.decision)).toEqual(Array(10).fill(null));
    const clash = await klynge(['--db', db, '--json', 'export', '--format', 'csv']);
    expect(clash.code).toBe(2);
  });

  it('--json with --out writes the file and prints where on stdout', async () => {
    const { dir, db } = await allocated();
    const r = await ok(db, ['--json', 'export', '--out', 'all.json'], { cwd: dir });
    expect(JSON.parse(r.stdout)).toEqual({ format: 'json', out: path.join(dir, 'all.json'), count: 10 });
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'all.json'), 'utf8')).applications).toHaveLength(10);
  });
});

describe('klynge export --format 360giving', () => {
  it('lists the six grants in the standard\'s columns', async () => {
    const { db } = await allocated();
    const r = await ok(db, ['export', '--format', '360giving']);
    const { header, rows } = csv(r.stdout);
    expect(header).toEqual(GIVING_HEADER);
    // the ref's `/` made safe for the URLs identifiers go in (issue 13)
    expect(rows.map((x) => x['Identifier'])).toEqual([...MAIN, ...PRE].map((ref) => `NO-BRC-921693230-viken-2021-${ref.replace('/', '-')}`));
    expect(rows[0]).toMatchObject({
      Title: 'Emballasje og bygg – sirkulær ressursutnyttelse og emballering av trematerialer i bygg',
      Currency: 'NOK',
      'Amount Applied For': '2800000',
      'Amount Awarded': '2800000',
      'Recipient Org:Identifier': 'NO-BRC-992011491',
      'Recipient Org:Name': 'Circular Packaging Cluster',
      'Funding Org:Identifier': 'NO-BRC-921693230',
      'Funding Org:Name': 'Viken fylkeskommune',
    });
    expect(rows[0]['Description']).toMatch(/^Emballasje- og treindustrien/);
    expect(rows[1]).toMatchObject({ 'Amount Applied For': '4500000', 'Amount Awarded': '3000000' });
    for (const x of rows) {
      expect(x['Award Date']).toMatch(/^\d{4}-\d\d-\d\d$/);
      expect(x['Recipient Org:Identifier']).toMatch(/^NO-BRC-\d{9}$/);
    }
  });

  it('--include-rejected adds the four rejections with 0 awarded; --id-prefix sets the identifier', async () => {
    const { db } = await allocated();
    const { rows } = csv((await ok(db, ['export', '--format', '360giving', '--include-rejected', '--id-prefix', '360G-viken-'])).stdout);
    expect(rows).toHaveLength(10);
    expect(rows.filter((x) => x['Amount Awarded'] === '0').map((x) => x['Identifier'])).toEqual(REJECTED.map((ref) => `360G-viken-2021-${ref.replace('/', '-')}`));
  });

  it('a call without a funder: the default prefix, empty Funding Org, criteria columns of that call', async () => {
    const w = workspace();
    await ok(w.db, ['call', 'create', '--file', path.join(FIXTURES, 'calls', 'four-criteria.json')]);
    const file = path.join(w.dir, 'one.csv');
    fs.writeFileSync(file, 'ref,applicant,title,requested\r\nA-1,Eksempelklyngen,Et prosjekt,"150 000"\r\n');
    await ok(w.db, ['import', file]);
    await ok(w.db, ['decide', 'A-1', '--grant', '100000', '--tier', 'pre']);
    const { rows } = csv((await ok(w.db, ['export', '--format', '360giving'])).stdout);
    expect(rows).toEqual([
      expect.objectContaining({
        Identifier: '360G-klynge-fire-kriterier-2025-A-1',
        'Amount Applied For': '150000',
        'Amount Awarded': '100000',
        'Recipient Org:Identifier': '',
        'Funding Org:Identifier': '',
        'Funding Org:Name': '',
      }),
    ]);
    const { header } = csv((await ok(w.db, ['export'])).stdout);
    expect(header.filter((h) => /_(mean|spread)$/.test(h))).toEqual(['green_mean', 'green_spread', 'digital_mean', 'digital_spread', 'international_mean', 'international_spread', 'impact_mean', 'impact_spread']);
  });

  it('is refused before an allocation is stored', async () => {
    const { db } = await sampleDb({ scores: true });
    const r = await klynge(['--db', db, 'export', '--format', '360giving']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('klynge allocate');
    expect(r.stdout).toBe('');
  });
});

describe('klynge export: usage', () => {
  it('an unknown format or a 360giving-only option elsewhere is a usage error (exit 2)', async () => {
    const { db } = await sampleDb();
    const bad = await klynge(['--db', db, 'export', '--format', 'xlsx']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Unknown export format "xlsx": choose one of csv, json, 360giving, state-aid.');
    expect((await klynge(['--db', db, 'export', '--format', 'csv', '--include-rejected'])).code).toBe(2);
    expect((await klynge(['--db', db, 'export', '--id-prefix', 'x-'])).code).toBe(2);
  });

  it('a missing folder for --out is a clear error and writes nothing', async () => {
    const { dir, db } = await allocated();
    const r = await klynge(['--db', db, 'export', '--out', 'nope/x.csv'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
  });

  it('has help with examples in nb and en', async () => {
    const en = await klynge(['export', '--help']);
    expect(en.stdout).toContain('--include-rejected');
    expect(en.stdout).toContain('$ klynge export --format csv --out søknader.csv');
    const nb = await klynge(['export', '--help'], { env: { KLYNGE_LANG: 'nb' } });
    expect(nb.stdout).toContain('Eksempler:');
    expect(nb.stdout).toContain('eksporter alle søknader');
  });
});

describe('CSV injection', () => {
  it(`an applicant named ${EVIL} comes out neutralised in every CSV export`, async () => {
    const w = await allocated();
    await withFormulaApplicant(w);

    const all = await ok(w.db, ['export', '--format', 'csv']);
    const row = csv(all.stdout).rows.find((x) => x.ref === EVIL_REF)!;
    expect(row.applicant).toBe(`'${EVIL}`);
    expect(row.title).toBe("'-2+3");
    expect(row.partners).toBe("'@SUM(A1)");
    expect(row.summary).toBe("'+47 999 99 999\nandre linje");
    expect(row.note).toBe("'=1+1");
    expect(row['Kommentar']).toBe("'\tfane");
    expect(row.status).toBe('rejected');
    // no cell anywhere in the file starts a formula
    for (const rec of parse(all.stdout) as string[][]) for (const cell of rec) expect(cell).not.toMatch(/^[=+\-@\t\r]/);

    const giving = await ok(w.db, ['export', '--format', '360giving', '--include-rejected']);
    const g = csv(giving.stdout).rows.find((x) => x['Identifier'].endsWith(EVIL_REF.replace('/', '-')))!;
    expect(g['Recipient Org:Name']).toBe(`'${EVIL}`);
    expect(g['Title']).toBe("'-2+3");
    expect(g['Recipient Org:Identifier']).toBe('NO-BRC-923456783');
    for (const rec of parse(giving.stdout) as string[][]) for (const cell of rec) expect(cell).not.toMatch(/^[=+\-@\t\r]/);

    // the JSON export is data, not a spreadsheet: the name stays as given
    const doc = JSON.parse((await ok(w.db, ['export', '--format', 'json'])).stdout);
    expect(doc.applications.find((a: { ref: string }) => a.ref === EVIL_REF).applicant).toBe(EVIL);
  });
});
