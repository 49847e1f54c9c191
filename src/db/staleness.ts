/**
 * Whether a stored allocation still follows from its inputs, kept in one place.
 *
 * Every store method that changes what an allocation depends on (a score's value or a
 * score deleted, a conflict declared or taken back, a manual decision, an application
 * added, its amount or date changed, or it withdrawn, found ineligible or restored)
 * calls `inputsChanged`, which counts the change on the call (`calls.inputs_changed`).
 * A run stores the count it saw (`allocation_runs.inputs_seen`); it is stale when the
 * call's count has moved on. A comment, an allocation itself or a status change does not
 * count. Conservative: a change undone still counts.
 */
import type { DB } from './open.js';
import { stmt } from './statements.js';

/** the schema version that has the counters (migration 4) */
const COUNTED_FROM = 4;

/** Count a change to the allocation inputs of a call. */
export function inputsChanged(db: DB, callId: number): void {
  stmt(db, 'UPDATE calls SET inputs_changed = inputs_changed + 1 WHERE id = ?').run(callId);
}

/** Count a change to the allocation inputs of the call an application is in. */
export function applicationInputsChanged(db: DB, applicationId: number): void {
  stmt(db, 'UPDATE calls SET inputs_changed = inputs_changed + 1 WHERE id = (SELECT call_id FROM applications WHERE id = ?)').run(applicationId);
}

/** What a new run of the call has seen (stored with it). */
export function inputsSeen(db: DB, callId: number): number {
  return stmt(db, 'SELECT inputs_changed FROM calls WHERE id = ?', 'pluck').get(callId) as number;
}

export function changedSinceRun(db: DB, callId: number, runId: number): boolean {
  // a database opened read-only without being migrated has no counters yet: read the log as klynge did before them
  if ((db.pragma('user_version', { simple: true }) as number) < COUNTED_FROM) return changedSinceRunInLog(db, callId, runId);
  const r = stmt(db, 'SELECT r.inputs_seen AS seen, c.inputs_changed AS now FROM allocation_runs r JOIN calls c ON c.id = r.call_id WHERE r.id = ? AND r.call_id = ?').get(runId, callId) as
    | { seen: number; now: number }
    | undefined;
  return r === undefined || r.seen !== r.now;
}

/**
 * The same question answered from the audit log, for a database from before the counters:
 * used by migration 4 to start the counters off, and for a database not migrated yet.
 * `call` and `run` are SQL expressions.
 */
export function changedInLogSql(call: string, run: string): string {
  const allocated = `SELECT a.id FROM audit_log a WHERE a.call_id = ${call} AND a.action = 'allocate' AND json_extract(a.details, '$.run') = ${run}`;
  return `(NOT EXISTS (${allocated}) OR EXISTS (SELECT 1 FROM audit_log l WHERE l.call_id = ${call} AND l.id > (SELECT min(id) FROM (${allocated})) AND (
       (l.action = 'score' AND json_extract(l.details, '$.changes') != '{}')
       OR l.action IN ('conflict.declare', 'decide.clear')
       OR (l.action = 'decide' AND json_extract(l.details, '$.manual') = 1)
       OR (l.action = 'import' AND json_extract(l.details, '$.added') > 0)
       OR (l.action = 'application.update' AND (json_extract(l.details, '$.changes.requested') IS NOT NULL OR json_extract(l.details, '$.changes.submitted') IS NOT NULL)))))`;
}

function changedSinceRunInLog(db: DB, callId: number, runId: number): boolean {
  return stmt(db, `SELECT ${changedInLogSql('@call', '@run')}`, 'pluck').get({ call: callId, run: runId }) === 1;
}

/**
 * Count a change to klynge's own de minimis grants in a call: the de minimis calls with a later
 * grant date count those grants against their ceiling. Later only (never the same day), so two
 * calls never keep making each other stale; a call that is not de minimis changes nothing.
 */
export function laterDeMinimisCallsChanged(db: DB, callId: number): void {
  stmt(
    db,
    `UPDATE calls SET inputs_changed = inputs_changed + 1
      WHERE json_extract(definition, '$.stateAid.basis') = 'de-minimis'
        AND json_extract(definition, '$.stateAid.grantDate') > (
          SELECT json_extract(definition, '$.stateAid.grantDate') FROM calls WHERE id = ? AND json_extract(definition, '$.stateAid.basis') = 'de-minimis')`,
  ).run(callId);
}
