/** Evaluators, their conflicts of interest (*inhabilitet*) and their scores. */
import { scoreOrder } from '../core/aggregate.js';
import { type ScoreInput, type ScoreTable, emptyTable, toScoreTable } from '../core/score-table.js';
import { compareText } from '../core/compare.js';
import type { Evaluator, Score } from '../core/types.js';
import { NotFoundError, UserError } from '../core/errors.js';
import type { DB } from './open.js';
import { applicationInputsChanged } from './staleness.js';
import { insertRows, stmt } from './statements.js';
import type { ConflictRecord, ScoreWrite } from './store.js';

export function listEvaluators(db: DB): Evaluator[] {
  return stmt(db, 'SELECT id, name, email FROM evaluators ORDER BY name COLLATE NOCASE').all() as Evaluator[];
}

export function findEvaluator(db: DB, name: string): Evaluator | undefined {
  return stmt(db, 'SELECT id, name, email FROM evaluators WHERE name = ? COLLATE NOCASE').get(name.trim()) as Evaluator | undefined;
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
  const info = stmt(db, 'INSERT INTO evaluators (name, email, created_at) VALUES (?, ?, ?)').run(name.trim(), email, at);
  return { id: Number(info.lastInsertRowid), name: name.trim(), email };
}

/** Evaluators with a score or a conflict in the call, by name. */
export function panelOf(db: DB, callId: number): Evaluator[] {
  // one pass over the call's scores (kept by application: there is no index by evaluator)
  return stmt(
    db,
    `SELECT e.id, e.name, e.email FROM evaluators e
     WHERE e.id IN (SELECT s.evaluator_id FROM scores s JOIN applications a ON a.id = s.application_id WHERE a.call_id = @call
                    UNION SELECT c.evaluator_id FROM conflicts c JOIN applications a ON a.id = c.application_id WHERE a.call_id = @call)
     ORDER BY e.name COLLATE NOCASE`,
  ).all({ call: callId }) as Evaluator[];
}

