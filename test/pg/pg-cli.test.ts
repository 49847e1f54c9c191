/**
 * klynge on PostgreSQL through the binary (issue 17): every command gives the same output and exit
 * code on both stores; evaluators scoring at once lose nothing; a killed import leaves all or
 * nothing; `db copy` moves the demo both ways with the same inputs hashes.
 *
 * The server is the throw-away one `.ci/run` starts (scripts/pg-test-server.sh, KLYNGE_TEST_PG);
 * without one these tests are skipped and say why, and with KLYNGE_REQUIRE_PG=1 (CI) that fails.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, DATA, klyngeBin } from '../helpers/cli.js';
import { PG_RUNS, dropPgDatabases, pgCount, pgDatabaseSync, warnIfSkipped } from '../helpers/pg.js';
import { workspace } from '../helpers/workspace.js';

warnIfSkipped('klynge on PostgreSQL (binary)');
afterAll(() => dropPgDatabases());

/** what differs between two runs for reasons of their own: the database's name, and the time */
function normal(text: string, labels: string[]): string {
  let s = text;
  for (const l of labels) s = s.split(l).join('DB');
  return s
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, 'TIME')
    .replace(/\b\d\d:\d\d(:\d\d)?\b/g, 'HH:MM')
    .replace(/"(at|decidedAt|createdAt|updatedAt|recordedAt|writtenAt|registeredAt|importedAt|declaredAt|assignedAt|scoredAt|notedAt)": "[^"]*"/g, '"$1": "TIME"');
}

/** where two runs part: the exit codes, or the first line of output that differs */
function firstDifference(a: { code: number; stdout: string; stderr: string }, b: typeof a): string {
  if (a.code !== b.code) return `  exit code: sqlite ${a.code}, postgres ${b.code} (${a.stderr.trim()} | ${b.stderr.trim()})`;
  for (const stream of ['stdout', 'stderr'] as const) {
    const x = a[stream].split('\n');
    const y = b[stream].split('\n');
    for (let i = 0; i < Math.max(x.length, y.length); i++) if (x[i] !== y[i]) return `  ${stream} line ${i + 1}:\n    sqlite:   ${x[i]}\n    postgres: ${y[i]}`;
  }
  return '';
}

