/** Applicants' answers to offers (*svar på tilsagn*) on PostgreSQL (as ../offers.ts): allocation inputs. */
import type { OfferAnswer, OfferStore } from '../store.js';
import type { Q } from './q.js';
import { applicationInputsChanged } from './staleness.js';

const COLUMNS = `o.application_id AS "applicationId", a.ref, o.state, o.tier, o.granted, o.status, o.reason, o.run_id AS "runId", o.offered_on AS "offeredOn",
  o.answered_on AS "answeredOn", o.note, o.actor, o.recorded_at AS "recordedAt"`;

export function pgOffers(q: Q): OfferStore {
  return {
    ofCall: (callId) => q.rows<OfferAnswer>(`SELECT ${COLUMNS} FROM offer_answers o JOIN applications a ON a.id = o.application_id WHERE o.call_id = $1 ORDER BY a.ref, a.id`, [callId]),
    of: (applicationId) => q.one<OfferAnswer>(`SELECT ${COLUMNS} FROM offer_answers o JOIN applications a ON a.id = o.application_id WHERE o.application_id = $1`, [applicationId]),
    put: async (callId, o) => {
      await q.run('DELETE FROM offer_answers WHERE application_id = $1', [o.applicationId]);
      await q.run(
        `INSERT INTO offer_answers (application_id, call_id, state, tier, granted, status, reason, run_id, offered_on, answered_on, note, actor, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [o.applicationId, callId, o.state, o.tier, o.granted, o.status, o.reason, o.runId, o.offeredOn, o.answeredOn, o.note, o.actor, o.recordedAt],
      );
      await applicationInputsChanged(q, o.applicationId);
    },
    remove: async (applicationId) => {
      const gone = (await q.run('DELETE FROM offer_answers WHERE application_id = $1', [applicationId])) > 0;
      if (gone) await applicationInputsChanged(q, applicationId);
      return gone;
    },
  };
}
