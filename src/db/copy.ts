/**
 * `klynge db copy`: every row of every klynge table from one store to another, SQLite or
 * PostgreSQL either way, ids and all, so the copy is the same database. Tables go parents first
 * (the foreign keys hold at every step); rows go in their key order in batches; each side's own
 * schema record (SQLite's schema_migrations, PostgreSQL's klynge_schema) stays its own.
 *
 * This is the one place that reads and writes tables as tables, below the store's repositories:
 * the copy must carry everything, including what no repository method hands back whole.
 */
import type { DB } from './open.js';
import type { Q } from './pg/q.js';
import type { Store } from './store.js';

/** klynge's tables, parents before children, each with the columns that order its rows */
export const COPY_TABLES: readonly { table: string; order: string }[] = [
  { table: 'calls', order: 'id' },
  { table: 'applications', order: 'id' },
  { table: 'evaluators', order: 'id' },
  { table: 'conflicts', order: 'id' },
  { table: 'allocation_runs', order: 'id' },
  { table: 'audit_log', order: 'id' },
  { table: 'letters', order: 'id' },
  { table: 'settings', order: 'key' },
  { table: 'score_notes', order: 'evaluator_id, application_id' },
  { table: 'scores', order: 'application_id, evaluator_id, criterion' },
  { table: 'state_aid', order: 'id' },
  { table: 'assignments', order: 'application_id, evaluator_id' },
  { table: 'decisions', order: 'id' },
  { table: 'offer_answers', order: 'application_id' },
  { table: 'appeals', order: 'id' },
];

/** the tables that keep each side's own schema version, never copied */
export const SCHEMA_TABLES = ['schema_migrations', 'klynge_schema', 'sqlite_sequence'];

/** One side of a copy: its tables read and written as rows of values. */
export interface CopySide {
  kind: 'sqlite' | 'postgres';
  /** the names of the tables there are */
  tables(): Promise<string[]>;
  columns(table: string): Promise<string[]>;
  count(table: string): Promise<number>;
  /** the rows in key order, values in the order of `columns` */
  rows(table: string, columns: readonly string[], order: string): AsyncIterable<unknown[]>;
  insert(table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<void>;
  /** after the rows: new ids continue after the copied ones */
  finish(): Promise<void>;
}

/** The copy side of a store (SQLite's or PostgreSQL's). */
export function copySide(store: Store): CopySide {
  if ('db' in store) return sqliteSide((store as unknown as { db: DB }).db);
  if ('q' in store) return pgSide((store as unknown as { q: Q }).q);
  throw new Error('db copy: a store of an unknown kind');
}

const ident = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`db copy: unexpected name ${name}`);
  return name;
};

function sqliteSide(db: DB): CopySide {
  return {
    kind: 'sqlite',
    tables: async () => (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[]),
    columns: async (table) => (db.prepare(`SELECT name FROM pragma_table_info(?) ORDER BY cid`).pluck().all(table) as string[]),
    count: async (table) => db.prepare(`SELECT count(*) FROM ${ident(table)}`).pluck().get() as number,
    rows: async function* (table, columns, order) {
      const s = db.prepare(`SELECT ${columns.map(ident).join(', ')} FROM ${ident(table)} ORDER BY ${order}`).raw();
      for (const r of s.iterate()) yield r as unknown[];
    },
    insert: async (table, columns, rows) => {
      const s = db.prepare(`INSERT INTO ${ident(table)} (${columns.map(ident).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      for (const r of rows) s.run(r);
    },
    finish: async () => {},
  };
}

function pgSide(q: Q): CopySide {
  return {
    kind: 'postgres',
    tables: async () => q.column<string>(`SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`),
    columns: async (table) => q.column<string>(`SELECT column_name::text FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`, [table]),
    count: async (table) => (await q.value<number>(`SELECT count(*) FROM ${ident(table)}`))!,
    rows: async function* (table, columns, order) {
      for await (const r of q.stream<Record<string, unknown>>(`SELECT ${columns.map(ident).join(', ')} FROM ${ident(table)} ORDER BY ${order}`, [], 2000)) yield columns.map((c) => r[c]);
    },
    insert: async (table, columns, rows) => {
      // as many rows per statement as PostgreSQL's 65 535 parameters allow, within reason
      const per = Math.max(1, Math.min(1000, Math.floor(60_000 / columns.length)));
      for (let i = 0; i < rows.length; i += per) {
        const chunk = rows.slice(i, i + per);
        const params: unknown[] = [];
        const tuples = chunk.map((r) => `(${r.map((v) => (params.push(v), `$${params.length}`)).join(', ')})`);
        await q.run(`INSERT INTO ${ident(table)} (${columns.map(ident).join(', ')}) VALUES ${tuples.join(', ')}`, params);
      }
    },
    finish: async () => {
      // identity columns: the next id follows the highest copied one
      const identities = await q.rows<{ table_name: string; column_name: string }>(
        `SELECT table_name::text, column_name::text FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'`,
      );
      for (const { table_name: t, column_name: c } of identities) {
        await q.run(`SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max(${ident(c)}) FROM ${ident(t)}), 0) + 1, false)`, [t, c]);
      }
    },
  };
}

export interface TableCount {
  table: string;
  from: number;
  to: number;
}

/**
 * Copy every table from `from` to `to` (inside the caller's read of `from` and transaction on
 * `to`); what each side counts afterwards. `to` must have no rows (the caller checks).
 */
export async function copyTables(from: CopySide, to: CopySide, progress?: (table: string, rows: number) => void): Promise<TableCount[]> {
  const batch = 1000;
  for (const { table, order } of COPY_TABLES) {
    const columns = await from.columns(table);
    let buffer: unknown[][] = [];
    let n = 0;
    for await (const r of from.rows(table, columns, order)) {
      buffer.push(r);
      if (buffer.length === batch) {
        await to.insert(table, columns, buffer);
        n += buffer.length;
        buffer = [];
        progress?.(table, n);
      }
    }
    if (buffer.length) await to.insert(table, columns, buffer);
    n += buffer.length;
    progress?.(table, n);
  }
  await to.finish();
  return countBoth(from, to);
}

/** Rows per table on both sides. */
export async function countBoth(from: CopySide, to: CopySide): Promise<TableCount[]> {
  const out: TableCount[] = [];
  for (const { table } of COPY_TABLES) out.push({ table, from: await from.count(table), to: await to.count(table) });
  return out;
}

/** Whether a side has no rows in any klynge table (a fresh database to copy into). */
export async function isEmpty(side: CopySide): Promise<{ empty: boolean; table?: string; rows?: number }> {
  for (const { table } of COPY_TABLES) {
    const rows = await side.count(table);
    if (rows > 0) return { empty: false, table, rows };
  }
  return { empty: true };
}

/** The tables of a side that COPY_TABLES does not name (a schema this copy does not know). */
export async function unknownTables(side: CopySide): Promise<string[]> {
  const known = new Set([...COPY_TABLES.map((t) => t.table), ...SCHEMA_TABLES]);
  return (await side.tables()).filter((t) => !known.has(t));
}
