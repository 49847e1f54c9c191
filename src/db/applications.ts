/** Applications (*søknader*) in the database. */
import type { Application } from '../core/types.js';
import { NotFoundError } from '../core/errors.js';
import { editDistance } from '../core/similar.js';
import type { DB } from './open.js';
import { ImportRefs } from './import-refs.js';
import { applicationInputsChanged, inputsChanged } from './staleness.js';
import { stmt } from './statements.js';
import type { ApplicationImport, ImportedRow } from './store.js';

import type { ApplicationInput, RowValues } from '../core/application-row.js';

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
  prior_de_minimis: number | null;
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
  priorDeMinimis: r.prior_de_minimis,
});
export type { ApplicationInput } from '../core/application-row.js';

/** The statements of a bulk import. */
function applicationWriter(db: DB, callId: number) {
  // positional parameters: binding by name costs a lookup per column, per row of a 100 000-row import
  const insert = stmt(
    db,
    `INSERT INTO applications (call_id, ref, applicant, org_number, title, partners, requested, project_budget, summary, contact_name, contact_email, submitted, extra, prior_de_minimis, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (call_id, ref) DO NOTHING`,
  );
  const update = stmt(
    db,
    `UPDATE applications SET applicant = @applicant, org_number = @orgNumber, title = @title, partners = @partners, requested = @requested,
       project_budget = @projectBudget, summary = @summary, contact_name = @contactName, contact_email = @contactEmail, submitted = @submitted,
       extra = @extra, prior_de_minimis = @priorDeMinimis, updated_at = @at WHERE id = @id`,
  );
  const byRef = stmt(db, 'SELECT * FROM applications WHERE call_id = ? AND ref = ?');
  const idByRef = stmt(db, 'SELECT id FROM applications WHERE call_id = ? AND ref = ?', 'pluck');
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
    priorDeMinimis: a.priorDeMinimis,
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
      const info = insert.run(callId, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], at, at);
      return info.changes === 0 ? null : Number(info.lastInsertRowid);
    },
    update: (id: number, a: ApplicationInput, at: string) => update.run({ ...params(a, at), id }),
  };
}

const ADDED: ImportedRow = Object.freeze({ added: true, firstLine: null, existing: undefined });
const NOTHING: ImportedRow = Object.freeze({ added: false, firstLine: null, existing: undefined });

/**
 * The write side of an import (see store.ts, ApplicationImport). New rows are written as
 * they come, even in a dry run or once the file has a problem (the transaction is rolled
 * back then): the call's unique index on (call, ref) is what finds the next row with a
 * ref met before. Rows not written are noted on the side (import-refs.ts).
 */
export function applicationImport(db: DB, callId: number, at: string): ApplicationImport & { rowsNow(batch: Parameters<ApplicationImport['rows']>[0]): ImportedRow[] } {
  const writer = applicationWriter(db, callId);
  const refs = new ImportRefs(db);
  // A ref already in the call: only possible when the call had applications before this import
  // (the usual first import never looks). Rows above lastIdBefore are this import's own.
  const callHadApplications = stmt(db, 'SELECT 1 FROM applications WHERE call_id = ? LIMIT 1', 'pluck').get(callId) !== undefined;
  const lastIdBefore = stmt(db, 'SELECT coalesce(max(id), 0) FROM applications', 'pluck').get() as number;
  const before = stmt(db, 'SELECT requested, submitted, org_number, prior_de_minimis FROM applications WHERE id = ?');
  let counted = false;
  const row = (line: number, ref: string, values: RowValues | null): ImportedRow => {
    if (ref === '') return NOTHING; // a row without a ref has that problem already
    const found = callHadApplications ? writer.find(ref) : undefined;
    const existing = found && found.id <= lastIdBefore ? found : undefined;
    // the line this ref was first met on in the file, when it was met before
    let firstLine: number | null = refs.unwrittenLine(ref);
    let added = false;
    // (an application already in the call is never inserted: an update at most)
    if (!existing) {
      if (found) {
        firstLine = earliest(firstLine, refs.lineOfInserted(found.id));
      } else if (values !== null && firstLine === null) {
        const id = writer.insertNew(values, at);
        if (id === null) firstLine = refs.lineOfInserted(writer.idOf(ref)!);
        else {
          refs.inserted(id, line);
          added = true;
          if (!counted) inputsChanged(db, callId);
          counted = true;
        }
      } else if (!callHadApplications) {
        const id = writer.idOf(ref);
        if (id !== undefined) firstLine = earliest(firstLine, refs.lineOfInserted(id));
      }
    }
    // a row not written is noted on the side, unless an earlier row with its ref can be found already
    if ((existing || values === null) && firstLine === null) refs.noteUnwritten(ref, line);
    if (added) return ADDED;
    if (firstLine === null && existing === undefined) return NOTHING;
    return { added, firstLine, existing };
  };
  const rowsNow = (batch: Parameters<ApplicationImport['rows']>[0]) => {
    const out: ImportedRow[] = new Array(batch.length);
    for (let i = 0; i < batch.length; i++) out[i] = row(batch[i].line, batch[i].ref, batch[i].values);
    return out;
  };
  return {
    rowsNow,
    rows: async (batch) => rowsNow(batch),
    update: async (id, input) => {
      const old = before.get(id) as { requested: number; submitted: string | null; org_number: string | null; prior_de_minimis: number | null };
      writer.update(id, input, at);
      // the undertaking and its declared aid decide the de minimis headroom
      const aidChanged = old.org_number !== input.orgNumber || old.prior_de_minimis !== input.priorDeMinimis;
      if (old.requested !== input.requested || old.submitted !== input.submitted || aidChanged) applicationInputsChanged(db, id);
    },
    close: async () => refs.close(),
  };
}

