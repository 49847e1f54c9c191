/** State aid on PostgreSQL (as ../state-aid.ts): other givers' aid (an extract of the register) and klynge's own grants by undertaking. */
import type { AidStore, AidWrite, GrantElsewhere, StoredAid, UndertakingApplication } from '../store.js';
import type { Q } from './q.js';

interface AidRow {
  id: number;
  org_number: string;
  granted_on: string;
  amount: number;
  currency: 'NOK' | 'EUR';
  giver: string;
  basis: AidWrite['basis'];
  source: string;
  line: number;
  imported_at: string;
  imported_by: string;
}

const toStored = (r: AidRow): StoredAid => ({
  id: r.id,
  orgNumber: r.org_number,
  date: r.granted_on,
  amount: r.amount,
  currency: r.currency,
  giver: r.giver,
  basis: r.basis,
  source: r.source,
  line: r.line,
  importedAt: r.imported_at,
  importedBy: r.imported_by,
});

export function pgAid(q: Q): AidStore {
  return {
    /** An import's records in one statement, in order; the de minimis calls' allocation inputs changed (their headroom may have), no other call's. */
    insertMany: async (rows, actor, at) => {
      if (!rows.length) return;
      await q.run(
        `INSERT INTO state_aid (org_number, granted_on, amount, currency, giver, basis, source, line, imported_at, imported_by)
         SELECT u.org_number, u.granted_on, u.amount, u.currency, u.giver, u.basis, u.source, u.line, $1, $2
           FROM unnest($3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::text[], $9::text[], $10::integer[])
                WITH ORDINALITY AS u(org_number, granted_on, amount, currency, giver, basis, source, line, n)
          ORDER BY u.n`,
        [
          at,
          actor,
          rows.map((r) => r.orgNumber),
          rows.map((r) => r.date),
          rows.map((r) => r.amount),
          rows.map((r) => r.currency),
          rows.map((r) => r.giver),
          rows.map((r) => r.basis),
          rows.map((r) => r.source),
          rows.map((r) => r.line),
        ],
      );
      await q.run(`UPDATE calls SET inputs_changed = inputs_changed + 1 WHERE (definition::jsonb #>> '{stateAid,basis}') = 'de-minimis'`);
    },

    list: async (orgNumber) =>
      (orgNumber === undefined
        ? await q.rows<AidRow>('SELECT * FROM state_aid ORDER BY org_number, granted_on, id')
        : await q.rows<AidRow>('SELECT * FROM state_aid WHERE org_number = $1 ORDER BY granted_on, id', [orgNumber])
      ).map(toStored),

    grantsElsewhere: (exceptCallId) =>
      q.rows<GrantElsewhere>(
        `SELECT a.call_id AS "callId", a.id AS "applicationId", a.ref AS ref, a.org_number AS "orgNumber", d.granted AS granted
           FROM decisions d JOIN applications a ON a.id = d.application_id
          WHERE a.call_id <> $1 AND d.granted > 0 AND a.org_number IS NOT NULL
          ORDER BY a.call_id, a.id`,
        [exceptCallId],
      ),

    applicationsOf: (orgNumber) =>
      q.rows<UndertakingApplication>(
        `SELECT a.org_number AS "orgNumber", a.call_id AS "callId", a.id AS "applicationId", a.ref, a.applicant, a.title, a.requested, coalesce(d.granted, 0) AS granted, d.status AS status,
                a.prior_de_minimis AS "priorDeMinimis"
           FROM applications a LEFT JOIN decisions d ON d.application_id = a.id
          WHERE ${orgNumber === undefined ? 'a.org_number IS NOT NULL' : 'a.org_number = $1'} ORDER BY a.org_number, a.call_id, a.ref`,
        orgNumber === undefined ? [] : [orgNumber],
      ),
  };
}
