/**
 * Applications (*søknader*) on PostgreSQL: as ../applications.ts, with the import's duplicate
 * finding (../import-refs.ts, ../ref-log.ts) and an application's standing (../case.ts).
 *
 * An import writes a batch in one statement, not a row at a time: each row is decided in memory
 * first (what SQLite's unique index and temporary table find, one row after another), and the new
 * rows go in together. A round trip to the server costs what SQLite spends on a hundred rows.
 */
import type { ApplicationInput, RowValues } from '../../core/application-row.js';
import { NotFoundError } from '../../core/errors.js';
import { editDistance } from '../../core/similar.js';
import type { Application, ApplicationStanding } from '../../core/types.js';
import { type ApplicationRow, NO_EXTRA, NO_PARTNERS, byCodePoint, toApplication } from '../applications.js';
import type { ApplicationImport, ApplicationStore, ImportedRow } from '../store.js';
import type { Q } from './q.js';
import { applicationInputsChanged, inputsChanged } from './staleness.js';

const ADDED: ImportedRow = Object.freeze({ added: true, firstLine: null, existing: undefined });
const NOTHING: ImportedRow = Object.freeze({ added: false, firstLine: null, existing: undefined });

/**
 * A batch of new rows in one statement: a column of values per array, in the rows' order (so ids
 * follow the file, as SQLite's do). A ref the call has already is left out (and not returned).
 * The ids are given here, the highest there is + 1, + 2, …, from one look at it: the schema's row
 * trigger would look once per row. (Only a row refused for another writer's ref in the same
 * transaction leaves a gap, where SQLite leaves none; one import per command never meets it.)
 */
const INSERT_BATCH = `INSERT INTO applications (id, call_id, ref, applicant, org_number, title, partners, requested, project_budget, summary, contact_name, contact_email, submitted, extra, prior_de_minimis, created_at, updated_at)
  SELECT (SELECT coalesce(max(id), 0) FROM applications) + n, $1, r, ap, o, t, p, rq, pb, s, cn, ce, sb, x, pd, $2, $2
    FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::bigint[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::bigint[])
         WITH ORDINALITY AS u(r, ap, o, t, p, rq, pb, s, cn, ce, sb, x, pd, n)
   ORDER BY n
  ON CONFLICT (call_id, ref) DO NOTHING RETURNING ref`;

/**
 * `--update`: the new fields, and the old ones that decide whether an allocation input changed
 * (the self-join reads the row as it was before the statement).
 */
const UPDATE = `UPDATE applications a SET applicant = $2, org_number = $3, title = $4, partners = $5, requested = $6, project_budget = $7, summary = $8,
       contact_name = $9, contact_email = $10, submitted = $11, extra = $12, prior_de_minimis = $13, updated_at = $14
  FROM (SELECT requested, submitted, org_number, prior_de_minimis FROM applications WHERE id = $1) old
 WHERE a.id = $1 RETURNING old.requested, old.submitted, old.org_number, old.prior_de_minimis`;

/**
 * The write side of an import (see ../store.ts, ApplicationImport), deciding each row as
 * ../applications.ts applicationImport does. What the file met is kept in memory, by ref: the
 * line each row this import inserted is on, and the first line of each ref met in a row that was
 * not written (it had a problem of its own, or the call had the application already).
 */
