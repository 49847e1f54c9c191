/**
 * The de minimis ceiling end to end on the bundled sample: the 2021 call and the fictional
 * 2022 de minimis call in one database, the aid extract imported, and the decisions exact.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA, klyngeBin, tmpDir } from '../helpers/cli.js';
import { ON_PG, psqlSync } from '../helpers/pg.js';
import { dbDigest } from '../helpers/refusal.js';
import { newDb } from '../helpers/workspace.js';

const dir = tmpDir('klynge-stateaid-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** A database with both yearly calls: the 2021 demo, then the 2022 call with its applications, scores and the aid extract. */
function twoCalls(): string {
  const db = newDb(dir, `k${n++}.db`);
  const ok = (...args: string[]) => {
    const r = klyngeBin(['--db', db, ...args]);
    if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
    return r;
  };
  ok('demo');
  ok('call', 'create', '--file', path.join(DATA, 'call-2022.json'));
  ok('--call', 'viken-2022-fiktiv', 'import', path.join(DATA, 'applications-2022.csv'));
  ok('--call', 'viken-2022-fiktiv', 'score', 'import', path.join(DATA, 'scores-2022.csv'));
  ok('aid', 'import', path.join(DATA, 'aid-2022.csv'));
  return db;
}

let db: string;
beforeAll(() => {
  db = twoCalls();
});

type D = { ref: string; tier: string | null; granted: number; status: string; reason: string };

