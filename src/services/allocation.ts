/**
 * Ranking, allocation and decisions (*vedtak*): the pure core run over the
 * database, stored runs with a hash of their inputs, what-if budgets, and
 * manual (locked) decisions.
 */
import type { Call, Tier } from '../core/call.js';
import { UsageError, UserError } from '../core/errors.js';
import { type Assignments, aggregate, countedScoreTable } from '../core/aggregate.js';
import { type ScoreTable, toScoreTable } from '../core/score-table.js';
import { rank, type RankedApplication } from '../core/rank.js';
import { allocate, allocator, type AllocationResult, type BudgetOverrides, type ManualDecision } from '../core/allocate.js';
import type { Application, ApplicationStanding, DecisionStatus, Evaluator, Score } from '../core/types.js';
import type { AuditInput, RunDecision, StoredDecision, StoredRun } from '../db/store.js';
import { type ServiceContext, isoNow } from './context.js';
import { inputsHash } from './hash.js';
import { assertActive } from './case.js';
import { updateCall } from './calls.js';
import type { FieldChange } from '../core/call-update.js';
import { allocationAid, undertakingKey } from './state-aid.js';
import { answerLocks, listOffers, osloDate } from './offers.js';
import { headroomOf, type AidFigures, type AllocationAid } from '../core/state-aid.js';
import { cmp, fromDecimal, round } from '../core/rational.js';

export type { StoredDecision, StoredRun } from '../db/store.js';

/** Everything ranking and allocation read, loaded once. */
export interface CallData {
  applications: Application[];
  /** the scores as ranking reads them (comments left out) */
  scores: ScoreTable;
  /** the scores as rows with their comments, when loaded with `comments`; else null */
  scoreRows: Score[] | null;
  conflicts: { evaluatorId: number; applicationId: number }[];
  /** evaluators taking part in this call: anyone with a score or a conflict in it */
  panel: Evaluator[];
  manual: (ManualDecision & { note: string | null })[];
  /** what binds the allocator: the applicants' answers to offers, then the manual decisions (which win) */
  locks: ManualDecision[];
  /** the call's applications that are withdrawn or ineligible: left out of `applications` (and so of ranking) */
  excluded: ApplicationStanding[];
  /** the de minimis ceiling and what each undertaking used of it; undefined when the call is not de minimis */
  aid: AllocationAid | undefined;
  /** the call's panels (application id → assigned evaluator ids); undefined when it has no assignments */
  assigned: Assignments | undefined;
}

/**
 * Load a call's data. Without `full`, applications come without their long texts
 * and scores without comments: what ranking and allocation read, fast for 10 000+.
 */
export async function loadCallData(ctx: ServiceContext, call: Call, full: boolean | { texts: boolean; comments: boolean } = false): Promise<CallData> {
  const { store } = ctx;
  const want = typeof full === 'boolean' ? { texts: full, comments: full } : full;
  const excluded = await store.applications.excluded(call.id);
  // withdrawn and ineligible applications are not ranked: their scores stay, but count for nothing
  const out = new Set(excluded.map((x) => x.applicationId));
  const all = want.texts ? await store.applications.list(call.id) : await store.applications.listBrief(call.id);
  const applications = out.size ? all.filter((a) => !out.has(a.id)) : all;
  const scoreRows = want.comments ? await store.scores.ofCall(call.id) : null;
  const scores = scoreRows
    ? toScoreTable(scoreRows)
    : await store.scores.forRanking(
        call.id,
        call.criteria.map((c) => c.key),
        call.scale,
      );
  const conflicts = await store.conflicts.ofCall(call.id);
  const panel = activePanel(await store.evaluators.panel(call.id), scores, conflicts, out);
  const manual = await store.decisions.manualOfCall(call.id);
  const locks = [...answerLocks(await store.offers.ofCall(call.id)), ...manual];
  const aid = await allocationAid(ctx, call, applications);
  const assigned = await callAssignments(ctx, call);
  if (assigned) {
    // an evaluator on a panel takes part in the call before their first score: named where they are waited for
    const onPanel = new Set(panel.map((e) => e.id));
    const wanted = new Set([...assigned].filter(([a]) => !out.has(a)).flatMap(([, ids]) => ids.filter((id) => !onPanel.has(id))));
    if (wanted.size) panel.push(...(await store.evaluators.list()).filter((e) => wanted.has(e.id)));
  }
  return { applications, scores, scoreRows, conflicts, panel, manual, locks, excluded, aid, assigned };
}

