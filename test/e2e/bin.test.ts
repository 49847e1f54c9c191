import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DATA, ROOT, klyngeBin, tmpDir } from '../helpers/cli.js';
import { ON_PG, psqlSync } from '../helpers/pg.js';
import { dbDigest } from '../helpers/refusal.js';
import { newDb } from '../helpers/workspace.js';

const dir = tmpDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('bin/klynge.js', () => {
  it('prints help and exits 0; an unknown command exits 2', () => {
    const help = klyngeBin(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: klynge/);
    const bad = klyngeBin(['nosuch']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('error: Unknown command "nosuch". See "klynge --help".\n');
  });

  it('help for a command (klynge help call, klynge call help list) is not an error; a group alone still is', () => {
    for (const args of [['help'], ['help', 'call'], ['call', 'help', 'list'], ['--json', 'help', 'call']]) {
      const r = klyngeBin(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout, args.join(' ')).toMatch(/klynge/);
      expect(r.stdout, args.join(' ')).not.toMatch(/"error"/);
    }
    expect(klyngeBin(['report']).code).toBe(2);
  });

  // the SQLite engine's own absence: a PostgreSQL database never loads it
  it.skipIf(ON_PG)('without better-sqlite3 installed says what to run, and makes no file', () => {
    // klynge's files alone, no node_modules: the bundle runs until it needs the SQLite engine
    const bare = path.join(dir, 'no-modules');
    for (const d of ['bin', 'dist']) fs.cpSync(path.join(ROOT, d), path.join(bare, d), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(bare, 'package.json'));
    const db = path.join(dir, 'never.db');
    const r = spawnSync(process.execPath, [path.join(bare, 'bin', 'klynge.js'), '--db', db, 'init'], { cwd: dir, encoding: 'utf8', env: { ...process.env, KLYNGE_LANG: 'en', NO_COLOR: '1' } });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`error: The SQLite engine klynge uses (better-sqlite3) is not installed. Run "npm install" in klynge's folder (${bare}), then try again.\n`);
    expect(fs.existsSync(db)).toBe(false);
  });

  it('init makes a 0600 database; call show --call nope exits 1 with one line and no stack', () => {
    const db = newDb(dir);
    const init = klyngeBin(['init'], { cwd: dir, env: { KLYNGE_DB: db } });
    expect(init.code).toBe(0);
    // a file's mode (a database on PostgreSQL is no file of ours)
    if (!ON_PG) expect(fs.statSync(db).mode & 0o777).toBe(0o600);
    expect(klyngeBin(['--db', db, 'call', 'create', '--file', path.join(DATA, 'call.json')]).code).toBe(0);
    const r = klyngeBin(['--db', db, 'call', 'show', '--call', 'nope']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/ at |Error:/);
  });

  it('every command refuses a database from a newer klynge and leaves it byte-identical', () => {
    const db = newDb(dir, 'newer.db');
    expect(klyngeBin(['--db', db, 'call', 'create', '--file', path.join(DATA, 'call.json')]).code).toBe(0);
    if (ON_PG) psqlSync(db, "INSERT INTO klynge_schema (version, name, applied_at) VALUES (999, 'from a newer klynge', '2030-01-01')");
    else {
      const raw = new Database(db);
      raw.pragma('user_version = 999');
      raw.pragma('journal_mode = DELETE');
      raw.close();
    }
    const before = dbDigest(db);
    const commands = [
      ['init'],
      ['check'],
      ['backup', path.join(dir, 'b.db')],
      ['call', 'list'],
      ['call', 'show'],
      ['call', 'create', '--name', 'X', '--year', '2022', '--budget', '1000'],
      ['log'],
    ];
    for (const args of commands) {
      const r = klyngeBin(['--db', db, ...args]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(ON_PG ? `error: ${db} has klynge schema 999, made by a newer klynge` : /written by a newer klynge \(schema version 999/);
      expect(dbDigest(db), args.join(' ')).toBe(before);
    }
    expect(fs.existsSync(path.join(dir, 'b.db'))).toBe(false);
  });

  it('honours NO_COLOR and --no-color, and forces colour with FORCE_COLOR', () => {
    const forced = klyngeBin(['nosuch'], { env: { FORCE_COLOR: '1' } });
    expect(forced.stderr).toMatch(/\x1b\[31m/);
    expect(klyngeBin(['nosuch'], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stderr).not.toMatch(/\x1b\[/);
    expect(klyngeBin(['--no-color', 'nosuch'], { env: { FORCE_COLOR: '1' } }).stderr).not.toMatch(/\x1b\[/);
  });
});
