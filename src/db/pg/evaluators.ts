/**
 * Evaluators, their scores, conflicts of interest (*inhabilitet*) and panels (*fagpanel*) on
 * PostgreSQL: the same rules as ../evaluators.ts, ../assignments.ts and the evaluator parts of
 * ../case.ts. Many rows go in as arrays, unnested, in one statement.
 *
 * SQLite compares names with NOCASE (ASCII letters folded, the rest byte by byte), the column's
 * own collation there, so also where its SQL says just `ORDER BY e.name`. Here that is
 * `lower()` of a `COLLATE "C"` text, which folds ASCII letters only, and is the expression the
 * unique index on evaluators' names has, so a name taken and a name found agree.
 *
 * Lists SQLite gives without an ORDER BY are ordered here as SQLite's plan hands them over (a
 * call's rows by ref, through its (call_id, ref) index; an application's scores by their key;
 * a call's conflicts as declared, SQLite scanning them by rowid), so that output built from them
 * is the same on both.
 */
import { compareText } from '../../core/compare.js';
import { NotFoundError, UserError } from '../../core/errors.js';
import { type ScoreTable, emptyTable } from '../../core/score-table.js';
import type { Evaluator, Score } from '../../core/types.js';
import type { AssignmentRecord, AssignmentStore, ConflictRecord, ConflictStore, EvaluatorStore, InCall, ScoreStore, ScoreWrite } from '../store.js';
import { type Q, isUniqueViolation } from './q.js';
import { applicationInputsChanged, inputsChanged } from './staleness.js';

/** a name as SQLite's NOCASE compares it (see above); `$n` parameters need the collation given */
const nocase = (x: string) => `lower(${x})`;
const nocaseParam = (p: string) => `lower(${p}::text COLLATE "C")`;

const EVALUATOR = 'id, name, email';

export function pgEvaluators(q: Q): EvaluatorStore {
  const list = () => q.rows<Evaluator>(`SELECT ${EVALUATOR} FROM evaluators ORDER BY ${nocase('name')}`);
  const find = (name: string) => q.one<Evaluator>(`SELECT ${EVALUATOR} FROM evaluators WHERE ${nocase('name')} = ${nocaseParam('$1')}`, [name.trim()]);
  /** another evaluator's name (a unique violation: one written since the check) is `evaluator.exists` */
  const taken = (name: string) => (e: unknown) => {
    throw isUniqueViolation(e) ? new UserError('evaluator.exists', { name }) : e;
  };
  return {
    list,
    find,
    get: async (name) => {
      const e = await find(name);
      if (e) return e;
      const names = (await list()).map((x) => x.name);
      throw new NotFoundError(names.length ? 'evaluator.not_found_list' : 'evaluator.none', { name, names: names.join(', ') });
    },
    insert: async (name, email, at) => {
      if (await find(name)) throw new UserError('evaluator.exists', { name });
      const clean = name.trim();
      const id = await q.value<number>('INSERT INTO evaluators (name, email, created_at) VALUES ($1, $2, $3) RETURNING id', [clean, email, at]).catch(taken(name));
      return { id: id!, name: clean, email };
    },
    /** Evaluators with a score or a conflict in the call, by name. */
    panel: (callId) =>
      q.rows<Evaluator>(
        `SELECT e.id, e.name, e.email FROM evaluators e
          WHERE e.id IN (SELECT s.evaluator_id FROM scores s JOIN applications a ON a.id = s.application_id WHERE a.call_id = $1
                         UNION SELECT c.evaluator_id FROM conflicts c JOIN applications a ON a.id = c.application_id WHERE a.call_id = $1)
          ORDER BY ${nocase('e.name')}`,
        [callId],
      ),
    /** A new name (a change of case alone is allowed); not an input of the allocation. */
    rename: async (id, name) => {
      const clean = name.trim();
      const other = await q.value(`SELECT id FROM evaluators WHERE ${nocase('name')} = ${nocaseParam('$1')} AND id <> $2`, [clean, id]);
      if (other !== undefined) throw new UserError('evaluator.exists', { name: clean });
      await q.run('UPDATE evaluators SET name = $1 WHERE id = $2', [clean, id]).catch(taken(clean));
      return (await q.one<Evaluator>(`SELECT ${EVALUATOR} FROM evaluators WHERE id = $1`, [id]))!;
    },
    /** (its panels go with it; scores and conflicts must be gone first, as the foreign keys say) */
    remove: async (id) => {
      await q.run('DELETE FROM evaluators WHERE id = $1', [id]);
    },
  };
}

