/**
 * The data behind the reports: stored decisions joined with the ranking, the
 * award summary, scores per application and criterion, and evaluator progress.
 * Plain data out; the CLI renders it.
 */
import type { Call } from '../core/call.js';
import { UserError } from '../core/errors.js';
import type { RankedApplication } from '../core/rank.js';
import type { Rational } from '../core/rational.js';
import { strongestCriteria } from '../core/summary.js';
import type { Application, DecisionStatus } from '../core/types.js';
import type { AidFigures } from '../core/state-aid.js';
import { type CallData, type StoredDecision, changedSinceRun, latestRun, loadCallData, rankCall, storedDecisions } from './allocation.js';
import { rat } from '../core/rational.js';
import { emptyTable } from '../core/score-table.js';
import type { ServiceContext } from './context.js';
import { type EvaluatorProgress, evaluatorProgress } from './scoring.js';
import { type Offer, type OfferState, listOffers } from './offers.js';

export interface ReportRow {
  application: Application;
  rank: number | null;
  score: Rational | null;
  ranked: RankedApplication | undefined;
  tier: string | null;
  granted: number;
  status: DecisionStatus | 'undecided';
  reason: string | null;
  manual: boolean;
  note: string | null;
  decidedAt: string | null;
  /** the state of the offer, for a grant of the stored allocation (or an answered one) */
  offer: OfferState | null;
  /** place on the reserve list (1 = first in line), for status `reserve` */
  reservePlace: number | null;
  /** the de minimis figures, for a grant the ceiling capped or refused */
  aid: AidFigures | null;
}

export interface TierTotals {
  key: string;
  budget: number;
  granted: number;
  left: number;
  funded: number;
}

export interface AllocationReport {
  call: Call;
  rows: ReportRow[];
  tiers: TierTotals[];
  requested: number;
  granted: number;
  data: CallData;
  /** when the stored decisions were last changed */
  decidedAt: string | null;
  /** the newest stored allocation run, whose budgets the totals use */
  run: { id: number; at: string } | null;
  /** set when scores, amounts, manual decisions or the call changed after that run */
  stale: boolean;
  /** withdrawn and ineligible applications: not ranked, not funded, listed apart with their reason */
  excluded: ExcludedRow[];
  /** the offers of the stored allocation with their states, in rank order */
  offers: Offer[];
}

/** An application out of the competition, as the reports list it. */
export interface ExcludedRow {
  ref: string;
  applicant: string;
  title: string;
  requested: number;
  /** the reason code: `withdrawn` or `ineligible` */
  reason: 'withdrawn' | 'ineligible';
  note: string | null;
  by: string | null;
  at: string | null;
}

