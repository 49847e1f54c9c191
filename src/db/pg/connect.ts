/**
 * Connecting to PostgreSQL through node-postgres (`pg`): one clear line when it fails (host,
 * port, database, user, and what to check), never the password; then the schema made or
 * brought up to date by version (schema.ts), each migration in one transaction, under an
 * advisory lock so two klynges starting at once do not both migrate; a database from a newer
 * klynge is refused untouched.
 */
import pg from 'pg';
import { UserError } from '../../core/errors.js';
import type { PgTarget } from '../target.js';
import { PG_TYPES } from './q.js';
import { PG_LATEST_VERSION, PG_MIGRATIONS } from './schema.js';

/** the advisory lock klynge holds while it migrates a database ("klynge" in ASCII) */
const MIGRATION_LOCK = 0x6b6c796e6765;

export type PgClient = pg.Client;

/** Connect, or one UserError saying what failed and what to check. */
export async function connectPg(t: PgTarget, env: Record<string, string | undefined>): Promise<pg.Client> {
  const config: pg.ClientConfig = t.connectionString ? { connectionString: t.connectionString } : { host: env.PGHOST, port: env.PGPORT ? Number(env.PGPORT) : undefined, database: env.PGDATABASE, user: env.PGUSER };
  const client = new pg.Client({ ...config, connectionTimeoutMillis: 10_000, application_name: 'klynge', types: PG_TYPES });
  // a connection lost later is reported by the query that meets it, not as an unhandled event
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => {});
    throw connectionError(t, e);
  }
  return client;
}

/** The one line for a failed connection: which server, and what to check for that failure. */
export function connectionError(t: PgTarget, e: unknown): UserError {
  const err = e as { code?: string; message?: string };
  const where = { host: t.host, port: t.port, database: t.database, user: t.user };
  switch (err.code) {
    case 'ECONNREFUSED':
      return new UserError('db.pg_refused', where);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new UserError('db.pg_no_host', where);
    case 'ETIMEDOUT':
      return new UserError('db.pg_timeout', where);
    case '28P01':
    case '28000':
      return new UserError('db.pg_auth', where);
    case '3D000':
      return new UserError('db.pg_no_database', where);
    default:
      // the driver's own words, with any password taken out
      return new UserError('db.pg_failed', { ...where, message: String(err.message ?? e).replace(/password[^\s,]*/gi, 'password ***') });
  }
}

export interface PgSchemaState {
  /** the version before, 0 for an empty database */
  from: number;
  /** migrations applied now */
  migrated: number[];
}

/** The schema version of a database; 0 when klynge has not made one there. */
export async function pgSchemaVersion(client: pg.Client): Promise<number> {
  const has = await client.query(`SELECT to_regclass('klynge_schema') IS NOT NULL AS has`);
  if (!has.rows[0].has) return 0;
  const r = await client.query('SELECT coalesce(max(version), 0)::integer AS v FROM klynge_schema');
  return r.rows[0].v as number;
}

/**
 * Make or bring up to date the schema. `write: false` only reads the version: an older schema
 * is refused with what to run (a command that only reads never migrates).
 */
export async function migratePg(client: pg.Client, t: PgTarget, opts: { write: boolean; now: () => Date }): Promise<PgSchemaState> {
  const before = await pgSchemaVersion(client);
  if (before > PG_LATEST_VERSION) throw new UserError('db.pg_newer', { label: t.label, version: before, latest: PG_LATEST_VERSION });
  if (before === PG_LATEST_VERSION) return { from: before, migrated: [] };
  if (!opts.write) throw new UserError(before === 0 ? 'db.pg_empty' : 'db.pg_older', { label: t.label, version: before, latest: PG_LATEST_VERSION });
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  const migrated: number[] = [];
  try {
    // another klynge may have migrated while this one waited for the lock
    const now = await pgSchemaVersion(client);
    if (now > PG_LATEST_VERSION) throw new UserError('db.pg_newer', { label: t.label, version: now, latest: PG_LATEST_VERSION });
    for (const m of PG_MIGRATIONS) {
      if (m.version <= now) continue;
      await client.query('BEGIN');
      try {
        // the version table comes with the first migration: a failed one leaves nothing behind
        await client.query('CREATE TABLE IF NOT EXISTS klynge_schema (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)');
        await client.query(m.sql);
        await client.query('INSERT INTO klynge_schema (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, opts.now().toISOString()]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      }
      migrated.push(m.version);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
  }
  return { from: before, migrated };
}
