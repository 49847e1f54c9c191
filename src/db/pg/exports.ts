/**
 * The export repository on PostgreSQL (see `ExportStore` in store.ts), the port of
 * ../export-rows.ts: applications with their decision, by id or streamed in ref order through a
 * cursor (`q.stream`), so an export of a million applications holds only a batch at a time.
 * Where SQLite's answer has an order its plan gives without an ORDER BY (tiers, conflicts,
 * evaluators), the order is asked for here, so both stores hand back the same rows in the same
 * order.
 */
import type { Application, Score } from '../../core/types.js';
import { JOINED, type JoinedRow, UNSCORED, ofExtra, toExport } from '../export-rows.js';
import type { ExportStore, ExportTotals } from '../store.js';
import type { Q } from './q.js';

/**
 * A ref with a character from U+E000 up (SQLite's GLOB `*[\uE000-\u{10FFFF}]*`). The regex
 * escapes are read by PostgreSQL's regex engine; with `COLLATE "C"` its ranges are code points.
 */
const PAST_PRIVATE_USE = String.raw`[\uE000-\U0010FFFF]`;

/** The export queries over one connection. */
export function pgExports(q: Q): ExportStore {
  return {
    totals: async (callId) => exportTotals(q, callId),
    application: async (callId, id) => {
      const r = await q.one<JoinedRow>(`${JOINED} WHERE a.id = $1 AND a.call_id = $2`, [id, callId]);
      if (!r) throw new Error(`export: application ${id} is not in call ${callId}`);
      return toExport(r);
    },
    // (an unknown id fails in JSON.parse, as on SQLite)
    extraKeys: async (id) => ofExtra((await q.value<string>('SELECT extra FROM applications WHERE id = $1', [id]))!),
    async *unscored(callId) {
      for await (const r of q.stream<JoinedRow>(`${JOINED} WHERE a.call_id = $1 AND ${UNSCORED} ORDER BY a.ref, a.id`, [callId])) yield toExport(r);
    },
    async *unscoredExtraKeys(callId) {
      const sql = `SELECT a.id, a.ref, a.extra FROM applications a WHERE a.call_id = $1 AND ${UNSCORED} ORDER BY a.ref, a.id`;
      for await (const { id, ref, extra } of q.stream<{ id: number; ref: string; extra: string }>(sql, [callId])) yield { id, ref, keys: ofExtra(extra) };
    },
    // unordered: the caller sorts them (a sort here would be one more of a million rows)
    unscoredRefs: async (callId) => q.rows<{ id: number; ref: string }>(`SELECT a.id, a.ref FROM applications a WHERE a.call_id = $1 AND ${UNSCORED}`, [callId]),
    refOrderIsPlain: async (callId) =>
      (await q.value<boolean>(`SELECT NOT EXISTS (SELECT 1 FROM applications WHERE call_id = $1 AND ref ~ '${PAST_PRIVATE_USE}')`, [callId])) === true,
    scoredBrief: async (callId) =>
      q.rows<Pick<Application, 'id' | 'ref' | 'requested' | 'submitted'>>(
        `SELECT a.id, a.ref, a.requested, a.submitted FROM applications a WHERE a.call_id = $1 AND NOT ${UNSCORED} ORDER BY a.id`,
        [callId],
      ),
    scoresOf: async (applicationId) =>
      q.rows<Score>(
        'SELECT evaluator_id AS "evaluatorId", application_id AS "applicationId", criterion, value, comment FROM scores WHERE application_id = $1 ORDER BY evaluator_id, criterion',
        [applicationId],
      ),
    // SQLite walks its NOCASE name index; lower() under COLLATE "C" folds ASCII only, as NOCASE does
    evaluatorNames: async () => q.rows<{ id: number; name: string }>('SELECT id, name FROM evaluators ORDER BY lower(name), id'),
    // in the order declared: SQLite scans the conflicts by rowid
    conflicts: async (callId) =>
      q.rows<{ evaluatorId: number; applicationId: number; reason: string }>(
        'SELECT c.evaluator_id AS "evaluatorId", c.application_id AS "applicationId", c.reason FROM conflicts c JOIN applications ap ON ap.id = c.application_id WHERE ap.call_id = $1 ORDER BY c.id',
        [callId],
      ),
    slashDashClash: async (callId, statuses) => {
      const r = await q.one<{ ref: string; other: string }>(
        `SELECT min(a.ref) AS other, max(a.ref) AS ref FROM applications a JOIN decisions d ON d.application_id = a.id
         WHERE a.call_id = $1 AND d.status = ANY($2::text[])
         GROUP BY replace(a.ref, '/', '-') HAVING count(*) > 1 ORDER BY 1 LIMIT 1`,
        [callId, [...statuses]],
      );
      return r ?? null;
    },
  };
}

async function exportTotals(q: Q, callId: number): Promise<ExportTotals> {
  const a = (await q.one<{ n: number; requested: number }>('SELECT count(*) AS n, coalesce(sum(requested), 0) AS requested FROM applications WHERE call_id = $1', [callId]))!;
  const d = (await q.one<{ n: number; at: string | null }>(
    'SELECT count(*) AS n, max(d.decided_at) AS at FROM decisions d JOIN applications a ON a.id = d.application_id WHERE a.call_id = $1',
    [callId],
  ))!;
  // by tier: SQLite groups through a sorted b-tree, so its groups come in tier order
  const tiers = await q.rows<{ tier: string; granted: number; funded: number }>(
    `SELECT d.tier, sum(d.granted) AS granted, count(*) AS funded FROM decisions d JOIN applications a ON a.id = d.application_id
     WHERE a.call_id = $1 AND d.granted > 0 AND d.tier IS NOT NULL GROUP BY d.tier ORDER BY d.tier`,
    [callId],
  );
  return { applications: a.n, requested: a.requested, decisions: d.n, decidedAt: d.at, tiers };
}
