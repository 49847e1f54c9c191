/** Appeals (*klager*) against decisions on PostgreSQL (as ../appeals.ts): registered, then upheld or rejected. */
import type { AppealRecord, AppealStore } from '../store.js';
import type { Q } from './q.js';
import { applicationInputsChanged } from './staleness.js';

const COLUMNS = `p.id, p.call_id AS "callId", p.application_id AS "applicationId", a.ref, p.received, p.notified, p.notified_from AS "notifiedFrom",
  p.deadline, p.in_time AS "inTime", p.appealed_status AS "appealedStatus", p.appealed_tier AS "appealedTier", p.appealed_granted AS "appealedGranted",
  p.note, p.registered_by AS "registeredBy", p.registered_at AS "registeredAt", p.state, p.decided_on AS "decidedOn", p.decision_note AS "decisionNote",
  p.decided_by AS "decidedBy", p.decided_at AS "decidedAt"`;

type Row = Omit<AppealRecord, 'inTime'> & { inTime: number };
const toRecord = (r: Row): AppealRecord => ({ ...r, inTime: r.inTime === 1 });

export function pgAppeals(q: Q): AppealStore {
  return {
    ofCall: async (callId) =>
      (await q.rows<Row>(`SELECT ${COLUMNS} FROM appeals p JOIN applications a ON a.id = p.application_id WHERE p.call_id = $1 ORDER BY p.received, a.ref, p.id`, [callId])).map(toRecord),
    of: async (applicationId) => (await q.rows<Row>(`SELECT ${COLUMNS} FROM appeals p JOIN applications a ON a.id = p.application_id WHERE p.application_id = $1 ORDER BY p.id`, [applicationId])).map(toRecord),
    insert: async (w) =>
      (await q.value<number>(
        `INSERT INTO appeals (call_id, application_id, received, notified, notified_from, deadline, in_time, appealed_status, appealed_tier, appealed_granted, note, registered_by, registered_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
        [w.callId, w.applicationId, w.received, w.notified, w.notifiedFrom, w.deadline, w.inTime ? 1 : 0, w.appealedStatus, w.appealedTier, w.appealedGranted, w.note, w.registeredBy, w.registeredAt],
      ))!,
    /** Decide an open appeal; an upheld one re-opens the application, so the stored allocation no longer stands. */
    decide: async (id, d) => {
      const decided = await q.column<number>(
        `UPDATE appeals SET state = $1, decided_on = $2, decision_note = $3, decided_by = $4, decided_at = $5 WHERE id = $6 AND state = 'open' RETURNING application_id`,
        [d.state, d.decidedOn, d.note, d.actor, d.at, id],
      );
      if (decided.length && d.state === 'upheld') await applicationInputsChanged(q, decided[0]);
      return decided.length > 0;
    },
  };
}
