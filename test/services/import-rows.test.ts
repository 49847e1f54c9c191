/**
 * The import reads and checks rows in a worker thread for large files. Whatever the file,
 * the worker must give exactly what reading in this thread gives: the same rows written,
 * the same report, the same problems on the same lines.
 */
import { once } from 'node:events';
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCsv } from '../../src/io/csv-read.js';
import { resolveCall } from '../../src/services/calls.js';
import { importApplications } from '../../src/services/import-applications.js';
import { type StartedReader, decodeRows, encodeRows, rowSource, watchReader } from '../../src/services/import-rows.js';
import { matchHeaders } from '../../src/core/headers.js';
import { prepareRow } from '../../src/core/application-row.js';
import { ValidationError } from '../../src/core/errors.js';
import { DATA, FIXTURES } from '../helpers/cli.js';
import { openTestStore } from '../helpers/store.js';
import { callDb, workspace } from '../helpers/workspace.js';

async function importWith(file: string, reading: 'thread' | 'worker', opts: { dryRun?: boolean; update?: boolean; twice?: boolean } = {}) {
  const w = await callDb();
  const db = await openTestStore(w.db);
  const { store } = db;
  const ctx = { store, actor: 'test', now: () => new Date('2021-09-01T12:00:00Z'), version: 'test' };
  const call = await resolveCall(ctx, undefined);
  const once = async () => {
    const src = await openCsv(file, { file: path.basename(file) });
    try {
      return { report: await importApplications(ctx, call, src, { dryRun: !!opts.dryRun, update: !!opts.update, map: {}, reading }) };
    } catch (e) {
      if (e instanceof ValidationError) return { issues: e.issues, count: e.params.count };
      throw e;
    }
  };
  let result = await once();
  if (opts.twice) result = await once();
  const rows = await db.all('SELECT call_id, ref, applicant, org_number, title, partners, requested, project_budget, summary, contact_name, contact_email, submitted, extra FROM applications ORDER BY id');
  const log = await db.all('SELECT action, ref, details FROM audit_log ORDER BY id');
  // the temporary table of refs is gone: the connection is as it was
  const temp = await db.tempTables();
  await db.close();
  return { result, rows, log, temp };
}

/** A generated file of `n` rows with problems placed in different batches of 500. */
function generated(dir: string, n: number, problems: boolean): string {
  const lines = ['Saksnummer;Søker;Organisasjonsnummer;Prosjektnavn;Samarbeidsklynger;Søkt beløp;Totalbudsjett;Sammendrag;Kontaktperson;E-post;Innsendt;Merknad'];
  for (let i = 1; i <= n; i++) {
    let ref = `21/${String(i).padStart(6, '0')}-1`;
    let amount = `${(i % 40) + 1} 000 000`;
    let email = `post${i}@klynge.no`;
    if (problems && i === 1499) ref = '21/000010-1'; // a duplicate three batches later
    if (problems && i === 1200) amount = '1,500'; // ambiguous
    if (problems && i === 2600) email = 'ikke en adresse';
    const summary = i % 7 === 0 ? `"Over to linjer;\nmed «sitat» og ""anførsel"""` : `Klyngeprosjekt nummer ${i} – grønn omstilling`;
    lines.push(`${ref};Klynge ${i} AS;;Prosjekt ${i};Partner A | Partner B;${amount};;${summary};Kari;${email};2021-03-0${(i % 9) + 1};${i % 3 ? '' : 'ekstra'}`);
  }
  const file = path.join(dir, `generated-${n}-${problems}.csv`);
  fs.writeFileSync(file, '\ufeff' + lines.join('\r\n') + '\r\n');
  return file;
}

