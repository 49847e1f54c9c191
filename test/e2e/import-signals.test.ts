/**
 * SIGINT and SIGTERM during `klynge import`, through the real binary: whatever the moment,
 * the process says on stderr whether the file was imported, its exit code says the same
 * (130/143 for nothing imported, 0 for a committed import), and the database holds every
 * row or none, as it said.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { klyngeOk as ok, spawnBin } from '../helpers/cli.js';
import { ON_PG, pgKlyngeConnected, pgKlyngeWriting } from '../helpers/pg.js';
import { callDb } from '../helpers/workspace.js';
// @ts-expect-error the benchmark's generator is plain JavaScript
import { writeApplications } from '../../bench/generate.mjs';

const count = async (db: string) => JSON.parse((await ok(['--db', db, '--json', 'applications', 'list'])).stdout).applications.length as number;

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Import `file`, sending `signal` when `when` resolves (or never, if it resolves after the end). */
async function interrupted(db: string, file: string, signal: 'SIGINT' | 'SIGTERM', when: (child: ReturnType<typeof spawnBin>, out: { stdout: string }) => Promise<void>): Promise<Ended> {
  const child = spawnBin(['--db', db, 'import', file]);
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, sig) => resolve({ code, signal: sig })));
  await Promise.race([when(child, out), exited]);
  if (child.exitCode === null) child.kill(signal);
  return { ...(await exited), ...out };
}

const NOTHING = (signal: string) => `Nothing was imported: the import was interrupted (${signal}); the database is as before.`;

/**
 * What every ending must be: nothing imported and said so with 130/143, or all of it with
 * exit 0 — or, for a signal that comes before the import has begun (while node and klynge
 * load), the signal's own end, with a word once klynge is running, and nothing imported.
 */
async function consistent(db: string, rows: number, signal: 'SIGINT' | 'SIGTERM', r: Ended): Promise<'nothing' | 'all' | 'before'> {
  expect(r.stderr).not.toMatch(/\n\s+at |Error:/); // no stack trace
  const n = await count(db);
  if (r.signal !== null) {
    expect(r.signal).toBe(signal);
    expect(['', 'Interrupted. Nothing unconfirmed was saved.\n']).toContain(r.stderr);
    expect(n).toBe(0);
    return 'before';
  }
  if (r.code === 0) {
    expect(r.stdout).toContain(`${rows} added`);
    expect(r.stderr.replace(`The ${signal} came after the import had been saved: the import above is complete.\n`, '')).toBe('');
    expect(n).toBe(rows);
    return 'all';
  }
  expect(r.code).toBe(signal === 'SIGINT' ? 130 : 143);
  expect(r.stderr).toBe(`error: ${NOTHING(signal)}\n`);
  expect(r.stdout).toBe('');
  expect(n).toBe(0);
  return 'nothing';
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('klynge import and signals (binary)', () => {
  const ROWS = 50_000;

  it('SIGTERM and SIGINT in the middle of a large import (worker thread): nothing imported, said so, 143/130', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      // Every try must end consistently; on a busy machine the poll below can first see the WAL
      // grown when the commit is already under way, so a try may end 'all': up to three tries
      // must give one that was stopped in the middle.
      const outcomes: string[] = [];
      for (let attempt = 0; attempt < 3 && !outcomes.includes('nothing'); attempt++) {
        const { db, dir } = await callDb();
        const file = path.join(dir, 'big.csv');
        writeApplications(file, ROWS);
        expect(fs.statSync(file).size).toBeGreaterThan(4 * 1024 * 1024);
        // in the middle: the transaction has begun spilling pages into the WAL (on PostgreSQL: has written rows)
        const wal = `${db}-wal`;
        const r = await interrupted(db, file, signal, async (child) => {
          if (ON_PG) while (child.exitCode === null && !(await pgKlyngeWriting(db))) await sleep(5);
          else while (child.exitCode === null && !(fs.existsSync(wal) && fs.statSync(wal).size > 256 * 1024)) await sleep(5);
        });
        outcomes.push(await consistent(db, ROWS, signal, r));
      }
      expect(outcomes).toContain('nothing');
    }
  }, 240_000);

  it('a signal at any moment: before the file is open, while reading, after the commit — the message, the code and the database agree', async () => {
    const outcomes: string[] = [];
    for (const [signal, at] of [
      ['SIGTERM', 30],
      ['SIGINT', 120],
      ['SIGINT', 250],
      ['SIGTERM', 800],
      ['SIGINT', 1500],
    ] as const) {
      const { db, dir } = await callDb();
      const file = path.join(dir, 'big.csv');
      writeApplications(file, 20_000);
      const r = await interrupted(db, file, signal, () => sleep(at));
      outcomes.push(await consistent(db, 20_000, signal, r));
    }
    expect(outcomes).toContain('nothing');
  }, 120_000);

  it('a signal once the result is printed: the import stands, exit 0', async () => {
    const { db, dir } = await callDb();
    const file = path.join(dir, 'small.csv');
    writeApplications(file, 2000); // read in this thread
    const r = await interrupted(db, file, 'SIGTERM', async (child, out) => {
      while (child.exitCode === null && !out.stdout.includes('added')) await sleep(1);
    });
    expect(await consistent(db, 2000, 'SIGTERM', r)).toBe('all');
  }, 60_000);

  it('a small file read in this thread hears the signal too, before it commits', async () => {
    const { db, dir } = await callDb();
    const file = path.join(dir, 'mid.csv');
    writeApplications(file, 7000);
    expect(fs.statSync(file).size).toBeLessThan(4 * 1024 * 1024);
    // once the command has begun: its first write to the database is the call lookup's WAL (on PostgreSQL: it has connected)
    const r = await interrupted(db, file, 'SIGINT', async (child) => {
      if (ON_PG) while (child.exitCode === null && !(await pgKlyngeConnected(db))) await sleep(1);
      else while (child.exitCode === null && !fs.existsSync(`${db}-wal`)) await sleep(1);
    });
    expect(['nothing', 'all']).toContain(await consistent(db, 7000, 'SIGINT', r));
  }, 60_000);
});
