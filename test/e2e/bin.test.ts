import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DATA, klyngeBin, tmpDir } from '../helpers/cli.js';

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

  it('init makes a 0600 database; call show --call nope exits 1 with one line and no stack', () => {
    const db = path.join(dir, 'k.db');
    const init = klyngeBin(['init'], { cwd: dir, env: { KLYNGE_DB: db } });
    expect(init.code).toBe(0);
    expect(fs.statSync(db).mode & 0o777).toBe(0o600);
    expect(klyngeBin(['--db', db, 'call', 'create', '--file', path.join(DATA, 'call.json')]).code).toBe(0);
    const r = klyngeBin(['--db', db, 'call', 'show', '--call', 'nope']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/ at |Error:/);
  });

  it('every command refuses a database from a newer klynge and leaves it byte-identical', () => {
    const db = path.join(dir, 'newer.db');
    expect(klyngeBin(['--db', db, 'call', 'create', '--file', path.join(DATA, 'call.json')]).code).toBe(0);
    const raw = new Database(db);
    raw.pragma('user_version = 999');
    raw.pragma('journal_mode = DELETE');
    raw.close();
    const before = fs.readFileSync(db);
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
      expect(r.stderr, args.join(' ')).toMatch(/written by a newer klynge \(schema version 999/);
      expect(fs.readFileSync(db).equals(before), args.join(' ')).toBe(true);
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