function applicationImport(q: Q, callId: number, at: string, callHadApplications: boolean, lastIdBefore: number): ApplicationImport {
  const inserted = new Map<string, number>();
  const unwritten = new Map<string, number>();
  // refs another writer put in the call during this import (found when an insert of one is refused):
  // never this import's, never one the call had before
  const foreign = new Set<string>();
  let counted = false;

  const rows = async (batch: Parameters<ApplicationImport['rows']>[0]): Promise<ImportedRow[]> => {
    // a ref already in the call: only possible when the call had applications before this import
    // (the usual first import never looks); rows above lastIdBefore are this import's own
    let had: Map<string, ApplicationRow> | undefined;
    if (callHadApplications) {
      const refs: string[] = [];
      for (const r of batch) if (r.ref !== '') refs.push(r.ref);
      had = new Map();
      if (refs.length) {
        const found = await q.rows<ApplicationRow>('SELECT * FROM applications WHERE call_id = $1 AND ref = ANY($2::text[]) AND id <= $3', [callId, refs, lastIdBefore]);
        for (const r of found) if (!inserted.has(r.ref)) had.set(r.ref, r);
      }
    }
    const planned: number[] = [];
    const decide = (i: number): ImportedRow => {
      const { line, ref, values } = batch[i];
      if (ref === '') return NOTHING; // a row without a ref has that problem already
      const found = had?.get(ref);
      const existing = found ? toApplication(found) : undefined;
      // the line this ref was first met on in the file, when it was met before
      let firstLine: number | null = unwritten.get(ref) ?? null;
      let added = false;
      // (an application already in the call is never inserted: an update at most)
      if (!existing) {
        const mine = inserted.get(ref);
        if (mine !== undefined) firstLine = earliest(firstLine, mine);
        else if (values !== null && firstLine === null && !foreign.has(ref)) {
          inserted.set(ref, line);
          planned.push(i);
          added = true;
        }
      }
      // a row not written is noted, unless an earlier row with its ref is known already
      if ((existing || values === null) && firstLine === null) unwritten.set(ref, line);
      if (added) return ADDED;
      if (firstLine === null && existing === undefined) return NOTHING;
      return { added, firstLine, existing };
    };
    const out: ImportedRow[] = new Array(batch.length);
    for (let i = 0; i < batch.length; i++) out[i] = decide(i);
    if (planned.length === 0) return out;

    const columns: unknown[][] = Array.from({ length: 13 }, () => new Array(planned.length));
    for (let k = 0; k < planned.length; k++) {
      const v = batch[planned[k]].values as RowValues;
      for (let c = 0; c < 13; c++) columns[c][k] = v[c];
    }
    const written = await q.column<string>(INSERT_BATCH, [callId, at, ...columns]);
    if (written.length > 0 && !counted) {
      await inputsChanged(q, callId);
      counted = true;
    }
    if (written.length < planned.length) {
      // refused: another writer's row has the ref (SQLite's insert finds it the same way). Those
      // refs' rows are decided again knowing it; no other row depends on them.
      const back = new Set(written);
      const lost = new Set<string>();
      for (const i of planned) if (!back.has(batch[i].ref)) lost.add(batch[i].ref);
      for (const ref of lost) {
        inserted.delete(ref);
        foreign.add(ref);
      }
      for (let i = 0; i < batch.length; i++) if (lost.has(batch[i].ref)) out[i] = decide(i);
    }
    return out;
  };

  return {
    rows,
    update: async (id: number, a: ApplicationInput) => {
      const old = await q.one<{ requested: number; submitted: string | null; org_number: string | null; prior_de_minimis: number | null }>(UPDATE, [
        id,
        a.applicant,
        a.orgNumber,
        a.title,
        JSON.stringify(a.partners),
        a.requested,
        a.projectBudget,
        a.summary,
        a.contactName,
        a.contactEmail,
        a.submitted,
        JSON.stringify(a.extra),
        a.priorDeMinimis,
        at,
      ]);
      if (!old) throw new Error(`store: no application ${id}`);
      // the undertaking and its declared aid decide the de minimis headroom
      const aidChanged = old.org_number !== a.orgNumber || old.prior_de_minimis !== a.priorDeMinimis;
      if (old.requested !== a.requested || old.submitted !== a.submitted || aidChanged) await applicationInputsChanged(q, id);
    },
    close: async () => {
      inserted.clear();
      unwritten.clear();
      foreign.clear();
    },
  };
}

const earliest = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.min(a, b));

interface BriefRow {
  id: number;
  ref: string;
  applicant: string;
  org_number: string | null;
  title: string;
  requested: number;
  project_budget: number | null;
  submitted: string | null;
  prior_de_minimis: number | null;
}



/** SQLite's lower(): ASCII letters only, as its case-insensitive matching of refs is */
const asciiLower = (sql: string) => `translate(${sql}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`;

