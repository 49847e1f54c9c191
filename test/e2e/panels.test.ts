/**
 * `klynge assign` through the binary: the sample call spread over a panel (even, never to the
 * conflicted evaluator, withdrawn applications left out), one evaluator on and off one
 * application, the list; each change logged old → new with the actor and making a stored run
 * stale; every refusal with its exit code and message, the database byte for byte as before.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { klyngeBin } from '../helpers/cli.js';
import { binJson, expectRefused } from '../helpers/refusal.js';
import { sampleDb } from '../helpers/workspace.js';

const PANEL = 'Kari Nordmann, Ola Hansen, Ingrid Berg';
type Row = { ref: string; evaluator: string; assignedBy: string; assignedAt: string };
type LogEntry = { action: string; actor: string; ref: string | null; details: Record<string, unknown> };
const list = (db: string) => (binJson(db, ['assign', '--list']) as { assignments: Row[] }).assignments;
const log = (db: string, ref: string) => (binJson(db, ['log', ref]) as { entries: LogEntry[] }).entries;
const env = { KLYNGE_ACTOR: 'saksbehandler' };

describe('klynge assign --evaluators (binary)', () => {
  it('spreads the active applications evenly, never to a conflicted evaluator; withdrawn ones get none; logged; the run goes stale', async () => {
    const { db } = await sampleDb({ scores: true, conflicts: true });
    binJson(db, ['applications', 'withdraw', '21/04140-1', '--note', 'Trukket av søker']);
    binJson(db, ['allocate']);
    expect(list(db)).toEqual([]);
    const r = binJson(db, ['assign', '--evaluators', PANEL, '--per-application', '2'], env) as {
      added: { ref: string; evaluator: string }[];
      load: { evaluator: string; applications: number }[];
      short: unknown[];
      replaced: number;
      staleRun: boolean;
    };
    expect(r.added).toHaveLength(18);
    expect(r.load).toEqual([
      { evaluator: 'Ingrid Berg', applications: 6 },
      { evaluator: 'Kari Nordmann', applications: 6 },
      { evaluator: 'Ola Hansen', applications: 6 },
    ]);
    expect(r).toMatchObject({ short: [], replaced: 0, staleRun: true, perApplication: 2 });
    const rows = list(db);
    expect(rows).toHaveLength(18);
    expect(rows.filter((x) => x.ref === '21/04140-1')).toEqual([]);
    // Ingrid Berg has a conflict on 21/04125-1
    expect(rows.filter((x) => x.ref === '21/04125-1').map((x) => x.evaluator)).toEqual(['Kari Nordmann', 'Ola Hansen']);
    for (const ref of new Set(rows.map((x) => x.ref))) expect(rows.filter((x) => x.ref === ref)).toHaveLength(2);
    expect(rows.every((x) => x.assignedBy === 'saksbehandler')).toBe(true);
    expect((binJson(db, ['report', 'allocation']) as { stale: boolean }).stale).toBe(true);
    const entry = log(db, '21/04125-1').find((e) => e.action === 'assign')!;
    expect(entry).toMatchObject({ actor: 'saksbehandler', details: { changes: { evaluators: { old: [], new: ['Kari Nordmann', 'Ola Hansen'] } }, perApplication: 2 } });

    // deterministic: the same panel spread again with --replace gives the same pairs, and logs nothing new
    const again = binJson(db, ['assign', '--evaluators', 'Ola Hansen,Ingrid Berg,Kari Nordmann', '--per-application', '2', '--replace']) as { replaced: number };
    expect(again.replaced).toBe(18);
    expect(list(db).map((x) => [x.ref, x.evaluator])).toEqual(rows.map((x) => [x.ref, x.evaluator]));
    expect(log(db, '21/04125-1').filter((e) => e.action === 'assign')).toHaveLength(1);
  });

  it('the text output in Norwegian: how many, the load per evaluator, and a warning for an application short of evaluators', async () => {
    const { db } = await sampleDb({ scores: true, conflicts: true });
    const r = klyngeBin(['--db', db, '--lang', 'nb', 'assign', '--evaluators', 'Kari Nordmann, Ingrid Berg', '--per-application', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Fordelte 10 søknader på 2 vurderere hver fra et panel på 2 (19 tildelinger).\n  Ingrid Berg: 9 søknader\n  Kari Nordmann: 10 søknader\n');
    expect(r.stderr).toContain('21/04125-1 fikk 1 av 2 vurderere: de andre er inhabile i saken.');
    const table = klyngeBin(['--db', db, '--lang', 'nb', 'assign', '--list']);
    expect(table.stdout).toMatch(/^Saksnr\.\tVurderer\tTildelt\n21\/04102-1\tIngrid Berg\t[^\n]+, \d\d\.\d\d\.\d{4}\n/);
    expect(table.stdout).toMatch(/\n19 tildelinger/);
  });

  it('refusals: unknown evaluators (with a near match), already assigned without --replace, too many per application, names twice, no mode', async () => {
    const { db } = await sampleDb({ scores: true });
    expectRefused(db, ['assign', '--evaluators', 'Kari Nordman, Per Ukjent', '--per-application', '1'], 1, 'Kari Nordman, Per Ukjent: not evaluators in klynge (did you mean Kari Nordmann?). Nothing was assigned.');
    expectRefused(db, ['assign', '--evaluators', 'Per Ukjent', '--per-application', '1'], 1, 'Per Ukjent: not an evaluator in klynge. Nothing was assigned.');
    expectRefused(db, ['assign', '--evaluators', 'Kari Nordmann', '--per-application', '2'], 1, '--per-application 2 asks for more evaluators per application than the 1 named');
    expectRefused(db, ['assign', '--evaluators', 'Kari Nordmann, kari nordmann', '--per-application', '1'], 1, '"kari nordmann" is named twice in --evaluators');
    expectRefused(db, ['assign', '--evaluators', ' , ', '--per-application', '1'], 1, '--evaluators names no one');
    expectRefused(db, ['assign', '--evaluators', PANEL, '--per-application', '0'], 2, '--per-application');
    expectRefused(db, ['assign', '--evaluators', PANEL], 2, '--evaluators needs --per-application N');
    expectRefused(db, ['assign'], 2, 'Say what to assign');
    expectRefused(db, ['assign', '--unassign'], 2, '--unassign takes one evaluator off one application');
    expectRefused(db, ['assign', '--list', '--replace'], 2, '--list shows the assignments and takes no application or other option: leave out --replace.');
    expectRefused(db, ['assign', '21/04125-1', '--per-application', '2', '--evaluator', 'Ola Hansen'], 2, '--per-application only applies to the whole call');
    binJson(db, ['assign', '--evaluators', PANEL, '--per-application', '2']);
    expectRefused(db, ['assign', '--evaluators', PANEL, '--per-application', '1'], 1, 'viken-2021 has 20 assignments already. Nothing was changed. Add --replace');
    expectRefused(db, ['--json', 'assign', '--evaluators', PANEL, '--per-application', '1'], 1, 'viken-2021 has 20 assignments already.');
    expectRefused(db, ['--lang', 'nb', 'assign', '--evaluators', 'Kari Nordman', '--per-application', '1'], 1, 'Kari Nordman: er ikke en vurderer i klynge (mente du Kari Nordmann?). Ingenting er fordelt.');
  });
});

describe('klynge assign REF --evaluator (binary)', () => {
  it('puts one evaluator on and takes them off, logged old → new; the run goes stale', async () => {
    const { db } = await sampleDb({ scores: true });
    binJson(db, ['allocate']);
    const on = klyngeBin(['--db', db, 'assign', '21/04118-1', '--evaluator', 'ingrid berg'], { env });
    expect(on.code).toBe(0);
    expect(on.stdout).toBe('Put Ingrid Berg on the panel of 21/04118-1; its panel is now: Ingrid Berg.\n');
    expect((binJson(db, ['report', 'allocation']) as { stale: boolean }).stale).toBe(true);
    expect(binJson(db, ['assign', '21/04118-1', '--evaluator', 'Ola Hansen'])).toEqual({ call: 'viken-2021', ref: '21/04118-1', evaluator: 'Ola Hansen', unassigned: false, panel: ['Ingrid Berg', 'Ola Hansen'] });
    expect(list(db).map((x) => [x.ref, x.evaluator, x.assignedBy])).toEqual([
      ['21/04118-1', 'Ingrid Berg', 'saksbehandler'],
      ['21/04118-1', 'Ola Hansen', expect.any(String)],
    ]);
    const off = klyngeBin(['--db', db, '--lang', 'nb', 'assign', '21/04118-1', '--evaluator', 'Ingrid Berg', '--unassign'], { env });
    expect(off.code).toBe(0);
    expect(off.stdout).toBe('Ingrid Berg er tatt ut av panelet for 21/04118-1; panelet er nå: Ola Hansen.\n');
    const entries = log(db, '21/04118-1').filter((e) => e.action === 'assign' || e.action === 'unassign');
    expect(entries.map((e) => [e.action, e.actor, e.details])).toEqual([
      ['assign', 'saksbehandler', { evaluator: 'Ingrid Berg', changes: { evaluators: { old: [], new: ['Ingrid Berg'] } } }],
      ['assign', expect.any(String), { evaluator: 'Ola Hansen', changes: { evaluators: { old: ['Ingrid Berg'], new: ['Ingrid Berg', 'Ola Hansen'] } } }],
      ['unassign', 'saksbehandler', { evaluator: 'Ingrid Berg', changes: { evaluators: { old: ['Ingrid Berg', 'Ola Hansen'], new: ['Ola Hansen'] } } }],
    ]);
    const text = klyngeBin(['--db', db, 'log', '21/04118-1']);
    expect(text.stdout).toMatch(/\tsaksbehandler\tunassigned\t21\/04118-1\t/);
  });

  it('refusals: conflicted, withdrawn, ineligible, already on the panel, not on it, unknown evaluator and application, no --evaluator', async () => {
    const { db } = await sampleDb({ scores: true, conflicts: true });
    binJson(db, ['applications', 'withdraw', '21/04140-1']);
    binJson(db, ['applications', 'ineligible', '21/04134-1', '--reason', 'Ikke en klyngeorganisasjon']);
    binJson(db, ['assign', '21/04118-1', '--evaluator', 'Ola Hansen']);
    expectRefused(db, ['assign', '21/04125-1', '--evaluator', 'Ingrid Berg'], 1, 'Ingrid Berg has a conflict of interest on 21/04125-1 ("Styremedlem i Oslo Cancer Cluster") and cannot be on its panel.');
    expectRefused(db, ['assign', '21/04140-1', '--evaluator', 'Ola Hansen'], 1, '21/04140-1 is withdrawn and gets no panel. Restore it first with "klynge applications restore 21/04140-1".');
    expectRefused(db, ['--lang', 'nb', 'assign', '21/04134-1', '--evaluator', 'Ola Hansen'], 1, '21/04134-1 er avvist ved formell kontroll og får ikke panel.');
    expectRefused(db, ['assign', '21/04118-1', '--evaluator', 'ola hansen'], 1, 'Ola Hansen is on the panel of 21/04118-1 already.');
    expectRefused(db, ['assign', '21/04118-1', '--evaluator', 'Kari Nordmann', '--unassign'], 1, 'Kari Nordmann is not on the panel of 21/04118-1: nothing to take off.');
    expectRefused(db, ['assign', '21/04118-1', '--evaluator', 'Ola Hanssen'], 1, 'Ola Hanssen: not an evaluator in klynge (did you mean Ola Hansen?)');
    expectRefused(db, ['assign', '21/04118-9', '--evaluator', 'Ola Hansen'], 1, '21/04118-9');
    expectRefused(db, ['assign', '21/04118-1'], 2, 'Name the evaluator with --evaluator NAME to put on (or, with --unassign, take off) the panel of 21/04118-1.');
    expectRefused(db, ['assign', '21/04118-1', '--evaluator', 'Ola Hansen', '--list'], 2, '--list shows the assignments and takes no application or other option: leave out 21/04118-1.');
  });
});

describe('klynge assign --list (binary)', () => {
  it('says when there are none, with how to make them', async () => {
    const { db } = await sampleDb();
    expect(binJson(db, ['assign', '--list'])).toEqual({ call: 'viken-2021', assignments: [] });
    const r = klyngeBin(['--db', db, 'assign', '--list']);
    expect(r.code).toBe(0);
    expect(r.stderr + r.stdout).toContain('viken-2021 has no assignments: every evaluator may score every application.');
  });
});

describe('with panels, an application waits for its own panel only (binary)', () => {
  /** the sample without scores; 04118 on Ola Hansen's and Ingrid Berg's panel, 04117 on Kari Nordmann's */
  async function paneled(): Promise<{ dir: string; db: string }> {
    const w = await sampleDb();
    const { db } = w;
    for (const name of ['Kari Nordmann', 'Ola Hansen', 'Ingrid Berg']) binJson(db, ['evaluator', 'add', name]);
    binJson(db, ['assign', '21/04118-1', '--evaluator', 'Ola Hansen']);
    binJson(db, ['assign', '21/04118-1', '--evaluator', 'Ingrid Berg']);
    binJson(db, ['assign', '21/04117-1', '--evaluator', 'Kari Nordmann']);
    binJson(db, ['score', 'set', '21/04118-1', '--evaluator', 'Ola Hansen', 'green=4', 'digital=4', 'international=4']);
    binJson(db, ['score', 'set', '21/04117-1', '--evaluator', 'Kari Nordmann', 'green=4', 'digital=4', 'international=3']);
    // an application on nobody's panel, scored by someone anyway (only with --off-panel)
    binJson(db, ['score', 'set', '21/04125-1', '--evaluator', 'Kari Nordmann', 'green=3', 'digital=3', 'international=3', '--off-panel']);
    return w;
  }
  type Ranked = { ref: string; rank: number | null; flags: { code: string; missing?: { evaluator: string | null; criterion: string }[]; unassigned?: boolean }[] };
  const ranked = (db: string) => new Map((binJson(db, ['rank']) as { applications: Ranked[] }).applications.map((a) => [a.ref, a]));

  it('complete once the assigned evaluators have scored; waiting for the assigned one who has not, by name; nobody assigned is said so', async () => {
    const { db } = await paneled();
    const r = ranked(db);
    expect(r.get('21/04117-1')).toMatchObject({ rank: 1, flags: [] });
    // scored, but nobody is on its panel: not complete while the call has panels
    expect(r.get('21/04125-1')).toMatchObject({ rank: null, flags: [{ code: 'incomplete', criteria: [], missing: [], unassigned: true }] });
    // one of its two evaluators has scored: every criterion has an answer, but it is not complete
    expect(r.get('21/04118-1')!.rank).toBeNull();
    expect(r.get('21/04118-1')!.flags[0]).toMatchObject({ code: 'incomplete', missing: ['green', 'digital', 'international'].map((criterion) => ({ evaluator: 'Ingrid Berg', criterion })) });
    expect(r.get('21/04134-1')!.flags[0]).toMatchObject({ code: 'incomplete', missing: [], unassigned: true });
    const text = klyngeBin(['--db', db, 'rank']).stdout;
    expect(text).toContain('Every criterion has an answer, but its panel is not done: waiting for Ingrid Berg (Green transition, Digitalisation, Internationalisation).');
    expect(text).toContain('No evaluator is assigned to it, so it is not complete (the call has panels): put evaluators on it with "klynge assign 21/04125-1 --evaluator NAME".');
    expect(text).toContain('Not fully scored on Green transition, Digitalisation, Internationalisation, and no evaluator is assigned to it: put evaluators on it with "klynge assign 21/04134-1 --evaluator NAME".');
    // allocate agrees: 04118 is pending, not funded
    const a = binJson(db, ['allocate']) as { decisions: { ref: string; status: string }[] };
    expect(a.decisions.find((d) => d.ref === '21/04118-1')!.status).toBe('pending');
  });

  it('progress, report evaluators and what each lacks count the assigned applications only', async () => {
    const { db } = await paneled();
    type P = { name: string; scored: number; remaining: number; total: number };
    const progress = (binJson(db, ['evaluator', 'list']) as { evaluators: P[] }).evaluators;
    expect(progress.map((p) => [p.name, p.scored, p.remaining, p.total])).toEqual([
      ['Ingrid Berg', 0, 1, 1],
      ['Kari Nordmann', 1, 0, 1],
      ['Ola Hansen', 1, 0, 1],
    ]);
    const rep = binJson(db, ['report', 'evaluators']) as { evaluators: { name: string; lacking: { ref: string }[] }[] };
    expect(rep.evaluators.map((e) => [e.name, e.lacking.map((l) => l.ref)])).toEqual([
      ['Ingrid Berg', ['21/04118-1']],
      ['Kari Nordmann', []],
      ['Ola Hansen', []],
    ]);
  });

  it('evaluator remove takes them off every panel, logged with the reason, and the application no longer waits for them', async () => {
    const { db } = await paneled();
    binJson(db, ['allocate']);
    const r = binJson(db, ['evaluator', 'remove', 'Ingrid Berg'], env) as { assignmentsRemoved: number };
    expect(r.assignmentsRemoved).toBe(1);
    expect(list(db).map((x) => [x.ref, x.evaluator])).toEqual([
      ['21/04117-1', 'Kari Nordmann'],
      ['21/04118-1', 'Ola Hansen'],
    ]);
    const entry = log(db, '21/04118-1').find((e) => e.action === 'unassign')!;
    expect(entry).toMatchObject({ actor: 'saksbehandler', details: { evaluator: 'Ingrid Berg', changes: { evaluators: { old: ['Ingrid Berg', 'Ola Hansen'], new: ['Ola Hansen'] } }, reason: 'evaluator removed' } });
    expect(ranked(db).get('21/04118-1')).toMatchObject({ rank: 1, flags: [] }); // 4.00 before 04117's 3.67
    // the stored run no longer follows
    expect((binJson(db, ['report', 'allocation']) as { stale: boolean }).stale).toBe(true);
    // with --drop-scores, the text says which panels they left, in Norwegian
    const text = klyngeBin(['--db', db, '--lang', 'nb', 'evaluator', 'remove', 'Ola Hansen', '--drop-scores']);
    expect(text.code).toBe(0);
    expect(text.stderr).toContain('Ola Hansen ble tatt ut av panelet for 1 søknad, og ingen tar plassen der.');
    expect(ranked(db).get('21/04118-1')!.flags[0]).toMatchObject({ code: 'incomplete', unassigned: true });
  });

  it('refuses scores by an evaluator who is not on the panel, in score set and score import, unless --off-panel', async () => {
    const { db, dir } = await paneled();
    expectRefused(
      db,
      ['score', 'set', '21/04117-1', '--evaluator', 'Ingrid Berg', 'green=0'],
      1,
      'Ingrid Berg is not on the panel of 21/04117-1 (Kari Nordmann), so nothing was saved. Put them on it with "klynge assign 21/04117-1 --evaluator "Ingrid Berg"", or add --off-panel to score it anyway.',
    );
    expectRefused(db, ['--lang', 'nb', 'score', 'set', '21/04134-1', '--evaluator', 'Ingrid Berg', 'green=0'], 1, 'Ingen er satt i panelet for 21/04134-1 ennå, så ingenting ble lagret.');
    const file = path.join(dir, 'panel-scores.csv');
    fs.writeFileSync(file, 'evaluator;ref;criterion;score\nKari Nordmann;21/04117-1;green;5\nIngrid Berg;21/04117-1;green;1\nPer Ny;21/04118-1;green;2\n');
    // every row off its panel named by line, the new evaluator too (a new one is on no panel)
    const r = expectRefused(db, ['score', 'import', file, '--add-evaluators'], 1, 'Ingrid Berg is not on the panel of 21/04117-1; put them on it with "klynge assign", remove the row, or import with --off-panel');
    expect(r.stderr).toMatch(/panel-scores.csv:3: column "evaluator": Ingrid Berg is not on the panel[^]*panel-scores.csv:4: column "evaluator": Per Ny is not on the panel of 21\/04118-1/);
    const kept = klyngeBin(['--db', db, 'score', 'import', file, '--add-evaluators', '--off-panel']);
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.stderr).toContain("2 rows are by evaluators not on the application's panel: kept with --off-panel, and they count in the means (the panel is still waited for).");
    expect((binJson(db, ['score', 'set', '21/04117-1', '--evaluator', 'Ingrid Berg', 'green=2', '--off-panel']) as { changed: unknown[] }).changed).toHaveLength(1);
  });
});