/** A call's panels as the aggregation takes them; undefined when the call has no assignments. */
export async function callAssignments(ctx: ServiceContext, call: Call): Promise<Assignments | undefined> {
  const rows = await ctx.store.assignments.ofCall(call.id);
  if (rows.length === 0) return undefined;
  const out = new Map<number, number[]>();
  for (const a of rows) out.set(a.applicationId, [...(out.get(a.applicationId) ?? []), a.evaluatorId]);
  return out;
}

/**
 * The panel without those whose only part in the call is on withdrawn or ineligible
 * applications: nobody waits for them on the applications still competing.
 */
export function activePanel(panel: Evaluator[], scores: ScoreTable, conflicts: readonly { evaluatorId: number; applicationId: number }[], out: ReadonlySet<number>): Evaluator[] {
  if (out.size === 0) return panel;
  const active = new Set<number>();
  for (let i = 0; i < scores.length; i++) if (!out.has(scores.applicationId[i])) active.add(scores.evaluatorId[i]);
  for (const c of conflicts) if (!out.has(c.applicationId)) active.add(c.evaluatorId);
  return panel.filter((e) => active.has(e.id));
}

export interface Ranking {
  ranked: RankedApplication[];
  data: CallData;
}

/** Aggregate and rank the applications of a call. */
export async function rankCall(ctx: ServiceContext, call: Call, data?: CallData): Promise<Ranking> {
  const d = data ?? (await loadCallData(ctx, call));
  const aggregated = aggregate(call, d.applications, d.scores, d.conflicts, d.panel, d.assigned);
  return { ranked: rank(call, aggregated, d.applications), data: d };
}

/** Budget overrides from the command line (kroner) into øre per tier; the first tier when no key is given. */
export function budgetOverrides(call: Call, budgetKr: number | undefined, tierBudgetsKr: Record<string, number>): BudgetOverrides {
  const first = call.tiers[0].key;
  if (budgetKr !== undefined && first in tierBudgetsKr) throw new UsageError('usage.budget_twice', { tier: first });
  const o: Record<string, number> = {};
  if (budgetKr !== undefined) o[call.tiers[0].key] = budgetKr * 100;
  for (const [k, v] of Object.entries(tierBudgetsKr)) {
    if (!call.tiers.some((t) => t.key === k)) throw new UserError('allocate.unknown_tier', { tier: k, known: call.tiers.map((t) => t.key).join(', ') });
    o[k] = v * 100;
  }
  return o;
}

export interface AllocationRun {
  result: AllocationResult;
  ranking: Ranking;
  hash: string;
  stored: boolean;
  runId: number | null;
  overrides: BudgetOverrides;
  /** applications with a changed decision compared with what was stored before */
  changed: number;
  /** compared with the stored allocation before this one: who moved up from the reserve list, and offers not yet answered that this run changes */
  moves: Moves;
}

export interface Move {
  ref: string;
  rank: number | null;
  /** before → after */
  old: { status: DecisionStatus; tier: string | null; granted: number };
  new: { status: DecisionStatus; tier: string | null; granted: number };
}

export interface Moves {
  /** on the reserve list before, granted now */
  movedUp: Move[];
  /** an offer not yet answered, now changed (another amount or tier, or taken back) */
  offersChanged: Move[];
  /** offers past their deadline with no answer (before this run): decline them to free the money */
  expired: { ref: string; deadline: string }[];
  /** answers to offers that bind this run */
  accepted: number;
  declined: number;
}

/** What an allocation changes for the reserve list and the open offers, against the decisions stored before it. */
async function movesOf(ctx: ServiceContext, call: Call, result: AllocationResult): Promise<Moves> {
  const before = new Map((await ctx.store.decisions.ofCall(call.id)).map((d) => [d.applicationId, d]));
  const offers = await listOffers(ctx, call);
  const answered = new Set(offers.filter((o) => o.state === 'accepted' || o.state === 'declined').map((o) => o.applicationId));
  const moves: Moves = { movedUp: [], offersChanged: [], expired: [], accepted: 0, declined: 0 };
  for (const o of offers) {
    if (o.state === 'expired') moves.expired.push({ ref: o.ref, deadline: o.deadline! });
    if (o.state === 'accepted') moves.accepted++;
    if (o.state === 'declined') moves.declined++;
  }
  const granted = (s: DecisionStatus) => s === 'granted' || s === 'partially granted';
  for (const d of result.decisions) {
    const old = before.get(d.applicationId);
    if (!old || d.manual) continue;
    const move: Move = { ref: d.ref, rank: d.rank, old: { status: old.status, tier: old.tier, granted: old.granted }, new: { status: d.status, tier: d.tier, granted: d.granted } };
    if (old.status === 'reserve' && granted(d.status)) moves.movedUp.push(move);
    else if (granted(old.status) && old.granted > 0 && !answered.has(d.applicationId) && (old.tier !== d.tier || old.granted !== d.granted)) moves.offersChanged.push(move);
  }
  return moves;
}