const earliest = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.min(a, b));

/** id and ref of every application of a call. */
export function applicationRefs(db: DB, callId: number): { id: number; ref: string }[] {
  return stmt(db, 'SELECT id, ref FROM applications WHERE call_id = ?').all(callId) as { id: number; ref: string }[];
}

export function listApplications(db: DB, callId: number): Application[] {
  return (stmt(db, 'SELECT * FROM applications WHERE call_id = ? ORDER BY ref').all(callId) as ApplicationRow[]).map(toApplication);
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
  const span = stmt(db, 'SELECT min(id) AS lo, max(id) AS hi, count(*) AS n FROM applications WHERE call_id = ?').get(callId) as { lo: number | null; hi: number | null; n: number };
  if (span.n === 0) return [];
  const columns = 'id, ref, applicant, org_number, title, requested, project_budget, submitted, prior_de_minimis';
  // `+call_id`: not a condition for the index, so SQLite walks the id range instead
  const rows = (
    span.hi! - span.lo! < 2 * span.n
      ? stmt(db, `SELECT ${columns} FROM applications WHERE id BETWEEN ? AND ? AND +call_id = ?`, 'raw').all(span.lo, span.hi, callId)
      : stmt(db, `SELECT ${columns} FROM applications WHERE call_id = ?`, 'raw').all(callId)
  ) as [number, string, string, string | null, string, number, number | null, string | null, number | null][];
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
      priorDeMinimis: r[8],
    };
  }
  return out.sort((a, b) => byCodePoint(a.ref, b.ref));
}

/**
 * Text in code point order: the order of SQLite's ORDER BY (UTF-8 bytes), which `<` (UTF-16
 * units) differs from only where a character above U+FFFF meets one from U+E000 to U+FFFF.
 */
export function byCodePoint(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === a.length || i === b.length) return a.length - b.length;
  return a.codePointAt(i)! - b.codePointAt(i)!;
}
// not loaded, so shared: nobody may add to them
export const NO_PARTNERS = Object.freeze([]) as unknown as string[];
export const NO_EXTRA = Object.freeze({}) as Record<string, string>;

export function getApplication(db: DB, callId: number, ref: string): Application {
  const r = stmt(db, 'SELECT * FROM applications WHERE call_id = ? AND ref = ?').get(callId, ref) as ApplicationRow | undefined;
  if (!r) {
    const near = nearRefs(db, callId, ref);
    throw new NotFoundError(near.length ? 'application.not_found_near' : 'application.not_found', { ref, near: near.join(', ') });
  }
  return toApplication(r);
}

/** Case numbers that contain what was typed, else those within two edits of it (a typo). */
function nearRefs(db: DB, callId: number, ref: string): string[] {
  const containing = stmt(db, `SELECT ref FROM applications WHERE call_id = ? AND instr(lower(ref), lower(?)) > 0 ORDER BY ref LIMIT 5`, 'pluck').all(callId, ref) as string[];
  if (containing.length) return containing;
  const all = stmt(db, 'SELECT ref FROM applications WHERE call_id = ?', 'pluck').all(callId) as string[];
  return all
    .map((r) => ({ r, d: editDistance(r.toLowerCase(), ref.toLowerCase()) }))
    .filter((x) => x.d <= 2)
    .sort((a, b) => a.d - b.d || (a.r < b.r ? -1 : 1))
    .slice(0, 5)
    .map((x) => x.r);
}

