/** `klynge call update`, `klynge call use`, the default call, and `allocate --budget --commit` through the call. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA, klynge, klyngeOk } from '../helpers/cli.js';
import { callDb, sampleDb } from '../helpers/workspace.js';

const sha = (f: string) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');

async function json(db: string, args: string[], env: Record<string, string> = {}) {
  const r = await klynge(['--db', db, '--json', ...args], { env });
  if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** a refusal: exit code, message, and the database byte for byte as before */
async function refused(db: string, args: string[], code: number, message: RegExp, env: Record<string, string> = {}) {
  const before = sha(db);
  const r = await klynge(['--db', db, ...args], { env });
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(sha(db)).toBe(before);
  return r;
}

const callFile = (dir: string, edit: (c: Record<string, unknown>) => void): string => {
  const c = JSON.parse(fs.readFileSync(path.join(DATA, 'call.json'), 'utf8'));
  edit(c);
  const f = path.join(dir, `call-${crypto.randomUUID()}.json`);
  fs.writeFileSync(f, JSON.stringify(c, null, 2));
  return f;
};

const mainBudget = async (db: string) => (await json(db, ['call', 'show'])).call.tiers.find((t: { key: string }) => t.key === 'main').budget;

describe('klynge call update', () => {
  it('changes tier budgets and the threshold, logs each change old → new with the actor, and says what changed', async () => {
    const { db } = await sampleDb();
    const r = await klyngeOk(['--db', db, 'call', 'update', '--budget', 'main=9000000', '--budget', 'pre=700000', '--threshold', '3']);
    expect(r.stdout).toContain('Changed the call viken-2021 (3 changes, logged)');
    expect(r.stdout).toMatch(/tiers\[0\]\.budget: NOK 8,000,000 → NOK 9,000,000/);
    expect(r.stdout).toMatch(/threshold: 2\.5 → 3/);
    const show = await json(db, ['call', 'show']);
    expect(show.call.threshold).toBe(3);
    expect(show.call.tiers.map((t: { budget: number }) => t.budget)).toEqual([9_000_000, 700_000]);
    const log = (await json(db, ['log'])).entries.filter((e: { action: string }) => e.action === 'call.update');
    expect(log).toHaveLength(1);
    expect(log[0].actor).toBe('tester');
    expect(log[0].details.changes).toEqual({
      threshold: { old: 2.5, new: 3 },
      'tiers[0].budget': { old: 8_000_000, new: 9_000_000 },
      'tiers[1].budget': { old: 600_000, new: 700_000 },
    });
    expect((await klyngeOk(['--db', db, 'log'])).stdout).toMatch(/tester\s+call changed\s+threshold: 2\.5 → 3; tiers\[0\]\.budget: 8000000 → 9000000/);
  });

  it('--json gives the call as it now is and the changes; a bare amount is the first tier’s; no change writes nothing', async () => {
    const { db } = await sampleDb();
    const j = await json(db, ['call', 'update', 'viken-2021', '--budget', '8500000']);
    expect(j.call.tiers[0].budget).toBe(8_500_000);
    expect(j.changes).toEqual([{ path: 'tiers[0].budget', old: 8_000_000, new: 8_500_000 }]);
    const before = sha(db);
    const again = await klyngeOk(['--db', db, 'call', 'update', '--budget', 'main=8500000']);
    expect(again.stdout).toContain('Nothing to change');
    expect(sha(db)).toBe(before);
  });

  it('takes a whole new definition from a file, validated as call create validates it', async () => {
    const { db, dir } = await sampleDb();
    const f = callFile(dir, (c) => {
      c.name = 'Klyngesatsing 2021 (revidert)';
      (c.tiers as { maxGrant: number }[])[0].maxGrant = 2_500_000;
    });
    const j = await json(db, ['call', 'update', '--file', f]);
    expect(j.changes.map((c: { path: string }) => c.path).sort()).toEqual(['name', 'tiers[0].maxGrant']);
    expect((await json(db, ['call', 'show'])).call.name).toBe('Klyngesatsing 2021 (revidert)');
  });

  it('refuses an invalid change with every problem by path, and changes nothing', async () => {
    const { db, dir } = await sampleDb();
    const bad = callFile(dir, (c) => {
      (c.tiers as { budget: unknown }[])[0].budget = -5;
      c.threshold = 9;
    });
    const r = await refused(db, ['call', 'update', '--file', bad], 1, /The change to the call viken-2021 .* has 2 problems; nothing was changed/);
    expect(r.stderr).toMatch(/tiers\[0\]\.budget: must be a positive whole number of kroner/);
    expect(r.stderr).toMatch(/threshold: must be at most 5/);
    await refused(db, ['call', 'update', '--budget', 'nope=100'], 1, /--budget: there is no tier "nope"; the tiers are: main, pre/);
    await refused(db, ['call', 'update', '--threshold', '7'], 1, /threshold: must be at most 5/);
    // maxGrant 3 000 000 over a budget of 2 000 000: the same rule as call create
    await refused(db, ['call', 'update', '--budget', 'main=2000000'], 1, /tiers\[0\]\.maxGrant: is larger than the tier's budget/);
    const other = callFile(dir, (c) => (c.slug = 'viken-2099'));
    await refused(db, ['call', 'update', '--file', other], 1, /slug: is not the slug of the call being changed \(viken-2021\)/);
    await refused(db, ['call', 'update'], 2, /Say what to change: --file call.json, --budget TIER=KRONER or --threshold N/);
    await refused(db, ['call', 'update', '--budget', 'main=lots'], 2, /--budget must be an amount in kroner/);
    await refused(db, ['call', 'update', '--budget', 'main=1', '--budget', 'main=2'], 2, /--budget is given twice for the tier main/);
  });

  it('criteria, weights and the scale are locked once a score exists; thresholds and budgets are not', async () => {
    const { db, dir } = await sampleDb({ scores: true });
    const weights = callFile(dir, (c) => ((c.criteria as { weight: number }[])[1].weight = 2));
    await refused(db, ['call', 'update', '--file', weights], 1, /Scoring of viken-2021 has started \(10 applications have scores\), so its criteria, their weights and the scale can no longer change \(criteria\[1\]\.weight\)/);
    const scale = callFile(dir, (c) => ((c.scale as { max: number }).max = 7));
    await refused(db, ['call', 'update', '--file', scale], 1, /can no longer change \(scale\.max\)/);
    const fewer = callFile(dir, (c) => (c.criteria as unknown[]).pop());
    await refused(db, ['call', 'update', '--file', fewer], 1, /can no longer change \(criteria\[2\]\)/);
    // words are only words: a criterion's name may still be corrected
    const renamed = callFile(dir, (c) => ((c.criteria as { name: { en: string } }[])[0].name.en = 'Green shift'));
    expect((await json(db, ['call', 'update', '--file', renamed])).changes).toEqual([{ path: 'criteria[0].name.en', old: 'Green transition', new: 'Green shift' }]);
    await klyngeOk(['--db', db, 'call', 'update', '--threshold', '3']);
  });

  it('before any score, criteria and weights may change', async () => {
    const { db, dir } = await sampleDb();
    const weights = callFile(dir, (c) => ((c.criteria as { weight: number }[])[1].weight = 2));
    expect((await json(db, ['call', 'update', '--file', weights])).changes).toEqual([{ path: 'criteria[1].weight', old: 1, new: 2 }]);
  });

  it('a stored allocation becomes stale; the next allocate uses the new budget', async () => {
    const { db } = await sampleDb({ scores: true });
    await klyngeOk(['--db', db, 'allocate']);
    expect((await klyngeOk(['--db', db, 'report', 'allocation'])).stderr).not.toMatch(/out of date/);
    await klyngeOk(['--db', db, 'call', 'update', '--budget', 'main=9000000']);
    expect((await klyngeOk(['--db', db, 'report', 'allocation'])).stderr).toMatch(/out of date/);
    const a = await json(db, ['allocate']);
    expect(a.tiers.find((t: { key: string }) => t.key === 'main').budget).toBe(9_000_000);
  });
});

describe('allocate --budget … --commit goes through the call', () => {
  it('the budget becomes the call’s (logged); call show, the report and the next plain allocate agree', async () => {
    const { db } = await sampleDb({ scores: true });
    const r = await klyngeOk(['--db', db, 'allocate', '--budget', '9000000', '--commit']);
    expect(r.stderr).toMatch(/The budget of viken-2021 is changed and logged \(tiers\[0\]\.budget: NOK 8,000,000 → NOK 9,000,000\)/);
    expect(await mainBudget(db)).toBe(9_000_000);
    const report = await json(db, ['report', 'allocation']);
    expect(report.stale).toBe(false);
    expect(report.tiers.find((t: { key: string }) => t.key === 'main').budget).toBe(9_000_000);
    const plain = await json(db, ['allocate']);
    expect(plain.tiers.find((t: { key: string }) => t.key === 'main').budget).toBe(9_000_000);
    const updates = (await json(db, ['log'])).entries.filter((e: { action: string }) => e.action === 'call.update');
    expect(updates.map((e: { details: { source: string; changes: unknown } }) => [e.details.source, e.details.changes])).toEqual([['allocate', { 'tiers[0].budget': { old: 8_000_000, new: 9_000_000 } }]]);
  });

  it('without --commit, or with --dry-run, a budget stays a what-if: nothing changes', async () => {
    const { db } = await sampleDb({ scores: true });
    await klyngeOk(['--db', db, 'allocate']);
    const before = sha(db);
    const what = await json(db, ['allocate', '--budget', '9000000']);
    expect(what.tiers.find((t: { key: string }) => t.key === 'main').budget).toBe(9_000_000);
    await klyngeOk(['--db', db, 'allocate', '--tier-budget', 'pre=900000', '--dry-run']);
    expect(sha(db)).toBe(before);
    expect(await mainBudget(db)).toBe(8_000_000);
  });

  it('a budget the call cannot take is refused before anything is stored', async () => {
    const { db } = await sampleDb({ scores: true });
    await refused(db, ['allocate', '--budget', '2000000', '--commit'], 1, /tiers\[0\]\.maxGrant: is larger than the tier's budget/);
  });
});

describe('allocate with nobody to score', () => {
  it('says no evaluators are registered, once, not that conflicts left nobody', async () => {
    const { db } = await sampleDb();
    const r = await klyngeOk(['--db', db, 'allocate']);
    expect(r.stderr).toMatch(/No evaluators are registered and nothing is scored in viken-2021/);
    expect(r.stderr).not.toMatch(/conflict of interest/);
    expect(r.stderr.match(/Warning|warning|!/g)?.length ?? 0).toBeLessThanOrEqual(1);
  });

  it('says no scores yet when evaluators are registered but none has scored', async () => {
    const { db } = await sampleDb();
    await klyngeOk(['--db', db, 'evaluator', 'add', 'Kari Nordmann']);
    const r = await klyngeOk(['--db', db, 'allocate']);
    expect(r.stderr).toMatch(/No scores yet in viken-2021: 1 evaluator is registered, but none has scored/);
    const rank = await klyngeOk(['--db', db, 'rank']);
    expect(rank.stdout).not.toMatch(/conflict of interest/);
  });
});

describe('the default call', () => {
  async function twoCalls() {
    const w = await callDb();
    await klyngeOk(['--db', w.db, 'call', 'create', '--name', 'Klyngesatsing 2022', '--year', '2022', '--budget', '5000000']);
    return w;
  }

  it('with several calls and none chosen, the refusal says every way to choose one', async () => {
    const { db } = await twoCalls();
    await refused(db, ['call', 'show'], 1, /There are several calls \(klyngesatsing-2022, viken-2021\) and none is chosen\. Give --call SLUG, set KLYNGE_CALL=SLUG, or make one the default with "klynge call use SLUG"/);
    await refused(db, ['--call', 'nope', 'rank'], 1, /No call "nope"\. The calls are: klyngesatsing-2022, viken-2021\. Choose one with --call SLUG, KLYNGE_CALL=SLUG, or "klynge call use SLUG"/);
    await refused(db, ['rank'], 1, /KLYNGE_CALL names the call "nope", but there is no such call/, { KLYNGE_CALL: 'nope' });
    await refused(db, ['call', 'use', 'nope'], 1, /No call "nope"\. The calls are: klyngesatsing-2022, viken-2021/);
    await refused(db, ['call', 'use'], 2, /Give the call to use/);
  });

  it('precedence: --call > KLYNGE_CALL > klynge call use > the only call', async () => {
    const { db } = await twoCalls();
    const slugOf = async (args: string[], env: Record<string, string> = {}) => (await json(db, [...args, 'call', 'show'], env)).call.slug;
    expect(await slugOf([], { KLYNGE_CALL: 'viken-2021' })).toBe('viken-2021');
    const use = await json(db, ['call', 'use', 'klyngesatsing-2022']);
    expect(use).toEqual({ default: 'klyngesatsing-2022', previous: null });
    expect(await slugOf([])).toBe('klyngesatsing-2022');
    expect(await slugOf([], { KLYNGE_CALL: 'viken-2021' })).toBe('viken-2021');
    expect(await slugOf(['--call', 'viken-2021'], { KLYNGE_CALL: 'klyngesatsing-2022' })).toBe('viken-2021');
    // the choice reaches every command that needs a call
    const imp = await json(db, ['import', path.join(DATA, 'applications.csv')]);
    expect(imp.call ?? imp.added).toBeTruthy();
    expect((await json(db, ['applications', 'list'], { KLYNGE_CALL: 'viken-2021' })).applications).toHaveLength(0);
    expect((await json(db, ['applications', 'list'])).applications).toHaveLength(10);
  });

  it('call list marks the default; call use is logged old → new and can be cleared', async () => {
    const { db } = await twoCalls();
    await klyngeOk(['--db', db, 'call', 'use', 'viken-2021']);
    const text = await klyngeOk(['--db', db, 'call', 'list']);
    expect(text.stdout).toMatch(/viken-2021 \*/);
    expect(text.stdout).toContain('* the default call (klynge call use viken-2021)');
    const list = await json(db, ['call', 'list']);
    expect(list.default).toBe('viken-2021');
    expect(list.calls.map((c: { slug: string; default: boolean }) => [c.slug, c.default])).toEqual([
      ['klyngesatsing-2022', false],
      ['viken-2021', true],
    ]);
    await klyngeOk(['--db', db, 'call', 'use', 'klyngesatsing-2022']);
    const cleared = await klyngeOk(['--db', db, 'call', 'use', '--clear']);
    expect(cleared.stdout).toContain('No default call any more');
    const log = (await json(db, ['log'])).entries.filter((e: { action: string }) => e.action === 'call.use');
    expect(log.map((e: { actor: string; details: { changes: unknown } }) => [e.actor, e.details.changes])).toEqual([
      ['tester', { default: { old: null, new: 'viken-2021' } }],
      ['tester', { default: { old: 'viken-2021', new: 'klyngesatsing-2022' } }],
      ['tester', { default: { old: 'klyngesatsing-2022', new: null } }],
    ]);
    await refused(db, ['rank'], 1, /none is chosen/);
    expect((await klyngeOk(['--db', db, 'log'])).stdout).toMatch(/tester\s+default call\s+default: viken-2021 → klyngesatsing-2022/);
  });

  it('warns when KLYNGE_CALL will go before the default just chosen', async () => {
    const { db } = await twoCalls();
    const r = await klynge(['--db', db, 'call', 'use', 'viken-2021'], { env: { KLYNGE_CALL: 'klyngesatsing-2022' } });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/KLYNGE_CALL is set to "klyngesatsing-2022" in this shell, and it goes before the default/);
  });

  it('nb: the refusal is in Norwegian and names the same ways', async () => {
    const { db } = await twoCalls();
    const r = await klynge(['--db', db, 'rank'], { env: { KLYNGE_LANG: 'nb' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Det finnes flere utlysninger .* og ingen er valgt\. Bruk --call KORTNAVN, sett KLYNGE_CALL=KORTNAVN, eller gjør én til standard med «klynge call use KORTNAVN»/);
  });
});