/** Run the allocation; store it unless `dryRun`. */
export async function runAllocation(ctx: ServiceContext, call: Call, opts: { dryRun: boolean; overrides: BudgetOverrides }): Promise<AllocationRun> {
  const compute = async (c: ServiceContext) => {
    const ranking = await rankCall(c, call);
    const { data } = ranking;
    if (data.applications.length === 0) throw new UserError('allocate.no_applications', { call: call.slug });
    const result = allocate({ call, ranked: ranking.ranked, manual: data.locks, budgets: opts.overrides, aid: data.aid });
    return { ranking, result, hash: currentInputsHash(call, data, opts.overrides) };
  };
  if (opts.dryRun) {
    const c = await compute(ctx);
    return { ...c, stored: false, runId: null, overrides: opts.overrides, changed: 0, moves: await movesOf(ctx, call, c.result) };
  }

  // read and write in one transaction, so a decision made meanwhile cannot slip between them
  return ctx.store.transaction(async (tx) => {
    const { ranking, result, hash } = await compute({ ...ctx, store: tx });
    const moves = await movesOf({ ...ctx, store: tx }, call, result);
    const at = isoNow(ctx);
    const runId = await tx.runs.insert({ callId: call.id, hash, overrides: opts.overrides, version: ctx.version, actor: ctx.actor, at });
    const before = new Map((await tx.decisions.ofCall(call.id)).filter((d) => d.manual === 0).map((d) => [d.applicationId, d]));
    const decisions: RunDecision[] = [];
    const entries: AuditInput[] = [];
    let changed = 0;
    for (const d of result.decisions) {
      const score = d.score === null ? null : `${d.score.n}/${d.score.d}`;
      decisions.push({ applicationId: d.applicationId, tier: d.tier, granted: d.granted, status: d.status, reason: d.reason, manual: d.manual, rank: d.rank, score, ...(d.aid ? { aid: d.aid } : {}) });
      if (d.manual) continue;
      const old = before.get(d.applicationId);
      if (!old || old.tier !== d.tier || old.granted !== d.granted || old.status !== d.status || old.reason !== d.reason) {
        changed++;
        entries.push({
          at,
          actor: ctx.actor,
          action: 'decide',
          callId: call.id,
          ref: d.ref,
          details: {
            run: runId,
            changes: {
              status: { old: old?.status ?? null, new: d.status },
              tier: { old: old?.tier ?? null, new: d.tier },
              granted: { old: old?.granted ?? null, new: d.granted },
              reason: { old: old?.reason ?? null, new: d.reason },
            },
          },
        });
      }
    }
    await tx.decisions.storeRun(call.id, runId, decisions, ctx.actor, at, osloDate(ctx.now()));
    entries.push({
      at,
      actor: ctx.actor,
      action: 'allocate',
      callId: call.id,
      details: {
        run: runId,
        hash,
        overrides: opts.overrides,
        changed,
        tiers: result.tiers,
        ...(moves.movedUp.length ? { movedUp: moves.movedUp.map((m) => m.ref) } : {}),
        ...(moves.offersChanged.length ? { offersChanged: moves.offersChanged.map((m) => m.ref) } : {}),
      },
    });
    await tx.audit.appendMany(entries);
    await tx.calls.setStatus(call.id, 'decided', at);
    return { result, ranking, hash, stored: true, runId, overrides: opts.overrides, changed, moves };
  });
}

/**
 * `allocate --budget … --commit`: the budgets become the call's own (changed and logged as
 * `call update` does, so `call show`, reports and the next plain `allocate` agree), and the
 * allocation runs on the changed call; both in one transaction.
 */
export async function allocateWithBudgets(ctx: ServiceContext, call: Call, overrides: BudgetOverrides): Promise<AllocationRun & { call: Call; changes: FieldChange[] }> {
  return ctx.store.transaction(async (tx) => {
    const inTx = { ...ctx, store: tx };
    const budgets = Object.fromEntries(Object.entries(overrides).map(([k, ore]) => [k, ore / 100]));
    const u = await updateCall(inTx, call, { budgets }, 'allocate');
    const run = await runAllocation(inTx, u.call, { dryRun: false, overrides: {} });
    return { ...run, call: u.call, changes: u.changes };
  });
}

