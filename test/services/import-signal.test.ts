/**
 * An import asked to stop (a signal, as an aborted AbortSignal) stops before it commits,
 * with the error that says nothing was imported, and writes nothing — on both reading paths.
 * Reading in this thread must give the event loop a turn now and then, or no signal is
 * heard until the import is over.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCsv } from '../../src/io/csv-read.js';
import { resolveCall } from '../../src/services/calls.js';
import { importApplications } from '../../src/services/import-applications.js';
import { SignalError } from '../../src/core/errors.js';
import { openTestStore } from '../helpers/store.js';
import { callDb } from '../helpers/workspace.js';

function file(dir: string, n: number): string {
  const lines = ['Saksnummer;Søker;Prosjektnavn;Søkt beløp'];
  for (let i = 1; i <= n; i++) lines.push(`21/${i}-1;Klynge ${i} AS;Prosjekt ${i};${1000 + i}`);
  const p = path.join(dir, 'a.csv');
  fs.writeFileSync(p, lines.join('\n') + '\n');
  return p;
}

describe('importApplications with a signal to stop', () => {
  for (const reading of ['thread', 'worker'] as const) {
    it(`stops while reading (${reading}), with SignalError and nothing written`, async () => {
      const w = await callDb();
      const db = await openTestStore(w.db);
      const { store } = db;
      const ctx = { store, actor: 'test', now: () => new Date('2021-09-01T12:00:00Z'), version: 'test' };
      const call = await resolveCall(ctx, undefined);
      const src = await openCsv(file(w.dir, 20_000), { file: 'a.csv' });
      const stop = new AbortController();
      // heard only when the import lets the event loop run: a signal arrives the same way
      setImmediate(() => stop.abort('SIGTERM'));
      const error = await importApplications(ctx, call, src, { dryRun: false, update: false, map: {}, reading, signal: stop.signal }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SignalError);
      expect(error).toMatchObject({ code: 'import.interrupted', exitCode: 143, params: { signal: 'SIGTERM' } });
      expect(await db.all('SELECT count(*) AS n FROM applications')).toEqual([{ n: 0 }]);
      expect(await db.inTransaction()).toBe(false);
      await db.close();
    });
  }

  it('once the rows are all read, a signal that came during the last batch still stops it before the commit', async () => {
    const w = await callDb();
    const db = await openTestStore(w.db);
    const { store } = db;
    const ctx = { store, actor: 'test', now: () => new Date('2021-09-01T12:00:00Z'), version: 'test' };
    const src = await openCsv(file(w.dir, 10), { file: 'a.csv' });
    const stop = new AbortController();
    let rows = 0;
    const error = await importApplications(ctx, await resolveCall(ctx, undefined), src, {
      dryRun: false,
      update: false,
      map: {},
      reading: 'thread',
      signal: stop.signal,
      // the final progress report comes after the last row, before the commit
      onProgress: (_done, _size, n) => {
        rows = n;
        stop.abort('SIGINT');
      },
    }).catch((e: unknown) => e);
    expect(rows).toBe(10);
    expect(error).toMatchObject({ code: 'import.interrupted', exitCode: 130 });
    expect(await db.all('SELECT count(*) AS n FROM applications')).toEqual([{ n: 0 }]);
    await db.close();
  });
});
