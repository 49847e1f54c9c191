/**
 * A whole year on the sample, through the binary, as a county runs it (issue 14's scenario):
 * import, the formal check (one application found ineligible), panels, scoring, allocate,
 * letters, one main-project applicant declines and the reserve moves up while the accepted
 * offers stay, an appeal against the formal check upheld, the application scored by its new
 * panel, and allocate again — every decision checked exactly at each step.
 *
 * The budgets are cut (main 5.5 MNOK, pre-project 0.4 MNOK) so that the money runs out and
 * there is a reserve list. The weighted results, from data/scores.csv (three evaluators, equal
 * weights; Ingrid Berg's conflict on 21/04125-1 leaves it two):
 *   04117 4.00 · 04118 3.89 · 04125 3.75 · 04133 3.33 · 04134 3.00 · 04126 2.67 ·
 *   04130 2.33 · 04121 2.17 · 04102 1.83 · 04140 1.00
 * Main projects need 3.5 (at most 3 MNOK, partial grants allowed), pre-projects 2.5 (at most
 * 200 000), the call 2.5.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DATA, klyngeBin } from '../helpers/cli.js';
import { PG_RUNS, dropPgDatabases, pgDatabaseSync } from '../helpers/pg.js';
import { binJson } from '../helpers/refusal.js';
import { workspace } from '../helpers/workspace.js';

type Row = { ref: string; rank: number | null; status: string; reason: string | null; tier: string | null; granted: number; offer: string | null; reservePlace: number | null };
type Tier = { key: string; budget: number; granted: number; left: number };
type Report = { stale: boolean; applications: Row[]; excluded: { ref: string; reason: string }[]; tiers: Tier[] };

const PANEL = 'Kari Nordmann, Ola Hansen, Ingrid Berg';
/** the funder's calendar day, asked when needed (a run may cross midnight) */
const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Oslo' });

/** ref → "status tier granted (offer | reserve place)": one line per decision, exact */
function decisions(db: string): Record<string, string> {
  const rep = binJson(db, ['report', 'allocation']) as Report;
  expect(rep.stale).toBe(false);
  const out: Record<string, string> = {};
  for (const r of rep.applications) {
    const extra = r.offer ? ` (${r.offer})` : r.reservePlace ? ` (reserve no. ${r.reservePlace})` : '';
    out[r.ref] = `#${r.rank} ${r.status} ${r.tier ?? '-'} ${r.granted}${extra}`;
  }
  for (const x of rep.excluded) out[x.ref] = `out: ${x.reason}`;
  return out;
}
const left = (db: string) => Object.fromEntries((binJson(db, ['report', 'allocation']) as Report).tiers.map((t) => [t.key, t.left]));

// on SQLite, and on PostgreSQL when the test server is there (test/helpers/pg.ts)
const STORES = ['sqlite', ...(PG_RUNS ? ['postgres'] : [])];
afterAll(() => dropPgDatabases());