describe('the de minimis ceiling on the sample (2021 and the fictional 2022 call)', () => {
  it('caps one cluster at its headroom, refuses one for it, and the money goes on down the ranking', () => {
    const r = klyngeBin(['--db', db, '--call', 'viken-2022-fiktiv', 'allocate', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.decisions.map((d: D) => [d.ref, d.tier, d.granted, d.status, d.reason])).toEqual([
      // declared 800 000 of other de minimis: 2 000 000 − 800 000 = 1 200 000 left
      ['22/00101-1', 'main', 1_200_000, 'partially granted', 'state-aid-capped'],
      // the extract: 1 850 000 from another giver in 2021 (its GBER grant does not count): 150 000 left, below minGrant
      ['22/00102-1', null, 0, 'rejected', 'state-aid-ceiling'],
      // its 2019 aid is before the period (2019-12-02 – 2022-12-01)
      ['22/00103-1', 'main', 1_400_000, 'granted', 'granted'],
      // what the two above could not take
      ['22/00104-1', 'main', 1_400_000, 'partially granted', 'partial-remainder'],
      // EUR 10 000 at 10 kr = 100 000: room enough
      ['22/00105-1', 'pre', 200_000, 'granted', 'granted'],
      // the same undertaking as 22/00101-1: this call's 1 200 000 used the rest
      ['22/00106-1', null, 0, 'rejected', 'state-aid-ceiling'],
      ['22/00107-1', null, 0, 'rejected', 'below-threshold'],
    ]);
    expect(out.decisions[1].stateAid).toEqual({ ceiling: 2_000_000, other: 1_850_000, own: 0, thisCall: 0, headroom: 150_000 });
    expect(out.decisions[2].stateAid).toBeUndefined();
    expect(out.tiers.map((t: { key: string; granted: number }) => [t.key, t.granted])).toEqual([
      ['main', 4_000_000],
      ['pre', 200_000],
    ]);
    // the 2021 call is untouched by it
    const y21 = JSON.parse(klyngeBin(['--db', db, '--call', 'viken-2021', 'allocate', '--dry-run', '--json']).stdout);
    expect(y21.tiers.map((t: { granted: number }) => t.granted)).toEqual([7_900_000, 600_000]);
  });

  it('says why in figures, in nb and en', () => {
    const nb = klyngeBin(['--db', db, '--call', 'viken-2022-fiktiv', '--lang', 'nb', 'allocate', '--dry-run']);
    expect(nb.stdout).toContain(
      'Innvilget 1 200 000 kr under Hovedprosjekt, som er det foretaket har igjen under taket for bagatellstøtte på 2 000 000 kr (annen bagatellstøtte 800 000 kr, tidligere tilskudd herfra 0 kr og andre tilskudd i denne utlysningen 0 kr i perioden). Søkt beløp var 1 500 000 kr.',
    );
    expect(nb.stdout).toContain('Ikke innvilget: foretaket har bare 150 000 kr igjen under taket for bagatellstøtte på 2 000 000 kr (annen bagatellstøtte 1 850 000 kr');
    const en = klyngeBin(['--db', db, '--call', 'viken-2022-fiktiv', '--lang', 'en', 'allocate', '--dry-run']);
    expect(en.stdout).toContain("this call's other grants NOK 1,200,000 in the period), too little for a grant under Pre-project");
  });

  it('shows the headroom where it limits: rank before the allocation, applications show after it', () => {
    const rank = klyngeBin(['--db', db, '--call', 'viken-2022-fiktiv', '--lang', 'en', 'rank']);
    expect(rank.code).toBe(0);
    const line = (ref: string) => rank.stdout.split('\n').find((l) => l.includes(ref))!;
    expect(line('22/00102-1')).toContain('De minimis headroom: NOK 150,000 of NOK 2,000,000 (other aid NOK 1,850,000, earlier grants NOK 0, this call NOK 0)');
    expect(line('22/00101-1')).toContain('De minimis headroom: NOK 1,200,000 of NOK 2,000,000');
    // room enough: nothing said
    expect(line('22/00103-1')).not.toContain('headroom');
    const json = JSON.parse(klyngeBin(['--db', db, '--call', 'viken-2022-fiktiv', '--json', 'rank']).stdout);
    expect(json.applications.find((a: { ref: string }) => a.ref === '22/00105-1').stateAid).toEqual({ ceiling: 2_000_000, other: 100_000, own: 0, thisCall: 0, headroom: 1_900_000 });
    expect(klyngeBin(['--db', db, '--call', 'viken-2022-fiktiv', 'allocate']).code).toBe(0);
    const show = klyngeBin(['--db', db, '--call', 'viken-2022-fiktiv', '--lang', 'nb', 'applications', 'show', '22/00106-1']);
    expect(show.stdout).toContain('Igjen under taket for bagatellstøtte: 0 kr av 2 000 000 kr (annen støtte 800 000 kr, tidligere tilskudd 0 kr, denne utlysningen 1 200 000 kr)');
    const shown = JSON.parse(klyngeBin(['--db', db, '--call', 'viken-2022-fiktiv', '--json', 'applications', 'show', '22/00106-1']).stdout);
    expect(shown.application.priorDeMinimis).toBe(800_000);
    expect(shown.stateAid).toEqual({ ceiling: 2_000_000, other: 800_000, own: 0, thisCall: 1_200_000, headroom: 0 });
    // the 2021 call says nothing about state aid
    const y21 = JSON.parse(klyngeBin(['--db', db, '--call', 'viken-2021', '--json', 'applications', 'show', '21/04117-1']).stdout);
    expect(y21.stateAid).toBeUndefined();
  });

  it('the award summary states the aid basis; the 2021 call says nothing of it', () => {
    expect(klyngeBin(['--db', db, '--call', 'viken-2022-fiktiv', 'allocate']).code).toBe(0);
    const nb = klyngeBin(['--db', db, '--call', 'viken-2022-fiktiv', '--lang', 'nb', 'report', 'summary']);
    expect(nb.stdout).toContain('Tilskuddene gis som bagatellstøtte etter EØS-reglene, med et tak på 200 000 euro per foretak over 3 år.');
    const y21 = klyngeBin(['--db', db, '--call', 'viken-2021', '--lang', 'nb', 'report', 'summary']);
    expect(y21.code).toBe(0);
    expect(y21.stdout).not.toContain('bagatellstøtte');
  });

  it('a grant letter states the aid basis; a rejection letter and the 2021 call\'s letters do not', () => {
    expect(klyngeBin(['--db', db, '--call', 'viken-2022-fiktiv', 'allocate']).code).toBe(0);
    const out = path.join(dir, 'brev-2022');
    const r = klyngeBin(['--db', db, '--call', 'viken-2022-fiktiv', '--lang', 'nb', 'letters', '--out', out, '--format', 'md', '--date', '2022-12-01']);
    expect(r.code).toBe(0);
    const grant = fs.readFileSync(path.join(out, '22-00101-1.md'), 'utf8');
    expect(grant).toContain('Tilskuddet er bagatellstøtte etter EØS-reglene: et foretak kan få høyst 200 000 euro i bagatellstøtte over 3 år, og dette tilskuddet regnes som gitt 1. desember 2022.');
    // the reason gives the figures behind the cap and the refusal, as allocate gave them, from the stored run
    expect(grant).toContain('Innvilget 1 200 000 kr under Hovedprosjekt, som er det foretaket har igjen under taket for bagatellstøtte på 2 000 000 kr (annen bagatellstøtte 800 000 kr,');
    const refused = fs.readFileSync(path.join(out, '22-00106-1.md'), 'utf8');
    expect(refused).toMatch(/foretaket har bare 0 kr igjen under taket for bagatellstøtte på 2 000 000 kr \(annen bagatellstøtte 800 000 kr, [^)]*1 200 000 kr/);
    const rep = JSON.parse(klyngeBin(['--db', db, '--call', 'viken-2022-fiktiv', '--json', 'report', 'allocation']).stdout) as { applications: { ref: string; stateAid?: unknown }[] };
    expect(rep.applications.filter((a) => a.stateAid).map((a) => [a.ref, a.stateAid])).toEqual([
      ['22/00101-1', { ceiling: 2_000_000, other: 800_000, own: 0, thisCall: 0, headroom: 1_200_000 }],
      ['22/00102-1', { ceiling: 2_000_000, other: 1_850_000, own: 0, thisCall: 0, headroom: 150_000 }],
      ['22/00106-1', { ceiling: 2_000_000, other: 800_000, own: 0, thisCall: 1_200_000, headroom: 0 }],
    ]);
    expect(fs.readFileSync(path.join(out, '22-00107-1.md'), 'utf8')).not.toContain('bagatellstøtte');
    // a run stored before the figures were kept: the letters say to allocate again rather than print zeros
    const older = "UPDATE decisions SET aid = NULL WHERE reason LIKE 'state-aid-%'";
    if (ON_PG) psqlSync(db, older);
    else {
      const raw = new Database(db);
      raw.prepare(older).run();
      raw.close();
    }
    const old = klyngeBin(['--db', db, '--call', 'viken-2022-fiktiv', 'letters', '--out', path.join(dir, 'brev-old'), '--format', 'md']);
    expect(old.code).toBe(1);
    expect(old.stderr).toContain('was made by an older klynge that did not keep the de minimis figures behind the decision on 22/00101-1');
    expect(fs.existsSync(path.join(dir, 'brev-old', '22-00101-1.md'))).toBe(false);
    expect(klyngeBin(['--db', db, '--call', 'viken-2022-fiktiv', 'allocate']).code).toBe(0);
    // (the demo's stored run of 2021 is still current: the aid extract is no input of a call that is not de minimis)
    const out21 = path.join(dir, 'brev-2021');
    expect(klyngeBin(['--db', db, '--call', 'viken-2021', '--lang', 'nb', 'letters', '--out', out21, '--format', 'md']).code).toBe(0);
    expect(fs.readFileSync(path.join(out21, '21-04117-1.md'), 'utf8')).not.toContain('bagatellstøtte');
  });

  it('export --format state-aid: one row per grant with what the register asks for', () => {
    expect(klyngeBin(['--db', db, '--call', 'viken-2022-fiktiv', 'allocate']).code).toBe(0);
    const out = path.join(dir, 'register.csv');
    const r = klyngeBin(['--db', db, '--call', 'viken-2022-fiktiv', 'export', '--format', 'state-aid', '--out', out]);
    expect(r.code).toBe(0);
    const lines = fs.readFileSync(out, 'utf8').replace(/^\uFEFF/, '').trimEnd().split(/\r?\n/);
    expect(lines).toEqual([
      'recipient_org_number,recipient_name,grant_date,amount_nok,amount_eur,eur_rate,instrument,aid_basis,purpose,region,granting_authority,scheme,ref',
      '992011491,Circular Packaging Cluster,2022-12-01,1200000,120000,10,tilskudd,de-minimis,Sirkulær emballasje i dagligvarehandelen (fiktiv),NO082 Viken,Viken fylkeskommune,Klyngesatsing 2022 (fiktiv),22/00101-1',
      '959138354,Norway Health Tech,2022-12-01,1400000,140000,10,tilskudd,de-minimis,Helsedata over landegrensene (fiktiv),NO082 Viken,Viken fylkeskommune,Klyngesatsing 2022 (fiktiv),22/00103-1',
      '906441454,Viken Teknologiklynge,2022-12-01,1400000,140000,10,tilskudd,de-minimis,Felles testarena for batterier (fiktiv),NO082 Viken,Viken fylkeskommune,Klyngesatsing 2022 (fiktiv),22/00104-1',
      '998411084,Solenergiklyngen,2022-12-01,200000,20000,10,tilskudd,de-minimis,Solceller på næringsbygg (fiktiv),NO082 Viken,Viken fylkeskommune,Klyngesatsing 2022 (fiktiv),22/00105-1',
    ]);
  });

  it('export --format state-aid: an application’s own region (a region column in its import) before the call’s', () => {
    const db2 = twoCalls();
    const call = JSON.parse(fs.readFileSync(path.join(DATA, 'call-2022.json'), 'utf8'));
    const file = path.join(dir, 'call-region.json');
    fs.writeFileSync(file, JSON.stringify({ ...call, slug: 'region-2023', name: 'Region 2023', year: 2023, stateAid: { ...call.stateAid, grantDate: '2023-12-01' } }));
    const csv = path.join(dir, 'apps-region.csv');
    fs.writeFileSync(csv, 'ref;applicant;org_number;title;requested;Region\n23/1;Oslo Klynge;914778271;A;100 000;NO081 Oslo\n23/2;Viken Klynge;974600951;B;100 000;\n');
    const scores = path.join(dir, 'scores-region.csv');
    fs.writeFileSync(scores, 'evaluator;ref;criterion;score\n' + ['23/1', '23/2'].flatMap((ref) => ['green', 'digital', 'international'].map((c) => `Kari;${ref};${c};5`)).join('\n') + '\n');
    for (const args of [['call', 'create', '--file', file], ['--call', 'region-2023', 'import', csv], ['--call', 'region-2023', 'score', 'import', '--add-evaluators', scores], ['--call', 'region-2023', 'allocate']]) {
      const r = klyngeBin(['--db', db2, ...args]);
      expect(r.code, r.stderr).toBe(0);
    }
    const out = path.join(dir, 'register-region.csv');
    expect(klyngeBin(['--db', db2, '--call', 'region-2023', 'export', '--format', 'state-aid', '--out', out]).code).toBe(0);
    const rows = fs.readFileSync(out, 'utf8').replace(/^\uFEFF/, '').trimEnd().split(/\r?\n/).slice(1).map((l) => l.split(','));
    expect(rows.map((r) => [r[12], r[9]])).toEqual([
      ['23/1', 'NO081 Oslo'],
      ['23/2', 'NO082 Viken'],
    ]);
    // and the call's region is validated like the rest of the call
    fs.writeFileSync(file, JSON.stringify({ ...call, slug: 'region-bad', stateAid: { ...call.stateAid, region: 7 } }));
    const bad = klyngeBin(['--db', db2, 'call', 'create', '--file', file]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('stateAid.region');
  });

  it('counts klynge’s own de minimis grants of an earlier call by organisation number', () => {
    const db2 = twoCalls();
    expect(klyngeBin(['--db', db2, '--call', 'viken-2022-fiktiv', 'allocate']).code).toBe(0);
    const call = JSON.parse(fs.readFileSync(path.join(DATA, 'call-2022.json'), 'utf8'));
    const y23 = { ...call, slug: 'test-2023', name: 'Test 2023', year: 2023, stateAid: { ...call.stateAid, grantDate: '2023-12-01' } };
    const file = path.join(dir, 'call-2023.json');
    fs.writeFileSync(file, JSON.stringify(y23));
    const csv = path.join(dir, 'apps-2023.csv');
    fs.writeFileSync(csv, 'ref;applicant;org_number;title;requested\n23/1;Circular Packaging Cluster;992011491;Neste steg;1 000 000\n');
    const scores = path.join(dir, 'scores-2023.csv');
    fs.writeFileSync(scores, 'evaluator;ref;criterion;score\nKari;23/1;green;5\nKari;23/1;digital;5\nKari;23/1;international;5\n');
    // an application without an organisation number in a de minimis call: warned
    const noOrg = path.join(dir, 'no-org.csv');
    fs.writeFileSync(noOrg, 'ref;applicant;title;requested\n23/9;Uten nummer;P;100 000\n');
    for (const args of [['call', 'create', '--file', file], ['--call', 'test-2023', 'import', csv], ['--call', 'test-2023', 'score', 'import', '--add-evaluators', scores]]) expect(klyngeBin(['--db', db2, ...args]).code).toBe(0);
    const warned = klyngeBin(['--db', db2, '--call', 'test-2023', '--lang', 'en', 'import', '--dry-run', noOrg]);
    expect(warned.code).toBe(0);
    expect(warned.stderr).toContain('1 application(s) have no organisation number (23/9): the de minimis ceiling counts each of them as an undertaking of its own');
    const r = klyngeBin(['--db', db2, '--call', 'test-2023', '--lang', 'en', 'allocate', '--json']);
    // 2 000 000 − the 1 200 000 the 2022 call granted: 800 000
    expect(JSON.parse(r.stdout).decisions.map((d: D) => [d.ref, d.granted, d.reason])).toEqual([['23/1', 800_000, 'state-aid-capped']]);
    const log = klyngeBin(['--db', db2, '--lang', 'nb', 'log']).stdout;
    expect(log).toMatch(/støtte lest inn\t\tfile=.*aid-2022\.csv rows=4/);
    const text = klyngeBin(['--db', db2, '--call', 'test-2023', '--lang', 'en', 'allocate', '--dry-run']).stdout;
    expect(text).toContain("klynge's earlier grants NOK 1,200,000");
  });
});

describe('klynge applications history', () => {
  it('shows an undertaking across both calls, its other aid and the headroom left; by org number or by ref', () => {
    const h = JSON.parse(klyngeBin(['--db', db, '--json', 'applications', 'history', '957 534 503']).stdout);
    expect(h).toEqual({
      orgNumber: '957534503',
      applicant: 'Kongsbergklyngen AS',
      applications: [
        { call: 'viken-2021', year: 2021, ref: '21/04118-1', title: expect.any(String), requested: 4_500_000, granted: 3_000_000, status: 'partially granted', basis: null },
        { call: 'viken-2022-fiktiv', year: 2022, ref: '22/00102-1', title: 'Digitale tvillinger i leverandørkjeden (fiktiv)', requested: 1_500_000, granted: 0, status: 'rejected', basis: 'de-minimis' },
      ],
      otherAid: [
        { date: '2021-06-15', amount: 1_850_000, currency: 'NOK', giver: 'Innovasjon Norge (fiktiv)', basis: 'de-minimis' },
        { date: '2022-02-01', amount: 2_000_000, currency: 'NOK', giver: 'Forskningsrådet (fiktiv)', basis: 'gber' },
      ],
      period: { call: 'viken-2022-fiktiv', from: '2019-12-02', to: '2022-12-01', ceiling: 2_000_000, other: 1_850_000, own: 0, headroom: 150_000 },
    });
    const byRef = klyngeBin(['--db', db, '--call', 'viken-2022-fiktiv', '--lang', 'nb', 'applications', 'history', '22/00101-1']);
    expect(byRef.code).toBe(0);
    expect(byRef.stdout).toContain('Circular Packaging Cluster (org.nr. 992 011 491)');
    expect(byRef.stdout).toContain('Bagatellstøtte i perioden 02.12.2019–01.12.2022 (viken-2022-fiktiv): annen støtte 800 000 kr, tilskudd herfra 1 200 000 kr; igjen under taket på 2 000 000 kr: 0 kr.');
  });

  it('report history: per undertaking and year, repeat applicants marked; --years; --format csv', () => {
    const all = JSON.parse(klyngeBin(['--db', db, '--json', 'report', 'history']).stdout);
    // ten undertakings in 2021; six of them applied again in 2022 (Circular Packaging twice)
    expect(all).toMatchObject({ years: null, undertakings: 10, repeatApplicants: 6 });
    expect(all.rows.filter((r: { orgNumber: string }) => r.orgNumber === '992011491')).toEqual([
      { orgNumber: '992011491', applicant: 'Circular Packaging Cluster', year: 2021, calls: ['viken-2021'], requested: 2_800_000, granted: 2_800_000, repeat: true, deMinimis: 2_000_000, headroom: 0 },
      { orgNumber: '992011491', applicant: 'Circular Packaging Cluster', year: 2022, calls: ['viken-2022-fiktiv'], requested: 1_650_000, granted: 1_200_000, repeat: true, deMinimis: 2_000_000, headroom: 0 },
    ]);
    const last = JSON.parse(klyngeBin(['--db', db, '--json', 'report', 'history', '--years', '1']).stdout);
    expect(last).toMatchObject({ years: 1, undertakings: 6, repeatApplicants: 0 });
    const csv = klyngeBin(['--db', db, 'report', 'history', '--years', '1', '--format', 'csv']).stdout.split(/\r?\n/);
    expect(csv[0]).toBe('org_number,applicant,year,calls,requested,granted,repeat,de_minimis_in_period,headroom');
    expect(csv).toContain('957534503,Kongsbergklyngen AS,2022,viken-2022-fiktiv,1500000,0,no,1850000,150000');
  });

  it('refuses a number that is not an organisation number, and one nobody has', () => {
    const before = dbDigest(db);
    const bad = klyngeBin(['--db', db, '--lang', 'en', 'applications', 'history', '911111111']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('"911111111" is not a valid organisation number');
    const none = klyngeBin(['--db', db, '--lang', 'en', 'applications', 'history', '974760673']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('No application and no aid has the organisation number 974760673.');
    expect(dbDigest(db)).toBe(before);
  });
});

describe('a manual decision past the ceiling', () => {
  it('is refused with the figures; with --override-state-aid --note it is made, logged, and check warns', () => {
    const db2 = twoCalls();
    const k = (...args: string[]) => klyngeBin(['--db', db2, '--call', 'viken-2022-fiktiv', '--lang', 'en', ...args]);
    const before = dbDigest(db2);
    const refused = k('decide', '22/00102-1', '--grant', '500000');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "22/00102-1: a grant of NOK 500,000 takes the undertaking past the de minimis ceiling of NOK 2,000,000: it has NOK 150,000 left (other de minimis aid NOK 1,850,000, klynge's earlier grants NOK 0, this call's other grants NOK 0). Grant at most NOK 150,000, or use --override-state-aid with --note.",
    );
    expect(dbDigest(db2)).toBe(before);
    // without a note: a usage error
    const noNote = k('decide', '22/00102-1', '--grant', '500000', '--override-state-aid');
    expect(noNote.code).toBe(2);
    expect(noNote.stderr).toContain('--override-state-aid needs --note');
    expect(dbDigest(db2)).toBe(before);
    // within the headroom: fine, and check has nothing to say
    expect(k('decide', '22/00102-1', '--grant', '150000').code).toBe(0);
    const clean = k('check');
    expect(clean.code).toBe(0);
    expect(clean.stderr).not.toContain('ceiling');
    const over = k('decide', '22/00102-1', '--grant', '500000', '--override-state-aid', '--note', 'Registeret er feil; bekreftet av Innovasjon Norge');
    expect(over.code).toBe(0);
    expect(over.stderr).toContain('past the de minimis ceiling of NOK 2,000,000 (it had NOK 150,000 left)');
    const log: { action: string; details: Record<string, unknown> }[] = JSON.parse(k('--json', 'log', '22/00102-1').stdout).entries;
    const decides = log.filter((e) => e.action === 'decide' && e.details.manual === true);
    expect(decides).toHaveLength(2);
    expect(decides.find((e) => e.details.overrideStateAid)!.details).toMatchObject({ note: 'Registeret er feil; bekreftet av Innovasjon Norge', overrideStateAid: { ceiling: 2_000_000_00, headroom: 150_000_00 } });
    const check = k('check');
    expect(check.code).toBe(0);
    expect(check.stderr).toContain('viken-2022-fiktiv: 957534503 (Kongsbergklyngen AS) has NOK 2,350,000 of de minimis aid in the period, over the ceiling of NOK 2,000,000');
    const json = JSON.parse(k('--json', 'check').stdout);
    expect(json.stateAidOverCeiling).toEqual([
      { call: 'viken-2022-fiktiv', orgNumber: '957534503', applicant: 'Kongsbergklyngen AS', refs: ['22/00102-1'], ceiling: 2_000_000, other: 1_850_000, own: 0, thisCall: 500_000, total: 2_350_000 },
    ]);
  });
});

describe('klynge aid import', () => {
  it('refuses a file with problems, naming each line, and leaves the database byte-identical', () => {
    const db2 = newDb(dir, `bad${n++}.db`);
    expect(klyngeBin(['--db', db2, 'init']).code).toBe(0);
    const file = path.join(dir, 'bad-aid.csv');
    fs.writeFileSync(file, ['orgnr;dato;beløp;valuta;støttegiver;grunnlag', '992011491;01.02.2022;100 000;NOK;IN;de minimis', '123;2022-13-01;abc;SEK;;bagatell', '992011491;01.02.2022;1,500;NOK;IN;kontant'].join('\n') + '\n');
    const before = dbDigest(db2);
    const r = klyngeBin(['--db', db2, '--lang', 'en', 'aid', 'import', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('has 7 problems; nothing was imported');
    const where = r.stderr
      .split('\n')
      .filter((l) => l.startsWith('  '))
      .map((l) => /bad-aid\.csv:(\d+): column "([^"]+)"/.exec(l)!.slice(1).join(' '));
    expect(where).toEqual(['3 støttegiver', '3 orgnr', '3 dato', '3 beløp', '3 valuta', '4 beløp', '4 grunnlag']);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(dbDigest(db2)).toBe(before);
    // and --dry-run of a good file writes nothing either
    const good = path.join(dir, 'good-aid.csv');
    fs.writeFileSync(good, 'orgnr;dato;beløp;valuta;støttegiver;grunnlag\n992011491;01.02.2022;100 000;NOK;IN;de minimis\n');
    const dry = klyngeBin(['--db', db2, '--lang', 'en', 'aid', 'import', '--dry-run', good]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Checked 1 aid record in');
    expect(dbDigest(db2)).toBe(before);
  });

  it('refuses a file without the columns it needs', () => {
    const db2 = newDb(dir, `cols${n++}.db`);
    expect(klyngeBin(['--db', db2, 'init']).code).toBe(0);
    const file = path.join(dir, 'cols.csv');
    fs.writeFileSync(file, 'orgnr;dato;beløp\n992011491;01.02.2022;100 000\n');
    const before = dbDigest(db2);
    const r = klyngeBin(['--db', db2, '--lang', 'en', 'aid', 'import', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no column for giver/);
    expect(r.stderr).toMatch(/no column for basis/);
    expect(dbDigest(db2)).toBe(before);
  });
});

describe('the call’s stateAid block', () => {
  it('call show states it; call show --json gives it back as written', () => {
    const show = klyngeBin(['--db', db, '--call', 'viken-2022-fiktiv', '--lang', 'nb', 'call', 'show']);
    expect(show.stdout).toContain('Statsstøtte: bagatellstøtte, høyst 200 000 euro per foretak over 3 år fram til tildelingsdatoen 01.12.2022; 10 kr per euro');
    const json = JSON.parse(klyngeBin(['--db', db, '--call', 'viken-2022-fiktiv', '--json', 'call', 'show']).stdout);
    expect(JSON.stringify(json)).toContain('"stateAid":{"basis":"de-minimis","ceilingEur":200000,"periodYears":3,"eurRate":10,"grantDate":"2022-12-01","region":"NO082 Viken"}');
  });

  it('refuses a de minimis call without its rate, naming the path', () => {
    const db2 = newDb(dir, `call${n++}.db`);
    expect(klyngeBin(['--db', db2, 'init']).code).toBe(0);
    const call = JSON.parse(fs.readFileSync(path.join(DATA, 'call-2022.json'), 'utf8'));
    delete call.stateAid.eurRate;
    const file = path.join(dir, 'no-rate.json');
    fs.writeFileSync(file, JSON.stringify(call));
    const before = dbDigest(db2);
    const r = klyngeBin(['--db', db2, '--lang', 'en', 'call', 'create', '--file', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('stateAid.eurRate');
    expect(dbDigest(db2)).toBe(before);
  });
});
