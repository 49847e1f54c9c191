/** Temporary databases with the sample call, built through the real commands. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach } from 'vitest';
import { DATA, klyngeOk, tmpDir } from './cli.js';
import { ON_PG, dropPgDatabases, pgDatabaseSync } from './pg.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
// the databases made on PostgreSQL (KLYNGE_TEST_STORE=postgres), once the file is done
afterAll(() => dropPgDatabases());

/**
 * A new database to give --db: `name` in `dir`, or with KLYNGE_TEST_STORE=postgres (the vitest
 * project e2e-pg) a fresh, empty database on the test server (its URL).
 */
export function newDb(dir: string, name = 'k.db'): string {
  return ON_PG ? pgDatabaseSync() : path.join(dir, name);
}

/** A temporary folder and a new database (a file in it, or on PostgreSQL: see newDb). */
export function workspace(): { dir: string; db: string } {
  const dir = tmpDir();
  dirs.push(dir);
  return { dir, db: newDb(dir) };
}

/** A database with the sample call and no applications. */
export async function callDb(): Promise<{ dir: string; db: string }> {
  const w = workspace();
  await klyngeOk(['--db', w.db, 'call', 'create', '--file', path.join(DATA, 'call.json')]);
  return w;
}

/** A database with the sample call and its ten applications (no scores). */
export async function sampleDb(opts: { scores?: boolean; conflicts?: boolean } = {}): Promise<{ dir: string; db: string }> {
  const w = await callDb();
  const run = (args: string[]) => klyngeOk(['--db', w.db, ...args]);
  await run(['import', path.join(DATA, 'applications.csv')]);
  if (opts.scores) await run(['score', 'import', path.join(DATA, 'scores.csv'), '--add-evaluators']);
  if (opts.conflicts) await run(['conflict', 'declare', '21/04125-1', '--evaluator', 'Ingrid Berg', '--reason', 'Styremedlem i Oslo Cancer Cluster']);
  return w;
}
