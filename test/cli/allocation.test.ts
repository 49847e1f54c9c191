import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA, klynge, tmpDir } from '../helpers/cli.js';
import { sampleDb } from '../helpers/workspace.js';

async function json(db: string, args: string[], env = {}) {
  const r = await klynge(['--db', db, '--json', ...args], { env });
  if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

type Decision = { ref: string; rank: number | null; tier: string | null; granted: number; status: string; reason: string; manual: boolean };

describe('klynge rank', () => {
  it('ranks the sample with means, spreads, n and flags, in the documented JSON shape', async () => {
    const { db } = await sampleDb({ scores: true, conflicts: true });
    const r = await json(db, ['rank']);
    expect(r.call).toBe('viken-2021');
    expect(r.applications.map((a: { rank: number; ref: string; score: number }) => [a.rank, a.ref, a.score])).toEqual([
      [1, '21/04117-1', 4],
      [2, '21/04118-1', 3.89],
      [3, '21/04125-1', 3.75],
      [4, '21/04133-1', 3.33],
      [5, '21/04134-1', 3],
      [6, '21/04126-1', 2.67],
      [7, '21/04130-2', 2.33],
      [8, '21/04121-1', 2.17],
      [9, '21/04102-1', 1.83],
      [10, '21/04140-1', 1],
    ]);
    const nht = r.applications[2];
    // Ingrid Berg's conflict: only two evaluators count on Norway Health Tech
    expect(nht.criteria.green).toEqual({ mean: 2.5, spread: 1, n: 2, na: 0 });
    const sol = r.applications.find((a: { ref: string }) => a.ref === '21/04134-1');
    expect(sol.flags).toEqual([{ code: 'disagreement', criterion: 'international', spread: 2 }]);
  });

  it('leaves incomplete applications unranked and names who lacks what', async () => {
    const { db } = await sampleDb();
    await klynge(['--db', db, 'evaluator', 'add', 'Kari Nordmann']);
    await klynge(['--db', db, 'score', 'set', '21/04117-1', '--evaluator', 'Kari Nordmann', 'green=4', 'digital=3']);
    const r = await json(db, ['rank']);
    const app = r.applications.find((a: { ref: string }) => a.ref === '21/04117-1');
    expect(app.rank).toBeNull();
    expect(app.flags).toEqual([{ code: 'incomplete', criteria: ['international'], missing: [{ evaluator: 'Kari Nordmann', criterion: 'international' }] }]);
    const text = await klynge(['--db', db, 'allocate', '--dry-run']);
    expect(text.stderr).toContain('21/04117-1: Not fully scored on Internationalisation; waiting for Kari Nordmann (Internationalisation).');
  });
});

describe('klynge allocate', () => {
  it('allocates the sample as the county did: three main projects, three pre-projects, four rejections', async () => {
    const { db } = await sampleDb({ scores: true, conflicts: true });
    const r = await json(db, ['allocate']);
    expect(r.stored).toBe(true);
    expect(r.tiers).toEqual([
      { key: 'main', budget: 8000000, granted: 7900000, left: 100000 },
      { key: 'pre', budget: 600000, granted: 600000, left: 0 },
    ]);
    const by = (status: string) => r.decisions.filter((d: Decision) => d.status === status).map((d: Decision) => [d.ref, d.tier, d.granted, d.reason]);
    expect(by('granted')).toEqual([
      ['21/04117-1', 'main', 2800000, 'granted'],
      ['21/04125-1', 'main', 2100000, 'granted'],
    ]);
    expect(by('partially granted')).toEqual([
      ['21/04118-1', 'main', 3000000, 'capped-max-grant'],
      ['21/04133-1', 'pre', 200000, 'capped-max-grant'],
      ['21/04134-1', 'pre', 200000, 'capped-max-grant'],
      ['21/04126-1', 'pre', 200000, 'capped-max-grant'],
    ]);
    expect(by('rejected').map((x: unknown[]) => x[3])).toEqual(['below-threshold', 'below-threshold', 'below-threshold', 'below-threshold']);
    const list = await json(db, ['applications', 'list', '--status', 'rejected']);
    expect(list.applications).toHaveLength(4);
  });

  it('re-running on unchanged inputs gives the same decisions and hash and changes nothing', async () => {
    const { db } = await sampleDb({ scores: true, conflicts: true });
    const first = await json(db, ['allocate']);
    const second = await json(db, ['allocate']);
    expect(second.inputsHash).toBe(first.inputsHash);
    expect(second.decisions).toEqual(first.decisions);
    expect(second.run).toBe(first.run + 1);
    const log = await json(db, ['log']);
    const decideRows = log.entries.filter((e: { action: string }) => e.action === 'decide');
    expect(decideRows).toHaveLength(10); // from the first run only
    expect(decideRows[0].details.run).toBe(first.run);
    // a changed score changes the hash
    await klynge(['--db', db, 'score', 'set', '21/04140-1', '--evaluator', 'Kari Nordmann', 'green=2']);
    const third = await json(db, ['allocate', '--dry-run']);
    expect(third.inputsHash).not.toBe(first.inputsHash);
    expect(third.stored).toBe(false);
  });

  it('--dry-run and --budget store nothing; --commit stores the what-if', async () => {
    const { db } = await sampleDb({ scores: true, conflicts: true });
    const dry = await json(db, ['allocate', '--dry-run']);
    expect(dry.stored).toBe(false);
    expect((await json(db, ['applications', 'list', '--status', 'granted'])).applications).toEqual([]);
    const big = await json(db, ['allocate', '--budget', '12 000 000']);
    expect(big.stored).toBe(false);
    expect(big.tiers[0]).toEqual({ key: 'main', budget: 12000000, granted: 7900000, left: 4100000 });
    const small = await json(db, ['allocate', '--budget', '5000000', '--tier-budget', 'pre=400000', '--commit']);
    expect(small.stored).toBe(true);
    expect(small.decisions.slice(0, 3).map((d: Decision) => [d.ref, d.granted, d.reason])).toEqual([
      ['21/04117-1', 2800000, 'granted'],
      ['21/04118-1', 2200000, 'partial-remainder'],
      ['21/04125-1', 200000, 'capped-max-grant'],
    ]);
    expect(small.decisions[4]).toMatchObject({ ref: '21/04134-1', granted: 0, reason: 'budget-exhausted' });
    const bad = await klynge(['--db', db, 'allocate', '--tier-budget', 'nope=5']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/no funding tier "nope"/);
  });

  it('--what-if prints one row per budget', async () => {
    const { db } = await sampleDb({ scores: true, conflicts: true });
    const r = await json(db, ['allocate', '--what-if', '6000000,8000000,10000000']);
    expect(r.scenarios.map((s: { budget: number; tiers: { funded: number; granted: number }[]; firstLeftOut: { ref: string } | null; left: number }) => [s.budget, s.tiers[0].funded, s.tiers[0].granted, s.firstLeftOut?.ref ?? null, s.left])).toEqual([
      // 5 800 000 to the first two; the 200 000 left is under main's minimum grant, so
      // Norway Health Tech falls to a pre-project grant and Smart Energi Markets is left out
      [6000000, 2, 5800000, '21/04126-1', 200000],
      [8000000, 3, 7900000, null, 100000],
      [10000000, 3, 7900000, null, 2100000],
    ]);
    const text = await klynge(['--db', db, 'allocate', '--what-if', '6000000,8000000']);
    expect(text.stdout.split('\n')[0]).toBe('Budget Main project\tMain project: funded\tPre-project: funded\tFirst left out\tLeft');
  });
});

describe('klynge decide', () => {
  it('a manual grant is locked, comes out of its tier first, and shows as manual', async () => {
    const { db } = await sampleDb({ scores: true, conflicts: true });
    const d = await json(db, ['decide', '21/04130-2', '--grant', '1 000 000', '--tier', 'main', '--note', 'Strategisk viktig'], { KLYNGE_ACTOR: 'saksbehandler' });
    expect(d).toEqual({ ref: '21/04130-2', status: 'partially granted', tier: 'main', granted: 1000000, manual: true });
    const r = await json(db, ['allocate']);
    const romerike = r.decisions.find((x: Decision) => x.ref === '21/04130-2');
    expect(romerike).toMatchObject({ granted: 1000000, reason: 'manual', manual: true, tier: 'main' });
    // 1 000 000 comes out of main first: Norway Health Tech (rank 3) gets what is left
    expect(r.decisions.find((x: Decision) => x.ref === '21/04125-1')).toMatchObject({ granted: 1200000, reason: 'partial-remainder' });
    const show = await json(db, ['applications', 'show', '21/04130-2']);
    expect(show.decision).toMatchObject({ manual: true, note: 'Strategisk viktig', decidedBy: 'saksbehandler', granted: 1000000 });
    const log = (await json(db, ['log', '21/04130-2'])).entries;
    expect(log.filter((e: { details: { manual?: boolean } }) => e.details.manual)).toEqual([
      expect.objectContaining({ action: 'decide', actor: 'saksbehandler', details: expect.objectContaining({ note: 'Strategisk viktig' }) }),
    ]);
  });

  it('reject needs a note; clear hands the application back to the allocator', async () => {
    const { db } = await sampleDb({ scores: true, conflicts: true });
    expect((await klynge(['--db', db, 'decide', '21/04117-1', '--reject'])).code).toBe(2);
    await json(db, ['decide', '21/04117-1', '--reject', '--note', 'Trukket av søker']);
    let r = await json(db, ['allocate']);
    expect(r.decisions.find((x: Decision) => x.ref === '21/04117-1')).toMatchObject({ status: 'rejected', reason: 'manual', manual: true });
    await json(db, ['decide', '21/04117-1', '--clear']);
    r = await json(db, ['allocate']);
    expect(r.decisions.find((x: Decision) => x.ref === '21/04117-1')).toMatchObject({ status: 'granted', reason: 'granted', manual: false });
    const again = await klynge(['--db', db, 'decide', '21/04117-1', '--clear']);
    expect(again.code).toBe(1);
  });

  it('refuses a grant above the request or over the tier budget', async () => {
    const { db } = await sampleDb({ scores: true, conflicts: true });
    const over = await klynge(['--db', db, 'decide', '21/04117-1', '--grant', '3000000']);
    expect(over.code).toBe(1);
    expect(over.stderr).toMatch(/more than the NOK 2,800,000 requested/);
    await json(db, ['decide', '21/04130-2', '--grant', '7000000', '--tier', 'main', '--note', 'x']);
    const budget = await klynge(['--db', db, 'decide', '21/04121-1', '--grant', '1500000', '--tier', 'main']);
    expect(budget.code).toBe(1);
    expect(budget.stderr).toMatch(/exceed its budget of NOK 8,000,000 \(NOK 1,000,000 is left/);
    expect((await klynge(['--db', db, 'decide', '21/04121-1'])).code).toBe(2);
  });
});

describe('klynge decide, made again or below a threshold', () => {
  it('warns when a grant goes to an application below the tier threshold, and keeps the earlier note when none is given', async () => {
    const { db } = await sampleDb({ scores: true, conflicts: true });
    const first = await klynge(['--db', db, 'decide', '21/04140-1', '--grant', '100000', '--tier', 'pre', '--note', 'Strategisk viktig for regionen']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toBe(
      'warning: 21/04140-1 has a weighted result of 1.00, below the 2.5 that Pre-project requires, so the allocator would not grant it; the grant stands because it was decided by hand. Say why with --note.\n',
    );
    const again = await klynge(['--db', db, '--lang', 'nb', 'decide', '21/04140-1', '--grant', '150000', '--tier', 'pre']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('advarsel: 21/04140-1 har et vektet resultat på 1,00, under de 2,5 som Forprosjekt krever');
    expect(again.stderr).toContain('advarsel: Merknaden fra det forrige vedtaket beholdes: «Strategisk viktig for regionen». Bruk --note for å erstatte den.\n');
    const d = JSON.parse((await klynge(['--db', db, '--json', 'report', 'allocation'])).stdout) as { applications: { ref: string; granted: number; note?: string | null }[] };
    expect(d.applications.find((a) => a.ref === '21/04140-1')).toMatchObject({ granted: 150_000 });
    const log = JSON.parse((await klynge(['--db', db, '--json', 'log', '21/04140-1'])).stdout) as { entries: { action: string; details: { note?: string } }[] };
    expect(log.entries.filter((e) => e.action === 'decide').map((e) => e.details.note)).toEqual(['Strategisk viktig for regionen', 'Strategisk viktig for regionen']);
    // a grant above the thresholds says nothing of them
    const fine = await klynge(['--db', db, 'decide', '21/04117-1', '--grant', '2000000', '--tier', 'main']);
    expect(fine.code, fine.stderr).toBe(0);
    expect(fine.stderr).toBe('');
  });
});

describe('the reason for an application the money did not reach', () => {
  it('names the tiers it qualified for as alternatives, in either language', async () => {
    const dir = tmpDir();
    const call = JSON.parse(fs.readFileSync(path.join(DATA, 'call.json'), 'utf8')) as { tiers: Record<string, unknown>[] };
    for (const t of call.tiers) Object.assign(t, { budget: 1000, partial: false, maxGrant: undefined, minGrant: undefined });
    fs.writeFileSync(path.join(dir, 'call.json'), JSON.stringify(call));
    const db = path.join(dir, 'k.db');
    for (const args of [['call', 'create', '--file', path.join(dir, 'call.json')], ['import', path.join(DATA, 'applications.csv')], ['score', 'import', path.join(DATA, 'scores.csv'), '--add-evaluators']]) {
      expect((await klynge(['--db', db, ...args])).code).toBe(0);
    }
    const line = async (lang: string) => (await klynge(['--db', db, '--lang', lang, 'allocate', '--dry-run'])).stdout.split('\n').find((l) => l.includes('21/04117-1'));
    expect(await line('en')).toContain('Qualified for Main project or Pre-project, but what was left of the budget did not cover the grant.');
    expect(await line('nb')).toContain('Søknaden kvalifiserte for Hovedprosjekt eller Forprosjekt, men det som var igjen av rammen, dekket ikke tilskuddet.');
  });
});
