/**
 * The corrections a real year needs (issue 14): applications withdrawn or found ineligible,
 * evaluators renamed or removed with their scores, conflicts taken back. Each write that
 * changes what an allocation depends on counts the change (staleness.ts).
 */
import { UserError } from '../core/errors.js';
import type { ApplicationStanding, ApplicationState, Evaluator, Score } from '../core/types.js';
import type { DB } from './open.js';
import { applicationInputsChanged, inputsChanged } from './staleness.js';
import { stmt } from './statements.js';
import type { ConflictRecord, InCall } from './store.js';

const STANDING = 'id AS applicationId, ref, status, status_note AS note, status_by AS by, status_at AS at';

export function standingOf(db: DB, applicationId: number): ApplicationStanding {
  const r = stmt(db, `SELECT ${STANDING} FROM applications WHERE id = ?`).get(applicationId) as ApplicationStanding | undefined;
  if (!r) throw new Error(`store: no application ${applicationId}`);
  return r;
}

export function excludedOf(db: DB, callId: number): ApplicationStanding[] {
  return stmt(db, `SELECT ${STANDING} FROM applications WHERE call_id = ? AND status != 'active' ORDER BY ref`).all(callId) as ApplicationStanding[];
}

/** Withdrawn, ineligible or active again: the application leaves or rejoins the ranking. */
export function setStanding(db: DB, applicationId: number, s: { status: ApplicationState; note: string | null; actor: string; at: string }): void {
  const active = s.status === 'active';
  stmt(db, 'UPDATE applications SET status = ?, status_note = ?, status_by = ?, status_at = ?, updated_at = ? WHERE id = ?').run(
    s.status,
    active ? null : s.note,
    active ? null : s.actor,
    active ? null : s.at,
    s.at,
    applicationId,
  );
  applicationInputsChanged(db, applicationId);
}

export function renameEvaluator(db: DB, id: number, name: string): Evaluator {
  const clean = name.trim();
  const other = stmt(db, 'SELECT id FROM evaluators WHERE name = ? COLLATE NOCASE AND id != ?', 'pluck').get(clean, id);
  if (other !== undefined) throw new UserError('evaluator.exists', { name: clean });
  stmt(db, 'UPDATE evaluators SET name = ? WHERE id = ?').run(clean, id);
  return stmt(db, 'SELECT id, name, email FROM evaluators WHERE id = ?').get(id) as Evaluator;
}

export function removeEvaluator(db: DB, id: number): void {
  stmt(db, 'DELETE FROM evaluators WHERE id = ?').run(id);
}

export function scoresOfEvaluator(db: DB, evaluatorId: number): InCall<Score>[] {
  return stmt(
    db,
    `SELECT s.evaluator_id AS evaluatorId, s.application_id AS applicationId, s.criterion, s.value, s.comment, a.call_id AS callId, a.ref
     FROM scores s JOIN applications a ON a.id = s.application_id WHERE s.evaluator_id = ? ORDER BY a.call_id, a.ref, s.criterion`,
  ).all(evaluatorId) as InCall<Score>[];
}

export function removeScoresOfEvaluator(db: DB, evaluatorId: number): number {
  const calls = stmt(db, 'SELECT DISTINCT a.call_id FROM scores s JOIN applications a ON a.id = s.application_id WHERE s.evaluator_id = ?', 'pluck').all(evaluatorId) as number[];
  const n = stmt(db, 'DELETE FROM scores WHERE evaluator_id = ?').run(evaluatorId).changes;
  // the overall justifications go with the scores they justify
  stmt(db, 'DELETE FROM score_notes WHERE evaluator_id = ?').run(evaluatorId);
  for (const c of calls) inputsChanged(db, c);
  return n;
}

const CONFLICT = `c.evaluator_id AS evaluatorId, c.application_id AS applicationId, c.reason, c.declared_at AS declaredAt, c.declared_by AS declaredBy, a.call_id AS callId, a.ref`;

export function conflictsNamed(db: DB, callId: number): InCall<ConflictRecord & { evaluator: string }>[] {
  return stmt(
    db,
    `SELECT ${CONFLICT}, e.name AS evaluator FROM conflicts c JOIN applications a ON a.id = c.application_id JOIN evaluators e ON e.id = c.evaluator_id
     WHERE a.call_id = ? ORDER BY a.ref, e.name COLLATE NOCASE`,
  ).all(callId) as InCall<ConflictRecord & { evaluator: string }>[];
}

export function conflictsOfEvaluator(db: DB, evaluatorId: number): InCall<ConflictRecord>[] {
  return stmt(db, `SELECT ${CONFLICT} FROM conflicts c JOIN applications a ON a.id = c.application_id WHERE c.evaluator_id = ? ORDER BY a.call_id, a.ref`).all(
    evaluatorId,
  ) as InCall<ConflictRecord>[];
}

/** A conflict taken back: the evaluator's scores on the application count again. */
export function removeConflict(db: DB, evaluatorId: number, applicationId: number): void {
  if (stmt(db, 'DELETE FROM conflicts WHERE evaluator_id = ? AND application_id = ?').run(evaluatorId, applicationId).changes) applicationInputsChanged(db, applicationId);
}
