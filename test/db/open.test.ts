import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { checkDatabase, nativeBinding, openDatabase } from '../../src/db/open.js';
import { LATEST_VERSION, MIGRATIONS } from '../../src/db/migrations.js';
import { tmpDir } from '../helpers/cli.js';

const dirs: string[] = [];
const newDir = () => {
  const d = tmpDir();
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('openDatabase', () => {
  it('creates a new file with mode 0600, WAL, foreign keys and a busy timeout', () => {
    const file = path.join(newDir(), 'k.db');
    const { db, created, migrated } = openDatabase(file, { create: true });
    expect(created).toBe(true);
    expect(migrated).toEqual(MIGRATIONS.map((m) => m.version));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(5000);
    expect(db.pragma('page_size', { simple: true })).toBe(16_384);
    db.close();
  });

  it('names better-sqlite3 its compiled addon where the install put it', () => {
    const addon = nativeBinding();
    expect(path.basename(addon)).toBe('better_sqlite3.node');
    expect(fs.existsSync(addon)).toBe(true);
  });

  it('keeps the page size an existing file was made with', () => {
    const file = path.join(newDir(), 'k.db');
    const plain = new Database(file);
    plain.pragma('page_size = 4096');
    plain.exec('CREATE TABLE t (x)');
    plain.exec('DROP TABLE t');
    plain.close();
    fs.chmodSync(file, 0o600);
    const { db } = openDatabase(file);
    expect(db.pragma('page_size', { simple: true })).toBe(4096);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    db.close();
  });

  it('migrates from empty once; opening again changes nothing', () => {
    const file = path.join(newDir(), 'k.db');
    openDatabase(file, { create: true }).db.close();
    const again = openDatabase(file);
    expect(again.created).toBe(false);
    expect(again.migrated).toEqual([]);
    const r = checkDatabase(again.db);
    expect(r).toMatchObject({ integrity: [], foreignKeys: [], version: LATEST_VERSION, latest: LATEST_VERSION });
    expect(r.migrations.map((m) => m.version)).toEqual(MIGRATIONS.map((m) => m.version));
    const tables = (again.db.prepare(`SELECT name FROM sqlite_schema WHERE type='table' ORDER BY name`).all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(['allocation_runs', 'appeals', 'applications', 'assignments', 'audit_log', 'calls', 'conflicts', 'decisions', 'evaluators', 'letters', 'offer_answers', 'schema_migrations', 'score_notes', 'scores', 'settings', 'state_aid']);
    again.db.close();
  });

  it('refuses a missing file unless asked to create it', () => {
    const file = path.join(newDir(), 'none.db');
    expect(() => openDatabase(file)).toThrow(expect.objectContaining({ code: 'db.missing' }));
    expect(fs.existsSync(file)).toBe(false);
  });

  it('refuses a database from a newer klynge and leaves it byte-identical', () => {
    const file = path.join(newDir(), 'new.db');
    openDatabase(file, { create: true }).db.close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
    raw.pragma('journal_mode = DELETE');
    raw.close();
    const before = fs.readFileSync(file);
    expect(() => openDatabase(file)).toThrow(expect.objectContaining({ code: 'db.too_new' }));
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses an SQLite file that is not a klynge database', () => {
    const file = path.join(newDir(), 'other.db');
    const raw = new Database(file);
    raw.exec('CREATE TABLE t (x)');
    raw.close();
    const before = fs.readFileSync(file);
    expect(() => openDatabase(file)).toThrow(expect.objectContaining({ code: 'db.foreign' }));
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('keeps the audit log append-only', () => {
    const file = path.join(newDir(), 'k.db');
    const { db } = openDatabase(file, { create: true });
    db.prepare(`INSERT INTO audit_log (at, actor, action) VALUES ('2021-01-01', 'a', 'x')`).run();
    expect(() => db.prepare(`UPDATE audit_log SET actor = 'b'`).run()).toThrow(/append-only/);
    expect(() => db.prepare(`DELETE FROM audit_log`).run()).toThrow(/append-only/);
    db.close();
  });
});

describe('openDatabase for a command that only reads', () => {
  const v1 = (file: string) => {
    const raw = new Database(file);
    raw.exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    raw.exec(MIGRATIONS[0].sql);
    raw.pragma('user_version = 1');
    raw.close();
  };

  it('never creates, never migrates: an empty file and an older schema are refused as they are', () => {
    const dir = newDir();
    expect(() => openDatabase(path.join(dir, 'none.db'), { access: 'read', create: true })).toThrow(expect.objectContaining({ code: 'db.missing' }));
    const empty = path.join(dir, 'empty.db');
    fs.writeFileSync(empty, '');
    expect(() => openDatabase(empty, { access: 'read' })).toThrow(expect.objectContaining({ code: 'db.empty' }));
    const old = path.join(dir, 'old.db');
    v1(old);
    const before = fs.readFileSync(old);
    expect(() => openDatabase(old, { access: 'read' })).toThrow(expect.objectContaining({ code: 'db.needs_migration', params: expect.objectContaining({ version: 1, latest: LATEST_VERSION }) }));
    // asIs (klynge check): opened, read, not migrated
    const { db, migrated } = openDatabase(old, { access: 'read', asIs: true });
    expect(migrated).toEqual([]);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    db.close();
    expect(fs.readdirSync(dir).sort()).toEqual(['empty.db', 'old.db']);
    expect(fs.statSync(empty).size).toBe(0);
    expect(fs.readFileSync(old).equals(before)).toBe(true);
    // a writer may: the same two files become databases of the newest schema
    for (const f of [empty, old]) {
      const w = openDatabase(f);
      expect(w.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
      w.db.close();
    }
  });
});

describe('migrations 2 to 4', () => {
  it('brings a version-1 database up to date and keeps its rows', () => {
    const file = path.join(newDir(), 'v1.db');
    const raw = new Database(file);
    raw.exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    raw.exec(MIGRATIONS[0].sql);
    raw.prepare(`INSERT INTO schema_migrations VALUES (1, 'initial schema', '2021-09-01')`).run();
    raw.pragma('user_version = 1');
    raw.prepare(`INSERT INTO calls (slug, name, year, definition, created_at, updated_at) VALUES ('c', 'C', 2021, '{}', 'x', 'x')`).run();
    raw.close();
    const { db, migrated } = openDatabase(file);
    expect(migrated).toEqual(MIGRATIONS.map((m) => m.version).filter((v) => v > 1));
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    const cols = (db.pragma('table_info(decisions)') as { name: string }[]).map((c) => c.name);
    expect(cols).toEqual(expect.arrayContaining(['rank', 'score']));
    expect(db.prepare('SELECT slug FROM calls').pluck().all()).toEqual(['c']);
    // ranking's read of a call's scores walks the scores in their key order (application, evaluator, criterion)
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT s.evaluator_id, s.criterion, s.value FROM scores s JOIN applications a ON a.id = s.application_id WHERE a.call_id = 1`)
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/SEARCH s USING PRIMARY KEY \(application_id=\?\)/);
    db.close();
  });
});

describe('migration 6: applications withdrawn or found ineligible', () => {
  it('gives a database of version 4 the state columns, every application active, and refuses any other state', () => {
    const file = path.join(newDir(), 'v4.db');
    const raw = new Database(file);
    raw.exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    for (const m of MIGRATIONS.filter((x) => x.version <= 4)) {
      raw.exec(m.sql);
      raw.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, '2021-09-01');
    }
    raw.pragma('user_version = 4');
    raw.prepare(`INSERT INTO calls (slug, name, year, definition, created_at, updated_at) VALUES ('c', 'C', 2021, '{}', 'x', 'x')`).run();
    raw.prepare(`INSERT INTO applications (call_id, ref, applicant, title, requested, created_at, updated_at) VALUES (1, '21/1', 'Søker', 'Prosjekt', 100, 'x', 'x')`).run();
    raw.close();
    const { db, migrated } = openDatabase(file);
    expect(migrated).toEqual(MIGRATIONS.map((m) => m.version).filter((v) => v > 4));
    expect(db.prepare('SELECT ref, status, status_note, status_by, status_at FROM applications').get()).toEqual({ ref: '21/1', status: 'active', status_note: null, status_by: null, status_at: null });
    expect(() => db.prepare(`UPDATE applications SET status = 'gone'`).run()).toThrow(/CHECK constraint/);
    db.close();
  });
});
