/**
 * `klynge import` hearing SIGINT/SIGTERM (through CliDeps.signals, as the binary wires them):
 * before the commit it says nothing was imported, clears its progress bar and exits 130/143;
 * after the commit it prints its result, notes when the signal came, and exits 0.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import type { SignalSource } from '../../src/cli/runtime.js';
import type { StopSignal } from '../../src/core/errors.js';
import { klyngeOk as ok } from '../helpers/cli.js';
import { callDb } from '../helpers/workspace.js';

/** Run klynge in-process with a terminal on stderr and a signal sent when `fire` says so. */
async function withSignal(args: string[], signal: StopSignal, fire: (stream: 'stdout' | 'stderr', text: string) => boolean) {
  const listeners: ((s: StopSignal) => boolean | void)[] = [];
  const signals: SignalSource = { listen: (l) => (listeners.push(l), () => {}) };
  let sent = false;
  let stdout = '';
  let stderr = '';
  const maybe = (stream: 'stdout' | 'stderr', s: string) => {
    if (!sent && fire(stream, s)) {
      sent = true;
      for (const l of listeners) l(signal);
    }
  };
  const code = await run(args, {
    stdout: { write: (s: string) => ((stdout += s), maybe('stdout', s), true), isTTY: false },
    stderr: { write: (s: string) => ((stderr += s), maybe('stderr', s), true), isTTY: true },
    stdinIsTTY: false,
    env: { KLYNGE_LANG: 'en', KLYNGE_ACTOR: 'tester' },
    cwd: process.cwd(),
    signals,
    version: '0.0.0-test',
  });
  return { code, stdout, stderr, sent };
}

function bigFile(dir: string, n: number): string {
  const lines = ['Saksnummer;Søker;Prosjektnavn;Søkt beløp'];
  for (let i = 1; i <= n; i++) lines.push(`21/${i}-1;Klynge ${i} AS;Prosjekt ${i};${1000 + i}`);
  const p = path.join(dir, 'a.csv');
  fs.writeFileSync(p, lines.join('\n') + '\n');
  return p;
}

const sha = (f: string) => createHash('sha256').update(fs.readFileSync(f)).digest('hex');
const count = async (db: string) => JSON.parse((await ok(['--db', db, '--json', 'applications', 'list'])).stdout).applications.length;

describe('klynge import and signals', () => {
  it('SIGTERM while the progress bar shows: the bar is cleared, nothing imported, exit 143, the database as before', async () => {
    const { db, dir } = await callDb();
    const file = bigFile(dir, 30_000);
    const before = sha(db);
    // the first drawing of the progress bar: the import is under way
    const r = await withSignal(['--db', db, 'import', file], 'SIGTERM', (stream, s) => stream === 'stderr' && s.includes('%'));
    expect(r.sent).toBe(true);
    expect(r.code).toBe(143);
    const tail = r.stderr.slice(r.stderr.lastIndexOf('%'));
    // the cursor is shown again and the bar's line erased before the message
    expect(tail).toMatch(/\x1b\[\?25h[^]*\x1b\[2K(\x1b\[\d+m)?error:(\x1b\[\d+m)? Nothing was imported: the import was interrupted \(SIGTERM\); the database is as before\.\n$/);
    expect(r.stdout).toBe('');
    expect(sha(db)).toBe(before);
    expect(await count(db)).toBe(0);
  });

  it('a signal after the commit: the result, a note of the signal, exit 0, all rows there', async () => {
    const { db, dir } = await callDb();
    const file = bigFile(dir, 500);
    const r = await withSignal(['--db', db, 'import', file], 'SIGINT', (stream, s) => stream === 'stdout' && s.includes('Imported'));
    expect(r.sent).toBe(true);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('500 added');
    expect(r.stderr).toContain('The SIGINT came after the import had been saved: the import above is complete.');
    expect(await count(db)).toBe(500);
  });
});
