/** Evaluators, their conflicts of interest (*inhabilitet*) and their scores. */
import { scoreOrder } from '../core/aggregate.js';
import { type ScoreInput, type ScoreTable, emptyTable, toScoreTable } from '../core/score-table.js';
import { compareText } from '../core/compare.js';
import type { Conflict, Evaluator, Score } from '../core/types.js';
import { NotFoundError, UserError } from '../core/errors.js';
import type { DB } from './open.js';

export function listEvaluators(db: DB): Evaluator[] {
  return db.prepare('SELECT id, name, email FROM evaluators ORDER BY name COLLATE NOCASE').all() as Evaluator[];
}

export function findEvaluator(db: DB, name: string): Evaluator | undefined {
  return db.prepare('SELECT id, name, email FROM evaluators WHERE name = ? COLLATE NOCASE').get(name.trim()) as Evaluator | undefined;
}

export function getEvaluator(db: DB, name: string): Evaluator {
  const e = findEvaluator(db, name);
  if (!e) {
    const names = listEvaluators(db).map((x) => x.name);
    throw new NotFoundError(names.length ? 'evaluator.not_found_list' : 'evaluator.none', { name, names: names.join(', ') });
  }
  return e;
}

export function insertEvaluator(db: DB, name: string, email: string | null, at: string): Evaluator {
  if (findEvaluator(db, name)) throw new UserError('evaluator.exists', { name });
  const info = db.prepare('INSERT INTO evaluators (name, email, created_at) VALUES (?, ?, ?)').run(name.trim(), email, at);
  return { id: Number(info.lastInsertRowid), name: name.trim(), email };
}

/** Scores of all applications of a call, comments included (conflicted ones too: the core leaves them out). */
export function scoresOfCall(db: DB, callId: number): Score[] {
  return db
    .prepare(
      `SELECT s.evaluator_id AS evaluatorId, s.application_id AS applicationId, s.criterion, s.value, s.comment
       FROM scores s JOIN applications a ON a.id = s.application_id WHERE a.call_id = ?`,
    )
    .all(callId) as Score[];
}

/**
 * The scores ranking reads (the call's criteria, no comments) as a table, sorted
 * by application, evaluator and criterion key: the order the core counts them in,
 * so its checks find the work done.
 *
 * Fast path for 10 000+ applications: each row comes out of SQLite as one packed
 * integer (application, evaluator, criterion, value), so better-sqlite3 makes no
 * object, array or string per row; the rows are sorted as a Float64Array and
 * unpacked into the table's columns. When the packing cannot be exact (ids too
 * large, or a stored value off the scale), the plain query answers.
 */
export function scoresForRanking(db: DB, callId: number, criteria: readonly string[], scale: { min: number; max: number }): ScoreTable {
  const keys = [...new Set(criteria)].sort(compareText);
  const plain = () => {
    const rows = db
      .prepare(
        `SELECT s.evaluator_id AS evaluatorId, s.application_id AS applicationId, s.criterion, s.value FROM scores s
         JOIN applications a ON a.id = s.application_id WHERE a.call_id = ? AND s.criterion IN (SELECT value FROM json_each(?))`,
      )
      .all(callId, JSON.stringify(keys)) as ScoreInput[];
    return toScoreTable(rows.sort(scoreOrder));
  };
  if (keys.length === 0) return emptyTable(0, keys);
  const { lo, app, n, ev } = db
    .prepare(
      `SELECT coalesce(min(id), 0) AS lo, coalesce(max(id), 0) AS app, count(*) AS n, (SELECT coalesce(max(id), 0) FROM evaluators) AS ev
       FROM applications WHERE call_id = ?`,
    )
    .get(callId) as { lo: number; app: number; n: number; ev: number };
  // Every id from lo to app is this call's (one import, the usual case): read that range of the
  // index, no join, and the rows come in the order wanted.
  const wholeRange = n > 0 && app - lo + 1 === n;
  // radixes: evaluator id, criterion index, value code (0 = n/a, 1 … = min … max)
  const E = ev + 1;
  const C = keys.length;
  const V = scale.max - scale.min + 2;
  if (!Number.isSafeInteger(V) || (app + 1) * E * C * V >= Number.MAX_SAFE_INTEGER) return plain();
  const params: Record<string, number | string> = { call: callId, lo: scale.min, hi: scale.max, first: lo, last: app };
  keys.forEach((k, i) => (params[`k${i}`] = k));
  const packed = db
    .prepare(
      `SELECT ((s.application_id * ${E} + s.evaluator_id) * ${C} + CASE s.criterion ${keys.map((_, i) => `WHEN @k${i} THEN ${i}`).join(' ')} END) * ${V}
         + CASE WHEN s.value IS NULL THEN 0 WHEN typeof(s.value) = 'integer' AND s.value BETWEEN @lo AND @hi THEN s.value - @lo + 1 END
       FROM scores s ${wholeRange ? 'WHERE s.application_id BETWEEN @first AND @last' : 'JOIN applications a ON a.id = s.application_id WHERE a.call_id = @call'}
         AND s.criterion IN (${keys.map((_, i) => `@k${i}`).join(', ')})`,
    )
    .pluck()
    .all(params) as (number | null)[];
  const sorted = new Float64Array(packed.length);
  let inOrder = true;
  for (let i = 0; i < packed.length; i++) {
    const p = packed[i];
    if (p === null) return plain(); // a value the packing cannot hold: let the plain rows carry it
    sorted[i] = p;
    if (i > 0 && p < sorted[i - 1]) inOrder = false;
  }
  if (!inOrder) sorted.sort();
  const t = emptyTable(sorted.length, keys);
  for (let i = 0; i < sorted.length; i++) {
    let p = sorted[i];
    const code = p % V;
    p = (p - code) / V;
    const ci = p % C;
    p = (p - ci) / C;
    const evaluatorId = p % E;
    t.applicationId[i] = (p - evaluatorId) / E;
    t.evaluatorId[i] = evaluatorId;
    t.criterion[i] = ci;
    t.value[i] = code === 0 ? NaN : code - 1 + scale.min;
  }
  return t;
}

export function conflictsOfCall(db: DB, callId: number): (Conflict & { declaredAt: string; declaredBy: string })[] {
  return db
    .prepare(
      `SELECT c.evaluator_id AS evaluatorId, c.application_id AS applicationId, c.reason, c.declared_at AS declaredAt, c.declared_by AS declaredBy
       FROM conflicts c JOIN applications a ON a.id = c.application_id WHERE a.call_id = ?`,
    )
    .all(callId) as (Conflict & { declaredAt: string; declaredBy: string })[];
}

export function scoresOf(db: DB, evaluatorId: number, applicationId: number): Score[] {
  return db
    .prepare('SELECT evaluator_id AS evaluatorId, application_id AS applicationId, criterion, value, comment FROM scores WHERE evaluator_id = ? AND application_id = ?')
    .all(evaluatorId, applicationId) as Score[];
}

export function conflictOf(db: DB, evaluatorId: number, applicationId: number): { reason: string } | undefined {
  return db.prepare('SELECT reason FROM conflicts WHERE evaluator_id = ? AND application_id = ?').get(evaluatorId, applicationId) as { reason: string } | undefined;
}
