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