const SCORE = 's.evaluator_id AS "evaluatorId", s.application_id AS "applicationId", s.criterion, s.value, s.comment';

/**
 * Insert or replace a batch of scores, and say which application's change, if any, makes the
 * allocation's inputs change: the first row (in the batch's order) that is new or has another
 * value than the stored one, as SQLite's putScores finds it; a comment alone changes nothing.
 * The check reads the scores as they were before the batch (a statement sees its own snapshot);
 * a key given twice keeps its last row, as SQLite's inserts one after the other leave it.
 */
const PUT_SCORES = `
WITH r AS (
  SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::integer[], $5::text[], $6::text[])
    WITH ORDINALITY AS r(evaluator_id, application_id, criterion, value, comment, scored_at, n)
), put AS (
  INSERT INTO scores (evaluator_id, application_id, criterion, value, comment, scored_at)
  SELECT DISTINCT ON (application_id, evaluator_id, criterion) evaluator_id, application_id, criterion, value, comment, scored_at
    FROM r ORDER BY application_id, evaluator_id, criterion, n DESC
  ON CONFLICT (application_id, evaluator_id, criterion) DO UPDATE SET value = excluded.value, comment = excluded.comment, scored_at = excluded.scored_at
)
SELECT r.application_id FROM r
  LEFT JOIN scores s ON s.application_id = r.application_id AND s.evaluator_id = r.evaluator_id AND s.criterion = r.criterion
 WHERE s.application_id IS NULL OR s.value IS DISTINCT FROM r.value
 ORDER BY r.n LIMIT 1`;

export function pgScores(q: Q): ScoreStore {
  return {
    /** Scores of all applications of a call, comments included (conflicted ones too: the core leaves them out). */
    ofCall: (callId) =>
      q.rows<Score>(`SELECT ${SCORE} FROM scores s JOIN applications a ON a.id = s.application_id WHERE a.call_id = $1 ORDER BY a.ref, s.evaluator_id, s.criterion`, [callId]),

    forRanking: (callId, criteria, scale) => scoresForRanking(q, callId, criteria, scale),

    of: (evaluatorId, applicationId) =>
      q.rows<Score>(`SELECT ${SCORE} FROM scores s WHERE s.evaluator_id = $1 AND s.application_id = $2 ORDER BY s.criterion`, [evaluatorId, applicationId]),

    ofApplication: (applicationId) =>
      q.rows<Score & { evaluator: string }>(
        `SELECT e.name AS evaluator, ${SCORE} FROM scores s JOIN evaluators e ON e.id = s.evaluator_id WHERE s.application_id = $1 ORDER BY s.evaluator_id, s.criterion`,
        [applicationId],
      ),

    evaluatorsPerApplication: (callId) =>
      q.rows<{ applicationId: number; evaluators: number }>(
        `SELECT s.application_id AS "applicationId", count(DISTINCT s.evaluator_id) AS evaluators FROM scores s JOIN applications a ON a.id = s.application_id
          WHERE a.call_id = $1 GROUP BY s.application_id ORDER BY s.application_id`,
        [callId],
      ),

    answered: (callId, evaluatorId, criteria) =>
      q.rows<{ applicationId: number; answered: number }>(
        `SELECT s.application_id AS "applicationId", count(DISTINCT s.criterion) AS answered FROM scores s JOIN applications a ON a.id = s.application_id
          WHERE a.call_id = $1 AND s.evaluator_id = $2 AND s.criterion = ANY ($3::text[]) GROUP BY s.application_id ORDER BY s.application_id`,
        [callId, evaluatorId, [...criteria]],
      ),

    hasAny: async (applicationId) => (await q.value('SELECT 1 FROM scores WHERE application_id = $1 LIMIT 1', [applicationId])) !== undefined,

    /** When an evaluator last changed a score of a call, per application (ISO time). */
    lastScored: (callId, evaluatorId) =>
      q.rows<{ applicationId: number; at: string }>(
        `SELECT s.application_id AS "applicationId", max(s.scored_at) AS at FROM scores s JOIN applications a ON a.id = s.application_id
          WHERE a.call_id = $1 AND s.evaluator_id = $2 GROUP BY s.application_id ORDER BY s.application_id`,
        [callId, evaluatorId],
      ),

    /** Upserts only, never a read of others' rows to write back: concurrent saves lose no score. */
    put: async (rows: readonly ScoreWrite[]) => {
      if (rows.length === 0) return;
      const changed = await q.value<number>(PUT_SCORES, [
        rows.map((r) => r.evaluatorId),
        rows.map((r) => r.applicationId),
        rows.map((r) => r.criterion),
        rows.map((r) => r.value),
        rows.map((r) => r.comment),
        rows.map((r) => r.at),
      ]);
      if (changed !== undefined) await applicationInputsChanged(q, changed);
    },

    ofEvaluator: (evaluatorId) =>
      q.rows<InCall<Score>>(
        `SELECT ${SCORE}, a.call_id AS "callId", a.ref FROM scores s JOIN applications a ON a.id = s.application_id
          WHERE s.evaluator_id = $1 ORDER BY a.call_id, a.ref, s.criterion`,
        [evaluatorId],
      ),

    /** Every score of an evaluator gone: each call it was in counts a change. */
    removeOfEvaluator: async (evaluatorId) => {
      const calls = await q.rows<{ callId: number; n: number }>(
        `WITH gone AS (DELETE FROM scores WHERE evaluator_id = $1 RETURNING application_id)
         SELECT a.call_id AS "callId", count(*) AS n FROM gone JOIN applications a ON a.id = gone.application_id GROUP BY a.call_id ORDER BY a.call_id`,
        [evaluatorId],
      );
      // the overall justifications go with the scores they justify
      await q.run('DELETE FROM score_notes WHERE evaluator_id = $1', [evaluatorId]);
      for (const c of calls) await inputsChanged(q, c.callId);
      return calls.reduce((sum, c) => sum + c.n, 0);
    },

    /** An evaluator's overall justification of an application, or null. */
    note: async (evaluatorId, applicationId) => (await q.value<string>('SELECT note FROM score_notes WHERE evaluator_id = $1 AND application_id = $2', [evaluatorId, applicationId])) ?? null,

    /** Set or remove that overall justification; not an input of the allocation. */
    putNote: async (evaluatorId, applicationId, note, at) => {
      if (note === null) await q.run('DELETE FROM score_notes WHERE evaluator_id = $1 AND application_id = $2', [evaluatorId, applicationId]);
      else
        await q.run(
          `INSERT INTO score_notes (evaluator_id, application_id, note, noted_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (evaluator_id, application_id) DO UPDATE SET note = excluded.note, noted_at = excluded.noted_at`,
          [evaluatorId, applicationId, note, at],
        );
    },

    notesOfApplication: (applicationId) =>
      q.rows<{ evaluatorId: number; evaluator: string; note: string }>(
        `SELECT n.evaluator_id AS "evaluatorId", e.name AS evaluator, n.note FROM score_notes n JOIN evaluators e ON e.id = n.evaluator_id
          WHERE n.application_id = $1 ORDER BY ${nocase('e.name')}`,
        [applicationId],
      ),
  };
}

