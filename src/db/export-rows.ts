/**
 * The rows an export reads, one at a time: applications with their decision, by id or
 * streamed in ref order with `.iterate()`, so an export of a million applications never
 * holds them all. Plain functions over the database handle; the export service orders them.
 */
import type { Application, DecisionStatus, Score } from '../core/types.js';
import { type ApplicationRow, toApplication } from './applications.js';
import type { DB } from './open.js';

/** The stored decision of an application as an export shows it. */
export interface ExportDecision {
  tier: string | null;
  granted: number;
  status: DecisionStatus;
  reason: string;
  manual: boolean;
  note: string | null;
  decidedAt: string;
}

export interface ExportApplication {
  application: Application;
  decision: ExportDecision | null;
}

type JoinedRow = ApplicationRow & {
  d_id: number | null;
  d_tier: string | null;
  d_granted: number;
  d_status: DecisionStatus;
  d_reason: string;
  d_manual: number;
  d_note: string | null;
  d_decided_at: string;
};

const JOINED = `SELECT a.*, d.id AS d_id, d.tier AS d_tier, d.granted AS d_granted, d.status AS d_status, d.reason AS d_reason,
  d.manual AS d_manual, d.note AS d_note, d.decided_at AS d_decided_at
  FROM applications a LEFT JOIN decisions d ON d.application_id = a.id`;

const UNSCORED = 'NOT EXISTS (SELECT 1 FROM scores s WHERE s.application_id = a.id)';

function toExport(r: JoinedRow): ExportApplication {
  return {
    application: toApplication(r),
    decision:
      r.d_id === null
        ? null
        : { tier: r.d_tier, granted: r.d_granted, status: r.d_status, reason: r.d_reason, manual: r.d_manual === 1, note: r.d_note, decidedAt: r.d_decided_at },
  };
}

/**
 * Begin a read transaction: every query until the returned function is called sees one
 * snapshot of the database (WAL: writers go on meanwhile). Nested in a transaction: a no-op.
 */
export function beginReadSnapshot(db: DB): () => void {
  if (db.inTransaction) return () => {};
  db.exec('BEGIN');
  return () => {
    try {
      if (db.inTransaction) db.exec('COMMIT');
    } catch {
      // nothing was written in it; closing the connection ends it either way
    }
  };
}

/** One application of the call with its decision, by id (prepared once). */
export function exportApplicationById(db: DB, callId: number): (id: number) => ExportApplication {
  const stmt = db.prepare(`${JOINED} WHERE a.id = ? AND a.call_id = ?`);
  return (id) => {
    const r = stmt.get(id, callId) as JoinedRow | undefined;
    if (!r) throw new Error(`export: application ${id} is not in call ${callId}`);
    return toExport(r);
  };
}

/** The `extra` column (unknown CSV columns, JSON) of one application, by id. */
export function exportExtraById(db: DB): (id: number) => string {
  const stmt = db.prepare('SELECT extra FROM applications WHERE id = ?').pluck();
  return (id) => stmt.get(id) as string;
}

/**
 * The applications of the call that have no score row at all, in ref order (SQLite's, by
 * code point), streamed. Without scores an application cannot be ranked: these follow the
 * ranked ones, and need nothing from the others to be shown.
 */
export function* iterateUnscoredApplications(db: DB, callId: number): Generator<ExportApplication> {
  for (const r of db.prepare(`${JOINED} WHERE a.call_id = ? AND ${UNSCORED} ORDER BY a.ref, a.id`).iterate(callId)) yield toExport(r as JoinedRow);
}

/** The `extra` column of the same rows, in the same order, with what places them. */
export function* iterateUnscoredExtras(db: DB, callId: number): Generator<{ id: number; ref: string; extra: string }> {
  const stmt = db.prepare(`SELECT a.id, a.ref, a.extra FROM applications a WHERE a.call_id = ? AND ${UNSCORED} ORDER BY a.ref, a.id`).raw();
  for (const [id, ref, extra] of stmt.iterate(callId) as IterableIterator<[number, string, string]>) yield { id, ref, extra };
}

/** Ids and refs of the applications without scores (for an order SQLite cannot give). */
export function unscoredRefs(db: DB, callId: number): { id: number; ref: string }[] {
  return db.prepare(`SELECT a.id, a.ref FROM applications a WHERE a.call_id = ? AND ${UNSCORED}`).all(callId) as { id: number; ref: string }[];
}

/**
 * Whether SQLite's ref order (code points) is the ranking's (UTF-16 units) for this call:
 * they differ only where a character from U+E000 up meets one above U+FFFF.
 */
export function refOrderIsPlain(db: DB, callId: number): boolean {
  return db.prepare(`SELECT NOT EXISTS (SELECT 1 FROM applications WHERE call_id = ? AND ref GLOB ?)`).pluck().get(callId, '*[\uE000-\u{10FFFF}]*') === 1;
}

