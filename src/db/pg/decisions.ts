/**
 * Decisions (*vedtak*) and the allocation runs that made them, on PostgreSQL: the same rules as
 * ../decisions.ts. A run's decisions (up to 10 000+) go in with a handful of statements, the
 * rows passed as arrays and unnested, not a round trip per decision. The other repositories
 * of the decision's neighbourhood are in the modules re-exported at the end.
 */
import type { BudgetOverrides } from '../../core/allocate.js';
import type { AidFigures } from '../../core/state-aid.js';
import type { DecisionStatus } from '../../core/types.js';
import type { DecisionStore, RunDecision, RunStore, StoredDecision, StoredRun } from '../store.js';
import type { Q } from './q.js';
import { applicationInputsChanged, changedSinceRun, inputsSeen, laterDeMinimisCallsChanged } from './staleness.js';

export { pgAudit } from './audit.js';
export { pgLetters } from './letters.js';
export { pgAid } from './state-aid.js';
export { pgOffers } from './offers.js';
export { pgAppeals } from './appeals.js';

const DECISION_COLUMNS = `a.id AS "applicationId", a.ref, d.tier, d.granted, d.status, d.reason, d.manual, d.note, d.run_id AS "runId", d.decided_by AS "decidedBy", d.decided_at AS "decidedAt",
  d.rank, d.score, d.offered_on AS "offeredOn", d.aid`;

type DecisionRow = Omit<StoredDecision, 'aid'> & { aid: string | null };
const withAid = (r: DecisionRow): StoredDecision => ({ ...r, aid: r.aid === null ? null : (JSON.parse(r.aid) as AidFigures) });

type ManualRow = { applicationId: number; tier: string | null; granted: number; status: DecisionStatus; note: string | null };

const callOf = async (q: Q, applicationId: number): Promise<number> => (await q.value<number>('SELECT call_id FROM applications WHERE id = $1', [applicationId]))!;

export function pgDecisions(q: Q): DecisionStore {
  return {
    // by ref: the order SQLite's plan gives (it walks the call's applications by their (call_id, ref) index)
    ofCall: async (callId) =>
      (await q.rows<DecisionRow>(`SELECT ${DECISION_COLUMNS} FROM decisions d JOIN applications a ON a.id = d.application_id WHERE a.call_id = $1 ORDER BY a.ref`, [callId])).map(withAid),

    of: async (applicationId) => {
      const r = await q.one<DecisionRow>(`SELECT ${DECISION_COLUMNS} FROM decisions d JOIN applications a ON a.id = d.application_id WHERE d.application_id = $1`, [applicationId]);
      return r && withAid(r);
    },

    manualOfCall: async (callId) =>
      q.rows<ManualRow>(
        `SELECT d.application_id AS "applicationId", d.tier, d.granted, d.status, d.note FROM decisions d
          JOIN applications a ON a.id = d.application_id WHERE a.call_id = $1 AND d.manual = 1 ORDER BY a.ref`,
        [callId],
      ),

    manualGranted: async (callId, tier, except) =>
      (await q.value<number>(
        'SELECT coalesce(sum(d.granted), 0) FROM decisions d JOIN applications a ON a.id = d.application_id WHERE a.call_id = $1 AND d.manual = 1 AND d.tier = $2 AND d.application_id <> $3',
        [callId, tier, except],
      ))!,

    storeRun: (callId, runId, decisions, actor, at, day) => storeRun(q, callId, runId, decisions, actor, at, day ?? at.slice(0, 10)),

    /** A manual decision (locked against the allocator) is an input of the allocation. */
    setManual: async (applicationId, d) => {
      await q.run('DELETE FROM decisions WHERE application_id = $1', [applicationId]);
      await q.run(
        `INSERT INTO decisions (application_id, tier, granted, status, reason, manual, note, run_id, decided_by, decided_at) VALUES ($1, $2, $3, $4, 'manual', 1, $5, NULL, $6, $7)`,
        [applicationId, d.tier, d.granted, d.status, d.note, d.actor, d.at],
      );
      await applicationInputsChanged(q, applicationId);
      await laterDeMinimisCallsChanged(q, await callOf(q, applicationId));
    },

    remove: async (applicationId) => {
      const gone = await q.one<{ manual: number; granted: number }>('DELETE FROM decisions WHERE application_id = $1 RETURNING manual, granted', [applicationId]);
      // an automatic decision is the allocator's output; a manual one was an input
      if (gone?.manual === 1) await applicationInputsChanged(q, applicationId);
      // a grant gone is one a later de minimis call no longer counts
      if (gone?.granted) await laterDeMinimisCallsChanged(q, await callOf(q, applicationId));
    },
  };
}

