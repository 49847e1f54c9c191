import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA, FIXTURES, klynge } from '../helpers/cli.js';
import { sampleDb } from '../helpers/workspace.js';

describe('klynge score set', () => {
  it('sets scores from a script, n/a included, and re-setting logs old and new', async () => {
    const { db } = await sampleDb();
    await klynge(['--db', db, 'evaluator', 'add', 'Kari Nordmann']);
    const r = await klynge(['--db', db, 'score', 'set', '21/04117-1', '--evaluator', 'Kari Nordmann', 'green=4', 'digital=na', 'international=3', '--comment', 'Sterk']);
    expect(r).toMatchObject({ code: 0 });
    const again = await klynge(['--db', db, '--json', 'score', 'set', '21/04117-1', 'green=5'], { env: { KLYNGE_EVALUATOR: 'Kari Nordmann' } });
    expect(JSON.parse(again.stdout)).toMatchObject({ changed: [{ criterion: 'green', old: 4, new: 5 }], unchanged: 0 });
    const show = JSON.parse((await klynge(['--db', db, '--json', 'applications', 'show', '21/04117-1'])).stdout);
    expect(show.scores.map((s: { criterion: string; value: unknown; comment: string }) => [s.criterion, s.value, s.comment])).toEqual([
      ['green', 5, ''],
      ['digital', null, 'Sterk'],
      ['international', 3, 'Sterk'],
    ]);
  });

  it('counts every value given: changed, with only a new justification, or unchanged', async () => {
    const { db } = await sampleDb();
    await klynge(['--db', db, 'evaluator', 'add', 'Kari Nordmann']);
    const set = (...args: string[]) => klynge(['--db', db, 'score', 'set', '21/04117-1', '--evaluator', 'Kari Nordmann', ...args]);
    expect((await set('green=4', 'digital=3', '--comment', 'Sterk')).stdout).toBe('Saved the scores of Kari Nordmann for 21/04117-1: 2 changed, 0 unchanged.\n');
    // the name as stored, however it was typed
    const typed = await klynge(['--db', db, 'score', 'set', '21/04117-1', '--evaluator', 'kari nordmann', 'green=4', '--comment', 'Sterk']);
    expect(typed.stdout).toBe('Saved the scores of Kari Nordmann for 21/04117-1: 0 changed, 1 unchanged.\n');
    // the same values with a new justification, and one criterion more
    expect((await set('green=4', 'digital=3', 'international=2', '--comment', 'Sterk på sirkulær økonomi')).stdout).toBe(
      'Saved the scores of Kari Nordmann for 21/04117-1: 1 changed, 2 with only a new justification, 0 unchanged.\n',
    );
    const json = JSON.parse((await klynge(['--db', db, '--json', 'score', 'set', '21/04117-1', '--evaluator', 'Kari Nordmann', 'green=4', 'digital=5', '--comment', 'Sterk på sirkulær økonomi'])).stdout);
    expect(json).toMatchObject({ changed: [{ criterion: 'digital', old: 3, new: 5 }], justified: 0, unchanged: 1 });
  });

  it('refuses values off the scale, unknown criteria and a bad pair, writing nothing', async () => {
    const { db } = await sampleDb();
    await klynge(['--db', db, 'evaluator', 'add', 'Kari Nordmann']);
    const off = await klynge(['--db', db, 'score', 'set', '21/04117-1', '--evaluator', 'Kari Nordmann', 'green=6', 'beauty=2']);
    expect(off.code).toBe(1);
    expect(off.stderr).toMatch(/the score for Green transition \(green\) must be a whole number from 0 to 5/);
    expect(off.stderr).toMatch(/"beauty" is not a criterion of this call; the criteria are: green, digital, international/);
    // a typo gets the criterion it is one letter from
    const typo = await klynge(['--db', db, 'score', 'set', '21/04117-1', '--evaluator', 'Kari Nordmann', 'gren=4']);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('"gren" is not a criterion of this call; did you mean green? The criteria are: green, digital, international');
    const bad = await klynge(['--db', db, 'score', 'set', '21/04117-1', '--evaluator', 'Kari Nordmann', 'green']);
    expect(bad.code).toBe(2);
    const nobody = await klynge(['--db', db, 'score', 'set', '21/04117-1', 'green=3']);
    expect(nobody.code).toBe(2);
    const unknown = await klynge(['--db', db, 'score', 'set', '21/04117-1', '--evaluator', 'Per', 'green=3']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No evaluator "Per"\. The evaluators are: Kari Nordmann/);
    const show = JSON.parse((await klynge(['--db', db, '--json', 'applications', 'show', '21/04117-1'])).stdout);
    expect(show.scores).toEqual([]);
  });
});

