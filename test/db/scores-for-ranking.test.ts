import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type DB } from '../../src/db/open.js';
import { scoresForRanking, scoresForRankingReference } from '../../src/db/evaluators.js';
import { type ScoreInput, type ScoreTable, scoreAt } from '../../src/core/score-table.js';
import { tmpDir } from '../helpers/cli.js';

const dir = tmpDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;

interface World {
  /** call of each application (1 or 2) */
  appCalls: (1 | 2)[];
  evaluators: number;
  rows: { app: number; evaluator: number; criterion: string; value: number | null }[];
}

/** a fresh database holding the world; application and evaluator ids start at `idBase` + 1 */
function build(w: World, idBase = 0): DB {
  const { db } = openDatabase(path.join(dir, `s${n++}.db`), { create: true });
  const at = '2021-09-01T00:00:00Z';
  for (const c of [1, 2]) db.prepare(`INSERT INTO calls (id, slug, name, year, definition, created_at, updated_at) VALUES (?, ?, 'C', 2021, '{}', ?, ?)`).run(c, `c${c}`, at, at);
  w.appCalls.forEach((c, i) =>
    db.prepare(`INSERT INTO applications (id, call_id, ref, applicant, title, requested, created_at, updated_at) VALUES (?, ?, ?, 'A', 'T', 100, ?, ?)`).run(idBase + i + 1, c, `r${i}`, at, at),
  );
  for (let e = 1; e <= w.evaluators; e++) db.prepare(`INSERT INTO evaluators (id, name, created_at) VALUES (?, ?, ?)`).run(idBase + e, `E${e}`, at);
  const insert = db.prepare(`INSERT OR REPLACE INTO scores (evaluator_id, application_id, criterion, value, comment, scored_at) VALUES (?, ?, ?, ?, 'begrunnelse', ?)`);
  for (const r of w.rows) insert.run(idBase + r.evaluator, idBase + r.app, r.criterion, r.value, at);
  return db;
}

/** the rows of a table as score objects */
const rowsOf = (t: ScoreTable): ScoreInput[] => Array.from({ length: t.length }, (_, i) => scoreAt(t, i));

/** what ranking must get: the call's criteria only, no comments, sorted by application, evaluator, criterion */
function expected(db: DB, callId: number, keys: string[]): ScoreInput[] {
  const rows = db
    .prepare(`SELECT s.evaluator_id AS evaluatorId, s.application_id AS applicationId, s.criterion, s.value FROM scores s JOIN applications a ON a.id = s.application_id WHERE a.call_id = ?`)
    .all(callId) as ScoreInput[];
  return rows
    .filter((r) => keys.includes(r.criterion))
    .sort((x, y) => x.applicationId - y.applicationId || x.evaluatorId - y.evaluatorId || (x.criterion < y.criterion ? -1 : x.criterion > y.criterion ? 1 : 0));
}

const CRITERIA = ['green', 'digital', 'international', 'old-criterion'];
const world = (value: fc.Arbitrary<number | null>): fc.Arbitrary<World> =>
  fc.record({ apps: fc.integer({ min: 1, max: 12 }), evaluators: fc.integer({ min: 1, max: 5 }) }).chain(({ apps, evaluators }) =>
    fc.record({
      appCalls: fc.array(fc.constantFrom<1 | 2>(1, 2), { minLength: apps, maxLength: apps }),
      evaluators: fc.constant(evaluators),
      rows: fc.array(
        fc.record({ app: fc.integer({ min: 1, max: apps }), evaluator: fc.integer({ min: 1, max: evaluators }), criterion: fc.constantFrom(...CRITERIA), value }),
        { maxLength: 60 },
      ),
    }),
  );

describe('scoresForRanking', () => {
  const keys = ['green', 'digital', 'international'];

  it('returns the call’s scores on its criteria, sorted, exactly as stored (values on the scale)', () => {
    fc.assert(
      fc.property(world(fc.option(fc.integer({ min: -2, max: 7 }), { nil: null })), (w) => {
        const db = build(w);
        try {
          for (const call of [1, 2]) expect(rowsOf(scoresForRanking(db, call, keys, { min: -2, max: 7 }))).toEqual(expected(db, call, keys));
        } finally {
          db.close();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('gives the same rows when a stored value is off the scale or not whole (the plain query answers)', () => {
    fc.assert(
      fc.property(world(fc.option(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: -50, max: 50 }), fc.constant(2.5)), { nil: null })), (w) => {
        const db = build(w);
        try {
          for (const call of [1, 2]) expect(rowsOf(scoresForRanking(db, call, keys, { min: 0, max: 5 }))).toEqual(expected(db, call, keys));
        } finally {
          db.close();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('gives the same rows when ids are too large to pack into one number', () => {
    const w: World = {
      appCalls: [1, 1, 2],
      evaluators: 2,
      rows: [
        { app: 2, evaluator: 2, criterion: 'green', value: 4 },
        { app: 1, evaluator: 2, criterion: 'digital', value: null },
        { app: 1, evaluator: 1, criterion: 'international', value: 0 },
        { app: 1, evaluator: 1, criterion: 'digital', value: 5 },
        { app: 3, evaluator: 1, criterion: 'green', value: 1 },
      ],
    };
    const db = build(w, 2 ** 40);
    try {
      const got = rowsOf(scoresForRanking(db, 1, keys, { min: 0, max: 5 }));
      expect(got).toEqual(expected(db, 1, keys));
      expect(got.map((s) => [s.applicationId - 2 ** 40, s.evaluatorId - 2 ** 40, s.criterion, s.value])).toEqual([
        [1, 1, 'digital', 5],
        [1, 1, 'international', 0],
        [1, 2, 'digital', null],
        [2, 2, 'green', 4],
      ]);
    } finally {
      db.close();
    }
  });

  it('equals the plain reference query on random data: ids contiguous or not, n/a, conflicts, several calls', () => {
    fc.assert(
      fc.property(
        world(fc.option(fc.integer({ min: -2, max: 7 }), { nil: null })),
        fc.array(fc.record({ app: fc.integer({ min: 1, max: 12 }), evaluator: fc.integer({ min: 1, max: 5 }) }), { maxLength: 6 }),
        fc.constantFrom(0, 0, 2 ** 20, 2 ** 40),
        (w, conflicts, idBase) => {
          const db = build(w, idBase);
          try {
            // a declared conflict leaves the scores stored (the core leaves them out): both must still return them
            const at = '2021-09-01T00:00:00Z';
            const declare = db.prepare(`INSERT OR IGNORE INTO conflicts (evaluator_id, application_id, reason, declared_by, declared_at) VALUES (?, ?, 'inhabil', 't', ?)`);
            for (const c of conflicts) if (c.app <= w.appCalls.length && c.evaluator <= w.evaluators) declare.run(idBase + c.evaluator, idBase + c.app, at);
            for (const call of [1, 2, 3]) {
              for (const criteria of [keys, ['international', 'green'], ['old-criterion']]) {
                expect(rowsOf(scoresForRanking(db, call, criteria, { min: -2, max: 7 }))).toEqual(rowsOf(scoresForRankingReference(db, call, criteria)));
              }
            }
          } finally {
            db.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('returns nothing for a call without criteria or scores', () => {
    const db = build({ appCalls: [1], evaluators: 1, rows: [] });
    try {
      expect(scoresForRanking(db, 1, keys, { min: 0, max: 5 }).length).toBe(0);
      expect(scoresForRanking(db, 1, [], { min: 0, max: 5 }).length).toBe(0);
    } finally {
      db.close();
    }
  });
});
