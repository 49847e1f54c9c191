/**
 * How the PostgreSQL repositories talk to the server: one connection (node-postgres `Client`)
 * per process, as SQLite has one, behind a few calls that hand back plain rows. Statements are
 * prepared once per connection (named by their text) and reused. `bigint` (money in øre, ids,
 * counts) and `numeric` (sums) come back as numbers: klynge's are far below 2^53, and one that
 * is not is an error rather than a silently rounded amount. Rows of many thousands are read
 * through a cursor (`stream`), a batch at a time.
 */
import pg from 'pg';
import Cursor from 'pg-cursor';
import { UserError } from '../../core/errors.js';

const INT8 = 20;
const NUMERIC = 1700;

function exactNumber(text: string): number {
  const n = Number(text);
  if (Number.isInteger(n) && !Number.isSafeInteger(n)) throw new Error(`PostgreSQL returned ${text}, too large to be exact in JavaScript`);
  return n;
}

/** The type parsers of klynge's connections (see above). */
export const PG_TYPES = {
  getTypeParser: ((oid: number, format?: string) => {
    if (format !== 'binary' && (oid === INT8 || oid === NUMERIC)) return exactNumber;
    return pg.types.getTypeParser(oid, format as 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

export interface Q {
  /** rows as objects */
  rows<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** the first row, if any */
  one<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
  /** the first column of the first row, if any */
  value<T = unknown>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
  /** the first column of every row */
  column<T = unknown>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** run a statement; the number of rows it changed (or returned) */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
  /** rows through a cursor, `batch` at a time; stopping early closes the cursor */
  stream<T = Record<string, unknown>>(sql: string, params?: readonly unknown[], batch?: number): AsyncGenerator<T>;
  /** whether a transaction (a write, or a read snapshot) is open on the connection */
  readonly inTransaction: boolean;
  /** whether that transaction writes (the importer needs one) */
  readonly inWrite: boolean;
}

/** The Q of a connection; `state` tells it whether a transaction is open (pg-store.ts keeps it). */
export function queries(client: pg.Client, state: { tx: 'none' | 'read' | 'write' }): Q & { closeStreams(): Promise<void>; exec(sql: string, params?: readonly unknown[]): Promise<void> } {
  const names = new Map<string, string>();
  const open = new Set<Cursor>();
  const named = (sql: string, params: readonly unknown[] | undefined): pg.QueryConfig => {
    let name = names.get(sql);
    if (!name) names.set(sql, (name = `k${names.size + 1}`));
    return { name, text: sql, values: params as unknown[] | undefined };
  };
  // one statement at a time on the connection: node-postgres queues concurrent ones itself but
  // warns that it will stop (code may well ask for two things at once, as `Promise.all` does)
  let last: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const mine = last.then(work, work).catch((e: unknown) => {
      throw connectionLost(e) ? new UserError('db.pg_lost', { reason: String((e as Error).message ?? e).replace(/password[^\s,]*/gi, 'password ***') }) : e;
    });
    last = mine.catch(() => undefined);
    return mine;
  };
  const query = (sql: string, params?: readonly unknown[]) => serial(() => client.query(named(sql, params)));
  return {
    rows: async <T>(sql: string, params?: readonly unknown[]) => (await query(sql, params)).rows as T[],
    one: async <T>(sql: string, params?: readonly unknown[]) => (await query(sql, params)).rows[0] as T | undefined,
    value: async <T>(sql: string, params?: readonly unknown[]) => {
      const r = await serial(() => client.query({ ...named(sql, params), rowMode: 'array' }));
      return (r.rows[0] as unknown[] | undefined)?.[0] as T | undefined;
    },
    column: async <T>(sql: string, params?: readonly unknown[]) => {
      const r = await serial(() => client.query({ ...named(sql, params), rowMode: 'array' }));
      return (r.rows as unknown[][]).map((row) => row[0] as T);
    },
    run: async (sql: string, params?: readonly unknown[]) => (await query(sql, params)).rowCount ?? 0,
    stream: async function* <T>(sql: string, params?: readonly unknown[], batch = 1000): AsyncGenerator<T> {
      const cursor = await serial(async () => client.query(new Cursor(sql, params as unknown[] | undefined, { types: PG_TYPES })));
      open.add(cursor);
      try {
        for (;;) {
          const rows = (await serial(() => cursor.read(batch))) as T[];
          if (rows.length === 0) return;
          for (const r of rows) yield r;
        }
      } finally {
        open.delete(cursor);
        await serial(() => cursor.close()).catch(() => {});
      }
    },
    get inTransaction() {
      return state.tx !== 'none';
    },
    get inWrite() {
      return state.tx === 'write';
    },
    closeStreams: async () => {
      for (const c of open) await serial(() => c.close()).catch(() => {});
      open.clear();
    },
    exec: async (sql: string, params?: readonly unknown[]) => void (await serial(() => client.query(sql, params as unknown[] | undefined))),
  };
}

/**
 * Whether an error is the connection gone (the server stopped or restarted, the network dropped):
 * the transaction in progress is rolled back by the server, and the command can only be run again.
 */
function connectionLost(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  if (err.code === 'ECONNRESET' || err.code === 'EPIPE' || err.code === '57P01' || err.code === '57P02' || err.code === '57P03') return true;
  return /Connection terminated|Client has encountered a connection error|not queryable/i.test(err.message ?? '');
}

/** PostgreSQL's code for a unique constraint broken */
export const isUniqueViolation = (e: unknown): boolean => (e as { code?: string }).code === '23505';
