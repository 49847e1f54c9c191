/**
 * Duplicate refs in a file and refs already in the call, whatever else is wrong
 * with the rows: every later row with a ref met before is reported with the line
 * it was first met on, and every row for an application already in the call is
 * refused unless --update. Checked against a plain model on random files.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ValidationError, type Issue } from '../../src/core/errors.js';
import { openSqliteStore } from '../../src/db/sqlite-store.js';
import { openCsv } from '../../src/io/csv-read.js';
import { resolveCall } from '../../src/services/calls.js';
import { importApplications } from '../../src/services/import-applications.js';
import { DATA, klynge, tmpDir } from '../helpers/cli.js';

const HEADER = 'Saksnummer;Søker;Prosjektnavn;Søkt beløp';
const POOL = ['21/1', '21/2', '21/3', '21/4', '21/5'];

let template = '';
let dir = '';
beforeAll(async () => {
  dir = tmpDir();
  template = path.join(dir, 'template.db');
  const made = await klynge(['--db', template, 'call', 'create', '--file', path.join(DATA, 'call.json')]);
  expect(made.code).toBe(0);
});

interface Row {
  ref: string;
  valid: boolean;
  /** line breaks inside the (quoted) project title: the row takes 1 + breaks lines */
  breaks?: number;
}

const csv = (rows: readonly Row[]) =>
  [HEADER, ...rows.map((r, i) => `${r.ref};Klynge ${i};"Prosjekt${'\nlinje'.repeat(r.breaks ?? 0)} ${i}";${r.valid ? '1 000 000' : 'tusen'}`)].join('\n') + '\n';

let n = 0;
async function run(base: readonly string[], rows: readonly Row[], opts: { dryRun: boolean; update: boolean }) {
  const db = path.join(dir, `k${++n}.db`);
  fs.copyFileSync(template, db);
  const { store } = openSqliteStore(db);
  const conn = store.db;
  const ctx = { store, actor: 'test', now: () => new Date('2021-09-01T12:00:00Z'), version: 'test' };
  const call = await resolveCall(ctx, undefined);
  const importFile = async (name: string, text: string, o: { dryRun: boolean; update: boolean }) => {
    const file = path.join(dir, `${name}${n}.csv`);
    fs.writeFileSync(file, text);
    const src = await openCsv(file, { file: name });
    return importApplications(ctx, call, src, { ...o, map: {}, reading: 'thread' });
  };
  try {
    if (base.length) await importFile('base.csv', csv(base.map((ref) => ({ ref, valid: true }))), { dryRun: false, update: false });
    try {
      const report = await importFile('file.csv', csv(rows), opts);
      return { issues: [] as Issue[], report, refs: conn.prepare('SELECT ref FROM applications ORDER BY id').pluck().all() as string[] };
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      return { issues: e.issues, report: null, refs: conn.prepare('SELECT ref FROM applications ORDER BY id').pluck().all() as string[] };
    }
  } finally {
    conn.close();
    for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
  }
}

describe('import: duplicates and refs already in the call', () => {
  it('match a plain model: first line per ref, whichever rows are broken, in a dry run or not, with --update or not', async () => {
    const row = fc.record({ ref: fc.constantFrom(...POOL, ''), valid: fc.boolean(), breaks: fc.constantFrom(0, 0, 0, 1, 2) });
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.constantFrom(...POOL), { maxLength: 3 }),
        fc.array(row, { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        fc.boolean(),
        async (base, rows, dryRun, update) => {
          const got = await run(base, rows, { dryRun, update });
          const first = new Map<string, number>();
          const duplicates: [number, number][] = [];
          const exists: number[] = [];
          let next = 2; // the line the next row starts on
          rows.forEach((r) => {
            const line = next;
            next += 1 + (r.breaks ?? 0);
            if (r.ref === '') return;
            const f = first.get(r.ref);
            if (f === undefined) first.set(r.ref, line);
            else duplicates.push([line, f]);
            if (base.includes(r.ref) && !update) exists.push(line);
          });
          expect(got.issues.filter((i) => i.code === 'import.duplicate_ref').map((i) => [i.line, i.params?.first])).toEqual(duplicates);
          expect(got.issues.filter((i) => i.code === 'import.exists').map((i) => i.line)).toEqual(exists);
          const clean = duplicates.length === 0 && exists.length === 0 && rows.every((r) => r.valid && r.ref !== '');
          expect(got.report !== null).toBe(clean);
          // all or nothing: a refused or dry-run import leaves the call as it was
          const newRefs = rows.map((r) => r.ref).filter((r) => !base.includes(r));
          expect(got.refs).toEqual(clean && !dryRun ? [...base, ...newRefs] : [...base]);
          if (got.report) expect(got.report.added).toBe(newRefs.length);
        },
      ),
      { numRuns: 120 },
    );
  });
});