export interface WhatIfRow {
  /** the first tier's budget in øre */
  budget: number;
  tiers: { key: string; funded: number; granted: number; left: number }[];
  /** the best-ranked application that got nothing for lack of money */
  firstLeftOut: { ref: string; applicant: string; rank: number | null } | null;
  left: number;
}

/** One allocation per budget for the first tier, nothing stored. */
export async function whatIf(ctx: ServiceContext, call: Call, budgetsKr: number[], tierBudgetsKr: Record<string, number>): Promise<WhatIfRow[]> {
  const ranking = await rankCall(ctx, call);
  const run = allocator(call, ranking.ranked, ranking.data.locks, ranking.data.aid);
  const byId = new Map(ranking.data.applications.map((a) => [a.id, a]));
  return budgetsKr.map((kr) => {
    const overrides = budgetOverrides(call, kr, tierBudgetsKr);
    const r = run(overrides);
    const out = r.decisions.find((d) => d.reason === 'budget-exhausted');
    return {
      budget: kr * 100,
      tiers: r.tiers.map((t) => ({ key: t.key, funded: r.decisions.filter((d) => d.tier === t.key && d.granted > 0).length, granted: t.granted, left: t.left })),
      firstLeftOut: out ? { ref: out.ref, applicant: byId.get(out.applicationId)?.applicant ?? '', rank: out.rank } : null,
      left: r.tiers.reduce((s, t) => s + t.left, 0),
    };
  });
}

export type DecideAction = { kind: 'grant'; amount: number; tier?: string; note?: string; overrideStateAid?: boolean } | { kind: 'reject'; note: string } | { kind: 'clear' };

/** A manual decision: locked against the allocator, logged with the actor. */
export async function decide(
  ctx: ServiceContext,
  call: Call,
  ref: string,
  action: DecideAction,
): Promise<{ status: DecisionStatus | null; tier: Tier | null; granted: number; warnings: { code: string; params: Record<string, unknown> }[] }> {
  const app = await ctx.store.applications.get(call.id, ref);
  const warnings: { code: string; params: Record<string, unknown> }[] = [];
  return ctx.store.transaction(async (tx) => {
    const at = isoNow(ctx);
    const old = await tx.decisions.of(app.id);
    // a withdrawn or ineligible application gets no decision (services/case.ts)
    if (action.kind !== 'clear') await assertActive(tx, app.id, 'decide');
    if (action.kind === 'clear') {
      if (!old || old.manual !== 1) throw new UserError('decide.nothing_to_clear', { ref });
      await tx.decisions.remove(app.id);
      await tx.audit.append({ at, actor: ctx.actor, action: 'decide.clear', callId: call.id, ref, details: { was: { status: old.status, tier: old.tier, granted: old.granted } } });
      return { status: null, tier: null, granted: 0, warnings };
    }
    let tier: Tier | null = null;
    let granted = 0;
    let status: DecisionStatus = 'rejected';
    let overCeiling: AidFigures | null = null;
    if (action.kind === 'grant') {
      tier = action.tier ? (call.tiers.find((t) => t.key === action.tier) ?? null) : call.tiers[0];
      if (!tier) throw new UserError('allocate.unknown_tier', { tier: action.tier, known: call.tiers.map((t) => t.key).join(', ') });
      granted = action.amount;
      if (granted <= 0) throw new UserError('decide.positive');
      if (granted > app.requested) throw new UserError('decide.over_request', { ref, granted: { money: granted }, requested: { money: app.requested } });
      if (tier.maxGrant !== undefined && granted > tier.maxGrant) warnings.push({ code: 'decide.over_max_grant', params: { tier: tier.key, maxGrant: { money: tier.maxGrant } } });
      const otherManual = await tx.decisions.manualGranted(call.id, tier.key, app.id);
      if (otherManual + granted > tier.budget) {
        throw new UserError('decide.over_budget', { tier: tier.key, budget: { money: tier.budget }, left: { money: Math.max(0, tier.budget - otherManual) } });
      }
      status = granted === app.requested ? 'granted' : 'partially granted';
      overCeiling = await deMinimisCheck(ctx, tx, call, app, granted, action.overrideStateAid === true);
      if (overCeiling) warnings.push({ code: 'decide.state_aid_overridden', params: figureParams(overCeiling) });
      // a grant the allocator could not have made: it stands (a manual decision), but it is said
      const placed = (await rankCall({ ...ctx, store: tx }, call)).ranked.find((r) => r.applicationId === app.id);
      const threshold = fromDecimal(tier.threshold);
      const places = (String(tier.threshold).split('.')[1] ?? '').length;
      if (placed?.score && cmp(placed.score, threshold) < 0) {
        warnings.push({ code: 'decide.below_threshold', params: { ref, tier: tier.name, threshold: { decimal: tier.threshold, places }, result: { decimal: round(placed.score, 2) } } });
      }
    }
    // a decision made again without --note keeps the note the earlier manual one had (and says so)
    const kept = action.kind === 'grant' && action.note === undefined && old?.manual === 1 && old.note ? old.note : null;
    if (kept !== null) warnings.push({ code: 'decide.note_kept', params: { note: kept } });
    const note = action.kind === 'reject' ? action.note : (action.note ?? kept);
    await tx.decisions.setManual(app.id, { tier: tier?.key ?? null, granted, status, note, actor: ctx.actor, at });
    await tx.audit.append({
      at,
      actor: ctx.actor,
      action: 'decide',
      callId: call.id,
      ref,
      details: {
        manual: true,
        note,
        ...(overCeiling ? { overrideStateAid: { ceiling: overCeiling.ceiling, other: overCeiling.other, own: overCeiling.own, thisCall: overCeiling.thisCall, headroom: overCeiling.headroom } } : {}),
        changes: {
          status: { old: old?.status ?? null, new: status },
          tier: { old: old?.tier ?? null, new: tier?.key ?? null },
          granted: { old: old?.granted ?? null, new: granted },
        },
      },
    });
    return { status, tier, granted, warnings };
  });
}

