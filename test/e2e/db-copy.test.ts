/**
 * `klynge db copy` between SQLite files, or with KLYNGE_TEST_STORE=postgres between PostgreSQL
 * databases (PostgreSQL and SQLite both ways is in test/pg/pg-cli.test.ts): the whole database,
 * verified by counts and inputs hashes; never into a database with rows, never onto itself.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { klyngeBin } from '../helpers/cli.js';
import { ON_PG } from '../helpers/pg.js';
import { dbDigest } from '../helpers/refusal.js';
import { newDb, workspace } from '../helpers/workspace.js';

type Rows = Record<string, Record<string, unknown>[]>;

/** every table's rows in key order, the schema's own table aside */
async function tables(db: string): Promise<Rows> {
  if (ON_PG) {
    const c = new pg.Client({ connectionString: db });
    await c.connect();
    try {
      const names = (await c.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'klynge_schema' ORDER BY tablename`)).rows.map((r: { tablename: string }) => r.tablename);
      const out: Rows = {};
      for (const n of names) out[n] = (await c.query(`SELECT * FROM ${n} ORDER BY 1, 2`)).rows as Record<string, unknown>[];
      return out;
    } finally {
      await c.end();
    }
  }
  const conn = new Database(db, { readonly: true });
  try {
    const names = conn.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('schema_migrations') AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[];
    return Object.fromEntries(names.map((n) => [n, conn.prepare(`SELECT * FROM ${n} ORDER BY 1, 2`).all() as Record<string, unknown>[]]));
  } finally {
    conn.close();
  }
}

describe(`klynge db copy (${ON_PG ? 'PostgreSQL to PostgreSQL' : 'SQLite to SQLite'})`, () => {
  it('copies the demo row for row, says the inputs hash of each call is the same, and logs the copy in the new database', async () => {
    const { dir, db } = workspace();
    expect(klyngeBin(['--db', db, 'demo'], { cwd: dir }).code).toBe(0);
    const copy = newDb(dir, 'copy.db');
    const r = klyngeBin(['db', 'copy', '--from', db, '--to', copy], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Copied .* to .*: \d+ rows in 15 tables, each table counted the same on both sides\.\nThe inputs hash of each call is the same on both sides:\n {2}viken-2021 {2}[0-9a-f]{64}\n$/);
    const a = await tables(db);
    const b = await tables(copy);
    // every row equal, the copy's own log entry aside
    const log = b.audit_log as { action: string; details: string }[];
    expect(log.at(-1)).toMatchObject({ action: 'db.copy' });
    expect(JSON.parse(log.at(-1)!.details)).toMatchObject({ from: db, calls: 1 });
    expect({ ...b, audit_log: log.slice(0, -1) }).toEqual(a);
    // and a new id continues after the copied ones
    expect(klyngeBin(['--db', copy, 'evaluator', 'add', 'Per Olsen'], { cwd: dir }).code).toBe(0);
    // (as numbers: node-postgres gives a bigint as text)
    const ids = (await tables(copy)).evaluators.map((e) => Number(e.id));
    expect(ids).toEqual([...ids.slice(0, -1), Math.max(...ids.slice(0, -1)) + 1]);
  });

  it('refuses a target with rows, and the same database twice, leaving both as they were', () => {
    const { dir, db } = workspace();
    expect(klyngeBin(['--db', db, 'demo'], { cwd: dir }).code).toBe(0);
    const other = newDb(dir, 'other.db');
    expect(klyngeBin(['--db', other, 'init'], { cwd: dir }).code).toBe(0);
    expect(klyngeBin(['--db', other, 'evaluator', 'add', 'Per Olsen'], { cwd: dir }).code).toBe(0);
    const before = dbDigest(other);
    const full = klyngeBin(['db', 'copy', '--from', db, '--to', other], { cwd: dir });
    expect(full.code).toBe(1);
    expect(full.stderr).toBe(`error: ${other} is not empty (evaluators has 1 row). db copy only copies into a new or empty database; create one (createdb, or a new file name) and try again.\n`);
    expect(dbDigest(other)).toBe(before);
    const same = klyngeBin(['--db', db, '--lang', 'nb', 'db', 'copy', '--to', db], { cwd: dir });
    expect(same.code).toBe(1);
    expect(same.stderr).toBe(`feil: --from og --to er samme database (${db}). Oppgi en ny eller tom database å kopiere til.\n`);
  });
});
