/**
 * A store opened in the test's own process on the database a test got from `workspace()`: a
 * SQLite file, or with KLYNGE_TEST_STORE=postgres a database on the test server. Beside the store,
 * plain SQL to look at what it wrote (the statements must read the same on both), and whether its
 * connection is left in a transaction.
 */
import { openPgStore } from '../../src/db/pg/pg-store.js';
import { openSqliteStore } from '../../src/db/sqlite-store.js';
import type { Store } from '../../src/db/store.js';
import { isPgTarget, parsePgTarget } from '../../src/db/target.js';

export interface TestStore {
  store: Store;
  /** rows of a query without parameters */
  all(sql: string): Promise<Record<string, unknown>[]>;
  /** the import's temporary table of refs if the connection still has it (on PostgreSQL, which uses none: every temporary table) */
  tempTables(): Promise<string[]>;
  /** whether the connection is inside a transaction */
  inTransaction(): Promise<boolean>;
  close(): Promise<void>;
}

export async function openTestStore(db: string): Promise<TestStore> {
  if (isPgTarget(db)) {
    const { store } = await openPgStore(parsePgTarget(db, process.env), process.env);
    const all = async (sql: string) => (await store.client.query(sql)).rows as Record<string, unknown>[];
    return {
      store,
      all,
      tempTables: async () => (await all(`SELECT relname AS name FROM pg_class WHERE relpersistence = 't' AND relkind = 'r' ORDER BY relname`)).map((r) => String(r.name)),
      // outside a transaction block each statement is its own transaction, so it began when the statement did
      inTransaction: async () => !(await all('SELECT now() = statement_timestamp() AS own'))[0].own,
      close: () => store.close(),
    };
  }
  const { store } = openSqliteStore(db);
  const { db: conn } = store;
  return {
    store,
    all: async (sql) => conn.prepare(sql).all() as Record<string, unknown>[],
    tempTables: async () => (conn.prepare(`SELECT name FROM temp.sqlite_master WHERE name = 'import_refs'`).all() as { name: string }[]).map((r) => r.name),
    inTransaction: async () => conn.inTransaction,
    close: async () => void conn.close(),
  };
}
