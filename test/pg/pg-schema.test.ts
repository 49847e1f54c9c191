/**
 * PostgreSQL (issue 17), the slice there is: `klynge init --db postgres://…` makes the schema by
 * version on a real server, each migration in one transaction under an advisory lock, with the
 * same tables and columns as a SQLite file of the same version; a database from a newer klynge
 * is refused untouched; a failed connection is one line without the password; an empty database
 * is refused by a command that only reads.
 *
 * The server is the throw-away one `.ci/run` starts (scripts/pg-test-server.sh), named by
 * KLYNGE_TEST_PG. Without it these tests are skipped, and say why; with KLYNGE_REQUIRE_PG=1
 * (as in CI) a missing server is a failure.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { klyngeBin, spawnBin, tmpDir } from '../helpers/cli.js';

const SERVER = process.env.KLYNGE_TEST_PG;
const required = process.env.KLYNGE_REQUIRE_PG === '1';
if (!SERVER && !required) console.warn('pg-schema: skipped, no PostgreSQL server (KLYNGE_TEST_PG is not set; `source scripts/pg-test-server.sh start` starts one, and KLYNGE_REQUIRE_PG=1 makes this a failure)');

const made: string[] = [];
/** A fresh, empty database on the test server; its connection string. */
async function freshDatabase(): Promise<string> {
  const name = `klynge_t_${process.pid}_${made.length}_${Date.now() % 100000}`;
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  made.push(name);
  const u = new URL(SERVER!);
  u.pathname = `/${name}`;
  return u.toString();
}
afterAll(async () => {
  if (!SERVER || made.length === 0) return;
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  for (const name of made) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
});

async function query<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

