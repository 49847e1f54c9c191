/**
 * Opening the database: file mode 0600 for a new file, WAL, foreign keys, a busy
 * timeout, and migrations — after refusing a file written by a newer klynge, and one
 * that is cut short, damaged, or where SQLite cannot keep its -wal and -shm (each said so).
 * Commands that only read never create or migrate.
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
  /** open without writing anything (SQLite's read-only mode) */
  readonly?: boolean;
  /**
   * 'read': a command that only reads. It never creates or migrates: an empty file, a bare
   * SQLite file and an older schema are refused with what to run, and left as they are.
   * 'write' (the default): a missing schema or an older one is migrated first.
   */
  access?: 'read' | 'write';
  /** with access 'read': open an older schema as it is instead of refusing it (klynge check reports it) */
  asIs?: boolean;
  /**
   * What is checked for damage before anything is written. 'structure' (the default): the header,
   * the file's length and every table's root page — microseconds at any size. 'pages': SQLite's
   * quick_check over every page, about 80 ms on a 60 MB database — for backup (a damaged copy is
   * worse than none) and the bulk imports, whose own run dwarfs it.
   */
  verify?: 'structure' | 'pages';
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
  const reading = opts.access === 'read';
  let created = false;
  if (!fs.existsSync(abs)) {
    if (!opts.create || reading) throw new UserError('db.missing', { file });
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
  } else {
    const size = assertWhole(abs, file);
    if (size === 0 && reading) throw new UserError('db.empty', { file });
  }

  let db: DB;
  try {
    db = new Database(abs, { fileMustExist: true, readonly: !!opts.readonly, nativeBinding: binding });
  } catch (e) {
    throw openFailure(e, file, abs);
  }
  try {
    // Read the version before anything that could write (journal_mode=WAL rewrites the header).
    let version: number;
    try {
      version = db.pragma('user_version', { simple: true }) as number;
      if (version > LATEST_VERSION) throw new UserError('db.too_new', { file, version, latest: LATEST_VERSION });
      if (version > 0 || !created) assertKlyngeDb(db, file, version);
      if (reading && version === 0) throw new UserError('db.empty', { file });
      if (reading && version < LATEST_VERSION && !opts.asIs) throw new UserError('db.needs_migration', { file, version, latest: LATEST_VERSION });
      // before anything is written: a damaged file is refused, not written into
      if (!reading && !created) assertUndamaged(db, file, opts.verify ?? 'structure');
    } catch (e) {
      throw openFailure(e, file, abs);
    }
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // A new file gets 16 KiB pages (before WAL, which fixes the size): an application row with
    // its summary is half a kilobyte, and a 100 000-row import writes and commits a fifth faster
    // than with SQLite's default 4 KiB. Existing files keep the size they were made with.
    if (created) db.pragma(`page_size = ${PAGE_SIZE}`);
    if (!opts.readonly && !reading) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    const migrated = opts.readonly || reading ? [] : migrate(db, version, (opts.now ?? (() => new Date()))());
    if (created) fs.chmodSync(abs, 0o600);
    return { db, created, migrated };
  } catch (e) {
    db.close();
    if (created) removeQuietly(abs);
    throw e;
  }
}

const MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const HEADER = 100;

/**
 * A file cut short (a copy that ran out of room, a half-finished download) is named so, not
 * "not a klynge database": its first bytes are SQLite's, its length is less than its header
 * says. Returns the file's length. Only the header is read.
 */
function assertWhole(abs: string, file: string): number {
  let look = shortfall(abs);
  // Another klynge's checkpoint writes page 1 (with the new page count) before the pages after
  // it, and removes the -wal when done: a look in that moment sees a short file and no -wal.
  // Once the -wal is gone the file is whole, so a second look tells the two apart.
  if (look.expected !== undefined) look = shortfall(abs);
  if (look.expected !== undefined) throw new UserError('db.truncated', { file, size: look.size, expected: look.expected });
  return look.size;
}