/** The de minimis figures as message parameters (money). */
const figureParams = (f: AidFigures, granted?: number) => ({
  ceiling: { money: f.ceiling },
  other: { money: f.other },
  own: { money: f.own },
  thisCall: { money: f.thisCall },
  headroom: { money: f.headroom },
  ...(granted === undefined ? {} : { granted: { money: granted } }),
});

/**
 * A manual grant in a de minimis call may not take the undertaking past the ceiling, unless the
 * caseworker overrides it (with a note; logged). The figures when it goes past, else null.
 */
async function deMinimisCheck(ctx: ServiceContext, tx: ServiceContext['store'], call: Call, app: Application, granted: number, override: boolean): Promise<AidFigures | null> {
  if (call.stateAid?.basis !== 'de-minimis') return null;
  const apps = await tx.applications.listBrief(call.id);
  const aid = await allocationAid({ ...ctx, store: tx }, call, apps);
  if (!aid) return null;
  const mine = undertakingKey(app);
  const same = new Set(apps.filter((a) => a.id !== app.id && undertakingKey(a) === mine).map((a) => a.id));
  const thisCall = (await tx.decisions.ofCall(call.id)).filter((d) => same.has(d.applicationId)).reduce((s, d) => s + d.granted, 0);
  const f = headroomOf(aid, app.id, thisCall);
  if (granted <= f.headroom) return null;
  if (!override) throw new UserError('decide.over_state_aid', { ref: app.ref, ...figureParams(f, granted) });
  return f;
}

/** The newest stored allocation run of a call, if any. */
export function latestRun(ctx: ServiceContext, call: Call): Promise<StoredRun | null> {
  return ctx.store.runs.latest(call.id);
}

/**
 * Whether the stored decisions still follow from the data: the inputs hash of
 * the newest run against the hash of the inputs as they are now (scores,
 * requested amounts, manual decisions, the call), with the same budgets.
 */
export function currentInputsHash(call: Call, data: CallData, overrides: BudgetOverrides): string {
  const counted = countedScoreTable(call, data.applications, data.scores, data.conflicts);
  return inputsHash(call, counted, data.locks, overrides, data.applications, data.aid, data.assigned);
}

/** Whether anything an allocation depends on changed after a run (the store keeps track: see db/store.ts). */
export function changedSinceRun(ctx: ServiceContext, call: Call, runId: number): Promise<boolean> {
  return ctx.store.runs.changedSince(call.id, runId);
}

/** Stored decisions of a call with their run, for reports. */
export function storedDecisions(ctx: ServiceContext, call: Call): Promise<StoredDecision[]> {
  return ctx.store.decisions.ofCall(call.id);
}