/** Every application with its rank and stored decision, in rank order (unranked last). */
export async function allocationReport(
  ctx: ServiceContext,
  call: Call,
  opts: { requireDecisions?: boolean; texts?: boolean; comments?: boolean; fromDecisions?: boolean } = {},
): Promise<AllocationReport> {
  const stored = await storedDecisions(ctx, call);
  if (opts.requireDecisions && stored.length === 0) throw new UserError('report.no_decisions', { call: call.slug });
  const run = await latestRun(ctx, call);
  const stale = run !== null && stored.length > 0 && (await changedSinceRun(ctx, call, run.id));
  const decisions = new Map(stored.map((d) => [d.applicationId, d]));
  // the allocation table of a current allocation is what the run stored: no ranking again
  const fast = opts.fromDecisions && run !== null && !stale && stored.every((d) => d.rank !== null || d.status === 'pending');
  let rows: ReportRow[];
  let data: CallData;
  if (fast) {
    const excluded = await ctx.store.applications.excluded(call.id);
    const out = new Set(excluded.map((x) => x.applicationId));
    const applications = (await ctx.store.applications.listBrief(call.id)).filter((a) => !out.has(a.id));
    data = { applications, scores: emptyTable(0, []), scoreRows: null, conflicts: [], panel: [], manual: [], locks: [], excluded, aid: undefined, assigned: undefined };
    if (data.applications.some((a) => !decisions.has(a.id))) return allocationReport(ctx, call, { ...opts, fromDecisions: false });
    // a run stores each result as "n/d"; a few hundred distinct ones among 10 000 rows: read each once
    const scores = new Map<string, Rational>();
    const scoreOf = (text: string): Rational => {
      let r = scores.get(text);
      if (!r) {
        const [n, d] = text.split('/');
        scores.set(text, (r = rat(BigInt(n), BigInt(d))));
      }
      return r;
    };
    rows = data.applications.map((a) => {
      const d = decisions.get(a.id)!;
      return {
        application: a,
        rank: d.rank,
        score: d.score ? scoreOf(d.score) : null,
        ranked: undefined,
        tier: d.tier,
        granted: d.granted,
        status: d.status,
        reason: d.reason,
        manual: d.manual === 1,
        note: d.note,
        decidedAt: d.decidedAt,
        offer: null,
        reservePlace: null,
        aid: d.aid,
      };
    });
    rows.sort((x, y) => (x.rank === null ? 1 : 0) - (y.rank === null ? 1 : 0) || (x.rank ?? 0) - (y.rank ?? 0) || (x.application.ref < y.application.ref ? -1 : 1));
  } else {
    // long texts (summaries, partners, extra columns) and score comments only for what prints them
    const r = await rankCall(ctx, call, await loadCallData(ctx, call, { texts: opts.texts ?? true, comments: opts.comments ?? true }));
    data = r.data;
    const byId = new Map(data.applications.map((a) => [a.id, a]));
    rows = r.ranked.map((x) => ({ ...rowOf(decisions.get(x.applicationId)), application: byId.get(x.applicationId)!, rank: x.rank, score: x.score, ranked: x }));
  }
  // the offers' states and the reserve list's order (rank order: the rows are in it)
  const offers = new Map((await listOffers(ctx, call)).map((o) => [o.applicationId, o]));
  let place = 0;
  for (const r of rows) {
    r.offer = offers.get(r.application.id)?.state ?? null;
    r.reservePlace = r.status === 'reserve' ? ++place : null;
  }
  const tiers = call.tiers.map((t) => {
    const inTier = rows.filter((r) => r.tier === t.key && r.granted > 0);
    const granted = inTier.reduce((s, r) => s + r.granted, 0);
    // a run stored with --budget/--commit had other budgets than the call's
    const budget = run?.overrides[t.key] ?? t.budget;
    return { key: t.key, budget, granted, left: budget - granted, funded: inTier.length };
  });
  const decidedAt = rows.reduce<string | null>((m, r) => (r.decidedAt && (!m || r.decidedAt > m) ? r.decidedAt : m), null);
  return {
    call,
    rows,
    tiers,
    requested: data.applications.reduce((s, a) => s + a.requested, 0),
    granted: tiers.reduce((s, t) => s + t.granted, 0),
    data,
    decidedAt,
    run: run ? { id: run.id, at: run.at } : null,
    stale,
    excluded: await excludedRows(ctx, call, data),
    offers: [...offers.values()],
  };
}

async function excludedRows(ctx: ServiceContext, call: Call, data: CallData): Promise<ExcludedRow[]> {
  if (data.excluded.length === 0) return [];
  const out: ExcludedRow[] = [];
  for (const x of data.excluded) {
    const a = await ctx.store.applications.get(call.id, x.ref);
    out.push({ ref: x.ref, applicant: a.applicant, title: a.title, requested: a.requested, reason: x.status as ExcludedRow['reason'], note: x.note, by: x.by, at: x.at });
  }
  return out;
}

function rowOf(d: StoredDecision | undefined): Omit<ReportRow, 'application' | 'rank' | 'score' | 'ranked'> {
  return {
    tier: d?.tier ?? null,
    granted: d?.granted ?? 0,
    status: d?.status ?? 'undecided',
    reason: d?.reason ?? null,
    manual: d?.manual === 1,
    note: d?.note ?? null,
    decidedAt: d?.decidedAt ?? null,
    offer: null,
    reservePlace: null,
    aid: d?.aid ?? null,
  };
}

export interface SummaryProject {
  ref: string;
  applicant: string;
  title: string;
  partners: string[];
  summary: string;
  tier: string;
  requested: number;
  granted: number;
  status: DecisionStatus;
  /** criterion keys, best first in the call's order */
  strongest: string[];
}

