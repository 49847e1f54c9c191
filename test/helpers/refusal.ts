/** Refusals through the binary: exit code, message, and the database byte for byte as before. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { expect } from 'vitest';
import { isPgTarget } from '../../src/db/target.js';
import { type CliResult, klyngeBin } from './cli.js';
import { pgTablesDigestSync } from './pg.js';

/**
 * sha256 of the database: the main file and its WAL, if there is one; for a PostgreSQL URL,
 * of every table's rows (test/helpers/pg.ts).
 */
export function dbDigest(db: string): string {
  if (isPgTarget(db)) return createHash('sha256').update(pgTablesDigestSync(db)).digest('hex');
  const h = createHash('sha256').update(fs.readFileSync(db));
  if (fs.existsSync(`${db}-wal`)) h.update(fs.readFileSync(`${db}-wal`));
  return h.digest('hex');
}

/** Open and close the database once, so its WAL is checkpointed before a snapshot (nothing to do on PostgreSQL). */
export function settle(db: string): void {
  if (isPgTarget(db)) return;
  expect(klyngeBin(['--db', db, 'check']).code).toBe(0);
}

/** Run `args` through the binary and expect it refused with `code` and `message`, the database untouched. */
export function expectRefused(db: string, args: string[], code: number, message: RegExp | string, env?: Record<string, string>): CliResult {
  settle(db);
  const before = dbDigest(db);
  const r = klyngeBin(['--db', db, ...args], { env });
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(code);
  // under --json the error is the one document on stdout
  const said = args.includes('--json') ? (JSON.parse(r.stdout) as { error: { message: string } }).error.message : r.stderr;
  if (typeof message === 'string') expect(said).toContain(message);
  else expect(said).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /); // never a stack trace
  if (!args.includes('--json')) expect(r.stdout).toBe('');
  expect(dbDigest(db), `${args.join(' ')} left the database as it was`).toBe(before);
  return r;
}

/** Run `args` through the binary with --json and expect success; the parsed document. */
export function binJson(db: string, args: string[], env?: Record<string, string>): Record<string, unknown> {
  const r = klyngeBin(['--db', db, '--json', ...args], { env });
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}