const STANDING = 'id AS "applicationId", ref, status, status_note AS note, status_by AS "by", status_at AS "at"';

export function pgApplications(q: Q): ApplicationStore {
  /** Case numbers that contain what was typed, else those within two edits of it (a typo). */
  const nearRefs = async (callId: number, ref: string): Promise<string[]> => {
    const containing = await q.column<string>(`SELECT ref FROM applications WHERE call_id = $1 AND strpos(${asciiLower('ref')}, ${asciiLower('$2::text')}) > 0 ORDER BY ref LIMIT 5`, [
      callId,
      ref,
    ]);
    if (containing.length) return containing;
    const all = await q.column<string>('SELECT ref FROM applications WHERE call_id = $1', [callId]);
    return all
      .map((r) => ({ r, d: editDistance(r.toLowerCase(), ref.toLowerCase()) }))
      .filter((x) => x.d <= 2)
      .sort((a, b) => a.d - b.d || (a.r < b.r ? -1 : 1))
      .slice(0, 5)
      .map((x) => x.r);
  };

  return {
    list: async (callId) => (await q.rows<ApplicationRow>('SELECT * FROM applications WHERE call_id = $1 ORDER BY ref', [callId])).map(toApplication),
    listBrief: async (callId) => {
      const rows = await q.rows<BriefRow>('SELECT id, ref, applicant, org_number, title, requested, project_budget, submitted, prior_de_minimis FROM applications WHERE call_id = $1', [callId]);
      const out: Application[] = new Array(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        out[i] = {
          id: r.id,
          callId,
          ref: r.ref,
          applicant: r.applicant,
          orgNumber: r.org_number,
          title: r.title,
          partners: NO_PARTNERS,
          requested: r.requested,
          projectBudget: r.project_budget,
          summary: '',
          contactName: null,
          contactEmail: null,
          submitted: r.submitted,
          extra: NO_EXTRA,
          priorDeMinimis: r.prior_de_minimis,
        };
      }
      return out.sort((a, b) => byCodePoint(a.ref, b.ref));
    },
    get: async (callId, ref) => {
      const r = await q.one<ApplicationRow>('SELECT * FROM applications WHERE call_id = $1 AND ref = $2', [callId, ref]);
      if (!r) {
        const near = await nearRefs(callId, ref);
        throw new NotFoundError(near.length ? 'application.not_found_near' : 'application.not_found', { ref, near: near.join(', ') });
      }
      return toApplication(r);
    },
    // by ref: the order SQLite's covering (call, ref) index hands them out in, which panels follow
    refs: (callId) => q.rows<{ id: number; ref: string }>('SELECT id, ref FROM applications WHERE call_id = $1 ORDER BY ref', [callId]),
    importer: async (callId, at) => {
      if (!q.inWrite) throw new Error('store: an import runs inside a transaction');
      const r = await q.one<{ had: boolean; last: number }>(
        'SELECT EXISTS (SELECT 1 FROM applications WHERE call_id = $1) AS had, (SELECT coalesce(max(id), 0) FROM applications) AS last',
        [callId],
      );
      return applicationImport(q, callId, at, r!.had, r!.last);
    },
    standing: async (applicationId) => {
      const r = await q.one<ApplicationStanding>(`SELECT ${STANDING} FROM applications WHERE id = $1`, [applicationId]);
      if (!r) throw new Error(`store: no application ${applicationId}`);
      return r;
    },
    excluded: (callId) => q.rows<ApplicationStanding>(`SELECT ${STANDING} FROM applications WHERE call_id = $1 AND status != 'active' ORDER BY ref`, [callId]),
    /** Withdrawn, ineligible or active again: the application leaves or rejoins the ranking. */
    setStanding: async (applicationId, s) => {
      const active = s.status === 'active';
      await q.run('UPDATE applications SET status = $1, status_note = $2, status_by = $3, status_at = $4, updated_at = $5 WHERE id = $6', [
        s.status,
        active ? null : s.note,
        active ? null : s.actor,
        active ? null : s.at,
        s.at,
        applicationId,
      ]);
      await applicationInputsChanged(q, applicationId);
    },
  };
}
