/**
 * Opening the database: file mode 0600 for a new file, WAL, foreign keys, a busy
 * timeout, and migrations — after refusing a file written by a newer klynge.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { UserError } from '../core/errors.js';
import { LATEST_VERSION, MIGRATIONS } from './migrations.js';

export type DB = Database.Database;

export interface OpenOptions {
  /** create the file if it does not exist (init, call create, demo) */
  create?: boolean;
  /** open without writing anything (read-only commands still migrate unless this is set) */
  readonly?: boolean;
  now?: () => Date;
}

const BUSY_TIMEOUT_MS = 10_000;
export const PAGE_SIZE = 16_384;

let addon: string | undefined;
/**
 * Where better-sqlite3's compiled addon is. Named to it directly, better-sqlite3 skips its
 * search through a dozen candidate paths (the `bindings` package); with its JavaScript
 * bundled too, opening the first database costs about 10 ms less. The bundled search would
 * look in klynge's folder, not better-sqlite3's: an addon in none of the places installs put
 * it is refused here, with what to do.
 */
export function nativeBinding(): string {
  if (addon === undefined) {
    let dir: string;
    try {
      // from this module: klynge's own install (node_modules beside it or above it), never the working folder
      dir = path.dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json'));
    } catch {
      throw new UserError('db.addon_not_installed', { dir: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..') });
    }
    // where a build from source or a prebuilt download puts it (the first places `bindings` tries)
    addon = ['build/Release', 'build/Debug', 'out/Release', 'Release'].map((d) => path.join(dir, d, 'better_sqlite3.node')).find((f) => fs.existsSync(f));
    if (addon === undefined) throw new UserError('db.addon_missing', { dir });
  }
  return addon;
}

/** Open (and if asked, create) a klynge database, migrated to the newest schema. */
export function openDatabase(file: string, opts: OpenOptions = {}): { db: DB; created: boolean; migrated: number[] } {
  const binding = nativeBinding(); // before any file is made
  const abs = path.resolve(file);
  let created = false;
  if (!fs.existsSync(abs)) {
    if (!opts.create) throw new UserError('db.missing', { file });
    const dir = path.dirname(abs);
    if (!fs.existsSync(dir)) throw new UserError('db.no_dir', { file, dir });
    // create it ourselves so the mode is 0600 from the first byte (SQLite copies it to -wal/-shm)
    try {
      fs.closeSync(fs.openSync(abs, 'wx', 0o600));
    } catch (e) {
      throw new UserError('db.cannot_create', { file, reason: (e as Error).message });
    }
    created = true;
  } else if (fs.statSync(abs).isDirectory()) {
    throw new UserError('db.is_dir', { file });
  }

  let db: DB;
  try {
    db = new Database(abs, { fileMustExist: true, readonly: !!opts.readonly, nativeBinding: binding });
  } catch (e) {
    throw new UserError('db.cannot_open', { file, reason: (e as Error).message });
  }
  try {
    // Read the version before anything that could write (journal_mode=WAL rewrites the header).
    let version: number;
    try {
      version = db.pragma('user_version', { simple: true }) as number;
    } catch {
      throw new UserError('db.not_sqlite', { file });
    }
    if (version > LATEST_VERSION) throw new UserError('db.too_new', { file, version, latest: LATEST_VERSION });
    if (version > 0 || !created) assertKlyngeDb(db, file, version);
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // A new file gets 16 KiB pages (before WAL, which fixes the size): an application row with
    // its summary is half a kilobyte, and a 100 000-row import writes and commits a fifth faster
    // than with SQLite's default 4 KiB. Existing files keep the size they were made with.
    if (created) db.pragma(`page_size = ${PAGE_SIZE}`);
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    const migrated = opts.readonly ? [] : migrate(db, version, (opts.now ?? (() => new Date()))());
    if (created) fs.chmodSync(abs, 0o600);
    return { db, created, migrated };
  } catch (e) {
    db.close();
    if (created) removeQuietly(abs);
    throw e;
  }
}

/** An existing file that is not a klynge database (some other SQLite file) is not touched. */
function assertKlyngeDb(db: DB, file: string, version: number): void {
  if (version > 0) return;
  const tables = db.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'`).get() as { n: number };
  if (tables.n > 0) throw new UserError('db.foreign', { file });
}

function migrate(db: DB, from: number, now: Date): number[] {
  const done: number[] = [];
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  for (const m of MIGRATIONS) {
    if (m.version <= from) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, now.toISOString());
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
    done.push(m.version);
  }
  return done;
}

function removeQuietly(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      fs.unlinkSync(f);
    } catch {
      /* already gone */
    }
  }
}

/** Problems found by `klynge check`: integrity, foreign keys, schema version. */
export function checkDatabase(db: DB): { integrity: string[]; foreignKeys: { table: string; rowid: number; parent: string }[]; version: number; latest: number; migrations: { version: number; name: string; applied_at: string }[] } {
  const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).filter((s) => s !== 'ok');
  const foreignKeys = (db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[]).map((r) => ({ table: r.table, rowid: r.rowid, parent: r.parent }));
  const version = db.pragma('user_version', { simple: true }) as number;
  const migrations = db.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all() as { version: number; name: string; applied_at: string }[];
  return { integrity, foreignKeys, version, latest: LATEST_VERSION, migrations };
}
