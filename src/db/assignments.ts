/**
 * Panels (*fagpanel*): which evaluators score which applications of a call. An assignment
 * decides whose scores make an application complete, so each change counts as a change of
 * the allocation's inputs (staleness.ts).
 */
import type { DB } from './open.js';
import { inputsChanged } from './staleness.js';
import { stmt } from './statements.js';
import type { AssignmentRecord, AssignmentWrite } from './store.js';

const ROW = `s.application_id AS applicationId, s.evaluator_id AS evaluatorId, a.ref, e.name AS evaluator, s.assigned_by AS assignedBy, s.assigned_at AS assignedAt`;

/** A call's assignments, by ref then evaluator name. */
export function assignmentsOfCall(db: DB, callId: number): AssignmentRecord[] {
  return stmt(
    db,
    `SELECT ${ROW} FROM assignments s JOIN applications a ON a.id = s.application_id JOIN evaluators e ON e.id = s.evaluator_id
     WHERE a.call_id = ? ORDER BY a.ref, e.name COLLATE NOCASE`,
  ).all(callId) as AssignmentRecord[];
}

/** An evaluator's assignments in every call, with the call, by call then ref. */
export function assignmentsOfEvaluator(db: DB, evaluatorId: number): (AssignmentRecord & { callId: number })[] {
  return stmt(
    db,
    `SELECT ${ROW}, a.call_id AS callId FROM assignments s JOIN applications a ON a.id = s.application_id JOIN evaluators e ON e.id = s.evaluator_id
     WHERE s.evaluator_id = ? ORDER BY a.call_id, a.ref`,
  ).all(evaluatorId) as (AssignmentRecord & { callId: number })[];
}

/** Add assignments (a pair already there is left as it was); how many were added. */
export function insertAssignments(db: DB, rows: readonly AssignmentWrite[]): number {
  const ins = stmt(db, 'INSERT INTO assignments (application_id, evaluator_id, assigned_by, assigned_at) VALUES (?, ?, ?, ?) ON CONFLICT (application_id, evaluator_id) DO NOTHING');
  const calls = new Set<number>();
  let added = 0;
  for (const r of rows) {
    if (ins.run(r.applicationId, r.evaluatorId, r.assignedBy, r.assignedAt).changes) {
      added++;
      calls.add(stmt(db, 'SELECT call_id FROM applications WHERE id = ?', 'pluck').get(r.applicationId) as number);
    }
  }
  for (const c of calls) inputsChanged(db, c);
  return added;
}

/** Take one evaluator off one application; whether there was such an assignment. */
export function removeAssignment(db: DB, evaluatorId: number, applicationId: number): boolean {
  const callId = stmt(db, 'SELECT call_id FROM applications WHERE id = ?', 'pluck').get(applicationId) as number | undefined;
  const gone = stmt(db, 'DELETE FROM assignments WHERE evaluator_id = ? AND application_id = ?').run(evaluatorId, applicationId).changes > 0;
  if (gone && callId !== undefined) inputsChanged(db, callId);
  return gone;
}

/** Remove every assignment of a call; how many there were. */
export function removeAssignmentsOfCall(db: DB, callId: number): number {
  const n = stmt(db, 'DELETE FROM assignments WHERE application_id IN (SELECT id FROM applications WHERE call_id = ?)').run(callId).changes;
  if (n) inputsChanged(db, callId);
  return n;
}
