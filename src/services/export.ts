/**
 * The rows of an export, one at a time, in rank order (unranked ones last, by ref), with
 * the totals an export starts with. Only what ranking needs is held: the scored
 * applications' results. Applications without a single score cannot be ranked and need
 * nothing from the others, so they stream from the database in ref order; an export of a
 * million unscored applications holds a few rows at a time.
 */
import { type AggregatedApplication, aggregate } from '../core/aggregate.js';
import type { Call } from '../core/call.js';
import { compareText } from '../core/compare.js';
import { rank, type RankedApplication } from '../core/rank.js';
import type { Rational } from '../core/rational.js';
import { emptyTable } from '../core/score-table.js';
import type { Application, Score } from '../core/types.js';
import {
  type ExportApplication,
  type ExportDecision,
  beginReadSnapshot,
  conflictReasonsOfCall,
  evaluatorNamesById,
  exportApplicationById,
  exportExtraById,
  exportTotals,
  iterateUnscoredApplications,
  iterateUnscoredExtras,
  panelOfCall,
  refOrderIsPlain,
  scoredApplicationsBrief,
  scoresOfApplication,
  slashDashClash,
  unscoredRefs,
} from '../db/export-rows.js';
import { scoresForRanking } from '../db/evaluators.js';
import { changedSinceRun, latestRun } from './allocation.js';
import type { ServiceContext } from './context.js';
import type { TierTotals } from './reports.js';

export type { ExportDecision } from '../db/export-rows.js';

/** One application as an export writes it. */
export interface ExportRow {
  application: Application;
  /** 1…n, null when unranked (not every criterion answered) */
  rank: number | null;
  score: Rational | null;
  aggregate: AggregatedApplication;
  decision: ExportDecision | null;
  /** every score with its comment (only when asked for); `counted`: false for a conflicted evaluator's */
  scores: (Score & { evaluator: string | null; counted: boolean })[] | null;
  /** declared conflicts (*inhabilitet*) on it */
  conflicts: { evaluator: string; reason: string }[];
}

/** What an export is made of: totals up front, rows to walk through (each walk reads the database anew). */
export interface ExportSource {
  call: Call;
  applications: number;
  requested: number;
  granted: number;
  /** when the stored decisions were last changed */
  decidedAt: string | null;
  tiers: TierTotals[];
  /** how many applications have a stored decision */
  decisions: number;
  /** set when scores, amounts, manual decisions or the call changed after the newest run */
  stale: boolean;
  /** names of the evaluators taking part, by id */
  panelNames: Map<number, string>;
  rows(): Generator<ExportRow>;
  /** the keys of the unknown import columns, in the order the rows first show them */
  extraKeys(): string[];
  /** two refs of applications with these decision statuses that are equal once `/` is read as `-` */
  slashDashClash(statuses: readonly string[]): { ref: string; other: string } | null;
  /** end the read snapshot the source was taken in */
  close(): void;
}

/**
 * Everything an export reads, taken in one read snapshot so the totals, the ranking and the
 * rows agree even while others write. `scores`: fetch every application's scores with comments.
 */
