/**
 * The rows of an export, one at a time, in rank order (unranked ones last, by ref), with
 * the totals an export starts with. Only what ranking needs is held: the scored
 * applications' results. Applications without a single score cannot be ranked and need
 * nothing from the others, so they stream from the database in ref order; an export of a
 * million unscored applications holds a few rows at a time.
 *
 * Take the source and walk it in one `store.read` (`readExport` does), so that it all
 * comes from one snapshot.
 */
import { type AggregatedApplication, aggregate } from '../core/aggregate.js';
import type { Call } from '../core/call.js';
import { compareText } from '../core/compare.js';
import { rank, type RankedApplication } from '../core/rank.js';
import type { Rational } from '../core/rational.js';
import { emptyTable } from '../core/score-table.js';
import type { Application, Score } from '../core/types.js';
import type { ExportApplication, ExportDecision } from '../db/store.js';
import { activePanel, callAssignments, changedSinceRun, latestRun } from './allocation.js';
import type { ServiceContext } from './context.js';
import type { TierTotals } from './reports.js';

export type { ExportDecision } from '../db/store.js';

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
  /** each evaluator's overall justification beside the per-criterion ones (with the scores only) */
  notes: { evaluator: string; note: string; counted: boolean }[] | null;
  /** declared conflicts (*inhabilitet*) on it */
  conflicts: { evaluator: string; reason: string }[];
  /** withdrawn or ineligible: not ranked, no decision; such rows come last (services/case.ts) */
  excluded?: { reason: 'withdrawn' | 'ineligible'; note: string | null } | null;
}

/** What an export is made of: totals up front, rows to walk through (each walk reads the store anew). */
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
  rows(): AsyncGenerator<ExportRow>;
  /** the keys of the unknown import columns, in the order the rows first show them */
  extraKeys(): Promise<string[]>;
  /** two refs of applications with these decision statuses that are equal once `/` is read as `-` */
  slashDashClash(statuses: readonly string[]): Promise<{ ref: string; other: string } | null>;
}

/** Take an export's source and use it (write the document) in one read snapshot. */
export function readExport<T>(ctx: ServiceContext, call: Call, opts: { scores?: boolean }, fn: (src: ExportSource) => Promise<T>): Promise<T> {
  return ctx.store.read(async (store) => fn(await exportSource({ ...ctx, store }, call, opts)));
}

/**
 * Everything an export reads. Within one `store.read` the totals, the ranking and the rows
 * agree even while others write. `scores`: fetch every application's scores with comments.
 */