/** The applications of the call with at least one score row, without their long texts: what ranking reads. */
export function scoredApplicationsBrief(db: DB, callId: number): Pick<Application, 'id' | 'ref' | 'requested' | 'submitted'>[] {
  return db
    .prepare(`SELECT a.id, a.ref, a.requested, a.submitted FROM applications a WHERE a.call_id = ? AND NOT ${UNSCORED} ORDER BY a.id`)
    .all(callId) as Pick<Application, 'id' | 'ref' | 'requested' | 'submitted'>[];
}

/** The scores of one application, comments included, by evaluator and criterion (prepared once). */
export function scoresOfApplication(db: DB): (applicationId: number) => Score[] {
  const stmt = db.prepare(
    'SELECT evaluator_id AS evaluatorId, application_id AS applicationId, criterion, value, comment FROM scores WHERE application_id = ? ORDER BY evaluator_id, criterion',
  );
  return (id) => stmt.all(id) as Score[];
}

/** Sums over the whole call, for the totals an export starts with. */
export interface ExportTotals {
  applications: number;
  requested: number;
  decisions: number;
  /** the newest decision's time */
  decidedAt: string | null;
  /** per tier key: what was granted (granted > 0) and to how many */
  tiers: Map<string, { granted: number; funded: number }>;
}

export function exportTotals(db: DB, callId: number): ExportTotals {
  const a = db.prepare('SELECT count(*) AS n, coalesce(sum(requested), 0) AS requested FROM applications WHERE call_id = ?').get(callId) as { n: number; requested: number };
  const d = db
    .prepare('SELECT count(*) AS n, max(d.decided_at) AS at FROM decisions d JOIN applications a ON a.id = d.application_id WHERE a.call_id = ?')
    .get(callId) as { n: number; at: string | null };
  const tiers = db
    .prepare(
      `SELECT d.tier, sum(d.granted) AS granted, count(*) AS funded FROM decisions d JOIN applications a ON a.id = d.application_id
       WHERE a.call_id = ? AND d.granted > 0 AND d.tier IS NOT NULL GROUP BY d.tier`,
    )
    .all(callId) as { tier: string; granted: number; funded: number }[];
  return { applications: a.n, requested: a.requested, decisions: d.n, decidedAt: d.at, tiers: new Map(tiers.map((t) => [t.tier, { granted: t.granted, funded: t.funded }])) };
}

/** Every evaluator's name by id (a handful of people). */
export function evaluatorNamesById(db: DB): Map<number, string> {
  return new Map((db.prepare('SELECT id, name FROM evaluators').raw().all() as [number, string][]).map(([id, name]) => [id, name]));
}

/** The conflicts (*inhabilitet*) of the call's applications, with their reasons, in the order stored. */
export function conflictReasonsOfCall(db: DB, callId: number): { evaluatorId: number; applicationId: number; reason: string }[] {
  return db
    .prepare(`SELECT c.evaluator_id AS evaluatorId, c.application_id AS applicationId, c.reason FROM conflicts c JOIN applications ap ON ap.id = c.application_id WHERE ap.call_id = ?`)
    .all(callId) as { evaluatorId: number; applicationId: number; reason: string }[];
}

/** The evaluators taking part in the call: anyone with a score or a conflict in it, by name. */
export function panelOfCall(db: DB, callId: number): { id: number; name: string; email: string | null }[] {
  return db
    .prepare(
      `SELECT e.id, e.name, e.email FROM evaluators e
       WHERE EXISTS (SELECT 1 FROM scores s JOIN applications a ON a.id = s.application_id WHERE s.evaluator_id = e.id AND a.call_id = @call)
          OR EXISTS (SELECT 1 FROM conflicts c JOIN applications a ON a.id = c.application_id WHERE c.evaluator_id = e.id AND a.call_id = @call)
       ORDER BY e.name COLLATE NOCASE`,
    )
    .all({ call: callId }) as { id: number; name: string; email: string | null }[];
}

/**
 * Two refs among the applications with one of these decision statuses that are the same
 * once every `/` is read as `-`, if there are any (the first pair, in ref order).
 */
export function slashDashClash(db: DB, callId: number, statuses: readonly string[]): { ref: string; other: string } | null {
  const r = db
    .prepare(
      `SELECT min(a.ref) AS other, max(a.ref) AS ref FROM applications a JOIN decisions d ON d.application_id = a.id
       WHERE a.call_id = ? AND d.status IN (SELECT value FROM json_each(?))
       GROUP BY replace(a.ref, '/', '-') HAVING count(*) > 1 ORDER BY 1 LIMIT 1`,
    )
    .get(callId, JSON.stringify(statuses)) as { ref: string; other: string } | undefined;
  return r ?? null;
}
