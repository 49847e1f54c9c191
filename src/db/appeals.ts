/** Appeals (*klager*) against decisions: registered, then upheld or rejected. */
import type { DB } from './open.js';
import { stmt } from './statements.js';
import { applicationInputsChanged } from './staleness.js';
import type { AppealDecision, AppealRecord, AppealWrite } from './store.js';

const COLUMNS = `p.id, p.call_id AS callId, p.application_id AS applicationId, a.ref, p.received, p.notified, p.notified_from AS notifiedFrom,
  p.deadline, p.in_time AS inTime, p.appealed_status AS appealedStatus, p.appealed_tier AS appealedTier, p.appealed_granted AS appealedGranted,
  p.note, p.registered_by AS registeredBy, p.registered_at AS registeredAt, p.state, p.decided_on AS decidedOn, p.decision_note AS decisionNote,
  p.decided_by AS decidedBy, p.decided_at AS decidedAt`;

type Row = Omit<AppealRecord, 'inTime'> & { inTime: number };
const toRecord = (r: Row): AppealRecord => ({ ...r, inTime: r.inTime === 1 });

export function appealsOfCall(db: DB, callId: number): AppealRecord[] {
  return (stmt(db, `SELECT ${COLUMNS} FROM appeals p JOIN applications a ON a.id = p.application_id WHERE p.call_id = ? ORDER BY p.received, a.ref, p.id`).all(callId) as Row[]).map(toRecord);
}

export function appealsOf(db: DB, applicationId: number): AppealRecord[] {
  return (stmt(db, `SELECT ${COLUMNS} FROM appeals p JOIN applications a ON a.id = p.application_id WHERE p.application_id = ? ORDER BY p.id`).all(applicationId) as Row[]).map(toRecord);
}

export function insertAppeal(db: DB, w: AppealWrite): number {
  const r = stmt(
    db,
    `INSERT INTO appeals (call_id, application_id, received, notified, notified_from, deadline, in_time, appealed_status, appealed_tier, appealed_granted, note, registered_by, registered_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(w.callId, w.applicationId, w.received, w.notified, w.notifiedFrom, w.deadline, w.inTime ? 1 : 0, w.appealedStatus, w.appealedTier, w.appealedGranted, w.note, w.registeredBy, w.registeredAt);
  return Number(r.lastInsertRowid);
}

/** Decide an open appeal; an upheld one re-opens the application, so the stored allocation no longer stands. */
export function decideAppeal(db: DB, id: number, d: AppealDecision): boolean {
  const changed = stmt(db, `UPDATE appeals SET state = ?, decided_on = ?, decision_note = ?, decided_by = ?, decided_at = ? WHERE id = ? AND state = 'open'`).run(d.state, d.decidedOn, d.note, d.actor, d.at, id).changes > 0;
  if (changed && d.state === 'upheld') applicationInputsChanged(db, stmt(db, 'SELECT application_id FROM appeals WHERE id = ?', 'pluck').get(id) as number);
  return changed;
}