export async function exportSource(ctx: ServiceContext, call: Call, opts: { scores?: boolean } = {}): Promise<ExportSource> {
  const x = ctx.store.exports;
  const totals = await x.totals(call.id);
  const tierTotals = new Map(totals.tiers.map((t) => [t.tier, t]));
  const run = await latestRun(ctx, call);
  const stale = run !== null && totals.decisions > 0 && (await changedSinceRun(ctx, call, run.id));
  const tiers = call.tiers.map((t) => {
    const got = tierTotals.get(t.key) ?? { granted: 0, funded: 0 };
    // a run stored with --budget/--commit had other budgets than the call's
    const budget = run?.overrides[t.key] ?? t.budget;
    return { key: t.key, budget, granted: got.granted, left: budget - got.granted, funded: got.funded };
  });

  const everyone = await ctx.store.evaluators.panel(call.id);
  const panelNames = new Map(everyone.map((e) => [e.id, e.name]));
  const conflicts = await x.conflicts(call.id);
  const allNames = new Map((await x.evaluatorNames()).map((e) => [e.id, e.name]));
  // with panels an assigned evaluator is waited for before their first score: name them too
  for (const [id, name] of allNames) if (!panelNames.has(id)) panelNames.set(id, name);
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

  // withdrawn and ineligible applications are not ranked: listed apart, after the others
  const excluded = await ctx.store.applications.excluded(call.id);
  const out = new Set(excluded.map((e) => e.applicationId));
  // only applications with a score can rank; the rest cannot, whatever the others are
  const scored = (await x.scoredBrief(call.id)).filter((a) => !out.has(a.id));
  const keys = call.criteria.map((c) => c.key);
  const table = await ctx.store.scores.forRanking(call.id, keys, call.scale);
  const panel = activePanel(everyone, table, conflicts, out);
  const assigned = await callAssignments(ctx, call);
  const ranking = rank(call, aggregate(call, scored, table, conflicts, panel, assigned), scored);
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
    // with panels, the evaluators waited for are the application's own
    if (assigned) return aggregate(call, [{ id }], none, own ?? [], panel, new Map([[id, assigned.get(id) ?? []]]))[0];
    return own ? aggregate(call, [{ id }], none, own, panel)[0] : { ...plainAggregate, applicationId: id };
  };

  const plainOrder = await x.refOrderIsPlain(call.id);
  const before = (x: { ref: string; id: number }, y: { ref: string; id: number }) => (compareText(x.ref, y.ref) || x.id - y.id) < 0;

  /** the unscored applications in ref order: streamed by SQLite when its order is the ranking's */
  async function* unscored(): AsyncGenerator<ExportApplication> {
    if (plainOrder) {
      for await (const a of x.unscored(call.id)) if (!out.has(a.application.id)) yield a;
      return;
    }
    const refs = (await x.unscoredRefs(call.id)).filter((r) => !out.has(r.id)).sort((p, q) => compareText(p.ref, q.ref) || p.id - q.id);
    for (const r of refs) yield await x.application(call.id, r.id);
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
    async *rows() {
      const conflicted = new Set(conflicts.map((c) => `${c.evaluatorId}:${c.applicationId}`));
      const row = async (a: ExportApplication, r: Pick<RankedApplication, 'rank' | 'score' | 'aggregate'>): Promise<ExportRow> => {
        const id = a.application.id;
        return {
          ...a,
          rank: r.rank,
          score: r.score,
          aggregate: r.aggregate,
          scores: opts.scores
            ? (await x.scoresOf(id)).map((s) => ({ ...s, evaluator: panelNames.get(s.evaluatorId) ?? null, counted: !conflicted.has(`${s.evaluatorId}:${id}`) }))
            : null,
          notes: opts.scores ? (await ctx.store.scores.notesOfApplication(id)).map((n) => ({ evaluator: n.evaluator, note: n.note, counted: !conflicted.has(`${n.evaluatorId}:${id}`) })) : null,
          conflicts: conflictsByApp.get(id) ?? [],
        };
      };
      for (const r of ranked) yield await row(await x.application(call.id, r.applicationId), r);
      // read before the stream opens: nothing else is asked of the store while one is open
      const waiting: ExportRow[] = [];
      for (const r of scoredUnranked) waiting.push(await row(await x.application(call.id, r.applicationId), r));
      let i = 0;
      for await (const a of unscored()) {
        const at = { ref: a.application.ref, id: a.application.id };
        while (i < waiting.length && before({ ref: waiting[i].application.ref, id: waiting[i].application.id }, at)) yield waiting[i++];
        yield { ...a, rank: null, score: null, aggregate: aggregateOf(a.application.id), scores: opts.scores ? [] : null, notes: opts.scores ? [] : null, conflicts: conflictsByApp.get(a.application.id) ?? [] };
      }
      while (i < waiting.length) yield waiting[i++];
      // the stream has ended: the store may be asked again
      for (const e of excluded) {
        const a = await x.application(call.id, e.applicationId);
        yield { ...(await row(a, { rank: null, score: null, aggregate: aggregateOf(e.applicationId) })), excluded: { reason: e.status as 'withdrawn' | 'ineligible', note: e.note } };
      }
    },
    async extraKeys() {
      const seen = new Set<string>();
      const add = (keys: readonly string[]) => {
        for (const k of keys) seen.add(k);
      };
      for (const r of ranked) add(await x.extraKeys(r.applicationId));
      const waiting: { ref: string; id: number; keys: string[] }[] = [];
      for (const r of scoredUnranked) waiting.push({ ref: r.ref, id: r.applicationId, keys: await x.extraKeys(r.applicationId) });
      async function* sorted(): AsyncGenerator<{ ref: string; id: number; keys: string[] }> {
        const refs = (await x.unscoredRefs(call.id)).filter((r) => !out.has(r.id)).sort((p, q) => compareText(p.ref, q.ref) || p.id - q.id);
        for (const r of refs) yield { ...r, keys: await x.extraKeys(r.id) };
      }
      let i = 0;
      for await (const e of plainOrder ? x.unscoredExtraKeys(call.id) : sorted()) {
        if (out.has(e.id)) continue;
        while (i < waiting.length && before(waiting[i], e)) add(waiting[i++].keys);
        add(e.keys);
      }
      while (i < waiting.length) add(waiting[i++].keys);
      for (const e of excluded) add(await x.extraKeys(e.applicationId));
      return [...seen];
    },
    slashDashClash: (statuses) => x.slashDashClash(call.id, statuses),
  };
  return source;
}