/**
 * A run's decisions replace the automatic ones; the allocator's own output changes no input.
 * What the call had is read once and compared here, by the rules of ../decisions.ts; then one
 * delete, one insert of the automatic decisions and one update of the manual ones.
 */
async function storeRun(q: Q, callId: number, runId: number, decisions: readonly RunDecision[], actor: string, at: string, day: string): Promise<void> {
  const had = await q.rows<{ id: number; manual: number; tier: string | null; granted: number; offered_on: string | null }>(
    'SELECT d.application_id AS id, d.manual, d.tier, d.granted, d.offered_on FROM decisions d JOIN applications a ON a.id = d.application_id WHERE a.call_id = $1',
    [callId],
  );
  // …but its grants are an input of later de minimis calls (the ceiling counts them): note a change
  const before = new Map(had.filter((r) => r.manual === 0).map((r) => [r.id, r.granted]));
  let grantsChanged = before.size !== decisions.filter((d) => !d.manual).length;
  for (const d of decisions) if (!d.manual && before.get(d.applicationId) !== d.granted) grantsChanged = true;
  if (grantsChanged) await laterDeMinimisCallsChanged(q, callId);
  // a grant offered before at the same tier and amount keeps the day it was first offered
  const offered = new Map(had.filter((r) => r.offered_on !== null).map((r) => [r.id, { tier: r.tier, granted: r.granted, on: r.offered_on! }]));
  const offeredOn = (d: RunDecision): string | null => {
    if (d.granted <= 0) return null;
    const o = offered.get(d.applicationId);
    return o && o.tier === d.tier && o.granted === d.granted ? o.on : day;
  };
  await q.run('DELETE FROM decisions WHERE manual = 0 AND application_id IN (SELECT id FROM applications WHERE call_id = $1)', [callId]);

  const auto = decisions.filter((d) => !d.manual);
  if (auto.length) {
    await q.run(
      // ids given here, from one look at the highest (the row trigger's look per row would walk past
      // the index entries of the decisions just deleted, every time: quadratic in a call's size)
      `INSERT INTO decisions (id, application_id, tier, granted, status, reason, manual, note, run_id, decided_by, decided_at, rank, score, offered_on, aid)
       SELECT (SELECT coalesce(max(id), 0) FROM decisions) + u.n, u.application_id, u.tier, u.granted, u.status, u.reason, 0, NULL, $1, $2, $3, u.rank, u.score, u.offered_on, u.aid
         FROM unnest($4::bigint[], $5::text[], $6::bigint[], $7::text[], $8::text[], $9::integer[], $10::text[], $11::text[], $12::text[])
              WITH ORDINALITY AS u(application_id, tier, granted, status, reason, rank, score, offered_on, aid, n)
        ORDER BY u.n`,
      [
        runId,
        actor,
        at,
        auto.map((d) => d.applicationId),
        auto.map((d) => d.tier),
        auto.map((d) => d.granted),
        auto.map((d) => d.status),
        auto.map((d) => d.reason),
        auto.map((d) => d.rank),
        auto.map((d) => d.score),
        auto.map(offeredOn),
        auto.map((d) => (d.aid ? JSON.stringify(d.aid) : null)),
      ],
    );
  }

  // a manual decision keeps its amount; the run records the rank and result it stood at (one
  // listed twice: the last one, as SQLite's updates one after the other leave it)
  const manual = [...new Map(decisions.filter((d) => d.manual).map((d) => [d.applicationId, d])).values()];
  if (manual.length) {
    await q.run(
      `UPDATE decisions d SET rank = u.rank, score = u.score, offered_on = u.offered_on
         FROM unnest($1::bigint[], $2::integer[], $3::text[], $4::text[]) AS u(application_id, rank, score, offered_on)
        WHERE d.application_id = u.application_id AND d.manual = 1`,
      [manual.map((d) => d.applicationId), manual.map((d) => d.rank), manual.map((d) => d.score), manual.map(offeredOn)],
    );
  }
}

export function pgRuns(q: Q): RunStore {
  return {
    insert: async (r) =>
      (await q.value<number>('INSERT INTO allocation_runs (call_id, inputs_hash, overrides, version, actor, created_at, inputs_seen) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id', [
        r.callId,
        r.hash,
        JSON.stringify(r.overrides),
        r.version,
        r.actor,
        r.at,
        await inputsSeen(q, r.callId),
      ]))!,

    latest: async (callId) => {
      const r = await q.one<Omit<StoredRun, 'overrides'> & { overrides: string }>(
        'SELECT id, inputs_hash AS hash, overrides, created_at AS at, actor FROM allocation_runs WHERE call_id = $1 ORDER BY id DESC LIMIT 1',
        [callId],
      );
      return r ? { ...r, overrides: JSON.parse(r.overrides) as BudgetOverrides } : null;
    },

    changedSince: (callId, runId) => changedSinceRun(q, callId, runId),
  };
}
