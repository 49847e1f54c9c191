/**
 * Issue 14 items 5 and 6 through the real binary: `call update`, `call use`, KLYNGE_CALL,
 * `allocate --budget --commit`; each refusal with its exit code, message and the database
 * (main file and WAL, or on PostgreSQL every row) byte for byte as before.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA, klyngeBin, klyngeOk } from '../helpers/cli.js';
import { dbDigest, settle } from '../helpers/refusal.js';
import { callDb, sampleDb } from '../helpers/workspace.js';

function bin(db: string, args: string[], env: Record<string, string | undefined> = {}) {
  return klyngeBin(['--db', db, ...args], { env });
}

function refused(db: string, args: string[], code: number, message: RegExp, env: Record<string, string | undefined> = {}) {
  // settle the WAL first (a run that opens and closes the database checkpoints it)
  settle(db);
  const before = dbDigest(db);
  const r = bin(db, args, env);
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(dbDigest(db)).toBe(before);
}

describe('klynge call update (binary)', () => {
  it('changes budgets and the threshold, --json says what changed, call show agrees', async () => {
    const { db } = await sampleDb();
    const r = bin(db, ['--json', 'call', 'update', '--budget', 'main=9000000', '--threshold', '3']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).changes).toEqual([
      { path: 'threshold', old: 2.5, new: 3 },
      { path: 'tiers[0].budget', old: 8_000_000, new: 9_000_000 },
    ]);
    const show = JSON.parse(bin(db, ['--json', 'call', 'show']).stdout);
    expect([show.call.threshold, show.call.tiers[0].budget]).toEqual([3, 9_000_000]);
    const text = bin(db, ['--lang', 'nb', 'call', 'update', '--budget', 'pre=700000']);
    expect(text.stdout).toMatch(/Endret utlysningen viken-2021 \(1 endring, logget\)/);
    expect(text.stdout).toMatch(/tiers\[1\]\.budget: 600 000 kr → 700 000 kr/);
  });

  it('refusals: invalid, unknown tier, locked criteria once scored, nothing to change asked', async () => {
    const { db, dir } = await sampleDb({ scores: true });
    refused(db, ['call', 'update', '--threshold', '9'], 1, /threshold: must be at most 5/);
    refused(db, ['call', 'update', '--budget', 'x=100'], 1, /there is no tier "x"; the tiers are: main, pre/);
    refused(db, ['call', 'update'], 2, /Say what to change/);
    const def = JSON.parse(fs.readFileSync(path.join(DATA, 'call.json'), 'utf8'));
    def.criteria[0].weight = 3;
    const f = path.join(dir, 'weights.json');
    fs.writeFileSync(f, JSON.stringify(def));
    refused(db, ['call', 'update', '--file', f], 1, /Scoring of viken-2021 has started .* criteria, their weights and the scale can no longer change \(criteria\[0\]\.weight\)/);
    refused(db, ['--call', 'nope', 'call', 'update', '--threshold', '3'], 1, /No call "nope"\. The calls are: viken-2021\. Choose one with --call SLUG, KLYNGE_CALL=SLUG/);
  });

  it('allocate --budget --commit changes the call (logged); the next plain allocate and the report agree; a what-if changes nothing', async () => {
    const { db } = await sampleDb({ scores: true });
    expect(bin(db, ['check']).code).toBe(0);
    const before = dbDigest(db);
    expect(bin(db, ['allocate', '--budget', '9000000']).code).toBe(0);
    expect(dbDigest(db)).toBe(before);
    const c = bin(db, ['allocate', '--budget', '9000000', '--commit']);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stderr).toMatch(/The budget of viken-2021 is changed and logged/);
    const main = (j: { tiers: { key: string; budget: number }[] }) => j.tiers.find((t) => t.key === 'main')!.budget;
    expect(main(JSON.parse(bin(db, ['--json', 'call', 'show']).stdout).call)).toBe(9_000_000);
    expect(main(JSON.parse(bin(db, ['--json', 'report', 'allocation']).stdout))).toBe(9_000_000);
    expect(main(JSON.parse(bin(db, ['--json', 'allocate']).stdout))).toBe(9_000_000);
    const log = JSON.parse(bin(db, ['--json', 'log']).stdout).entries.filter((e: { action: string }) => e.action === 'call.update');
    expect(log.map((e: { actor: string; details: { changes: unknown } }) => [e.actor, e.details.changes])).toEqual([['tester', { 'tiers[0].budget': { old: 8_000_000, new: 9_000_000 } }]]);
  });

  it('allocate with no evaluators says so', async () => {
    const { db } = await sampleDb();
    const r = bin(db, ['allocate']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/No evaluators are registered and nothing is scored in viken-2021/);
    expect(r.stderr).not.toMatch(/conflict of interest/);
  });
});

describe('the default call (binary)', () => {
  it('call use, KLYNGE_CALL and --call, in that order of strength; call list marks the default', async () => {
    const { db } = await callDb();
    await klyngeOk(['--db', db, 'call', 'create', '--name', 'Klyngesatsing 2022', '--year', '2022', '--budget', '5000000']);
    refused(db, ['rank'], 1, /There are several calls \(klyngesatsing-2022, viken-2021\) and none is chosen\. Give --call SLUG, set KLYNGE_CALL=SLUG, or make one the default with "klynge call use SLUG"/);
    refused(db, ['rank'], 1, /KLYNGE_CALL names the call "nei"/, { KLYNGE_CALL: 'nei' });
    refused(db, ['call', 'use', 'nei'], 1, /No call "nei"/);
    const use = bin(db, ['--json', 'call', 'use', 'viken-2021']);
    expect(JSON.parse(use.stdout)).toEqual({ default: 'viken-2021', previous: null });
    const slug = (args: string[], env: Record<string, string> = {}) => JSON.parse(bin(db, ['--json', ...args, 'call', 'show'], env).stdout).call.slug;
    expect(slug([])).toBe('viken-2021');
    expect(slug([], { KLYNGE_CALL: 'klyngesatsing-2022' })).toBe('klyngesatsing-2022');
    expect(slug(['--call', 'viken-2021'], { KLYNGE_CALL: 'klyngesatsing-2022' })).toBe('viken-2021');
    const list = bin(db, ['call', 'list']);
    expect(list.stdout).toMatch(/viken-2021 \*/);
    expect(list.stdout).toContain('* the default call (klynge call use viken-2021)');
    expect(JSON.parse(bin(db, ['--json', 'call', 'list']).stdout).default).toBe('viken-2021');
    expect(bin(db, ['call', 'use', '--clear']).code).toBe(0);
    refused(db, ['rank'], 1, /none is chosen/);
  });
});