/**
 * The scores ranking reads (the call's criteria, no comments) as a table, sorted by
 * application, evaluator and criterion key: the order the core counts them in. As SQLite's
 * scoresForRanking (which this mirrors, table and all): each row is packed into one integer
 * (application, evaluator, criterion, value), all of them sent as one text, unpacked here into
 * the table's columns, so no object, array or string is made per row, and sorted here (a
 * Float64Array) rather than by the server. When packing cannot be exact (ids too large, a
 * stored value off the scale), the plain rows answer.
 */
async function scoresForRanking(q: Q, callId: number, criteria: readonly string[], scale: { min: number; max: number }): Promise<ScoreTable> {
  const keys = [...new Set(criteria)].sort(compareText);
  if (keys.length === 0) return emptyTable(0, keys);
  // radixes: evaluator id (the largest + 1), criterion place, value code (0 = n/a, 1 … = min … max)
  const C = keys.length;
  const V = scale.max - scale.min + 2;
  if (!Number.isSafeInteger(V) || !Number.isSafeInteger(scale.min)) return scoresForRankingPlain(q, callId, keys);
  const r = await q.one<{ e: number; n: number; packed: string | null }>(
    `WITH radix AS (SELECT (SELECT coalesce(max(id), 0) FROM evaluators) + 1 AS e, (SELECT coalesce(max(id), 0) FROM applications WHERE call_id = $1) AS app),
          p AS (SELECT e, (app + 1)::float8 * e * $3::bigint * $4::bigint < ${Number.MAX_SAFE_INTEGER} AS exact FROM radix)
     SELECT (SELECT e FROM p) AS e, count(*) AS n,
            string_agg(CASE WHEN p.exact THEN (((s.application_id * p.e + s.evaluator_id) * $3::bigint + k.i - 1) * $4::bigint
                         + CASE WHEN s.value IS NULL THEN 0 WHEN s.value BETWEEN $5::bigint AND $6::bigint THEN s.value - $5::bigint + 1 END)::text END, ',') AS packed
       FROM p CROSS JOIN scores s JOIN applications a ON a.id = s.application_id
       JOIN unnest($2::text[]) WITH ORDINALITY AS k(key, i) ON k.key = s.criterion
      WHERE a.call_id = $1`,
    [callId, keys, C, V, scale.min, scale.max],
  );
  const { e: E, n, packed: text } = r!;
  const sorted = new Float64Array(n);
  let inOrder = true;
  let count = 0;
  for (let p = 0; text !== null && p < text.length; count++) {
    let v = 0;
    for (let c = text.charCodeAt(p); c >= 48 && c <= 57; c = text.charCodeAt(++p)) v = v * 10 + (c - 48);
    p++; // the comma
    sorted[count] = v;
    if (count > 0 && v < sorted[count - 1]) inOrder = false;
  }
  // a row the packing could not hold is left out of the text: let the plain rows carry it
  if (count !== n) return scoresForRankingPlain(q, callId, keys);
  if (!inOrder) sorted.sort();
  const t = emptyTable(n, keys);
  for (let i = 0; i < n; i++) {
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
 * The same scores plainly, sorted by the server, as SQLite's scoresForRankingReference gives
 * them: the table knows the criterion keys its rows use (of `keys`, which are sorted).
 */
async function scoresForRankingPlain(q: Q, callId: number, keys: readonly string[]): Promise<ScoreTable> {
  const rows = await q.rows<{ a: number; e: number; c: number; v: number | null }>(
    `SELECT s.application_id AS a, s.evaluator_id AS e, k.i - 1 AS c, s.value AS v
       FROM scores s JOIN applications a ON a.id = s.application_id
       JOIN unnest($2::text[]) WITH ORDINALITY AS k(key, i) ON k.key = s.criterion
      WHERE a.call_id = $1 ORDER BY s.application_id, s.evaluator_id, k.i`,
    [callId, keys],
  );
  const used = new Uint8Array(keys.length);
  for (const r of rows) used[r.c] = 1;
  const place = new Uint32Array(keys.length);
  const present: string[] = [];
  keys.forEach((k, i) => {
    if (!used[i]) return;
    place[i] = present.length;
    present.push(k);
  });
  const t = emptyTable(rows.length, present);
  rows.forEach((r, i) => {
    t.applicationId[i] = r.a;
    t.evaluatorId[i] = r.e;
    t.criterion[i] = place[r.c];
    t.value[i] = r.v === null ? NaN : r.v;
  });
  return t;
}
const CONFLICT = 'c.evaluator_id AS "evaluatorId", c.application_id AS "applicationId", c.reason, c.declared_at AS "declaredAt", c.declared_by AS "declaredBy"';

export function pgConflicts(q: Q): ConflictStore {
  return {
    ofCall: (callId) =>
      q.rows<ConflictRecord>(`SELECT ${CONFLICT} FROM conflicts c JOIN applications a ON a.id = c.application_id WHERE a.call_id = $1 ORDER BY c.id`, [callId]),

    of: (evaluatorId, applicationId) => q.one<{ reason: string }>('SELECT reason FROM conflicts WHERE evaluator_id = $1 AND application_id = $2', [evaluatorId, applicationId]),

    ofApplication: (applicationId) =>
      q.rows<ConflictRecord & { evaluator: string }>(
        `SELECT ${CONFLICT}, e.name AS evaluator FROM conflicts c JOIN evaluators e ON e.id = c.evaluator_id WHERE c.application_id = $1 ORDER BY ${nocase('e.name')}`,
        [applicationId],
      ),

    applicationsOf: (callId, evaluatorId) =>
      q.column<number>('SELECT c.application_id FROM conflicts c JOIN applications a ON a.id = c.application_id WHERE a.call_id = $1 AND c.evaluator_id = $2 ORDER BY a.ref', [callId, evaluatorId]),

    /** A declared conflict: the evaluator's scores on the application stop counting, so the allocation's inputs change. */
    insert: async (c) => {
      await q.run('INSERT INTO conflicts (evaluator_id, application_id, reason, declared_by, declared_at) VALUES ($1, $2, $3, $4, $5)', [
        c.evaluatorId,
        c.applicationId,
        c.reason,
        c.declaredBy,
        c.declaredAt,
      ]);
      await applicationInputsChanged(q, c.applicationId);
    },

    listNamed: (callId) =>
      q.rows<InCall<ConflictRecord & { evaluator: string }>>(
        `SELECT ${CONFLICT}, a.call_id AS "callId", a.ref, e.name AS evaluator FROM conflicts c
           JOIN applications a ON a.id = c.application_id JOIN evaluators e ON e.id = c.evaluator_id
          WHERE a.call_id = $1 ORDER BY a.ref, ${nocase('e.name')}`,
        [callId],
      ),

    ofEvaluator: (evaluatorId) =>
      q.rows<InCall<ConflictRecord>>(
        `SELECT ${CONFLICT}, a.call_id AS "callId", a.ref FROM conflicts c JOIN applications a ON a.id = c.application_id WHERE c.evaluator_id = $1 ORDER BY a.call_id, a.ref`,
        [evaluatorId],
      ),

    /** A conflict taken back: the evaluator's scores on the application count again. */
    remove: async (evaluatorId, applicationId) => {
      if (await q.run('DELETE FROM conflicts WHERE evaluator_id = $1 AND application_id = $2', [evaluatorId, applicationId])) await applicationInputsChanged(q, applicationId);
    },
  };
}

const ASSIGNMENT = 's.application_id AS "applicationId", s.evaluator_id AS "evaluatorId", a.ref, e.name AS evaluator, s.assigned_by AS "assignedBy", s.assigned_at AS "assignedAt"';

/**
 * Add assignments in one statement (a pair already there, or given twice, keeps its first
 * row); per call, how many were added. Each call that got one counts a change.
 */
const INSERT_ASSIGNMENTS = `
WITH added AS (
  INSERT INTO assignments (application_id, evaluator_id, assigned_by, assigned_at)
  SELECT application_id, evaluator_id, assigned_by, assigned_at
    FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) WITH ORDINALITY AS r(application_id, evaluator_id, assigned_by, assigned_at, n)
   ORDER BY n
  ON CONFLICT (application_id, evaluator_id) DO NOTHING
  RETURNING application_id
)
SELECT a.call_id AS "callId", count(*) AS n FROM added JOIN applications a ON a.id = added.application_id GROUP BY a.call_id ORDER BY a.call_id`;

/** Panels: each change of one is a change of the allocation's inputs (staleness.ts). */
export function pgAssignments(q: Q): AssignmentStore {
  const insertMany = async (rows: readonly { applicationId: number; evaluatorId: number; assignedBy: string; assignedAt: string }[]): Promise<number> => {
    if (rows.length === 0) return 0;
    const calls = await q.rows<{ callId: number; n: number }>(INSERT_ASSIGNMENTS, [
      rows.map((r) => r.applicationId),
      rows.map((r) => r.evaluatorId),
      rows.map((r) => r.assignedBy),
      rows.map((r) => r.assignedAt),
    ]);
    for (const c of calls) await inputsChanged(q, c.callId);
    return calls.reduce((sum, c) => sum + c.n, 0);
  };
  return {
    /** A call's assignments, by ref then evaluator name. */
    ofCall: (callId) =>
      q.rows<AssignmentRecord>(
        `SELECT ${ASSIGNMENT} FROM assignments s JOIN applications a ON a.id = s.application_id JOIN evaluators e ON e.id = s.evaluator_id
          WHERE a.call_id = $1 ORDER BY a.ref, ${nocase('e.name')}`,
        [callId],
      ),

    /** An evaluator's assignments in every call, with the call, by call then ref. */
    ofEvaluator: (evaluatorId) =>
      q.rows<AssignmentRecord & { callId: number }>(
        `SELECT ${ASSIGNMENT}, a.call_id AS "callId" FROM assignments s JOIN applications a ON a.id = s.application_id JOIN evaluators e ON e.id = s.evaluator_id
          WHERE s.evaluator_id = $1 ORDER BY a.call_id, a.ref`,
        [evaluatorId],
      ),

    insertMany,
    insert: async (row) => (await insertMany([row])) === 1,

    /** Take one evaluator off one application; whether there was such an assignment. */
    remove: async (evaluatorId, applicationId) => {
      const gone = (await q.run('DELETE FROM assignments WHERE evaluator_id = $1 AND application_id = $2', [evaluatorId, applicationId])) > 0;
      if (gone) await applicationInputsChanged(q, applicationId);
      return gone;
    },

    /** Remove every assignment of a call; how many there were. */
    removeOfCall: async (callId) => {
      const n = await q.run('DELETE FROM assignments WHERE application_id IN (SELECT id FROM applications WHERE call_id = $1)', [callId]);
      if (n) await inputsChanged(q, callId);
      return n;
    },
  };
}
