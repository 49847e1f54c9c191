/**
 * A database that is damaged, empty, cut short, older, in a folder klynge cannot write or on a
 * full disk: each is said so in its own words, with what to do, and left exactly as it was.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/db/migrations.js';
import { DATA, ROOT, klynge, klyngeOk } from '../helpers/cli.js';
import { sampleDb, workspace } from '../helpers/workspace.js';

/**
 * The database file and its -wal, by name and SHA-256, to compare before and after (the -shm is
 * SQLite's shared index of the -wal, rebuilt by any reader).
 */
function snapshot(db: string): Record<string, string> {
  const dir = path.dirname(db);
  const base = path.basename(db);
  const files = fs.readdirSync(dir).filter((f) => f.startsWith(base) && !f.endsWith('-shm'));
  return Object.fromEntries(files.sort().map((f) => [f, createHash('sha256').update(fs.readFileSync(path.join(dir, f))).digest('hex')]));
}

/** The root page of a table or index, read from a whole copy before it is damaged. */
function rootPage(db: string, name: string): { page: number; pageSize: number } {
  const raw = new Database(db); // not read-only: a read-only connection leaves an empty -wal behind
  try {
    const page = raw.prepare('SELECT rootpage FROM sqlite_schema WHERE name = ?').pluck().get(name) as number;
    return { page, pageSize: raw.pragma('page_size', { simple: true }) as number };
  } finally {
    raw.close();
  }
}

/** Overwrite one page of the file with bytes SQLite cannot read as a b-tree page. */
function damagePage(db: string, name: string): void {
  const { page, pageSize } = rootPage(db, name);
  expect(page).toBeGreaterThan(1);
  const fd = fs.openSync(db, 'r+');
  fs.writeSync(fd, Buffer.alloc(pageSize, 0xff), 0, pageSize, (page - 1) * pageSize);
  fs.closeSync(fd);
}

/** A sample database with every change copied into the file itself (no -wal left). */
async function settledDb(opts: { scores?: boolean } = {}) {
  const w = await sampleDb(opts);
  await klyngeOk(['--db', w.db, 'check']);
  expect(fs.existsSync(`${w.db}-wal`)).toBe(false);
  return w;
}

const READERS: string[][] = [
  ['applications', 'list'],
  ['applications', 'show', '21/04117-1'],
  ['check'],
  ['log'],
  ['rank'],
  ['report', 'allocation'],
  ['report', 'scores'],
  ['report', 'evaluators'],
  ['report', 'summary'],
  ['call', 'list'],
  ['call', 'show'],
  ['evaluator', 'list'],
  ['export', '--format', 'csv'],
];

