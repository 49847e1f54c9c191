/**
 * `klynge import` through the real binary: a failed import leaves the database file
 * byte-for-byte as it was, `kill -9` in the middle of a large import leaves none of it,
 * and no progress bar is drawn when stderr is not a terminal.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, klyngeBin, klyngeOk as ok, spawnBin } from '../helpers/cli.js';
import { WORKER_MIN_BYTES } from '../../src/services/import-rows.js';
import { ON_PG, pgKlyngeWriting } from '../helpers/pg.js';
import { dbDigest } from '../helpers/refusal.js';
import { callDb, sampleDb } from '../helpers/workspace.js';

// Setting up and looking are done in-process (cheaper than starting node); the imports
// under test, and `check`, run the real binary.

const listJson = async (db: string) => (await ok(['--db', db, '--json', 'applications', 'list'])).stdout;

/** The bytes of the database: the main file, and the WAL if there is one (on PostgreSQL: the digest of every row, test/helpers/pg.ts). */
function snapshot(db: string): { main: Buffer; wal: Buffer | null } {
  if (ON_PG) return { main: Buffer.from(dbDigest(db)), wal: null };
  return { main: fs.readFileSync(db), wal: fs.existsSync(`${db}-wal`) ? fs.readFileSync(`${db}-wal`) : null };
}