describe.skipIf(!SERVER && !required)('klynge init on PostgreSQL (a real server)', () => {
  it('the server is there (CI requires it)', () => {
    expect(SERVER, 'KLYNGE_TEST_PG names the test server').toBeTruthy();
  });

  it('makes the schema by version; run again it changes nothing; --json says so', async () => {
    const url = await freshDatabase();
    const first = klyngeBin(['--db', url, 'init']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe(`Created the database ${url} (schema version 13).\n`);
    const again = JSON.parse(klyngeBin(['--db', url, '--json', 'init']).stdout);
    expect(again).toEqual({ database: url, created: false, migrated: [], version: 13 });
    expect(await query(url, 'SELECT version, name FROM klynge_schema')).toEqual([{ version: 13, name: expect.stringContaining('schema 13') }]);
  });

  it('has the tables and columns a SQLite file of the same version has', async () => {
    const url = await freshDatabase();
    expect(klyngeBin(['--db', url, 'init']).code).toBe(0);
    const file = path.join(tmpDir(), 'k.db');
    expect(klyngeBin(['--db', file, 'init']).code).toBe(0);
    const lite = new Database(file, { readonly: true });
    const tables = (lite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('schema_migrations') AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
    const liteColumns = Object.fromEntries(tables.map((t) => [t, (lite.prepare(`SELECT name FROM pragma_table_info(?) ORDER BY name`).all(t) as { name: string }[]).map((c) => c.name)]));
    lite.close();
    const rows = await query<{ table_name: string; column_name: string }>(url, "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'klynge_schema' ORDER BY table_name, column_name");
    const pgColumns: Record<string, string[]> = {};
    for (const r of rows) (pgColumns[r.table_name] ??= []).push(r.column_name);
    expect(Object.keys(pgColumns).sort()).toEqual(tables);
    for (const t of tables) expect(pgColumns[t], t).toEqual(liteColumns[t]);
    // money is bigint øre
    const money = await query<{ data_type: string }>(url, "SELECT data_type FROM information_schema.columns WHERE table_name = 'applications' AND column_name = 'requested'");
    expect(money).toEqual([{ data_type: 'bigint' }]);
  });

  it('keeps the audit log append-only and an evaluator name unique whatever its case, as SQLite does', async () => {
    const url = await freshDatabase();
    expect(klyngeBin(['--db', url, 'init']).code).toBe(0);
    await query(url, "INSERT INTO audit_log (at, actor, action) VALUES ('2026-01-01', 't', 'x')");
    await expect(query(url, "UPDATE audit_log SET actor = 'y'")).rejects.toThrow(/append-only/);
    await expect(query(url, 'DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await query(url, "INSERT INTO evaluators (name, created_at) VALUES ('Kari Nordmann', '2026-01-01')");
    await expect(query(url, "INSERT INTO evaluators (name, created_at) VALUES ('kari nordmann', '2026-01-01')")).rejects.toThrow(/duplicate key/);
  });

  it('two klynges starting on an empty database at once: one makes the schema, the other finds it made', async () => {
    const url = await freshDatabase();
    const run = () =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const p = spawnBin(['--db', url, '--json', 'init']);
        let out = '';
        p.stdout.on('data', (d) => (out += d));
        p.on('close', (code) => resolve({ code, out }));
      });
    const [a, b] = await Promise.all([run(), run()]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const migrated = [a, b].map((r) => (JSON.parse(r.out) as { migrated: number[] }).migrated).sort((x, y) => x.length - y.length);
    expect(migrated).toEqual([[], [13]]);
    expect(await query(url, 'SELECT count(*)::int AS n FROM klynge_schema')).toEqual([{ n: 1 }]);
  });

  it('refuses a database from a newer klynge, and changes nothing', async () => {
    const url = await freshDatabase();
    expect(klyngeBin(['--db', url, 'init']).code).toBe(0);
    await query(url, "INSERT INTO klynge_schema (version, name, applied_at) VALUES (99, 'from the future', '2030-01-01')");
    const r = klyngeBin(['--db', url, 'init']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: ${url} has klynge schema 99, made by a newer klynge than this one (which knows up to 13). Nothing was changed. Use that newer klynge.\n`);
    expect(await query(url, 'SELECT version FROM klynge_schema ORDER BY version')).toEqual([{ version: 13 }, { version: 99 }]);
  });

  it('a database that does not exist: one line with how to make it', async () => {
    const u = new URL(SERVER!);
    u.pathname = '/klynge_no_such_database';
    const r = klyngeBin(['--lang', 'nb', '--db', u.toString(), 'init']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`feil: PostgreSQL på ${u.hostname}:${u.port} har ingen database klynge_no_such_database. Opprett den først (createdb -O ${u.username} klynge_no_such_database), og kjør så «klynge init».\n`);
  });

  it('a command that only reads refuses an empty database with what to run, and leaves it empty; after init it runs', async () => {
    const url = await freshDatabase();
    const r = klyngeBin(['--db', url, 'call', 'list']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: ${url} has no klynge schema yet. Run "klynge init" first.\n`);
    expect(await query(url, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`)).toEqual([]);
    expect(klyngeBin(['--db', url, 'init']).code).toBe(0);
    const listed = klyngeBin(['--db', url, '--json', 'call', 'list']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toMatchObject({ calls: [] });
  });

  it('a password in the connection string works, is never shown, and gets a warning that it stays in the shell history', async () => {
    const url = new URL(await freshDatabase());
    url.password = 'hemmelig123';
    const r = klyngeBin(['--db', url.toString(), 'init']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('warning: The password is part of the connection string, so it stays in your shell history. Put it in ~/.pgpass or PGPASSWORD instead (see the README).\n');
    expect(r.stdout + r.stderr).not.toContain('hemmelig123');
    expect(r.stdout).toContain(':***@');
  });
});

describe('a PostgreSQL connection that fails (no server needed)', () => {
  it('nothing listening: one line with host, port and what to check, never the password', () => {
    const r = klyngeBin(['--db', 'postgres://kari:hemmelig123@127.0.0.1:1/klynge', 'init']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'warning: The password is part of the connection string, so it stays in your shell history. Put it in ~/.pgpass or PGPASSWORD instead (see the README).\n' +
        'error: Could not connect to PostgreSQL at 127.0.0.1:1: nothing is listening there. Check that the server runs and accepts TCP connections on that port (listen_addresses, port in postgresql.conf), and the host and port in --db.\n',
    );
    expect(r.stderr + r.stdout).not.toContain('hemmelig123');
    // any command: the same one line, never the password
    const other = klyngeBin(['--db', 'postgres://kari:hemmelig123@127.0.0.1:1/klynge', 'call', 'list']);
    expect(other.code).toBe(1);
    expect(other.stderr).toBe(r.stderr);
    expect(other.stderr).not.toContain('hemmelig123');
  });

  it('a string that is not one: says how to write it', () => {
    const r = klyngeBin(['--db', 'postgres://kari@host:notaport/db', 'init']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is not a PostgreSQL connection string. Write it as postgres://USER@HOST:PORT/DATABASE');
  });
});