describe('klynge score import', () => {
  it('imports the sample scores, adding the evaluators it does not know with --add-evaluators', async () => {
    const { db } = await sampleDb();
    const r = await klynge(['--db', db, '--json', 'score', 'import', path.join(DATA, 'scores.csv'), '--add-evaluators']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ rows: 87, changed: 87, applications: 10, evaluatorsAdded: ['Kari Nordmann', 'Ola Hansen', 'Ingrid Berg'] });
    const again = JSON.parse((await klynge(['--db', db, '--json', 'score', 'import', path.join(DATA, 'scores.csv')])).stdout);
    expect(again).toMatchObject({ changed: 0, unchanged: 87, evaluatorsAdded: [] });
    const list = JSON.parse((await klynge(['--db', db, '--json', 'evaluator', 'list'])).stdout);
    expect(list.evaluators.map((e: { name: string; scored: number }) => [e.name, e.scored])).toEqual([
      ['Ingrid Berg', 9],
      ['Kari Nordmann', 10],
      ['Ola Hansen', 10],
    ]);
  });

  it('reports every problem with its line and writes nothing', async () => {
    const { db } = await sampleDb();
    await klynge(['--db', db, 'evaluator', 'add', 'Ingrid Berg']);
    await klynge(['--db', db, 'conflict', 'declare', '21/04125-1', '--evaluator', 'Ingrid Berg', '--reason', 'Styremedlem']);
    const file = path.join(FIXTURES, 'scores', 'errors.csv');
    const r = await klynge(['--db', db, 'score', 'import', file]);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n').slice(1).map((l) => l.trim().replace(file, 'errors.csv'));
    expect(lines).toEqual([
      'errors.csv:2: column "Vurderer": "Kari Nordmann" is not an evaluator: correct the name, add them with "klynge evaluator add", or import with --add-evaluators',
      'errors.csv:3: column "Saksnummer": "21/99999-1" is not a case number in viken-2021',
      'errors.csv:4: column "Kriterium": "beauty" is not a criterion of this call; the criteria are: green, digital, international',
      'errors.csv:5: column "Poeng": 6 is off the scale: the score for Green transition (green) must be a whole number from 0 to 5',
      'errors.csv:5: column "Vurderer": "Ola Hansen" is not an evaluator: correct the name, add them with "klynge evaluator add", or import with --add-evaluators',
      'errors.csv:6: column "Poeng": "fire" is not a score: write a whole number on the scale, or n/a',
      'errors.csv:7: column "Kriterium": "green" is scored twice by this evaluator for this application (first on line 2)',
      'errors.csv:8: column "Vurderer": Ingrid Berg has declared a conflict of interest on 21/04125-1 and cannot score it; remove the row',
    ]);
    const list = JSON.parse((await klynge(['--db', db, '--json', 'evaluator', 'list'])).stdout);
    expect(list.evaluators.map((e: { name: string }) => e.name)).toEqual(['Ingrid Berg']);
  });
});

describe('klynge score import: evaluator names', () => {
  it('refuses a new name one typo away from a known evaluator, and says what a dry run would add', async () => {
    const { dir, db } = await sampleDb({ scores: true });
    const fs = await import('node:fs');
    const file = path.join(dir, 'typo.csv');
    fs.writeFileSync(file, 'Vurderer;Saksnummer;Kriterium;Poeng;Begrunnelse\nKari Nordman;21/04102-1;green;1;skrivefeil\n');
    const r = await klynge(['--db', db, 'score', 'import', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('typo.csv:2: column "Vurderer": "Kari Nordman" is not an evaluator, but looks like "Kari Nordmann"');
    fs.writeFileSync(file, 'Vurderer;Saksnummer;Kriterium;Poeng;Begrunnelse\nPer Olsen;21/04102-1;green;1;ny vurderer\n');
    const refused = await klynge(['--db', db, 'score', 'import', file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('typo.csv:2: column "Vurderer": "Per Olsen" is not an evaluator: correct the name, add them with "klynge evaluator add", or import with --add-evaluators');
    const dry = await klynge(['--db', db, 'score', 'import', file, '--dry-run', '--add-evaluators']);
    expect(dry.stdout).toContain('New evaluators that would be added: Per Olsen.');
    const list = JSON.parse((await klynge(['--db', db, '--json', 'evaluator', 'list'])).stdout);
    expect(list.evaluators.map((e: { name: string }) => e.name)).not.toContain('Per Olsen');
  });
});

describe('klynge score import with panels and an ineligible application', () => {
  it('keeps the rows of an ineligible application (they count for nothing) instead of asking for a panel it cannot have', async () => {
    const { db } = await sampleDb();
    for (const name of ['Kari Nordmann', 'Ola Hansen', 'Ingrid Berg']) expect((await klynge(['--db', db, 'evaluator', 'add', name])).code).toBe(0);
    expect((await klynge(['--db', db, 'applications', 'ineligible', '21/04133-1', '--reason', 'Mangler partnererklæring'])).code).toBe(0);
    expect((await klynge(['--db', db, 'assign', '--evaluators', 'Kari Nordmann, Ola Hansen, Ingrid Berg', '--per-application', '3'])).code).toBe(0);
    const r = await klynge(['--db', db, 'score', 'import', path.join(DATA, 'scores.csv')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('9 rows are on withdrawn or ineligible applications: kept, but they count for nothing while the application is out.');
    // an application with a panel still refuses a score from someone not on it
    expect((await klynge(['--db', db, 'evaluator', 'add', 'Per Olsen'])).code).toBe(0);
    const off = await klynge(['--db', db, 'score', 'set', '21/04117-1', '--evaluator', 'Per Olsen', 'green=3']);
    expect(off.code).toBe(1);
    expect(off.stderr).toContain('Per Olsen is not on the panel of 21/04117-1');
  });
});

describe('evaluator progress with panels', () => {
  it('counts a conflict declared on an application off the panel of the evaluator in Conflicts, not in what is left', async () => {
    const { db } = await sampleDb({ scores: true, conflicts: true });
    // Ingrid Berg's conflict is on 21/04125-1; her panel is one other application
    const assigned = await klynge(['--db', db, 'assign', '21/04117-1', '--evaluator', 'Ingrid Berg']);
    expect(assigned.code, assigned.stderr).toBe(0);
    const list = JSON.parse((await klynge(['--db', db, '--json', 'evaluator', 'list'])).stdout) as { evaluators: { name: string; conflicts: number; remaining: number; total: number }[] };
    expect(list.evaluators.find((e) => e.name === 'Ingrid Berg')).toMatchObject({ conflicts: 1, remaining: 0, total: 1 });
  });
});