/** Scores of all applications of a call, comments included (conflicted ones too: the core leaves them out). */
export function scoresOfCall(db: DB, callId: number): Score[] {
  return stmt(
    db,
    `SELECT s.evaluator_id AS evaluatorId, s.application_id AS applicationId, s.criterion, s.value, s.comment
     FROM scores s JOIN applications a ON a.id = s.application_id WHERE a.call_id = ?`,
  ).all(callId) as Score[];
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
  const plain = () => scoresForRankingReference(db, callId, keys);
  if (keys.length === 0) return emptyTable(0, keys);
  const { lo, app, n, ev } = stmt(
    db,
    `SELECT coalesce(min(id), 0) AS lo, coalesce(max(id), 0) AS app, count(*) AS n, (SELECT coalesce(max(id), 0) FROM evaluators) AS ev
       FROM applications WHERE call_id = ?`,
  ).get(callId) as { lo: number; app: number; n: number; ev: number };
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
  // the SQL differs per call (its criteria, the radixes): cached per connection like any other
  const packed = stmt(
    db,
    `SELECT ((s.application_id * ${E} + s.evaluator_id) * ${C} + CASE s.criterion ${keys.map((_, i) => `WHEN @k${i} THEN ${i}`).join(' ')} END) * ${V}
         + CASE WHEN s.value IS NULL THEN 0 WHEN typeof(s.value) = 'integer' AND s.value BETWEEN @lo AND @hi THEN s.value - @lo + 1 END
       FROM scores s ${wholeRange ? 'WHERE s.application_id BETWEEN @first AND @last' : 'JOIN applications a ON a.id = s.application_id WHERE a.call_id = @call'}
         AND s.criterion IN (${keys.map((_, i) => `@k${i}`).join(', ')})`,
    'pluck',
  ).all(params) as (number | null)[];
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

/**
 * The reference for `scoresForRanking`, plainly: the call's scores on these criteria as
 * rows, sorted as ranking counts them, into a table. The fast version must give exactly
 * this (test/db/scores-for-ranking.test.ts); it also answers whenever packing cannot be exact.
 */
export function scoresForRankingReference(db: DB, callId: number, criteria: readonly string[]): ScoreTable {
  const keys = [...new Set(criteria)].sort(compareText);
  const rows = stmt(
    db,
    `SELECT s.evaluator_id AS evaluatorId, s.application_id AS applicationId, s.criterion, s.value FROM scores s
     JOIN applications a ON a.id = s.application_id WHERE a.call_id = ? AND s.criterion IN (SELECT value FROM json_each(?))`,
  ).all(callId, JSON.stringify(keys)) as ScoreInput[];
  return toScoreTable(rows.sort(scoreOrder));
}

export function conflictsOfCall(db: DB, callId: number): ConflictRecord[] {
  return stmt(
    db,
    `SELECT c.evaluator_id AS evaluatorId, c.application_id AS applicationId, c.reason, c.declared_at AS declaredAt, c.declared_by AS declaredBy
     FROM conflicts c JOIN applications a ON a.id = c.application_id WHERE a.call_id = ?`,
  ).all(callId) as ConflictRecord[];
}

export function conflictsOfApplication(db: DB, applicationId: number): (ConflictRecord & { evaluator: string })[] {
  return stmt(
    db,
    `SELECT c.evaluator_id AS evaluatorId, c.application_id AS applicationId, c.reason, c.declared_at AS declaredAt, c.declared_by AS declaredBy, e.name AS evaluator
     FROM conflicts c JOIN evaluators e ON e.id = c.evaluator_id WHERE c.application_id = ? ORDER BY e.name`,
  ).all(applicationId) as (ConflictRecord & { evaluator: string })[];
}

export function conflictedApplications(db: DB, callId: number, evaluatorId: number): number[] {
  return stmt(db, 'SELECT c.application_id FROM conflicts c JOIN applications a ON a.id = c.application_id WHERE a.call_id = ? AND c.evaluator_id = ?', 'pluck').all(callId, evaluatorId) as number[];
}

export function conflictOf(db: DB, evaluatorId: number, applicationId: number): { reason: string } | undefined {
  return stmt(db, 'SELECT reason FROM conflicts WHERE evaluator_id = ? AND application_id = ?').get(evaluatorId, applicationId) as { reason: string } | undefined;
}

/** A declared conflict: the evaluator's scores on the application stop counting, so the allocation's inputs change. */
export function insertConflict(db: DB, c: ConflictRecord): void {
  stmt(db, 'INSERT INTO conflicts (evaluator_id, application_id, reason, declared_by, declared_at) VALUES (?, ?, ?, ?, ?)').run(c.evaluatorId, c.applicationId, c.reason, c.declaredBy, c.declaredAt);
  applicationInputsChanged(db, c.applicationId);
}

export function scoresOf(db: DB, evaluatorId: number, applicationId: number): Score[] {
  return stmt(db, 'SELECT evaluator_id AS evaluatorId, application_id AS applicationId, criterion, value, comment FROM scores WHERE evaluator_id = ? AND application_id = ?').all(
    evaluatorId,
    applicationId,
  ) as Score[];
}

export function scoresOfApplication(db: DB, applicationId: number): (Score & { evaluator: string })[] {
  return stmt(
    db,
    'SELECT e.name AS evaluator, s.evaluator_id AS evaluatorId, s.application_id AS applicationId, s.criterion, s.value, s.comment FROM scores s JOIN evaluators e ON e.id = s.evaluator_id WHERE s.application_id = ?',
  ).all(applicationId) as (Score & { evaluator: string })[];
}

export function evaluatorsPerApplication(db: DB, callId: number): { applicationId: number; evaluators: number }[] {
  return stmt(
    db,
    'SELECT s.application_id AS applicationId, count(DISTINCT s.evaluator_id) AS evaluators FROM scores s JOIN applications a ON a.id = s.application_id WHERE a.call_id = ? GROUP BY s.application_id',
  ).all(callId) as { applicationId: number; evaluators: number }[];
}

export function answeredCriteria(db: DB, callId: number, evaluatorId: number, criteria: readonly string[]): { applicationId: number; answered: number }[] {
  return stmt(
    db,
    `SELECT s.application_id AS applicationId, count(DISTINCT s.criterion) AS answered FROM scores s JOIN applications a ON a.id = s.application_id
     WHERE a.call_id = ? AND s.evaluator_id = ? AND s.criterion IN (SELECT value FROM json_each(?)) GROUP BY s.application_id`,
  ).all(callId, evaluatorId, JSON.stringify(criteria)) as { applicationId: number; answered: number }[];
}

/** When an evaluator last changed a score of a call, per application (ISO time). */
export function lastScoredOf(db: DB, callId: number, evaluatorId: number): { applicationId: number; at: string }[] {
  return stmt(
    db,
    'SELECT s.application_id AS applicationId, max(s.scored_at) AS at FROM scores s JOIN applications a ON a.id = s.application_id WHERE a.call_id = ? AND s.evaluator_id = ? GROUP BY s.application_id',
  ).all(callId, evaluatorId) as { applicationId: number; at: string }[];
}

export function hasScores(db: DB, applicationId: number): boolean {
  return stmt(db, 'SELECT 1 FROM scores WHERE application_id = ? LIMIT 1', 'pluck').get(applicationId) === 1;
}

/**
 * Insert or replace scores (of one call). A new score, or a changed value, changes the
 * allocation's inputs; a changed comment alone does not. Until the first such change is
 * found each row's stored value is looked up (one indexed read); after it, none are.
 */
export function putScores(db: DB, rows: readonly ScoreWrite[]): void {
  const stored = stmt(db, 'SELECT value, 1 FROM scores WHERE evaluator_id = ? AND application_id = ? AND criterion = ?', 'raw');
  let changedApp: number | undefined;
  for (const r of rows) {
    const old = stored.get(r.evaluatorId, r.applicationId, r.criterion) as [number | null, 1] | undefined;
    if (old === undefined || old[0] !== r.value) {
      changedApp = r.applicationId;
      break;
    }
  }
  insertRows(
    db,
    'INSERT INTO scores (evaluator_id, application_id, criterion, value, comment, scored_at)',
    'ON CONFLICT (evaluator_id, application_id, criterion) DO UPDATE SET value = excluded.value, comment = excluded.comment, scored_at = excluded.scored_at',
    6,
    rows,
    (r, out) => out.push(r.evaluatorId, r.applicationId, r.criterion, r.value, r.comment, r.at),
  );
  if (changedApp !== undefined) applicationInputsChanged(db, changedApp);
}

/** An evaluator's overall justification of an application (migration 7), or null. */
export function scoreNote(db: DB, evaluatorId: number, applicationId: number): string | null {
  const v = stmt(db, 'SELECT note FROM score_notes WHERE evaluator_id = ? AND application_id = ?', 'pluck').get(evaluatorId, applicationId) as string | undefined;
  return v ?? null;
}

/** Set or remove that overall justification; not an input of the allocation. */
export function putScoreNote(db: DB, evaluatorId: number, applicationId: number, note: string | null, at: string): void {
  if (note === null) stmt(db, 'DELETE FROM score_notes WHERE evaluator_id = ? AND application_id = ?').run(evaluatorId, applicationId);
  else
    stmt(db, 'INSERT INTO score_notes (evaluator_id, application_id, note, noted_at) VALUES (?, ?, ?, ?) ON CONFLICT (evaluator_id, application_id) DO UPDATE SET note = excluded.note, noted_at = excluded.noted_at').run(
      evaluatorId,
      applicationId,
      note,
      at,
    );
}

/** The overall justifications on one application, with the evaluator's name, by name. */
export function scoreNotesOfApplication(db: DB, applicationId: number): { evaluatorId: number; evaluator: string; note: string }[] {
  return stmt(
    db,
    'SELECT n.evaluator_id AS evaluatorId, e.name AS evaluator, n.note FROM score_notes n JOIN evaluators e ON e.id = n.evaluator_id WHERE n.application_id = ? ORDER BY e.name COLLATE NOCASE',
  ).all(applicationId) as { evaluatorId: number; evaluator: string; note: string }[];
}