export function exportSource(ctx: ServiceContext, call: Call, opts: { scores?: boolean } = {}): ExportSource {
  const { db } = ctx;
  const end = beginReadSnapshot(db);
  try {
    const totals = exportTotals(db, call.id);
    const run = latestRun(ctx, call);
    const stale = run !== null && totals.decisions > 0 && changedSinceRun(ctx, call, run.id);
    const tiers = call.tiers.map((t) => {
      const got = totals.tiers.get(t.key) ?? { granted: 0, funded: 0 };
      // a run stored with --budget/--commit had other budgets than the call's
      const budget = run?.overrides[t.key] ?? t.budget;
      return { key: t.key, budget, granted: got.granted, left: budget - got.granted, funded: got.funded };
    });

    const panel = panelOfCall(db, call.id);
    const panelNames = new Map(panel.map((e) => [e.id, e.name]));
    const conflicts = conflictReasonsOfCall(db, call.id);
    const allNames = evaluatorNamesById(db);
    const conflictsByApp = new Map<number, { evaluator: string; reason: string }[]>();
    const conflictedOn = new Map<number, { evaluatorId: number; applicationId: number }[]>();
    for (const c of conflicts) {
      const list = conflictsByApp.get(c.applicationId) ?? [];
      list.push({ evaluator: allNames.get(c.evaluatorId) ?? String(c.evaluatorId), reason: c.reason });
      conflictsByApp.set(c.applicationId, list);
      const ids = conflictedOn.get(c.applicationId) ?? [];
      ids.push({ evaluatorId: c.evaluatorId, applicationId: c.applicationId });
      conflictedOn.set(c.applicationId, ids);
    }

    // only applications with a score can rank; the rest cannot, whatever the others are
    const scored = scoredApplicationsBrief(db, call.id);
    const keys = call.criteria.map((c) => c.key);
    const ranking = rank(call, aggregate(call, scored, scoresForRanking(db, call.id, keys, call.scale), conflicts, panel), scored);
    // without criteria an application with no score would still rank: no streaming then
    if (call.criteria.length === 0 && totals.applications > scored.length) throw new Error('export: a call without criteria');
    const firstUnranked = ranking.findIndex((r) => r.rank === null);
    const ranked = firstUnranked < 0 ? ranking : ranking.slice(0, firstUnranked);
    const scoredUnranked = firstUnranked < 0 ? [] : ranking.slice(firstUnranked);

    // an application without scores: the same aggregate for all but those with a conflict
    const none = emptyTable(0, keys);
    const plainAggregate = aggregate(call, [{ id: 0 }], none, [], panel)[0];
    const aggregateOf = (id: number): AggregatedApplication => {
      const own = conflictedOn.get(id);
      return own ? aggregate(call, [{ id }], none, own, panel)[0] : { ...plainAggregate, applicationId: id };
    };

    const plainOrder = refOrderIsPlain(db, call.id);
    const before = (x: { ref: string; id: number }, y: { ref: string; id: number }) => (compareText(x.ref, y.ref) || x.id - y.id) < 0;

    /** the unscored applications in ref order: streamed by SQLite when its order is the ranking's */
    function* unscored(byId: (id: number) => ExportApplication): Generator<ExportApplication> {
      if (plainOrder) {
        yield* iterateUnscoredApplications(db, call.id);
        return;
      }
      const refs = unscoredRefs(db, call.id).sort((x, y) => compareText(x.ref, y.ref) || x.id - y.id);
      for (const r of refs) yield byId(r.id);
    }

    const source: ExportSource = {
      call,
      applications: totals.applications,
      requested: totals.requested,
      granted: tiers.reduce((s, t) => s + t.granted, 0),
      decidedAt: totals.decidedAt,
      tiers,
      decisions: totals.decisions,
      stale,
      panelNames,
      *rows() {
        const byId = exportApplicationById(db, call.id);
        const scoresOf = opts.scores ? scoresOfApplication(db) : null;
        const conflicted = new Set(conflicts.map((c) => `${c.evaluatorId}:${c.applicationId}`));
        const row = (x: ExportApplication, r: Pick<RankedApplication, 'rank' | 'score' | 'aggregate'>): ExportRow => {
          const id = x.application.id;
          return {
            ...x,
            rank: r.rank,
            score: r.score,
            aggregate: r.aggregate,
            scores: scoresOf
              ? scoresOf(id).map((s) => ({ ...s, evaluator: panelNames.get(s.evaluatorId) ?? null, counted: !conflicted.has(`${s.evaluatorId}:${id}`) }))
              : null,
            conflicts: conflictsByApp.get(id) ?? [],
          };
        };
        for (const r of ranked) yield row(byId(r.applicationId), r);
        // read before the stream opens: a connection cannot run a query while one streams
        const waiting = scoredUnranked.map((r) => row(byId(r.applicationId), r));
        let i = 0;
        for (const x of unscored(byId)) {
          const at = { ref: x.application.ref, id: x.application.id };
          while (i < waiting.length && before({ ref: waiting[i].application.ref, id: waiting[i].application.id }, at)) yield waiting[i++];
          yield { ...x, rank: null, score: null, aggregate: aggregateOf(x.application.id), scores: scoresOf ? [] : null, conflicts: conflictsByApp.get(x.application.id) ?? [] };
        }
        while (i < waiting.length) yield waiting[i++];
      },
      extraKeys() {
        const seen = new Set<string>();
        const add = (json: string) => {
          if (json === '{}') return;
          for (const k of Object.keys(JSON.parse(json) as Record<string, string>)) seen.add(k);
        };
        const extraOf = exportExtraById(db);
        for (const r of ranked) add(extraOf(r.applicationId));
        const waiting = scoredUnranked.map((r) => ({ ref: r.ref, id: r.applicationId, extra: extraOf(r.applicationId) }));
        const stream = plainOrder
          ? iterateUnscoredExtras(db, call.id)
          : unscoredRefs(db, call.id)
              .sort((x, y) => compareText(x.ref, y.ref) || x.id - y.id)
              .map((r) => ({ ...r, extra: extraOf(r.id) }));
        let i = 0;
        for (const x of stream) {
          while (i < waiting.length && before(waiting[i], x)) add(waiting[i++].extra);
          add(x.extra);
        }
        while (i < waiting.length) add(waiting[i++].extra);
        return [...seen];
      },
      slashDashClash: (statuses) => slashDashClash(db, call.id, statuses),
      close: end,
    };
    return source;
  } catch (e) {
    end();
    throw e;
  }
}
