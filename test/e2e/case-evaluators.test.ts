/**
 * `klynge evaluator rename | remove` and `score import` refusing unknown names, through the
 * binary: every change logged with the actor, stored runs made stale where scores go, each
 * refusal with its exit code, its message and the database byte for byte as before.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA, klyngeBin, klyngeOk as ok } from '../helpers/cli.js';
import { binJson, expectRefused } from '../helpers/refusal.js';
import { sampleDb } from '../helpers/workspace.js';

type LogEntry = { action: string; actor: string; ref: string | null; details: Record<string, unknown> };
const log = (db: string, ref?: string) => (binJson(db, ['log', ...(ref ? [ref] : [])]) as { entries: LogEntry[] }).entries;

describe('klynge evaluator rename (binary)', () => {
  it('renames: scores, conflicts and progress follow; logged old → new', async () => {
    const { db } = await sampleDb({ scores: true, conflicts: true });
    const r = binJson(db, ['evaluator', 'rename', 'ola hansen', 'Ola Hanssen'], { KLYNGE_ACTOR: 'saksbehandler' });
    expect(r).toEqual({ evaluator: { old: 'Ola Hansen', new: 'Ola Hanssen' } });
    const list = binJson(db, ['evaluator', 'list']) as { evaluators: { name: string; scored: number }[] };
    expect(list.evaluators.map((e) => [e.name, e.scored])).toEqual([
      ['Ingrid Berg', 9],
      ['Kari Nordmann', 10],
      ['Ola Hanssen', 10],
    ]);
    const entry = log(db).find((e) => e.action === 'evaluator.rename')!;
    expect(entry).toMatchObject({ actor: 'saksbehandler', details: { changes: { name: { old: 'Ola Hansen', new: 'Ola Hanssen' } } } });
    // a change of case only is the same evaluator
    const text = klyngeBin(['--db', db, 'evaluator', 'rename', 'Ola Hanssen', 'OLA Hanssen']);
    expect(text.code).toBe(0);
    expect(text.stdout).toBe('Renamed the evaluator Ola Hanssen to OLA Hanssen.\n');
  });

  it('refuses a name another evaluator has (in any case), the same name, an empty one, an unknown evaluator', async () => {
    const { db } = await sampleDb({ scores: true });
    expectRefused(db, ['evaluator', 'rename', 'Ola Hansen', 'KARI NORDMANN'], 1, 'There is already an evaluator called KARI NORDMANN.');
    expectRefused(db, ['evaluator', 'rename', 'Ola Hansen', 'Ola Hansen'], 1, 'The evaluator is already called Ola Hansen.');
    expectRefused(db, ['evaluator', 'rename', 'Ola Hansen', '  '], 1, 'The evaluator needs a name.');
    expectRefused(db, ['evaluator', 'rename', 'Per', 'Pål'], 1, 'No evaluator "Per". The evaluators are: Ingrid Berg, Kari Nordmann, Ola Hansen.');
    expectRefused(db, ['evaluator', 'rename', 'Ola Hansen'], 2, 'Missing the new name (the argument <new>).');
  });
});

describe('klynge evaluator remove (binary)', () => {
  it('removes one without scores; refuses one with scores unless --drop-scores, which logs each dropped score and makes the run stale', async () => {
    const { db } = await sampleDb({ scores: true, conflicts: true });
    await ok(['--db', db, 'evaluator', 'add', 'Per Ukjent']);
    const gone = klyngeBin(['--db', db, 'evaluator', 'remove', 'Per Ukjent']);
    expect(gone.code).toBe(0);
    expect(gone.stdout).toBe('Removed the evaluator Per Ukjent.\n');

    expectRefused(
      db,
      ['evaluator', 'remove', 'Ingrid Berg'],
      1,
      'Ingrid Berg has 27 scores in viken-2021, so the evaluator was not removed. Add --drop-scores to delete the scores too (they stay in the audit log), or rename the evaluator with "klynge evaluator rename".',
    );
    expectRefused(db, ['evaluator', 'remove', 'Ingrid Bergh'], 1, 'No evaluator "Ingrid Bergh".');

    await ok(['--db', db, 'allocate']);
    const r = binJson(db, ['evaluator', 'remove', 'Ingrid Berg', '--drop-scores'], { KLYNGE_ACTOR: 'saksbehandler' });
    expect(r).toEqual({ evaluator: 'Ingrid Berg', scoresDropped: 27, conflictsRemoved: 1, assignmentsRemoved: 0, calls: ['viken-2021'] });
    expect((binJson(db, ['evaluator', 'list']) as { evaluators: { name: string }[] }).evaluators.map((e) => e.name)).toEqual(['Kari Nordmann', 'Ola Hansen']);
    expect((binJson(db, ['report', 'allocation']) as { stale: boolean }).stale).toBe(true);
    expect(binJson(db, ['conflict', 'list'])).toEqual({ call: 'viken-2021', conflicts: [] });

    // each application's dropped scores are in the log, value and justification
    const entries = log(db);
    const dropped = entries.filter((e) => e.action === 'score.drop');
    expect(dropped).toHaveLength(9);
    expect(dropped.every((e) => e.actor === 'saksbehandler' && e.details.evaluator === 'Ingrid Berg')).toBe(true);
    expect(dropped.reduce((n, e) => n + (e.details.dropped as unknown[]).length, 0)).toBe(27);
    expect((dropped[0].details.dropped as { criterion: string; value: unknown; comment: string }[])[0]).toEqual({ criterion: expect.any(String), value: expect.anything(), comment: expect.any(String) });
    // the conflict she declared stays readable in the log
    const cw = entries.find((e) => e.action === 'conflict.withdraw')!;
    expect(cw).toMatchObject({ ref: '21/04125-1', details: { evaluator: 'Ingrid Berg', declared: { reason: 'Styremedlem i Oslo Cancer Cluster' }, reason: 'evaluator removed' } });
    expect(entries.filter((e) => e.action === 'evaluator.remove').pop()).toMatchObject({ details: { name: 'Ingrid Berg', scoresDropped: 27, conflictsRemoved: 1 } });
    // in words, too
    const words = klyngeBin(['--db', db, 'log']).stdout;
    expect(words).toMatch(/scores deleted\t21\/04102-1\tIngrid Berg: digital 2, green 2, international n\/a deleted/);
  });
});

describe('klynge score import: unknown evaluators (binary)', () => {
  it('refuses each unknown name on its first line, with a near match where there is one; --add-evaluators adds the others', async () => {
    const { dir, db } = await sampleDb({ scores: true });
    const file = path.join(dir, 'nye.csv');
    fs.writeFileSync(
      file,
      'Vurderer;Saksnummer;Kriterium;Poeng;Begrunnelse\nPer Ukjent;21/04102-1;green;1;a\nKari Nordman;21/04102-1;green;2;b\nPer Ukjent;21/04102-1;digital;1;c\nLise Lund;21/04117-1;green;3;d\n',
    );
    const r = expectRefused(db, ['score', 'import', file], 1, 'nye.csv has 3 problems; nothing was imported.');
    expect(r.stderr.split('\n').slice(1, 4).map((l) => l.trim().replace(file, 'nye.csv'))).toEqual([
      'nye.csv:2: column "Vurderer": "Per Ukjent" is not an evaluator: correct the name, add them with "klynge evaluator add", or import with --add-evaluators',
      'nye.csv:3: column "Vurderer": "Kari Nordman" is not an evaluator, but looks like "Kari Nordmann": correct the name, or add Kari Nordman first with "klynge evaluator add" if it is someone else',
      'nye.csv:5: column "Vurderer": "Lise Lund" is not an evaluator: correct the name, add them with "klynge evaluator add", or import with --add-evaluators',
    ]);
    // the near match is refused even with --add-evaluators
    expectRefused(db, ['score', 'import', file, '--add-evaluators'], 1, '"Kari Nordman" is not an evaluator, but looks like "Kari Nordmann"');
    fs.writeFileSync(file, 'Vurderer;Saksnummer;Kriterium;Poeng;Begrunnelse\nPer Ukjent;21/04102-1;green;1;a\nLise Lund;21/04117-1;green;3;d\n');
    const ok2 = binJson(db, ['score', 'import', file, '--add-evaluators']);
    expect(ok2).toMatchObject({ rows: 2, changed: 2, evaluatorsAdded: ['Per Ukjent', 'Lise Lund'] });
    // the sample imports as before once its evaluators exist
    expect(binJson(db, ['score', 'import', path.join(DATA, 'scores.csv')])).toMatchObject({ changed: 0, unchanged: 87, evaluatorsAdded: [] });
  });
});
