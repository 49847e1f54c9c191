/**
 * Case numbers met in one import that are not in the table it writes (see
 * import-refs.ts), to find a file's duplicates. Kept in a
 * temporary table on disk, so memory stays flat for a million rows: past its page cache
 * (SQLite's usual 2 MB, not better-sqlite3's 16 MB, which would hold 600 000 refs) it spills.
 */
import type { DB } from './open.js';

export interface RefLog {
  /** note `ref` at `line` (a ref noted before keeps its first line) */
  note(ref: string, line: number): void;
  /** the line `ref` was first noted on, if it was */
  line(ref: string): number | undefined;
  /** forget everything and give the connection its page cache back */
  close(): void;
}

const CACHE_SIZE = -2000;

export function refLog(db: DB): RefLog {
  const before = db.pragma('temp.cache_size', { simple: true }) as number;
  db.pragma(`temp.cache_size = ${CACHE_SIZE}`);
  db.exec('CREATE TEMP TABLE IF NOT EXISTS import_refs (ref TEXT PRIMARY KEY, line INTEGER NOT NULL) WITHOUT ROWID');
  db.exec('DELETE FROM temp.import_refs');
  // prepared per import, not cached: the table is dropped at the end, and with it what they refer to
  const insert = db.prepare('INSERT OR IGNORE INTO temp.import_refs (ref, line) VALUES (?, ?)');
  const first = db.prepare('SELECT line FROM temp.import_refs WHERE ref = ?').pluck();
  return {
    note: (ref, line) => void insert.run(ref, line),
    line: (ref) => first.get(ref) as number | undefined,
    close: () => {
      // dropped, not emptied: deleting 100 000 rows one by one costs more than the table did
      db.exec('DROP TABLE IF EXISTS temp.import_refs');
      db.pragma(`temp.cache_size = ${before}`);
    },
  };
}