describe.each(STORES)('a whole year on the sample (binary, %s)', (store) => {
  it('formal check, panels, scoring, allocate, a declined offer and the reserve moving up, an appeal upheld, re-scored, re-allocated', () => {
    const w = workspace();
    const dir = w.dir;
    const db = store === 'postgres' ? pgDatabaseSync() : w.db;
    const run = (...args: string[]) => {
      const r = klyngeBin(['--db', db, ...args], { cwd: dir });
      expect(r.code, `klynge ${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r;
    };

    // the call, with tighter budgets than the sample's
    const call = JSON.parse(fs.readFileSync(path.join(DATA, 'call.json'), 'utf8')) as { tiers: { key: string; budget: number }[] };
    for (const t of call.tiers) t.budget = t.key === 'main' ? 5_500_000 : 400_000;
    fs.writeFileSync(path.join(dir, 'call.json'), JSON.stringify(call));
    // the scores of 21/04133-1 are held back: it is found ineligible before anyone scores it
    const lines = fs.readFileSync(path.join(DATA, 'scores.csv'), 'utf8').split(/\r?\n/).filter((l) => l !== '');
    fs.writeFileSync(path.join(dir, 'scores.csv'), lines.filter((l, i) => i === 0 || !l.includes('21/04133-1')).join('\n') + '\n');
    fs.writeFileSync(path.join(dir, 'scores-04133.csv'), lines.filter((l, i) => i === 0 || l.includes('21/04133-1')).join('\n') + '\n');

    run('init');
    run('call', 'create', '--file', path.join(dir, 'call.json'));
    run('import', path.join(DATA, 'applications.csv'));
    for (const name of PANEL.split(', ')) run('evaluator', 'add', name);
    run('conflict', 'import', path.join(DATA, 'conflicts.csv'));

    // the formal check: one application is not eligible
    run('applications', 'ineligible', '21/04133-1', '--reason', 'Mangler signert partnererklæring fra samarbeidsklyngen');

    // panels: every active application to all three, never to Ingrid Berg on 21/04125-1
    const assigned = binJson(db, ['assign', '--evaluators', PANEL, '--per-application', '3']) as { added: { ref: string; evaluator: string }[]; short: { ref: string; assigned: number }[] };
    expect(assigned.added).toHaveLength(9 * 3 - 1);
    expect(assigned.added.some((a) => a.ref === '21/04133-1')).toBe(false);
    expect(assigned.short).toEqual([expect.objectContaining({ ref: '21/04125-1', assigned: 2 })]);

    // scoring; each evaluator has scored all that is theirs
    run('score', 'import', path.join(dir, 'scores.csv'));
    const progress = (binJson(db, ['evaluator', 'list']) as { evaluators: { name: string; scored: number; remaining: number }[] }).evaluators;
    expect(progress.map((p) => [p.name, p.scored, p.remaining])).toEqual([
      ['Ingrid Berg', 8, 0],
      ['Kari Nordmann', 9, 0],
      ['Ola Hansen', 9, 0],
    ]);

    // the first allocation: main 2.8 + 2.7 (partial, the rest of the budget); pre-projects 200 000 each; 04126 first in line
    run('allocate');
    expect(decisions(db)).toEqual({
      '21/04117-1': '#1 granted main 2800000 (offered)',
      '21/04118-1': '#2 partially granted main 2700000 (offered)',
      '21/04125-1': '#3 partially granted pre 200000 (offered)',
      '21/04134-1': '#4 partially granted pre 200000 (offered)',
      '21/04126-1': '#5 reserve - 0 (reserve no. 1)',
      '21/04130-2': '#6 rejected - 0',
      '21/04121-1': '#7 rejected - 0',
      '21/04102-1': '#8 rejected - 0',
      '21/04140-1': '#9 rejected - 0',
      '21/04133-1': 'out: ineligible',
    });
    expect(left(db)).toEqual({ main: 0, pre: 0 });

    // the letters go out today: ten, of every kind
    const letters = run('letters', '--out', 'brev', '--format', 'md');
    expect(letters.stderr + letters.stdout).toContain('Wrote 10 letters (md) to brev: 1 grant, 3 partial grants, 1 on the reserve list, 4 rejections, 1 not eligible.');

    // 04118 accepts; 04117 declines, and its 2.8 MNOK goes back to the main-project budget
    run('offer', 'accept', '21/04118-1');
    run('offer', 'decline', '21/04117-1', '--note', 'Prosjektet er lagt på is');
    const second = binJson(db, ['allocate']) as { moves: { movedUp: { ref: string }[]; offersChanged: { ref: string }[]; accepted: number; declined: number } };
    // 04125 (3.75) now qualifies for a main-project grant in full; 04126 moves up into the pre-project money it freed
    expect(second.moves.movedUp.map((m) => m.ref)).toEqual(['21/04126-1']);
    expect(second.moves.offersChanged.map((m) => m.ref)).toEqual(['21/04125-1']);
    expect(second.moves).toMatchObject({ accepted: 1, declined: 1 });
    expect(decisions(db)).toEqual({
      '21/04117-1': '#1 declined main 0 (declined)',
      '21/04118-1': '#2 partially granted main 2700000 (accepted)', // accepted: as it was offered
      '21/04125-1': '#3 granted main 2100000 (offered)',
      '21/04134-1': '#4 partially granted pre 200000 (offered)',
      '21/04126-1': '#5 partially granted pre 200000 (offered)',
      '21/04130-2': '#6 rejected - 0',
      '21/04121-1': '#7 rejected - 0',
      '21/04102-1': '#8 rejected - 0',
      '21/04140-1': '#9 rejected - 0',
      '21/04133-1': 'out: ineligible',
    });
    expect(left(db)).toEqual({ main: 700_000, pre: 0 });
    // the new letters: to the one whose grant changed and the one who moved up; the declined one gets none
    const again = run('letters', '--out', 'brev2', '--format', 'md');
    expect(again.stderr + again.stdout).toContain('Wrote 9 letters (md) to brev2: 1 grant, 3 partial grants, 4 rejections, 1 not eligible.');
    expect(again.stderr).toContain('1 applicant declined the grant offered and got no new letter');
    expect(fs.existsSync(path.join(dir, 'brev2', '21-04117-1.md'))).toBe(false);
    for (const ref of ['21/04125-1', '21/04134-1', '21/04126-1']) run('offer', 'accept', ref);

    // 21/04133-1 appeals the formal decision, in time (notified by today's letter), and is upheld
    const appeal = binJson(db, ['appeal', 'register', '21/04133-1', '--received', today(), '--note', 'Erklæringen ble sendt per e-post']) as { inTime: boolean; notifiedFrom: string };
    expect(appeal).toMatchObject({ inTime: true, notifiedFrom: 'letter' });
    const upheld = binJson(db, ['appeal', 'decide', '21/04133-1', '--upheld', '--note', 'Erklæringen lå i saksarkivet']) as { restored: boolean; needsPanel: boolean };
    expect(upheld).toMatchObject({ restored: true, needsPanel: true });
    // back in the competition, but nobody is on its panel yet: it waits, and says so
    const waiting = (binJson(db, ['rank']) as { applications: { ref: string; rank: number | null; flags: { code: string; unassigned?: boolean }[] }[] }).applications.find((a) => a.ref === '21/04133-1')!;
    expect(waiting).toMatchObject({ rank: null, flags: [{ code: 'incomplete', unassigned: true }] });

    // its panel, then its scores
    for (const name of PANEL.split(', ')) run('assign', '21/04133-1', '--evaluator', name);
    run('score', 'import', path.join(dir, 'scores-04133.csv'));

    // 3.33 qualifies for a pre-project only, whose money is all accepted: first on the reserve list; nothing else moves
    const third = binJson(db, ['allocate']) as { moves: { movedUp: unknown[]; offersChanged: unknown[]; accepted: number; declined: number } };
    expect(third.moves).toEqual({ movedUp: [], offersChanged: [], expired: [], accepted: 4, declined: 1 });
    expect(decisions(db)).toEqual({
      '21/04117-1': '#1 declined main 0 (declined)',
      '21/04118-1': '#2 partially granted main 2700000 (accepted)',
      '21/04125-1': '#3 granted main 2100000 (accepted)',
      '21/04133-1': '#4 reserve - 0 (reserve no. 1)',
      '21/04134-1': '#5 partially granted pre 200000 (accepted)',
      '21/04126-1': '#6 partially granted pre 200000 (accepted)',
      '21/04130-2': '#7 rejected - 0',
      '21/04121-1': '#8 rejected - 0',
      '21/04102-1': '#9 rejected - 0',
      '21/04140-1': '#10 rejected - 0',
    });
    expect(left(db)).toEqual({ main: 700_000, pre: 0 });

    // the appeal is on record, and the summary reads as the county would publish it
    expect((binJson(db, ['appeal', 'list']) as { appeals: { ref: string; state: string; inTime: boolean }[] }).appeals).toEqual([expect.objectContaining({ ref: '21/04133-1', state: 'upheld', inTime: true })]);
    const summary = klyngeBin(['--db', db, '--lang', 'nb', 'report', 'summary']).stdout;
    expect(summary).toContain('Én søknad som oppfyller kravene, står på venteliste og får tilbud dersom midler blir ledige.');
  }, 120_000);
});
