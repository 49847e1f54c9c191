import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA, klynge } from '../helpers/cli.js';
import { sampleDb } from '../helpers/workspace.js';

describe('reports on a stored allocation that is out of date', () => {
  it('warn after scores or amounts change, and stop warning after a new allocate', async () => {
    const { dir, db } = await sampleDb({ scores: true, conflicts: true });
    await klynge(['--db', db, 'allocate']);
    const fresh = await klynge(['--db', db, 'report', 'allocation']);
    expect(fresh.stderr).toBe('');

    // the requested amount of a funded project goes down after the allocation
    const csv = fs.readFileSync(path.join(DATA, 'applications.csv'), 'utf8').replace('2 800 000', '2 000 000');
    fs.writeFileSync(path.join(dir, 'v2.csv'), csv);
    expect((await klynge(['--db', db, 'import', path.join(dir, 'v2.csv'), '--update'])).code).toBe(0);
    for (const args of [['report', 'allocation'], ['report', 'summary'], ['export', '--format', 'csv']]) {
      const r = await klynge(['--db', db, ...args]);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stderr, args.join(' ')).toMatch(/The stored allocation of viken-2021 is out of date.*Run "klynge allocate" before you publish/);
    }
    expect(JSON.parse((await klynge(['--db', db, '--json', 'report', 'allocation'])).stdout)).toMatchObject({ stale: true });

    await klynge(['--db', db, 'allocate']);
    const again = await klynge(['--db', db, '--json', 'report', 'allocation']);
    expect(again.stderr).toBe('');
    expect(JSON.parse(again.stdout).applications[0]).toMatchObject({ ref: '21/04117-1', granted: 2000000, requested: 2000000 });

    // a new score makes it stale too
    await klynge(['--db', db, 'score', 'set', '21/04140-1', '--evaluator', 'Ola Hansen', 'green=5']);
    expect((await klynge(['--db', db, 'report', 'summary'])).stderr).toMatch(/out of date/);
  });

  it('a run stored with another budget shows that budget in the report', async () => {
    const { db } = await sampleDb({ scores: true, conflicts: true });
    await klynge(['--db', db, 'allocate', '--budget', '6000000', '--commit']);
    const r = JSON.parse((await klynge(['--db', db, '--json', 'report', 'allocation'])).stdout);
    expect(r.tiers[0]).toMatchObject({ key: 'main', budget: 6000000, granted: 5800000, left: 200000 });
    expect(r.stale).toBe(false);
  });

  it('allocate refuses a call without applications; the demo never touches KLYNGE_DB', async () => {
    const { dir, db } = await sampleDb();
    await klynge(['--db', db, 'call', 'create', '--name', 'Tom', '--year', '2026', '--budget', '1000']);
    const r = await klynge(['--db', db, '--call', 'tom-2026', 'allocate']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/has no applications to allocate/);
    const working = path.join(dir, 'working.db');
    const demo = await klynge(['demo', '--json'], { env: { KLYNGE_DB: working } });
    expect(demo.code).toBe(0);
    expect(JSON.parse(demo.stdout).database).not.toBe(working);
    expect(fs.existsSync(working)).toBe(false);
  });
});
