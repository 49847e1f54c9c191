/**
 * The export repository on SQLite (see `ExportStore` in store.ts): applications with their
 * decision, by id or streamed in ref order from a stepped statement (`.iterate()`), so an
 * export of a million applications never holds them all. Statements are prepared once per
 * connection.
 */
import type { Application, DecisionStatus, Score } from '../core/types.js';
import { type ApplicationRow, toApplication } from './applications.js';
import type { DB } from './open.js';
import { stmt, streamRows } from './statements.js';
import type { ExportApplication, ExportStore, ExportTotals } from './store.js';

/** an application row joined with its decision's columns (as both stores' export queries give it) */
export type JoinedRow = ApplicationRow & {
  d_id: number | null;
  d_tier: string | null;
  d_granted: number;
  d_status: DecisionStatus;
  d_reason: string;
  d_manual: number;
  d_note: string | null;
  d_decided_at: string;
};

/** the export's join, the same SQL on SQLite and PostgreSQL */
export const JOINED = `SELECT a.*, d.id AS d_id, d.tier AS d_tier, d.granted AS d_granted, d.status AS d_status, d.reason AS d_reason,
  d.manual AS d_manual, d.note AS d_note, d.decided_at AS d_decided_at
  FROM applications a LEFT JOIN decisions d ON d.application_id = a.id`;

export const UNSCORED = 'NOT EXISTS (SELECT 1 FROM scores s WHERE s.application_id = a.id)';

export function toExport(r: JoinedRow): ExportApplication {
  return {
    application: toApplication(r),
    decision:
      r.d_id === null
        ? null
        : { tier: r.d_tier, granted: r.d_granted, status: r.d_status, reason: r.d_reason, manual: r.d_manual === 1, note: r.d_note, decidedAt: r.d_decided_at },
  };
}

/** the keys of an application's unknown columns in their stored order, parsed in JS on both stores */
export const ofExtra = (json: string): string[] => (json === '{}' ? [] : Object.keys(JSON.parse(json) as Record<string, string>));

/** The export queries over one connection. */
export function exportRepository(db: DB): ExportStore {
  return {
    totals: async (callId) => exportTotals(db, callId),
    application: async (callId, id) => {
      const r = stmt(db, `${JOINED} WHERE a.id = ? AND a.call_id = ?`).get(id, callId) as JoinedRow | undefined;
      if (!r) throw new Error(`export: application ${id} is not in call ${callId}`);
      return toExport(r);
    },
    extraKeys: async (id) => ofExtra(stmt(db, 'SELECT extra FROM applications WHERE id = ?', 'pluck').get(id) as string),
    async *unscored(callId) {
      for await (const r of streamRows<JoinedRow>(db, stmt(db, `${JOINED} WHERE a.call_id = ? AND ${UNSCORED} ORDER BY a.ref, a.id`), callId)) yield toExport(r);
    },
    async *unscoredExtraKeys(callId) {
      const s = stmt(db, `SELECT a.id, a.ref, a.extra FROM applications a WHERE a.call_id = ? AND ${UNSCORED} ORDER BY a.ref, a.id`, 'raw');
      for await (const [id, ref, extra] of streamRows<[number, string, string]>(db, s, callId)) yield { id, ref, keys: ofExtra(extra) };
    },
    unscoredRefs: async (callId) => stmt(db, `SELECT a.id, a.ref FROM applications a WHERE a.call_id = ? AND ${UNSCORED}`).all(callId) as { id: number; ref: string }[],
    refOrderIsPlain: async (callId) =>
      stmt(db, `SELECT NOT EXISTS (SELECT 1 FROM applications WHERE call_id = ? AND ref GLOB ?)`, 'pluck').get(callId, '*[\uE000-\u{10FFFF}]*') === 1,
    scoredBrief: async (callId) =>
      stmt(db, `SELECT a.id, a.ref, a.requested, a.submitted FROM applications a WHERE a.call_id = ? AND NOT ${UNSCORED} ORDER BY a.id`).all(callId) as Pick<
        Application,
        'id' | 'ref' | 'requested' | 'submitted'
      >[],
    scoresOf: async (applicationId) =>
      stmt(
        db,
        'SELECT evaluator_id AS evaluatorId, application_id AS applicationId, criterion, value, comment FROM scores WHERE application_id = ? ORDER BY evaluator_id, criterion',
      ).all(applicationId) as Score[],
    evaluatorNames: async () => stmt(db, 'SELECT id, name FROM evaluators').all() as { id: number; name: string }[],
    conflicts: async (callId) =>
      stmt(
        db,
        'SELECT c.evaluator_id AS evaluatorId, c.application_id AS applicationId, c.reason FROM conflicts c JOIN applications ap ON ap.id = c.application_id WHERE ap.call_id = ?',
      ).all(callId) as { evaluatorId: number; applicationId: number; reason: string }[],
    slashDashClash: async (callId, statuses) => {
      const r = stmt(
        db,
        `SELECT min(a.ref) AS other, max(a.ref) AS ref FROM applications a JOIN decisions d ON d.application_id = a.id
         WHERE a.call_id = ? AND d.status IN (SELECT value FROM json_each(?))
         GROUP BY replace(a.ref, '/', '-') HAVING count(*) > 1 ORDER BY 1 LIMIT 1`,
      ).get(callId, JSON.stringify(statuses)) as { ref: string; other: string } | undefined;
      return r ?? null;
    },
  };
}

function exportTotals(db: DB, callId: number): ExportTotals {
  const a = stmt(db, 'SELECT count(*) AS n, coalesce(sum(requested), 0) AS requested FROM applications WHERE call_id = ?').get(callId) as { n: number; requested: number };
  const d = stmt(db, 'SELECT count(*) AS n, max(d.decided_at) AS at FROM decisions d JOIN applications a ON a.id = d.application_id WHERE a.call_id = ?').get(callId) as {
    n: number;
    at: string | null;
  };
  const tiers = stmt(
    db,
    `SELECT d.tier, sum(d.granted) AS granted, count(*) AS funded FROM decisions d JOIN applications a ON a.id = d.application_id
     WHERE a.call_id = ? AND d.granted > 0 AND d.tier IS NOT NULL GROUP BY d.tier`,
  ).all(callId) as { tier: string; granted: number; funded: number }[];
  return { applications: a.n, requested: a.requested, decisions: d.n, decidedAt: d.at, tiers };
}