describe.skipIf(!PG_RUNS)('klynge on PostgreSQL (binary)', () => {
  it('the server is there (CI requires it)', () => {
    expect(process.env.KLYNGE_TEST_PG, 'KLYNGE_TEST_PG names the test server').toBeTruthy();
  });

  it('a year of commands gives the same output and exit code on SQLite and on PostgreSQL', () => {
    const { dir, db: file } = workspace();
    const url = pgDatabaseSync();
    const call2022 = path.join(DATA, 'call-2022.json');
    const steps: string[][] = [
      ['init'],
      ['call', 'create', '--file', path.join(DATA, 'call.json')],
      ['call', 'create', '--file', call2022],
      ['call', 'list'],
      ['call', 'use', 'viken-2021'],
      ['import', '--dry-run', path.join(DATA, 'applications.csv')],
      ['import', path.join(DATA, 'applications.csv')],
      ['import', path.join(DATA, 'applications.csv')],
      ['--json', 'import', '--update', path.join(DATA, 'applications.csv')],
      ['evaluator', 'add', 'Kari Nordmann'],
      ['evaluator', 'add', 'Ola Hansen'],
      ['evaluator', 'add', 'Ingrid Berg'],
      ['evaluator', 'add', 'kari nordmann'],
      ['conflict', 'import', path.join(DATA, 'conflicts.csv')],
      ['score', 'import', path.join(DATA, 'scores.csv')],
      ['score', 'set', '21/04117-1', '--evaluator', 'Kari Nordmann', 'green=5', '--comment', 'Sterk på sirkulær økonomi'],
      ['score', 'set', '21/0411', '--evaluator', 'Kari Nordmann', 'green=5'],
      ['evaluator', 'list'],
      ['--json', 'evaluator', 'list'],
      ['rank'],
      ['--json', 'rank'],
      ['allocate', '--dry-run'],
      ['allocate'],
      ['report', 'allocation'],
      ['--json', 'report', 'allocation'],
      ['report', 'summary'],
      ['report', 'scores'],
      ['report', 'evaluators'],
      ['decide', '21/04126-1', '--grant', '150000', '--tier', 'pre', '--note', 'Redusert etter budsjettgjennomgang'],
      ['offer', 'accept', '21/04117-1', '--date', '2021-12-10'],
      ['offer', 'decline', '21/04118-1', '--date', '2021-12-11'],
      ['allocate'],
      ['--json', 'report', 'allocation'],
      ['applications', 'ineligible', '21/04140-1', '--reason', 'Mangler signert partnererklæring'],
      ['appeal', 'register', '21/04140-1', '--received', '2021-12-20', '--notified', '2021-12-10'],
      ['appeal', 'list'],
      ['applications', 'list'],
      ['applications', 'show', '21/04117-1'],
      ['applications', 'show', '21/0499'],
      ['call', 'show'],
      ['export', '--format', 'csv'],
      ['export', '--format', 'json'],
      ['--json', 'log'],
      ['check'],
      ['--call', 'viken-2022', 'import', path.join(DATA, 'applications-2022.csv')],
      ['--call', 'viken-2022', 'aid', 'import', path.join(DATA, 'aid-2022.csv')],
      ['--call', 'viken-2022', 'score', 'import', path.join(DATA, 'scores-2022.csv')],
      ['--call', 'viken-2022', 'allocate'],
      ['--call', 'viken-2022', '--json', 'report', 'allocation'],
      ['aid', 'list'],
    ];
    const slug = JSON.parse(fs.readFileSync(call2022, 'utf8')).slug as string;
    const differences: string[] = [];
    for (const step of steps) {
      const args = step.map((a) => (a === 'viken-2022' ? slug : a));
      const a = klyngeBin(['--db', file, ...args], { cwd: dir });
      const b = klyngeBin(['--db', url, ...args], { cwd: dir });
      const labels = [file, url, path.basename(file)];
      const left = { code: a.code, stdout: normal(a.stdout, labels), stderr: normal(a.stderr, labels) };
      const right = { code: b.code, stdout: normal(b.stdout, labels), stderr: normal(b.stderr, labels) };
      if (JSON.stringify(left) !== JSON.stringify(right)) differences.push(`klynge ${args.join(' ')}\n${firstDifference(left, right)}`);
    }
    expect(differences.join('\n\n')).toBe('');
  }, 240_000);

  it('four processes × 100 `score set` at once on one database: 400 scores, none lost', async () => {
    const { dir } = workspace();
    const url = pgDatabaseSync();
    const call = { slug: 'samtidig-2025', name: 'Samtidig', year: 2025, criteria: [{ key: 'green', name: 'Grønn' }], tiers: [{ key: 'main', name: 'Hoved', budget: 1_000_000 }] };
    fs.writeFileSync(path.join(dir, 'call.json'), JSON.stringify(call));
    const rows = ['Saksnummer;Søker;Prosjektnavn;Søkt beløp'];
    for (let i = 1; i <= 100; i++) rows.push(`25/${String(i).padStart(5, '0')}-1;Klynge ${i};Prosjekt ${i};100 000`);
    fs.writeFileSync(path.join(dir, 'apps.csv'), rows.join('\n'));
    const names = ['Kari Nordmann', 'Ola Hansen', 'Ingrid Berg', 'Per Olsen'];
    for (const args of [['call', 'create', '--file', path.join(dir, 'call.json')], ['import', path.join(dir, 'apps.csv')], ...names.map((n) => ['evaluator', 'add', n])]) {
      const r = klyngeBin(['--db', url, ...args], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
    }
    // each evaluator a process of its own, one `klynge score set` after another, all four at once
    const evaluator = (name: string, k: number) =>
      new Promise<string[]>((resolve) => {
        const failures: string[] = [];
        let i = 1;
        const next = () => {
          if (i > 100) return resolve(failures);
          const ref = `25/${String(i).padStart(5, '0')}-1`;
          const value = (i + k) % 6;
          i++;
          const child = spawn(process.execPath, [BIN, '--db', url, 'score', 'set', ref, '--evaluator', name, `green=${value}`, '--comment', `${name} om ${ref}`], { cwd: dir, env: { ...process.env, KLYNGE_LANG: 'en', KLYNGE_ACTOR: name } });
          let err = '';
          child.stderr.on('data', (d) => (err += d));
          child.on('close', (code) => {
            if (code !== 0) failures.push(`${ref}: ${code} ${err}`);
            next();
          });
        };
        next();
      });
    const failures = (await Promise.all(names.map((n, k) => evaluator(n, k)))).flat();
    expect(failures).toEqual([]);
    expect(await pgCount(url, 'scores')).toBe(400);
    // every score is the one its evaluator gave, and each save is in the log
    for (const [k, n] of names.entries()) {
      const wrong = await pgCount(url, 'scores s JOIN evaluators e ON e.id = s.evaluator_id JOIN applications a ON a.id = s.application_id', `e.name = '${n}' AND s.value <> (substr(a.ref, 4, 5)::int + ${k}) % 6`);
      expect(wrong, n).toBe(0);
    }
    expect(await pgCount(url, 'audit_log', `action = 'score'`)).toBe(400);
  }, 300_000);

  it('kill -9 in the middle of a 100 000-row import, ten times: 0 or 100 000 rows each time, never a part', async () => {
    const { dir } = workspace();
    const file = path.join(dir, 'big.csv');
    const lines = ['Saksnummer;Søker;Prosjektnavn;Søkt beløp'];
    for (let i = 1; i <= 100_000; i++) lines.push(`25/${String(i).padStart(6, '0')}-1;Klynge ${i};Prosjekt ${i};100 000`);
    fs.writeFileSync(file, lines.join('\n'));
    const outcomes: number[] = [];
    const killedMidway: number[] = [];
    for (let attempt = 0; attempt < 10; attempt++) {
      const url = pgDatabaseSync();
      const made = klyngeBin(['--db', url, 'call', 'create', '--file', path.join(DATA, 'call.json')], { cwd: dir });
      expect(made.code, made.stderr).toBe(0);
      const child = spawn(process.execPath, [BIN, '--db', url, 'import', file], { cwd: dir, env: { ...process.env, KLYNGE_LANG: 'en' }, stdio: 'ignore' });
      const closed = new Promise((r) => child.on('close', r));
      // wait until the import's transaction has written rows (the server gave it a transaction id), then a while more
      let writing = false;
      for (let wait = 0; wait < 500 && !writing && child.exitCode === null; wait++) {
        writing = (await pgCount(url, 'pg_stat_activity', `datname = current_database() AND application_name = 'klynge' AND backend_xid IS NOT NULL`)) > 0;
        if (!writing) await new Promise((r) => setTimeout(r, 20));
      }
      await new Promise((r) => setTimeout(r, attempt * 150));
      const midway = writing && child.exitCode === null;
      child.kill('SIGKILL');
      await closed;
      // the server notices the dead connection and rolls its transaction back
      for (let wait = 0; wait < 100; wait++) {
        if ((await pgCount(url, 'pg_stat_activity', `datname = current_database() AND application_name = 'klynge'`)) === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const n = await pgCount(url, 'applications');
      outcomes.push(n);
      if (midway) killedMidway.push(n);
    }
    expect(outcomes.every((n) => n === 0 || n === 100_000), outcomes.join(', ')).toBe(true);
    // most kills came while it was writing (else this proved little), and each of those left nothing
    expect(killedMidway.length, outcomes.join(', ')).toBeGreaterThanOrEqual(5);
    expect(killedMidway.every((n) => n === 0), killedMidway.join(', ')).toBe(true);
  }, 300_000);

  it('a connection cut in the middle of an import: one clear line, exit 1, nothing kept', async () => {
    const { dir } = workspace();
    const file = path.join(dir, 'big.csv');
    const lines = ['Saksnummer;Søker;Prosjektnavn;Søkt beløp'];
    for (let i = 1; i <= 100_000; i++) lines.push(`25/${String(i).padStart(6, '0')}-1;Klynge ${i};Prosjekt ${i};100 000`);
    fs.writeFileSync(file, lines.join('\n'));
    const url = pgDatabaseSync();
    expect(klyngeBin(['--db', url, 'call', 'create', '--file', path.join(DATA, 'call.json')], { cwd: dir }).code).toBe(0);
    const child = spawn(process.execPath, [BIN, '--db', url, 'import', file], { cwd: dir, env: { ...process.env, KLYNGE_LANG: 'en' } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const closed = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    for (let wait = 0; wait < 500; wait++) {
      if ((await pgCount(url, 'pg_stat_activity', `datname = current_database() AND application_name = 'klynge' AND backend_xid IS NOT NULL`)) > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    // the server ends the import's connection, as a restart would
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const pids = (await admin.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'klynge'`)).rows.map((r: { pid: number }) => r.pid);
    expect(pids).toHaveLength(1);
    await admin.query('SELECT pg_terminate_backend($1)', [pids[0]]);
    await admin.end();
    expect(await closed).toBe(1);
    expect(stderr).toMatch(/^error: The connection to PostgreSQL was lost in the middle of the command \(.+\)\. The change it was making was not saved\. Check that the server is running, then run the command again\.\n$/);
    expect(await pgCount(url, 'applications')).toBe(0);
  }, 120_000);

  it('db copy moves the demo from SQLite to PostgreSQL and back: the same rows and inputs hashes on every side', () => {
    const { dir, db: file } = workspace();
    const demo = klyngeBin(['--db', file, 'demo'], { cwd: dir });
    expect(demo.code, demo.stderr).toBe(0);
    const url = pgDatabaseSync();
    const there = klyngeBin(['--json', 'db', 'copy', '--from', file, '--to', url], { cwd: dir });
    expect(there.code, there.stderr).toBe(0);
    const back = path.join(dir, 'back.db');
    const home = klyngeBin(['--json', 'db', 'copy', '--from', url, '--to', back], { cwd: dir });
    expect(home.code, home.stderr).toBe(0);
    type Copy = { rows: number; tables: { table: string; from: number; to: number }[]; calls: { call: string; stored: { from: string | null; to: string | null }; now: { from: string; to: string } }[] };
    const a = JSON.parse(there.stdout) as Copy;
    const b = JSON.parse(home.stdout) as Copy;
    expect(a.calls.length).toBeGreaterThan(0);
    for (const c of [...a.calls, ...b.calls]) {
      expect(c.stored.from).toMatch(/^[0-9a-f]{64}$/);
      expect(c.stored.to).toBe(c.stored.from);
      expect(c.now.to).toBe(c.now.from);
    }
    // the same hashes both ways, and every table as many rows (the copy's own log entry aside)
    expect(b.calls).toEqual(a.calls);
    for (const t of a.tables) expect(t.to, t.table).toBe(t.from);
    const audit = (c: Copy) => c.tables.find((t) => t.table === 'audit_log')!.from;
    expect(audit(b)).toBe(audit(a) + 1);
    // and the commands read the same from all three
    const report = (db: string) => {
      const r = klyngeBin(['--db', db, '--json', 'report', 'allocation'], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as unknown;
    };
    expect(report(url)).toEqual(report(file));
    expect(report(back)).toEqual(report(file));
    // a copy never merges: into a database with rows it is refused, and that database is left as it was
    const again = klyngeBin(['db', 'copy', '--from', file, '--to', url], { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/is not empty \(calls has 1 row\)/);
    expect(report(url)).toEqual(report(file));
  }, 120_000);
});
