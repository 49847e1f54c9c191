import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { klynge } from '../helpers/cli.js';
import { sampleDb } from '../helpers/workspace.js';

describe('refusals that say what to do', () => {
  it('log for a case number that does not exist is an error, not an empty log', async () => {
    const { db } = await sampleDb();
    const r = await klynge(['--db', db, 'log', '21/99999-1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/No application "21\/99999-1"/);
  });

  it('a damaged database: check reports it as a finding, other commands say to restore a backup', async () => {
    const { db } = await sampleDb({ scores: true });
    await klynge(['--db', db, 'check']); // checkpoint the WAL into the file
    const buf = fs.readFileSync(db);
    buf.fill(0xff, 4096 * 3, 4096 * 3 + 3000);
    fs.writeFileSync(db, buf);
    fs.rmSync(`${db}-wal`, { force: true });
    fs.rmSync(`${db}-shm`, { force: true });
    const check = await klynge(['--db', db, 'check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/✗ integrity check: database disk image is malformed/);
    const rank = await klynge(['--db', db, 'rank']);
    expect(rank.code).toBe(1);
    expect(rank.stderr).toMatch(/The database file is damaged .* Restore the newest backup/);
    expect(rank.stderr).not.toMatch(/ at /);
  });

  it('score set with a decimal score, and --what-if with --commit, are usage errors that explain', async () => {
    const { db } = await sampleDb({ scores: true });
    const dec = await klynge(['--db', db, 'score', 'set', '21/04117-1', '--evaluator', 'Kari Nordmann', 'green=3.5']);
    expect(dec.code).toBe(2);
    expect(dec.stderr).toMatch(/scores are whole numbers on the scale/);
    const wi = await klynge(['--db', db, 'allocate', '--what-if', '1000000,2000000', '--commit']);
    expect(wi.code).toBe(2);
    expect(wi.stderr).toMatch(/--what-if compares budgets and stores nothing/);
  });
});

describe('found in review', () => {
  it('backup refuses the database’s own -wal file as a target', async () => {
    const { db } = await sampleDb();
    const r = await klynge(['--db', db, 'backup', `${db}-wal`, '--force']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot be the database itself/);
    expect((await klynge(['--db', db, 'check'])).code).toBe(0);
  });

  it('--budget and --tier-budget for the same tier, and --tier-budget with --what-if, are usage errors', async () => {
    const { db } = await sampleDb({ scores: true });
    expect((await klynge(['--db', db, 'allocate', '--budget', '1000', '--tier-budget', 'main=2000'])).code).toBe(2);
    const r = await klynge(['--db', db, 'allocate', '--what-if', '6000000,10000000', '--tier-budget', 'main=1000000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--budget is the budget of the first tier \(main\)/);
  });

  it('the demo does not write into a database that exists', async () => {
    const { db } = await sampleDb();
    const r = await klynge(['--db', db, 'demo']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/already exists; the demo only builds a new database/);
    expect(JSON.parse((await klynge(['--db', db, '--json', 'call', 'list'])).stdout).calls).toHaveLength(1);
  });

  it('--json on a command group without its subcommand still prints one JSON document', async () => {
    const r = await klynge(['--json', 'report']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({ error: { code: 'usage.subcommand', exitCode: 2 } });
  });
});
