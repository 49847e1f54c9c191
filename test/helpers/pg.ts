/**
 * Databases on the throw-away PostgreSQL the tests use (scripts/pg-test-server.sh, named by
 * KLYNGE_TEST_PG). Without a server the PostgreSQL tests are skipped and say why; with
 * KLYNGE_REQUIRE_PG=1 (as in CI) a missing server is a failure.
 *
 * `freshPgDatabase()` gives an empty database, `migratedPgDatabase()` one with klynge's schema,
 * copied from a template migrated once per test file (CREATE DATABASE … TEMPLATE is a file
 * copy: a few milliseconds). `dropPgDatabases()` removes what this file made.
 */
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { migratePg } from '../../src/db/pg/connect.js';
import { parsePgTarget } from '../../src/db/target.js';

export const PG_SERVER = process.env.KLYNGE_TEST_PG;
export const PG_REQUIRED = process.env.KLYNGE_REQUIRE_PG === '1';
/** whether the PostgreSQL tests run here (with a server, or required and then failing without one) */
export const PG_RUNS = !!PG_SERVER || PG_REQUIRED;
/**
 * whether this run's end-to-end tests use PostgreSQL for their databases (the vitest project
 * e2e-pg sets KLYNGE_TEST_STORE=postgres): `workspace()` then gives a fresh database's URL
 */
export const ON_PG = process.env.KLYNGE_TEST_STORE === 'postgres';

export function warnIfSkipped(what: string): void {
  if (!PG_RUNS) console.warn(`${what}: skipped, no PostgreSQL server (KLYNGE_TEST_PG is not set; \`source scripts/pg-test-server.sh start\` starts one, and KLYNGE_REQUIRE_PG=1 makes this a failure)`);
}

const made: string[] = [];
let template: Promise<string> | undefined;
let seq = 0;

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  if (!PG_SERVER) throw new Error('KLYNGE_TEST_PG is not set: no PostgreSQL server for this test (source scripts/pg-test-server.sh start)');
  const c = new pg.Client({ connectionString: PG_SERVER });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export function urlOf(name: string): string {
  const u = new URL(PG_SERVER!);
  u.pathname = `/${name}`;
  return u.toString();
}

const newName = () => `klynge_t_${process.pid}_${seq++}_${Date.now() % 100000}`;

/** A fresh, empty database; its connection string. */
export async function freshPgDatabase(): Promise<string> {
  const name = newName();
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  made.push(name);
  return urlOf(name);
}

/** A fresh database with klynge's schema (latest version); its connection string. */
export async function migratedPgDatabase(): Promise<string> {
  template ??= (async () => {
    const url = await freshPgDatabase();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await migratePg(c, parsePgTarget(url, {}), { write: true, now: () => new Date('2021-09-01T12:00:00Z') });
    } finally {
      await c.end();
    }
    return new URL(url).pathname.slice(1);
  })();
  const tpl = await template;
  const name = newName();
  await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${tpl}`));
  made.push(name);
  return urlOf(name);
}

/** Drop every database this test file made. */
export async function dropPgDatabases(): Promise<void> {
  if (!PG_SERVER || made.length === 0) return;
  await admin(async (c) => {
    for (const name of made.splice(0)) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
  template = undefined;
}

/**
 * A fresh, empty database made at once (for tests that run the binary synchronously): `createdb`
 * from the test server's own programs. klynge makes its schema there (init, call create, demo).
 */
export function pgDatabaseSync(): string {
  if (!PG_SERVER) throw new Error('KLYNGE_TEST_PG is not set: no PostgreSQL server for this test (source scripts/pg-test-server.sh start)');
  const u = new URL(PG_SERVER);
  const name = newName();
  const bin = process.env.KLYNGE_PG_BIN ? `${process.env.KLYNGE_PG_BIN}/createdb` : 'createdb';
  const r = spawnSync(bin, ['-h', u.hostname, '-p', u.port, '-U', decodeURIComponent(u.username), name], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`createdb ${name}: ${r.stderr || r.error}`);
  made.push(name);
  return urlOf(name);
}

/** Run SQL on a database of the test server with psql, at once (for tests that run the binary synchronously); its unaligned output. */
export function psqlSync(url: string, sql: string): string {
  const bin = process.env.KLYNGE_PG_BIN ? `${process.env.KLYNGE_PG_BIN}/psql` : 'psql';
  const r = spawnSync(bin, ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql: ${r.stderr || r.error}`);
  return r.stdout;
}

/**
 * Every row of every table (klynge's schema table and the audit log too), each table's rows in
 * the order of their text: one line per table, `name:md5`. Any write changes it.
 */
export function pgTablesDigestSync(url: string): string {
  return psqlSync(
    url,
    `SELECT c.relname || ':' || md5(query_to_xml(format('SELECT t.* FROM public.%I t ORDER BY t::text', c.relname), false, false, '')::text)
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname`,
  );
}

/** Count rows in a table of a database on the test server. */
export async function pgCount(url: string, table: string, where = 'true'): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return Number((await c.query(`SELECT count(*) AS n FROM ${table} WHERE ${where}`)).rows[0].n);
  } finally {
    await c.end();
  }
}

/** Whether a klynge process is connected to the database (node-postgres names itself 'klynge'; these helpers' own connections do not). */
export async function pgKlyngeConnected(url: string): Promise<boolean> {
  return (await pgCount(url, 'pg_stat_activity', `datname = current_database() AND application_name = 'klynge'`)) > 0;
}

/** Whether a klynge process on the database is in a transaction that has written (the server gave it a transaction id). */
export async function pgKlyngeWriting(url: string): Promise<boolean> {
  return (await pgCount(url, 'pg_stat_activity', `datname = current_database() AND application_name = 'klynge' AND backend_xid IS NOT NULL`)) > 0;
}
