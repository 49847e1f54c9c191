/** State aid in the database: other givers' aid (an extract of the register) and klynge's own grants by undertaking. */
import type { DB } from './open.js';
import { stmt } from './statements.js';
import type { AidWrite, GrantElsewhere, StoredAid, UndertakingApplication } from './store.js';

/** Insert an import's aid records; the de minimis calls' allocation inputs changed (their headroom may have), no other call's. */
export function insertAid(db: DB, rows: readonly AidWrite[], actor: string, at: string): void {
  const insert = stmt(
    db,
    'INSERT INTO state_aid (org_number, granted_on, amount, currency, giver, basis, source, line, imported_at, imported_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const r of rows) insert.run(r.orgNumber, r.date, r.amount, r.currency, r.giver, r.basis, r.source, r.line, at, actor);
  if (rows.length) stmt(db, "UPDATE calls SET inputs_changed = inputs_changed + 1 WHERE json_extract(definition, '$.stateAid.basis') = 'de-minimis'").run();
}

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

/** Every aid record (or one undertaking's), by organisation number, date and id. */
export function listAid(db: DB, orgNumber?: string): StoredAid[] {
  const rows = (
    orgNumber === undefined
      ? stmt(db, 'SELECT * FROM state_aid ORDER BY org_number, granted_on, id').all()
      : stmt(db, 'SELECT * FROM state_aid WHERE org_number = ? ORDER BY granted_on, id').all(orgNumber)
  ) as AidRow[];
  return rows.map((r) => ({
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
  }));
}

/** Money granted (more than 0) to applications with an organisation number in every call but one. */
export function grantsElsewhere(db: DB, exceptCallId: number): GrantElsewhere[] {
  const rows = stmt(
    db,
    `SELECT a.call_id AS callId, a.id AS applicationId, a.ref AS ref, a.org_number AS orgNumber, d.granted AS granted
       FROM decisions d JOIN applications a ON a.id = d.application_id
      WHERE a.call_id <> ? AND d.granted > 0 AND a.org_number IS NOT NULL
      ORDER BY a.call_id, a.id`,
  ).all(exceptCallId) as GrantElsewhere[];
  return rows;
}

/** Every application of an organisation number, in every call, with its decision. */
export function applicationsOf(db: DB, orgNumber?: string): UndertakingApplication[] {
  return stmt(
    db,
    `SELECT a.org_number AS orgNumber, a.call_id AS callId, a.id AS applicationId, a.ref, a.applicant, a.title, a.requested, coalesce(d.granted, 0) AS granted, d.status AS status,
            a.prior_de_minimis AS priorDeMinimis
       FROM applications a LEFT JOIN decisions d ON d.application_id = a.id
      WHERE ${orgNumber === undefined ? 'a.org_number IS NOT NULL' : 'a.org_number = ?'} ORDER BY a.org_number, a.call_id, a.ref`,
  ).all(...(orgNumber === undefined ? [] : [orgNumber])) as UndertakingApplication[];
}
