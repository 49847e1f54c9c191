/** Applicants' answers to offers (*svar på tilsagn*): allocation inputs. */
import type { DB } from './open.js';
import { stmt } from './statements.js';
import { applicationInputsChanged } from './staleness.js';
import type { OfferAnswer } from './store.js';

const COLUMNS = `o.application_id AS applicationId, a.ref, o.state, o.tier, o.granted, o.status, o.reason, o.run_id AS runId, o.offered_on AS offeredOn,
  o.answered_on AS answeredOn, o.note, o.actor, o.recorded_at AS recordedAt`;

export function offerAnswersOfCall(db: DB, callId: number): OfferAnswer[] {
  return stmt(db, `SELECT ${COLUMNS} FROM offer_answers o JOIN applications a ON a.id = o.application_id WHERE o.call_id = ? ORDER BY a.ref, a.id`).all(callId) as OfferAnswer[];
}

export function offerAnswerOf(db: DB, applicationId: number): OfferAnswer | undefined {
  return stmt(db, `SELECT ${COLUMNS} FROM offer_answers o JOIN applications a ON a.id = o.application_id WHERE o.application_id = ?`).get(applicationId) as OfferAnswer | undefined;
}

export function putOfferAnswer(db: DB, callId: number, o: Omit<OfferAnswer, 'ref'>): void {
  stmt(db, 'DELETE FROM offer_answers WHERE application_id = ?').run(o.applicationId);
  stmt(
    db,
    `INSERT INTO offer_answers (application_id, call_id, state, tier, granted, status, reason, run_id, offered_on, answered_on, note, actor, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(o.applicationId, callId, o.state, o.tier, o.granted, o.status, o.reason, o.runId, o.offeredOn, o.answeredOn, o.note, o.actor, o.recordedAt);
  applicationInputsChanged(db, o.applicationId);
}

export function removeOfferAnswer(db: DB, applicationId: number): boolean {
  const gone = stmt(db, 'DELETE FROM offer_answers WHERE application_id = ?').run(applicationId).changes > 0;
  if (gone) applicationInputsChanged(db, applicationId);
  return gone;
}
