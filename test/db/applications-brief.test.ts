import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { listApplications, listApplicationsBrief } from '../../src/db/applications.js';
import { tmpDir } from '../helpers/cli.js';

const dir = tmpDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;

describe('listApplicationsBrief', () => {
  it('gives a call’s applications, sorted by ref, as the full list has them (texts left out), however the calls’ ids interleave', () => {
    fc.assert(
      fc.property(
        // which call each inserted row belongs to, in insertion (id) order; refs shuffled
        fc.array(fc.constantFrom(1, 2, 3), { maxLength: 40 }),
        fc.integer({ min: 0, max: 1000 }),
        (calls, seed) => {
          const { db } = openDatabase(path.join(dir, `b${n++}.db`), { create: true });
          try {
            const at = '2021-09-01T00:00:00Z';
            for (const c of [1, 2, 3]) db.prepare(`INSERT INTO calls (id, slug, name, year, definition, created_at, updated_at) VALUES (?, ?, 'C', 2021, '{}', ?, ?)`).run(c, `c${c}`, at, at);
            const insert = db.prepare(
              `INSERT INTO applications (call_id, ref, applicant, org_number, title, partners, requested, project_budget, summary, submitted, extra, created_at, updated_at)
               VALUES (?, ?, ?, ?, ?, '["P"]', ?, ?, 'Sammendrag', ?, '{"x":"y"}', ?, ?)`,
            );
            // refs with characters where UTF-16 order and SQLite's (code point) order part ways
            const odd = ['Ａ', '𝐀', 'ﬀ', '😀', 'Z', 'å'];
            calls.forEach((c, i) =>
              insert.run(c, `21/${odd[(i * 7 + seed) % odd.length]}${(i * 7919 + seed) % 997}-${i}`, `Søker ${i}`, i % 2 ? '924994517' : null, `Prosjekt ${i}`, 1000 + i, i % 3 ? null : 5000 + i, i % 4 ? '2021-03-01' : null, at, at),
            );
            for (const c of [1, 2, 3, 4]) {
              const full = listApplications(db, c).map((a) => ({ ...a, partners: [], summary: '', contactName: null, contactEmail: null, extra: {} }));
              const brief = listApplicationsBrief(db, c);
              expect(brief).toEqual(full);
              expect(brief.map((a) => a.ref)).toEqual(db.prepare('SELECT ref FROM applications WHERE call_id = ? ORDER BY ref').pluck().all(c));
            }
          } finally {
            db.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