/** The file's length and, when it is shorter than its SQLite header says, the length it should have. */
function shortfall(abs: string): { size: number; expected?: number } {
  const head = Buffer.alloc(HEADER);
  const fd = fs.openSync(abs, 'r');
  let got: number;
  try {
    got = fs.readSync(fd, head, 0, HEADER, 0);
  } finally {
    fs.closeSync(fd);
  }
  const size = fs.statSync(abs).size;
  if (size === 0) return { size };
  const magic = Math.min(got, MAGIC.length);
  if (!head.subarray(0, magic).equals(MAGIC.subarray(0, magic))) return { size }; // not SQLite's: SQLite says so later
  if (got < HEADER) return { size, expected: HEADER };
  // pages not yet copied back from the -wal live there; with one, the file may rightly be shorter
  if ((fs.statSync(`${abs}-wal`, { throwIfNoEntry: false })?.size ?? 0) > 0) return { size };
  const raw = head.readUInt16BE(16);
  const pageSize = raw === 1 ? 65_536 : raw;
  const pages = head.readUInt32BE(28);
  // the page count is valid only when written by the same change as the header (SQLite's rule)
  const counted = pages > 0 && head.readUInt32BE(24) === head.readUInt32BE(92);
  if (counted && size < pages * pageSize) return { size, expected: pages * pageSize };
  if (pageSize >= 512 && size % pageSize !== 0) return { size, expected: Math.ceil(size / pageSize) * pageSize };
  return { size };
}

/**
 * Damage found before writing. 'structure' reads the schema and the first page of every table
 * (what a write would lean on first); 'pages' runs SQLite's quick_check over the whole file.
 */
function assertUndamaged(db: DB, file: string, verify: 'structure' | 'pages'): void {
  if (verify === 'pages') {
    const found = (db.pragma('quick_check(1)') as { quick_check: string }[]).map((r) => r.quick_check);
    if (found.length && found[0] !== 'ok') {
      // "*** in database main ***\nTree 13 page 13: …": the finding, on the message's one line
      const reason = found[0].split('\n').filter((l) => !l.startsWith('***')).join('; ');
      throw new UserError('db.corrupt', { file, reason });
    }
    return;
  }
  const tables = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND rootpage > 0`).pluck().all() as string[];
  for (const t of tables) db.prepare(`SELECT 1 FROM "${t.replaceAll('"', '""')}" LIMIT 1`).get();
}

/**
 * What SQLite's refusal to open or read a file means, in words: a folder klynge cannot write in
 * (WAL needs a -wal and -shm beside the file), a full disk, a damaged or foreign file.
 */
function openFailure(e: unknown, file: string, abs: string): unknown {
  if (e instanceof UserError) return e;
  const code = (e as { code?: string }).code ?? '';
  const reason = (e as Error).message;
  const dir = path.dirname(abs);
  if (code === 'SQLITE_NOTADB') return new UserError('db.not_sqlite', { file });
  if (code.startsWith('SQLITE_CORRUPT')) return new UserError('db.corrupt', { file, reason });
  if (code === 'SQLITE_FULL' || (code.startsWith('SQLITE_IOERR') && diskFull(dir))) return new UserError('db.disk_full', { file, dir });
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM' || code === 'SQLITE_AUTH') {
    if (!writable(dir)) return new UserError('db.dir_readonly', { file, dir });
    if (!writable(abs)) return new UserError('db.file_readonly', { file });
    return new UserError('db.cannot_open', { file, reason });
  }
  if (code.startsWith('SQLITE_IOERR')) return new UserError('db.io_error', { file, reason });
  return e;
}

function writable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.W_OK); // EPERM for an immutable folder even for root
    return true;
  } catch {
    return false;
  }
}

/** less room than SQLite's shared-memory file (32 KiB) needs */
function diskFull(dir: string): boolean {
  try {
    const s = fs.statfsSync(dir);
    return s.bavail * s.bsize < 64 * 1024;
  } catch {
    return false;
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
