/**
 * The streaming export against the whole-call-in-memory export it replaced
 * (test/helpers/export-reference.ts): the same bytes for csv, json and 360giving, on
 * calls that exercise every path of the walk — ranked, scored but incomplete, unscored
 * (streamed by SQLite in ref order), refs that SQLite orders otherwise, extra columns
 * first seen late, conflicts, manual decisions.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/db/sqlite-store.js';
import { resolveCall } from '../../src/services/calls.js';
import { allocationReport, evaluatorReport } from '../../src/services/reports.js';
import { givingIdentifier } from '../../src/cli/render/export.js';
import { export360Giving, exportCsv, exportJson } from '../helpers/export-reference.js';
import { klyngeOk } from '../helpers/cli.js';
import { sampleDb } from '../helpers/workspace.js';

async function reference(db: string) {
  const { store } = openSqliteStore(db, { readonly: true });
  try {
    const ctx = { store, actor: 'test', now: () => new Date(), version: 'test' };
    const call = await resolveCall(ctx, undefined);
    const rep = await allocationReport(ctx, call);
    const ev = await evaluatorReport(ctx, call);
    return {
      csv: (await exportCsv(rep, { bom: false })).text,
      csvBom: (await exportCsv(rep, { bom: true })).text,
      json: (await exportJson(rep, ev, (id) => store.scores.notesOfApplication(id))).text,
      giving: rep.rows.some((r) => r.status !== 'undecided') ? (await export360Giving(rep, { includeRejected: true, identifier: givingIdentifier })).text : null,
    };
  } finally {
    await store.close();
  }
}

async function expectSameAsReference(w: { dir: string; db: string }) {
  const ref = await reference(w.db);
  const run = async (args: string[]) => (await klyngeOk(['--db', w.db, 'export', ...args])).stdout;
  expect(await run(['--format', 'csv'])).toBe(ref.csv);
  expect(await run(['--format', 'json'])).toBe(ref.json);
  if (ref.giving !== null) expect(await run(['--format', '360giving', '--include-rejected'])).toBe(ref.giving);
  await klyngeOk(['--db', w.db, 'export', '--format', 'csv', '--out', 'x.csv', '--force'], { cwd: w.dir });
  expect(fs.readFileSync(path.join(w.dir, 'x.csv'), 'utf8')).toBe(ref.csvBom);
  return ref;
}

/** A csv of applications in the sample's form, with an extra column on some rows. */
function writeApps(file: string, rows: { ref: string; extra?: Record<string, string> }[]) {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r.extra ?? {})))];
  const lines = [['Saksnummer', 'Søker', 'Prosjektnavn', 'Søkt beløp', ...keys].join(';')];
  rows.forEach((r, i) => lines.push([r.ref, `Klynge ${i}`, `Prosjekt ${i}`, String(100_000 + i * 1000), ...keys.map((k) => r.extra?.[k] ?? '')].join(';')));
  fs.writeFileSync(file, lines.join('\r\n') + '\r\n');
}

describe('the streaming export equals the in-memory one', () => {
  it('on the sample call: unscored, then scored with a conflict, allocated, with a manual decision', async () => {
    const w = await sampleDb();
    await expectSameAsReference(w);
    await klyngeOk(['--db', w.db, 'score', 'import', path.join(__dirname, '..', '..', 'data', 'scores.csv'), '--add-evaluators']);
    await klyngeOk(['--db', w.db, 'conflict', 'declare', '21/04125-1', '--evaluator', 'Ingrid Berg', '--reason', 'Styremedlem']);
    await expectSameAsReference(w);
    await klyngeOk(['--db', w.db, 'allocate']);
    await klyngeOk(['--db', w.db, 'decide', '21/04102-1', '--grant', '100000', '--tier', 'pre', '--note', 'fordi']);
    await expectSameAsReference(w);
  });

  it('with unscored, partly scored and ranked applications interleaved by ref, and extra columns first seen late', async () => {
    const w = await sampleDb({ scores: true });
    const file = path.join(w.dir, 'more.csv');
    writeApps(file, [
      { ref: '00/1' },
      { ref: '21/04110-1', extra: { Kommentar: 'tidlig' } },
      { ref: '21/04119-9' },
      { ref: '21/04150-1', extra: { Fylke: 'Viken' } },
      { ref: '99/1', extra: { Kommentar: 'sent', Sist: 'ja' } },
    ]);
    await klyngeOk(['--db', w.db, 'import', file]);
    // scored on one criterion only: has scores, cannot rank, sorts among the unscored
    await klyngeOk(['--db', w.db, 'score', 'set', '21/04119-9', '--evaluator', 'Kari Nordmann', 'green=3']);
    await klyngeOk(['--db', w.db, 'score', 'set', '99/1', '--evaluator', 'Ola Hansen', 'digital=2']);
    await klyngeOk(['--db', w.db, 'conflict', 'declare', '21/04150-1', '--evaluator', 'Ingrid Berg', '--reason', 'Eier']);
    await expectSameAsReference(w);
    await klyngeOk(['--db', w.db, 'allocate']);
    const ref = await expectSameAsReference(w);
    // the walk really crossed every kind of row
    expect(ref.csv).toContain('Sist');
    expect(ref.json).toContain('"ref": "21/04119-9"');
  });

  it('when SQLite would order the refs otherwise (characters from U+E000 and above U+FFFF)', async () => {
    const w = await sampleDb({ scores: true });
    const file = path.join(w.dir, 'odd.csv');
    writeApps(file, [{ ref: 'Z-\uFF21' }, { ref: 'Z-\u{1F600}' }, { ref: 'Z-\uE000' }, { ref: 'A' }]);
    await klyngeOk(['--db', w.db, 'import', file]);
    await klyngeOk(['--db', w.db, 'score', 'set', 'Z-\uFF21', '--evaluator', 'Kari Nordmann', 'green=3']);
    await klyngeOk(['--db', w.db, 'allocate']);
    await expectSameAsReference(w);
  });
});
