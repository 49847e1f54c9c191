/**
 * EACCES on --out for real: root ignores file permissions, so the binary runs as `nobody`
 * (setpriv) against a folder it may not write in.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, DATA, klyngeBin, tmpDir } from '../helpers/cli.js';
import { ON_PG } from '../helpers/pg.js';
import { dbDigest } from '../helpers/refusal.js';
import { newDb } from '../helpers/workspace.js';

const dir = tmpDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('--out in a folder the user may not write in', () => {
  it('export and backup say so in one line (what, where, what to do), exit 1, and write nothing', (ctx) => {
    const asNobody = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', 'true']);
    if (asNobody.status !== 0) ctx.skip(); // not root here: the chattr test in test/cli/out-files.test.ts covers it
    // the database open to nobody (its -wal and -shm are made beside it), the target folder not
    fs.chmodSync(dir, 0o777);
    const db = newDb(dir);
    expect(klyngeBin(['--db', db, 'call', 'create', '--file', path.join(DATA, 'call.json')]).code).toBe(0);
    expect(klyngeBin(['--db', db, 'import', path.join(DATA, 'applications.csv')]).code).toBe(0);
    if (!ON_PG) fs.chmodSync(db, 0o666);
    const locked = path.join(dir, 'locked');
    fs.mkdirSync(locked, { mode: 0o755 });
    const before = dbDigest(db);
    const run = (args: string[]) =>
      spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, BIN, '--db', db, ...args], {
        cwd: dir,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, KLYNGE_LANG: 'en', NO_COLOR: '1', KLYNGE_ACTOR: 'nobody' },
      });
    const e = run(['export', '--out', path.join(locked, 'x.csv')]);
    expect(e.status).toBe(1);
    expect(e.stderr).toBe(`error: Cannot write ${path.join(locked, 'x.csv')}: no permission to create files in ${locked}. Nothing was written. Choose a folder you can write to, or ask for write access.\n`);
    // (klynge backup copies a SQLite file; a PostgreSQL database is backed up with pg_dump)
    if (!ON_PG) {
      const b = run(['backup', path.join(locked, 'b.db')]);
      expect(b.status).toBe(1);
      expect(b.stderr).toMatch(/^error: Cannot write .*b\.db: no permission to create files in /);
    }
    expect(fs.readdirSync(locked)).toEqual([]);
    expect(dbDigest(db)).toBe(before);
  });
});
