/**
 * Prepared statements cached per connection: a statement is prepared the first time its
 * SQL is run on a connection and reused after, so no code path prepares per row.
 * A statement that hands back single values (`pluck`) or arrays (`raw`) is cached apart
 * from the one handing back objects, since those modes are a setting of the statement.
 */
import type Database from 'better-sqlite3';
import type { DB } from './open.js';

type Mode = 'rows' | 'pluck' | 'raw';
type Cache = Record<Mode, Map<string, Database.Statement>>;
const caches = new WeakMap<DB, Cache>();

/** The statement for `sql` on this connection, prepared once. */
export function stmt(db: DB, sql: string, mode: Mode = 'rows'): Database.Statement {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = { rows: new Map(), pluck: new Map(), raw: new Map() }));
  const byMode = cache[mode];
  let s = byMode.get(sql);
  if (!s) {
    s = db.prepare(sql);
    if (mode === 'pluck') s.pluck();
    else if (mode === 'raw') s.raw();
    byMode.set(sql, s);
  }
  return s;
}

/** Rows per statement in `insertRows`: SQLite allows 32 766 parameters; fewer rows keep each statement small. */
const ROWS_PER_STATEMENT = 64;

/**
 * Insert many rows with one statement per `ROWS_PER_STATEMENT` of them (`VALUES (…), (…), …`):
 * better-sqlite3's cost per statement run, not SQLite's per row, is most of a one-row insert.
 * `head` is the statement up to VALUES, `tail` what follows the rows (an ON CONFLICT clause);
 * `values` gives each row's parameters in column order.
 */
export function insertRows<R>(db: DB, head: string, tail: string, columns: number, rows: readonly R[], values: (r: R, out: unknown[]) => void): void {
  const tuple = `(${new Array(columns).fill('?').join(', ')})`;
  const sql = (n: number) => `${head} VALUES ${new Array(n).fill(tuple).join(', ')} ${tail}`;
  const params: unknown[] = [];
  let i = 0;
  if (rows.length >= ROWS_PER_STATEMENT) {
    const many = stmt(db, sql(ROWS_PER_STATEMENT));
    for (; i + ROWS_PER_STATEMENT <= rows.length; i += ROWS_PER_STATEMENT) {
      params.length = 0;
      for (let j = i; j < i + ROWS_PER_STATEMENT; j++) values(rows[j], params);
      many.run(params);
    }
  }
  if (i < rows.length) {
    const one = stmt(db, sql(1));
    for (; i < rows.length; i++) {
      params.length = 0;
      values(rows[i], params);
      one.run(params);
    }
  }
}

// the stepped statements being walked, per connection: while one is, the connection runs nothing else
const streams = new WeakMap<DB, Set<IterableIterator<unknown>>>();

/**
 * Rows of a statement as an async stream, stepped one at a time. The stream is noted until
 * it ends, so that the end of a read or transaction can let go of one its walker abandoned
 * (`closeStreams`): a connection with a statement still stepping runs nothing else.
 */
export async function* streamRows<T>(db: DB, s: Database.Statement, ...params: unknown[]): AsyncGenerator<T> {
  const it = s.iterate(...params) as IterableIterator<T>;
  let open = streams.get(db);
  if (!open) streams.set(db, (open = new Set()));
  open.add(it);
  try {
    for (const r of it) yield r;
  } finally {
    open.delete(it);
    it.return?.();
  }
}

/** Let go of every stream still open on the connection. */
export function closeStreams(db: DB): void {
  const open = streams.get(db);
  if (!open) return;
  for (const it of open) it.return?.();
  open.clear();
}
