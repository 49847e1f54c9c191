/**
 * What `--db` (or KLYNGE_DB) names: a SQLite file, or a PostgreSQL database (issue 17) as
 * `postgres://user@host:port/dbname?sslmode=require` (also `postgresql://`), or `postgres:` alone
 * for the standard PG* variables (PGHOST, PGPORT, PGDATABASE, PGUSER; PGPASSWORD or ~/.pgpass).
 * A password is never shown: the label a user sees has it replaced by `***`.
 */
import { UserError } from '../core/errors.js';

export interface PgTarget {
  kind: 'postgres';
  /** the connection string as given, for node-postgres (`postgres:` alone: empty, the PG* variables decide) */
  connectionString: string;
  host: string;
  port: number;
  database: string;
  user: string;
  /** whether a password was given in the string itself (discouraged: it lands in shell history) */
  passwordInUrl: boolean;
  /** what the user sees: the string without its password */
  label: string;
}

export interface SqliteTarget {
  kind: 'sqlite';
  file: string;
}

export type DbTarget = SqliteTarget | PgTarget;

const PG_SCHEME = /^postgres(?:ql)?:/i;

/** Whether a --db value names PostgreSQL rather than a file. */
export const isPgTarget = (text: string): boolean => PG_SCHEME.test(text.trim());

/** Read a PostgreSQL target; `env` supplies the PG* variables for what the string leaves out. */
export function parsePgTarget(text: string, env: Record<string, string | undefined>): PgTarget {
  const given = text.trim();
  const bare = /^postgres(?:ql)?:$/i.test(given);
  let url: URL | null = null;
  if (!bare) {
    try {
      url = new URL(given);
    } catch {
      throw new UserError('db.pg_bad_url', { url: redact(given) });
    }
  }
  const host = (url?.hostname ? decodeURIComponent(url.hostname) : '') || env.PGHOST || 'localhost';
  const port = Number((url?.port || '') || env.PGPORT || 5432);
  const database = (url?.pathname ? decodeURIComponent(url.pathname.replace(/^\//, '')) : '') || env.PGDATABASE || (url?.username ? decodeURIComponent(url.username) : '') || env.PGUSER || env.USER || 'postgres';
  const user = (url?.username ? decodeURIComponent(url.username) : '') || env.PGUSER || env.USER || 'postgres';
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new UserError('db.pg_bad_url', { url: redact(given) });
  const passwordInUrl = !!url?.password;
  return { kind: 'postgres', connectionString: bare ? '' : given, host, port, database, user, passwordInUrl, label: bare ? `postgres://${user}@${host}:${port}/${database}` : redact(given) };
}

/** A connection string with any password replaced by `***` (also one in `?password=`). */
export function redact(text: string): string {
  return text.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@/]*@/i, '$1:***@').replace(/([?&]password=)[^&]*/gi, '$1***');
}
