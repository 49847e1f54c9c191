/** The declared prior de minimis column of the application import (`Tidligere bagatellstøtte` / `prior_de_minimis`). */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { klynge, klyngeOk as ok } from '../helpers/cli.js';
import { callDb } from '../helpers/workspace.js';

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

async function priorOf(db: string, ref: string): Promise<number | null> {
  return JSON.parse((await ok(['--db', db, '--json', 'applications', 'show', ref])).stdout).application.priorDeMinimis;
}

describe('import: declared prior de minimis aid', () => {
  it('reads the amount in the forms caseworkers type; 0, "-" and "kr 0,-" are none, an empty cell is not declared', async () => {
    const w = await callDb();
    const file = path.join(w.dir, 'a.csv');
    fs.writeFileSync(
      file,
      [
        'Saksnummer;Søker;Prosjektnavn;Søkt beløp;Tidligere bagatellstøtte',
        '21/1;A;P;100 000;800 000',
        '21/2;B;P;100 000;0',
        '21/3;C;P;100 000;-',
        '21/4;D;P;100 000;kr 0,-',
        '21/5;E;P;100 000;',
        '21/6;F;P;100 000;kr 1 329 073,80',
      ].join('\n') + '\n',
    );
    await ok(['--db', w.db, 'import', file]);
    expect(await Promise.all(['21/1', '21/2', '21/3', '21/4', '21/5', '21/6'].map((r) => priorOf(w.db, r)))).toEqual([800_000, 0, 0, 0, null, 1_329_073.8]);
  });

  it('takes the English header too, and refuses an amount it cannot read with its line and column, importing nothing', async () => {
    const w = await callDb();
    const file = path.join(w.dir, 'b.csv');
    fs.writeFileSync(file, ['ref,applicant,title,requested,prior_de_minimis', '21/1,A,P,100000,50000', '21/2,B,P,100000,lots'].join('\n') + '\n');
    const before = sha(w.db);
    const r = await klynge(['--db', w.db, '--lang', 'en', 'import', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('b.csv:3: column "prior_de_minimis": "lots" is not an amount');
    expect(sha(w.db)).toBe(before);
  });

  it('--update of the declared amount makes a stored allocation stale', async () => {
    const w = await callDb();
    const file = path.join(w.dir, 'c.csv');
    const write = (prior: string) => fs.writeFileSync(file, `ref;applicant;title;requested;prior_de_minimis\n21/1;A;P;100 000;${prior}\n`);
    write('10 000');
    await ok(['--db', w.db, 'import', file]);
    const scores = path.join(w.dir, 's.csv');
    fs.writeFileSync(scores, 'evaluator;ref;criterion;score\nK;21/1;green;4\nK;21/1;digital;4\nK;21/1;international;4\n');
    await ok(['--db', w.db, 'score', 'import', '--add-evaluators', scores]);
    await ok(['--db', w.db, 'allocate']);
    const stale = async () => JSON.parse((await ok(['--db', w.db, '--json', 'report', 'allocation'])).stdout).stale;
    expect(await stale()).toBe(false);
    write('20 000');
    await ok(['--db', w.db, 'import', '--update', file]);
    expect(await priorOf(w.db, '21/1')).toBe(20_000);
    expect(await stale()).toBe(true);
  });
});