/** The award summary a county publishes (like the seed press release). */
export interface AwardSummary {
  call: Call;
  applied: { count: number; requested: number };
  tiers: (TierTotals & { projects: SummaryProject[] })[];
  granted: number;
  rejected: number;
  /** qualified but not funded: the reserve list, in rank order */
  reserve: { ref: string; applicant: string; title: string; place: number }[];
  /** grants the applicant declined */
  declined: number;
  pending: number;
  /** withdrawn and ineligible applications, apart from the applied count's competitors */
  withdrawn: number;
  ineligible: number;
  excluded: ExcludedRow[];
  decidedAt: string | null;
  stale: boolean;
}

export async function awardSummary(ctx: ServiceContext, call: Call): Promise<AwardSummary> {
  const rep = await allocationReport(ctx, call, { requireDecisions: true, comments: false });
  const project = (r: ReportRow): SummaryProject => ({
    ref: r.application.ref,
    applicant: r.application.applicant,
    title: r.application.title,
    partners: r.application.partners,
    summary: r.application.summary,
    tier: r.tier!,
    requested: r.application.requested,
    granted: r.granted,
    status: r.status as DecisionStatus,
    strongest: r.ranked ? strongestCriteria(call, r.ranked.aggregate) : [],
  });
  return {
    call,
    applied: { count: rep.rows.length + rep.excluded.length, requested: rep.requested + rep.excluded.reduce((sum, x) => sum + x.requested, 0) },
    tiers: rep.tiers.map((t) => ({ ...t, projects: rep.rows.filter((r) => r.tier === t.key && r.granted > 0).map(project) })),
    granted: rep.granted,
    rejected: rep.rows.filter((r) => r.status === 'rejected').length,
    reserve: rep.rows.filter((r) => r.status === 'reserve').map((r) => ({ ref: r.application.ref, applicant: r.application.applicant, title: r.application.title, place: r.reservePlace! })),
    declined: rep.rows.filter((r) => r.status === 'declined').length,
    pending: rep.rows.filter((r) => r.status === 'pending' || r.status === 'undecided').length,
    withdrawn: rep.excluded.filter((x) => x.reason === 'withdrawn').length,
    ineligible: rep.excluded.filter((x) => x.reason === 'ineligible').length,
    excluded: rep.excluded,
    decidedAt: rep.decidedAt,
    stale: rep.stale,
  };
}

export interface EvaluatorReport {
  progress: EvaluatorProgress[];
  /** per evaluator: applications not fully scored, with the criteria lacking */
  lacking: Map<number, { ref: string; criteria: string[] }[]>;
  conflicts: { evaluator: string; ref: string; reason: string }[];
}

export async function evaluatorReport(ctx: ServiceContext, call: Call): Promise<EvaluatorReport> {
  const progress = await evaluatorProgress(ctx, call);
  const { data } = await rankCall(ctx, call);
  const conflicted = new Set(data.conflicts.map((c) => `${c.evaluatorId}:${c.applicationId}`));
  const t = data.scores;
  const have = new Set(Array.from({ length: t.length }, (_, i) => `${t.evaluatorId[i]}:${t.applicationId[i]}:${t.criteria[t.criterion[i]]}`));
  const lacking = new Map<number, { ref: string; criteria: string[] }[]>();
  // with panels, an evaluator lacks only what is assigned to them
  const mine = (evaluatorId: number, applicationId: number) => !data.assigned || (data.assigned.get(applicationId) ?? []).includes(evaluatorId);
  for (const p of progress) {
    const list: { ref: string; criteria: string[] }[] = [];
    for (const a of data.applications) {
      if (conflicted.has(`${p.evaluator.id}:${a.id}`) || !mine(p.evaluator.id, a.id)) continue;
      const missing = call.criteria.filter((c) => !have.has(`${p.evaluator.id}:${a.id}:${c.key}`)).map((c) => c.key);
      if (missing.length) list.push({ ref: a.ref, criteria: missing });
    }
    lacking.set(p.evaluator.id, list);
  }
  const names = new Map(progress.map((p) => [p.evaluator.id, p.evaluator.name]));
  const refs = new Map(data.applications.map((a) => [a.id, a.ref]));
  const conflicts = await ctx.store.conflicts.ofCall(call.id);
  return {
    progress,
    lacking,
    conflicts: conflicts.map((c) => ({ evaluator: names.get(c.evaluatorId) ?? String(c.evaluatorId), ref: refs.get(c.applicationId) ?? String(c.applicationId), reason: c.reason })),
  };
}
