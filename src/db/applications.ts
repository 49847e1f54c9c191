/** Applications (*søknader*) in the database. */
import type { Application } from '../core/types.js';
import { NotFoundError } from '../core/errors.js';
import { editDistance } from '../core/similar.js';
import type { DB } from './open.js';

export interface ApplicationRow {
  id: number;
  call_id: number;
  ref: string;
  applicant: string;
  org_number: string | null;
  title: string;
  partners: string;
  requested: number;
  project_budget: number | null;
  summary: string;
  contact_name: string | null;
  contact_email: string | null;
  submitted: string | null;
  extra: string;
}

export const toApplication = (r: ApplicationRow): Application => ({
  id: r.id,
  callId: r.call_id,
  ref: r.ref,
  applicant: r.applicant,
  orgNumber: r.org_number,
  title: r.title,
  partners: JSON.parse(r.partners) as string[],
  requested: r.requested,
  projectBudget: r.project_budget,
  summary: r.summary,
  contactName: r.contact_name,
  contactEmail: r.contact_email,
  submitted: r.submitted,
  extra: JSON.parse(r.extra) as Record<string, string>,
});

import type { ApplicationInput, RowValues } from '../core/application-row.js';
export type { ApplicationInput } from '../core/application-row.js';

/** Prepared statements for a bulk import, made once per import. */
export function applicationWriter(db: DB, callId: number) {
  // positional parameters: binding by name costs a lookup per column, per row of a 100 000-row import
  const insert = db.prepare(
    `INSERT INTO applications (call_id, ref, applicant, org_number, title, partners, requested, project_budget, summary, contact_name, contact_email, submitted, extra, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (call_id, ref) DO NOTHING`,
  );
  const update = db.prepare(
    `UPDATE applications SET applicant = @applicant, org_number = @orgNumber, title = @title, partners = @partners, requested = @requested,
       project_budget = @projectBudget, summary = @summary, contact_name = @contactName, contact_email = @contactEmail, submitted = @submitted,
       extra = @extra, updated_at = @at WHERE id = @id`,
  );
  const byRef = db.prepare('SELECT * FROM applications WHERE call_id = ? AND ref = ?');
  const idByRef = db.prepare('SELECT id FROM applications WHERE call_id = ? AND ref = ?').pluck();
  const hasScores = db.prepare('SELECT 1 FROM scores WHERE application_id = ? LIMIT 1').pluck();
  const params = (a: ApplicationInput, at: string) => ({
    callId,
    ref: a.ref,
    applicant: a.applicant,
    orgNumber: a.orgNumber,
    title: a.title,
    partners: JSON.stringify(a.partners),
    requested: a.requested,
    projectBudget: a.projectBudget,
    summary: a.summary,
    contactName: a.contactName,
    contactEmail: a.contactEmail,
    submitted: a.submitted,
    extra: JSON.stringify(a.extra),
    at,
  });
  return {
    find: (ref: string): Application | undefined => {
      const r = byRef.get(callId, ref) as ApplicationRow | undefined;
      return r ? toApplication(r) : undefined;
    },
    /** the id of the application with this ref in the call, if any */
    idOf: (ref: string): number | undefined => idByRef.get(callId, ref) as number | undefined,
    /**
     * Insert one row of an import, as checked (src/core/application-row.ts); its new id,
     * or null when the call already has an application with that ref (nothing written).
     */
    insertNew: (v: RowValues, at: string): number | null => {
      const info = insert.run(callId, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], at, at);
      return info.changes === 0 ? null : Number(info.lastInsertRowid);
    },
    update: (id: number, a: ApplicationInput, at: string) => update.run({ ...params(a, at), id }),
    hasScores: (id: number) => hasScores.get(id) === 1,
  };
}

export function listApplications(db: DB, callId: number): Application[] {
  return (db.prepare('SELECT * FROM applications WHERE call_id = ? ORDER BY ref').all(callId) as ApplicationRow[]).map(toApplication);
}

/**
 * The applications of a call without their long texts (summary, partners, extra
 * columns, contact): what ranking and allocation need, loaded fast for 10 000+,
 * sorted by ref.
 *
 * A call's rows usually sit together in id order (they came in one import): read
 * as one range of ids, the table is walked in storage order, three times faster
 * than through the (call, ref) index, which visits the rows in ref order, each
 * somewhere else. Rows of other calls inside the range are skipped by call_id.
 */
export function listApplicationsBrief(db: DB, callId: number): Application[] {
  const span = db.prepare('SELECT min(id) AS lo, max(id) AS hi, count(*) AS n FROM applications WHERE call_id = ?').get(callId) as { lo: number | null; hi: number | null; n: number };
  if (span.n === 0) return [];
  const columns = 'id, ref, applicant, org_number, title, requested, project_budget, submitted';
  // `+call_id`: not a condition for the index, so SQLite walks the id range instead
  const rows = (
    span.hi! - span.lo! < 2 * span.n
      ? db.prepare(`SELECT ${columns} FROM applications WHERE id BETWEEN ? AND ? AND +call_id = ?`).raw().all(span.lo, span.hi, callId)
      : db.prepare(`SELECT ${columns} FROM applications WHERE call_id = ?`).raw().all(callId)
  ) as [number, string, string, string | null, string, number, number | null, string | null][];
  const out: Application[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    out[i] = {
      id: r[0],
      callId,
      ref: r[1],
      applicant: r[2],
      orgNumber: r[3],
      title: r[4],
      partners: NO_PARTNERS,
      requested: r[5],
      projectBudget: r[6],
      summary: '',
      contactName: null,
      contactEmail: null,
      submitted: r[7],
      extra: NO_EXTRA,
    };
  }
  return out.sort((a, b) => byCodePoint(a.ref, b.ref));
}

/**
 * Text in code point order: the order of SQLite's ORDER BY (UTF-8 bytes), which `<` (UTF-16
 * units) differs from only where a character above U+FFFF meets one from U+E000 to U+FFFF.
 */
function byCodePoint(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === a.length || i === b.length) return a.length - b.length;
  return a.codePointAt(i)! - b.codePointAt(i)!;
}
// not loaded, so shared: nobody may add to them
const NO_PARTNERS = Object.freeze([]) as unknown as string[];
const NO_EXTRA = Object.freeze({}) as Record<string, string>;

export function getApplication(db: DB, callId: number, ref: string): Application {
  const r = db.prepare('SELECT * FROM applications WHERE call_id = ? AND ref = ?').get(callId, ref) as ApplicationRow | undefined;
  if (!r) {
    const near = nearRefs(db, callId, ref);
    throw new NotFoundError(near.length ? 'application.not_found_near' : 'application.not_found', { ref, near: near.join(', ') });
  }
  return toApplication(r);
}

/** Case numbers that contain what was typed, else those within two edits of it (a typo). */
function nearRefs(db: DB, callId: number, ref: string): string[] {
  const containing = db.prepare(`SELECT ref FROM applications WHERE call_id = ? AND instr(lower(ref), lower(?)) > 0 ORDER BY ref LIMIT 5`).pluck().all(callId, ref) as string[];
  if (containing.length) return containing;
  const all = db.prepare('SELECT ref FROM applications WHERE call_id = ?').pluck().all(callId) as string[];
  return all
    .map((r) => ({ r, d: editDistance(r.toLowerCase(), ref.toLowerCase()) }))
    .filter((x) => x.d <= 2)
    .sort((a, b) => a.d - b.d || (a.r < b.r ? -1 : 1))
    .slice(0, 5)
    .map((x) => x.r);
}