describe('reading rows in a worker thread', () => {
  const files = [
    path.join(DATA, 'applications.csv'),
    path.join(FIXTURES, 'applications-multiline.csv'),
    path.join(FIXTURES, 'applications-excel-1252.csv'),
    path.join(FIXTURES, 'applications-utf16le-tab.txt'),
    path.join(FIXTURES, 'applications-amounts.csv'),
    path.join(FIXTURES, 'applications-broken-fields.csv'),
    path.join(FIXTURES, 'applications-broken-unclosed-quote.csv'),
    path.join(FIXTURES, 'import', 'errors.csv'),
  ];
  for (const file of files) {
    it(`gives what this thread gives: ${path.basename(file)}`, async () => {
      const thread = await importWith(file, 'thread');
      const worker = await importWith(file, 'worker');
      expect(worker).toEqual(thread);
      expect(thread.temp).toEqual([]);
    });
  }

  it('gives the same rows and report for 3 000 rows across batches, with quoted line breaks and extra columns', async () => {
    const file = generated(workspace().dir, 3000, false);
    const thread = await importWith(file, 'thread');
    const worker = await importWith(file, 'worker');
    expect(thread.result.report?.added).toBe(3000);
    expect(worker).toEqual(thread);
  });

  it('finds the same problems on the same lines: a duplicate three batches after the first, a bad amount, a bad e-mail', async () => {
    const file = generated(workspace().dir, 3000, true);
    const thread = await importWith(file, 'thread');
    const worker = await importWith(file, 'worker');
    expect(worker).toEqual(thread);
    expect(thread.rows).toEqual([]); // nothing written
    const issues = thread.result.issues!;
    // line numbers are physical: every seventh summary spans two lines
    const lineOf = (row: number) => row + 1 + Math.floor((row - 1) / 7);
    // the duplicate is reported once: as a duplicate, not also as already in the call
    expect(issues.map((i) => [i.code, i.line])).toEqual([
      ['amount.ambiguous', lineOf(1200)],
      ['import.duplicate_ref', lineOf(1499)],
      ['email.invalid', lineOf(2600)],
    ]);
    const dup = issues.find((i) => i.code === 'import.duplicate_ref')!;
    expect(dup.line).toBe(lineOf(1499));
    expect(dup.params.first).toBe(lineOf(10));
  });

  it('gives the same counts when the same file is imported again with --update (nothing changes)', async () => {
    const file = generated(workspace().dir, 1200, false);
    const thread = await importWith(file, 'thread', { update: true, twice: true });
    const worker = await importWith(file, 'worker', { update: true, twice: true });
    expect(thread.result.report).toMatchObject({ added: 0, updated: 0, unchanged: 1200 });
    expect(worker).toEqual(thread);
  });

  it('writes nothing in a dry run', async () => {
    const file = generated(workspace().dir, 1200, false);
    const worker = await importWith(file, 'worker', { dryRun: true });
    expect(worker.result.report).toMatchObject({ added: 1200, dryRun: true });
    expect(worker.rows).toEqual([]);
  });
});

describe('rows between threads', () => {
  it('come out of the flat form as they went in', () => {
    const layout = { file: 'f.csv', headers: ['ref', 'applicant', 'title', 'requested', 'x'], columns: { ref: 0, applicant: 1, title: 2, requested: 3 }, unknown: [{ index: 4, name: 'x' }], delimiter: ';' };
    const rows = [
      prepareRow(layout, ['21/1', 'A', 'T', '1 000', ''], 2),
      prepareRow(layout, ['', '', 'T', 'tusen', 'y'], 3),
      prepareRow(layout, ['21/1', 'B', 'U', '2 000,50', 'z'], 4),
    ];
    expect(rows[1].issues.length).toBe(3);
    expect(decodeRows(encodeRows(rows))).toEqual(rows);
  });
});

describe('a row reader started before the import', () => {
  const layoutOf = (src: Awaited<ReturnType<typeof openCsv>>) => {
    const m = matchHeaders(src.headers, {});
    return { file: src.file, headers: src.headers, columns: m.columns, unknown: m.unknown, delimiter: src.delimiter };
  };
  const readAll = async (started: StartedReader) => {
    const src = await openCsv(path.join(DATA, 'applications.csv'), { file: 'applications.csv' });
    const rows = rowSource(src, layoutOf(src), { reading: 'worker', worker: started });
    try {
      for await (const batch of rows.batches) void batch;
      return 'read to the end';
    } catch (e) {
      return (e as Error).message;
    } finally {
      rows.close();
    }
  };

  it('that stopped before it was taken over is an error, not a wait for ever', async () => {
    const w = new Worker('process.exit(3)', { eval: true });
    const started = watchReader(w);
    await once(w, 'exit');
    expect(await readAll(started)).toMatch(/row reader stopped \(exit code 3\)/);
  });

  it('that failed to load is an error the import reports, not the end of the process', async () => {
    const started = watchReader(new Worker('throw new Error("cannot load")', { eval: true }));
    await new Promise((r) => setTimeout(r, 300)); // it fails while nobody is reading yet
    expect(await readAll(started)).toMatch(/cannot load/);
  });
});