describe('klynge import (binary)', () => {
  it('leaves the database file byte-for-byte unchanged when the file has errors', async () => {
    const { db, dir } = await sampleDb();
    // settle the database (a run that opens and closes it checkpoints the WAL) before the snapshot
    expect(klyngeBin(['--db', db, 'check']).code).toBe(0);
    const listBefore = await listJson(db);
    const before = snapshot(db);

    // good rows first, so the import has inserted them in its transaction when it meets the
    // bad one at the end and rolls back
    const rows = ['Saksnummer;Søker;Prosjektnavn;Søkt beløp'];
    for (let i = 1; i <= 50; i++) rows.push(`N-${i};Søker ${i};Tittel ${i};${100_000 + i}`);
    rows.push('N-51;Søker 51;Tittel 51;1,500');
    const lateError = path.join(dir, 'late-error.csv');
    fs.writeFileSync(lateError, rows.join('\n') + '\n');
    const failed = [
      ['import', path.join(FIXTURES, 'import', 'errors.csv')],
      ['import', lateError],
    ];
    for (const args of failed) {
      const r = klyngeBin(['--db', db, ...args]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(/nothing was imported/);
      const after = snapshot(db);
      expect(after.main.equals(before.main), args.join(' ')).toBe(true);
      expect(after.wal === null ? null : after.wal.length, args.join(' ')).toBe(before.wal === null ? null : before.wal.length);
    }
    // a dry run of a good file writes nothing either
    const dry = klyngeBin(['--db', db, 'import', path.join(FIXTURES, 'applications-multiline.csv'), '--dry-run']);
    expect(dry.code).toBe(0);
    expect(snapshot(db).main.equals(before.main)).toBe(true);
    expect(await listJson(db)).toBe(listBefore);
    expect(klyngeBin(['--db', db, 'check']).code).toBe(0);
  });

  it('keeps none of a large import killed with SIGKILL in the middle, and the database checks clean', async () => {
    const { db, dir } = await callDb();
    const file = path.join(dir, 'big.csv');
    const ROWS = 200_000;
    const out = fs.openSync(file, 'w');
    fs.writeSync(out, 'Saksnummer;Søker;Organisasjonsnummer;Prosjektnavn;Søkt beløp;Sammendrag\n');
    const chunk: string[] = [];
    for (let i = 1; i <= ROWS; i++) {
      chunk.push(`K-${i};Klynge ${i};974760673;Prosjekt ${i};${100_000 + i};Sammendrag av søknad ${i}\n`);
      if (chunk.length === 10_000) fs.writeSync(out, chunk.splice(0).join(''));
    }
    fs.closeSync(out);

    const child = spawnBin(['--db', db, 'import', file]);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    // Kill once the import is surely in the middle of its transaction: better-sqlite3 keeps
    // 16 MB of pages in memory, so the first ~1.5 s of rows leave no trace on disk; once the
    // transaction spills pages into the WAL it is writing and far from done (the whole file
    // makes a ~35 MB WAL, committed only at the end). On PostgreSQL: once the server has given
    // the import's transaction an id (it has written), and a moment more.
    const wal = `${db}-wal`;
    const walSize = () => (fs.existsSync(wal) ? fs.statSync(wal).size : 0);
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const started = Date.now();
    let writing = false;
    if (ON_PG) {
      while (Date.now() - started < 15_000 && child.exitCode === null && !(writing = await pgKlyngeWriting(db))) await sleep(5);
      await sleep(200);
    } else {
      while (Date.now() - started < 15_000 && child.exitCode === null && walSize() < 256 * 1024) await sleep(5);
    }
    const killedAt = { ms: Date.now() - started, wal: walSize(), exitCode: child.exitCode };
    child.kill('SIGKILL'); // first, so that no failed expectation below leaves it running
    const { code, signal } = await exited;
    expect(killedAt.exitCode, `the import finished before the kill (${killedAt.ms} ms): make the file larger`).toBeNull();
    if (ON_PG) expect(writing, 'the import never started writing').toBe(true);
    else {
      expect(killedAt.wal, 'the import never started writing').toBeGreaterThanOrEqual(256 * 1024);
      expect(killedAt.wal, 'the kill came too late to be mid-import').toBeLessThan(16 * 1024 * 1024);
    }
    expect({ code, signal }, stderr).toEqual({ code: null, signal: 'SIGKILL' });

    const list = JSON.parse(await listJson(db));
    // all or nothing; and killed mid-way (proved above), it must be nothing
    expect([0, ROWS]).toContain(list.applications.length);
    expect(list.applications).toHaveLength(0);
    expect(JSON.parse((await ok(['--db', db, '--json', 'log'])).stdout).entries.map((e: { action: string }) => e.action)).toEqual(['call.create']);
    const check = klyngeBin(['--db', db, 'check']);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/integrity check: ok/);
    // and nothing is left locked or half-done: the next import goes through
    const again = klyngeBin(['--db', db, '--json', 'import', path.join(FIXTURES, 'applications-multiline.csv')]);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ added: 4 });
  }, 30_000);

  it('imports a file past the worker threshold through the row reader thread, and refuses its duplicate with both lines', async () => {
    const { db, dir } = await callDb();
    const header = 'Saksnummer;Søker;Organisasjonsnummer;Prosjektnavn;Søkt beløp;Sammendrag\n';
    const row = (i: number) => `W-${i};Klynge ${i} AS;974760673;Prosjekt ${i};${100_000 + i};Sammendrag av søknad ${i}, som er litt lengre enn de andre feltene\n`;
    const body: string[] = [];
    for (let i = 1; body.join('').length < WORKER_MIN_BYTES + 65536; i++) body.push(...Array.from({ length: 1000 }, (_, k) => row(i * 1000 + k)));
    const file = path.join(dir, 'large.csv');
    fs.writeFileSync(file, header + body.join(''));
    expect(fs.statSync(file).size).toBeGreaterThan(WORKER_MIN_BYTES);

    const dupFile = path.join(dir, 'large-dup.csv');
    fs.writeFileSync(dupFile, header + body.join('') + body[3]);
    const before = dbDigest(db);
    const refused = klyngeBin(['--db', db, 'import', dupFile]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`large-dup.csv:${body.length + 2}`);
    expect(refused.stderr).toContain(`"W-1003" appears twice in the file (first on line 5)`);
    expect(dbDigest(db)).toBe(before);

    const r = klyngeBin(['--db', db, '--json', 'import', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ rows: body.length, added: body.length });
    const last = klyngeBin(['--db', db, '--json', 'applications', 'show', `W-${999 + body.length}`]);
    expect(last.code, last.stderr).toBe(0);
    expect(JSON.parse(last.stdout).application).toMatchObject({ applicant: `Klynge ${999 + body.length} AS`, requested: 100_000 + 999 + body.length });
    expect(klyngeBin(['--db', db, 'check']).code).toBe(0);
  }, 60_000);

  it('draws no progress bar when stderr is not a terminal: stderr is exactly the warnings', async () => {
    const { db, dir } = await callDb();
    const rows = ['Saksnummer;Søker;Prosjektnavn;Søkt beløp;Fylke'];
    for (let i = 1; i <= 5000; i++) rows.push(`P-${i};Søker ${i};Tittel ${i};${1000 + i};Viken`);
    const file = path.join(dir, 'p.csv');
    fs.writeFileSync(file, rows.join('\n') + '\n');
    const r = klyngeBin(['--db', db, 'import', file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('warning: Columns klynge does not know were kept with each application (see "klynge applications show REF"): "Fylke".\n');
    expect(r.stderr).not.toMatch(/%|\x1b|\r/);
    expect(r.stdout).toMatch(/5000 added, 0 updated, 0 unchanged/);
  });
});