describe('a damaged database is refused before anything is written', () => {
  it('import and backup run a full check: a damaged page the import would never touch is found', async () => {
    const { dir, db } = await settledDb({ scores: true });
    damagePage(db, 'scores');
    const before = snapshot(db);
    const imp = await klynge(['--db', db, 'import', path.join(DATA, 'applications.csv'), '--update']);
    expect(imp.code).toBe(1);
    expect(imp.stderr).toMatch(/^error: The database file is damaged \(.+\)\. Nothing was changed\. Restore the newest backup .*"klynge check"/);
    expect(snapshot(db)).toEqual(before);

    const target = path.join(dir, 'copy.db');
    const backup = await klynge(['--db', db, 'backup', target]);
    expect(backup.code).toBe(1);
    expect(backup.stdout).not.toMatch(/Backup written/);
    expect(backup.stderr).toMatch(/The database file is damaged .*Restore the newest backup .*"klynge check"/);
    expect(fs.existsSync(target)).toBe(false);
    expect(snapshot(db)).toEqual(before);

    const scores = await klynge(['--db', db, 'score', 'import', path.join(DATA, 'scores.csv'), '--add-evaluators']);
    expect(scores.code).toBe(1);
    expect(scores.stderr).toMatch(/The database file is damaged/);
    expect(snapshot(db)).toEqual(before);
  });

  it('every other writer checks the schema and each table’s first page, even of a table it does not write', async () => {
    const { db } = await settledDb();
    damagePage(db, 'allocation_runs');
    const before = snapshot(db);
    for (const args of [
      ['evaluator', 'add', 'Per Olsen'],
      ['score', 'set', '21/04117-1', '--evaluator', 'Kari Nordmann', 'green=3'],
      ['call', 'create', '--name', 'Ny', '--year', '2022', '--budget', '1000000'],
      ['init'],
    ]) {
      const r = await klynge(['--db', db, ...args]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(/^error: The database file is damaged .*Restore the newest backup/);
      expect(r.stderr).not.toMatch(/ at /);
      expect(snapshot(db), args.join(' ')).toEqual(before);
    }
  });

  it('a healthy database passes both checks', async () => {
    const { dir, db } = await settledDb({ scores: true });
    await klyngeOk(['--db', db, 'import', path.join(DATA, 'applications.csv'), '--update']);
    await klyngeOk(['--db', db, 'backup', path.join(dir, 'copy.db')]);
    await klyngeOk(['--db', db, 'evaluator', 'add', 'Per Olsen']);
  });
});

describe('read-only commands never create or migrate a database', () => {
  it('a missing file: there is none, run klynge init; nothing is created', async () => {
    const { db } = workspace();
    for (const args of READERS) {
      const r = await klynge(['--db', db, ...args]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(/^error: No klynge database at .*k\.db\. Run "klynge init" to create one/);
      expect(fs.readdirSync(path.dirname(db)), args.join(' ')).toEqual([]);
    }
  });

  it('an empty file: it is empty, not a database yet; it stays 0 bytes, and check reports it (exit 1)', async () => {
    const { dir, db } = workspace();
    fs.writeFileSync(db, '');
    for (const args of READERS.filter((a) => a[0] !== 'check')) {
      const r = await klynge(['--db', db, ...args]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(/^error: .*k\.db is empty: it is not a klynge database yet.*Run "klynge --db .*k\.db init"/);
      expect(fs.readdirSync(dir)).toEqual(['k.db']);
      expect(fs.statSync(db).size).toBe(0);
    }
    const check = await klynge(['--db', db, 'check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/^✗ .*k\.db is empty: it is not a klynge database yet/);
    const json = await klynge(['--db', db, '--json', 'check']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, problem: 'db.empty' });
    expect(fs.readdirSync(dir)).toEqual(['k.db']);
    expect(fs.statSync(db).size).toBe(0);
    // a command that writes may make it a database, as init does
    await klyngeOk(['--db', db, 'init']);
    expect((await klyngeOk(['--db', db, 'check'])).stdout).toMatch(/✓ schema version/);
  });

  it('an older schema: readers say to run klynge init; check reports it as it is; init migrates', async () => {
    const { dir, db } = workspace();
    const raw = new Database(db);
    raw.pragma('journal_mode = WAL');
    raw.exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    raw.exec(MIGRATIONS[0].sql);
    raw.prepare(`INSERT INTO schema_migrations VALUES (1, 'initial schema', '2021-09-01')`).run();
    raw.pragma('user_version = 1');
    raw.close();
    const before = snapshot(db);
    for (const args of READERS.filter((a) => a[0] !== 'check')) {
      const r = await klynge(['--db', db, ...args]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(/^error: .*k\.db has an older schema \(version 1; this klynge uses \d+\)\. It was left untouched: run "klynge --db .*k\.db init"/);
      expect(snapshot(db), args.join(' ')).toEqual(before);
    }
    const check = await klynge(['--db', db, 'check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/✗ schema version 1 \(newest known: \d+\)/);
    expect(check.stderr).toMatch(/Run "klynge --db .*k\.db init" to bring it up to date/);
    expect(snapshot(db)).toEqual(before);
    const init = await klyngeOk(['--db', db, '--json', 'init']);
    expect(JSON.parse(init.stdout)).toMatchObject({ migrated: MIGRATIONS.slice(1).map((m) => m.version) });
    expect((await klynge(['--db', db, 'call', 'list'])).code).toBe(0);
    expect(fs.readdirSync(dir).sort()[0]).toBe('k.db');
  });
});

/** Whether this process may mark files immutable and mount a tmpfs (root in the test container). */
function canAdminister(): boolean {
  try {
    return process.getuid?.() === 0 && fs.existsSync('/usr/bin/chattr');
  } catch {
    return false;
  }
}

describe.runIf(canAdminister())('where the database is, not what it is', () => {
  it('a folder klynge cannot write in (immutable, so even root cannot) is named, not "not a klynge database"', async () => {
    const { dir, db } = await settledDb();
    const before = snapshot(db);
    execFileSync('chattr', ['+i', dir]);
    try {
      for (const args of [['applications', 'list'], ['import', path.join(DATA, 'applications.csv'), '--update']]) {
        const r = await klynge(['--db', db, ...args]);
        expect(r.code, args.join(' ')).toBe(1);
        expect(r.stderr).toMatch(/^error: klynge cannot write in the folder .*, where .*k\.db is: SQLite keeps two small files \(-wal and -shm\)/);
        expect(r.stderr).not.toMatch(/not a klynge database/);
      }
    } finally {
      execFileSync('chattr', ['-i', dir]);
    }
    expect(snapshot(db)).toEqual(before);
  });

  it('a full disk is named, with the folder', async () => {
    const { dir, db } = await settledDb();
    const mnt = path.join(dir, 'small');
    fs.mkdirSync(mnt);
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${fs.statSync(db).size + 256 * 1024}`, 'tmpfs', mnt]);
    try {
      const onFull = path.join(mnt, 'k.db');
      fs.copyFileSync(db, onFull);
      // fill what is left, so not even SQLite's -shm fits
      try {
        fs.writeFileSync(path.join(mnt, 'fill'), Buffer.alloc(1024 * 1024));
      } catch {
        /* the disk is full: that is the point */
      }
      const before = fs.readFileSync(onFull);
      for (const args of [['applications', 'list'], ['import', path.join(DATA, 'applications.csv'), '--update']]) {
        const r = await klynge(['--db', onFull, ...args]);
        expect(r.code, args.join(' ')).toBe(1);
        expect(r.stderr).toMatch(/^error: The disk that holds .*k\.db is full: there is no room in .*small/);
      }
      expect(fs.readFileSync(onFull).equals(before)).toBe(true);
    } finally {
      execFileSync('umount', [mnt]);
    }
  });
  it('a disk that fills during an import: said so, rolled back, the database as it was', async () => {
    const { dir, db } = await settledDb();
    const csv = path.join(dir, 'many.csv');
    // the benchmark's generator of realistic applications (plain JavaScript, loaded by path)
    const { writeApplications } = (await import(path.join(ROOT, 'bench', 'generate.mjs'))) as { writeApplications: (file: string, n: number) => void };
    writeApplications(csv, 5000);
    const mnt = path.join(dir, 'small');
    fs.mkdirSync(mnt);
    // room for the database and SQLite's -shm, not for 5000 more applications in the -wal
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${fs.statSync(db).size + 512 * 1024}`, 'tmpfs', mnt]);
    try {
      const onSmall = path.join(mnt, 'k.db');
      fs.copyFileSync(db, onSmall);
      const before = fs.readFileSync(onSmall);
      const r = await klynge(['--db', onSmall, 'import', csv]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^error: The disk filled up while klynge was writing to the database \(.+\)\. The change was rolled back/);
      expect(r.stderr).not.toMatch(/unexpected problem/);
      expect(fs.readFileSync(onSmall).equals(before)).toBe(true);
      expect(JSON.parse((await klyngeOk(['--db', onSmall, '--json', 'applications', 'list'])).stdout).applications).toHaveLength(10);
    } finally {
      execFileSync('umount', [mnt]);
    }
  });
});

describe('a file cut short', () => {
  it('is named cut short, with its length and the length it should have, and left as it is', async () => {
    const { db } = await settledDb();
    const whole = fs.statSync(db).size;
    fs.truncateSync(db, 40_000);
    for (const args of [['applications', 'list'], ['import', path.join(DATA, 'applications.csv'), '--update'], ['backup', `${db}.bak`]]) {
      const r = await klynge(['--db', db, ...args]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toBe(`error: ${db} is cut short: it holds 40000 bytes, but SQLite's header says it should hold ${whole}. It was left untouched. Restore the newest backup (klynge backup makes them); "klynge check" on the copy you restore tells you it is whole.\n`);
    }
    expect(fs.statSync(db).size).toBe(40_000);
    expect(fs.existsSync(`${db}.bak`)).toBe(false);
    const check = await klynge(['--db', db, 'check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/^✗ .*k\.db is cut short/);
    // shorter than SQLite's header itself
    fs.truncateSync(db, 50);
    const tiny = await klynge(['--db', db, 'rank']);
    expect(tiny.code).toBe(1);
    expect(tiny.stderr).toMatch(/k\.db is cut short: it holds 50 bytes/);
  });
});

describe('score set', () => {
  it('refuses a criterion given twice, naming it, and saves nothing', async () => {
    const { db } = await settledDb();
    await klyngeOk(['--db', db, 'evaluator', 'add', 'Kari Nordmann']);
    await klyngeOk(['--db', db, 'check']);
    const before = snapshot(db);
    const r = await klynge(['--db', db, 'score', 'set', '21/04117-1', '--evaluator', 'Kari Nordmann', 'green=3', 'digital=2', 'green=4']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: "green" is given twice (green=3 and green=4). Give each criterion once; nothing was saved.\n');
    expect(snapshot(db)).toEqual(before);
    const nb = await klynge(['--db', db, '--lang', 'nb', 'score', 'set', '21/04117-1', '--evaluator', 'Kari Nordmann', 'green=3', ' green =na']);
    expect(nb.code).toBe(2);
    expect(nb.stderr).toMatch(/«green» står to ganger \(green=3 og {2}green =na\)/);
    expect(snapshot(db)).toEqual(before);
  });
});
