/** A file given to the wrong import gets the command that reads it, and nothing is written. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA, klynge } from '../helpers/cli.js';
import { sampleDb } from '../helpers/workspace.js';

const scores = path.join(DATA, 'scores.csv');
const conflicts = path.join(DATA, 'conflicts.csv');
const applications = path.join(DATA, 'applications.csv');

describe('a file given to the wrong import', () => {
  it('each import names what the file is and the command that imports it; nothing is declared, scored or added', async () => {
    const { db } = await sampleDb();
    for (const name of ['Kari Nordmann', 'Ola Hansen', 'Ingrid Berg']) await klynge(['--db', db, 'evaluator', 'add', name]);
    const cases: [string[], string][] = [
      [['import', scores], `error: ${scores} is a file of scores (its columns: Vurderer, Saksnummer, Kriterium, Poeng, Begrunnelse), so nothing was imported. Import it with: klynge score import ${scores}\n`],
      [['conflict', 'import', scores], `error: ${scores} is a file of scores (its columns: Vurderer, Saksnummer, Kriterium, Poeng, Begrunnelse), so nothing was imported. Import it with: klynge score import ${scores}\n`],
      [['score', 'import', conflicts], `error: ${conflicts} is a file of conflicts of interest (its columns: Vurderer, Saksnummer, Begrunnelse), so nothing was imported. Import it with: klynge conflict import ${conflicts}\n`],
      [['score', 'import', applications], expect.stringContaining(`is a file of applications (its columns: Saksnummer, Søker,`) as unknown as string],
      [['conflict', 'import', applications], expect.stringContaining(`Import it with: klynge import ${applications}\n`) as unknown as string],
    ];
    for (const [args, message] of cases) {
      const r = await klynge(['--db', db, ...args]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toEqual(message);
    }
    const log = JSON.parse((await klynge(['--db', db, '--json', 'log'])).stdout) as { entries: { action: string }[] };
    expect(log.entries.map((e) => e.action).filter((a) => a === 'conflict.declare' || a === 'score.import' || a === 'score')).toEqual([]);
    // the right file to the right import still goes in
    expect((await klynge(['--db', db, 'conflict', 'import', conflicts])).code).toBe(0);
    expect((await klynge(['--db', db, 'score', 'import', scores])).code).toBe(0);
  });
});
