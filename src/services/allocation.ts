/**
 * Ranking, allocation and decisions (*vedtak*): the pure core run over the
 * database, stored runs with a hash of their inputs, what-if budgets, and
 * manual (locked) decisions.
 */
import type { Call, Tier } from '../core/call.js';
import { UsageError, UserError } from '../core/errors.js';
import { aggregate, countedScoreTable } from '../core/aggregate.js';
import { type ScoreTable, toScoreTable } from '../core/score-table.js';
import { rank, type RankedApplication } from '../core/rank.js';
import { allocate, allocator, type AllocationResult, type BudgetOverrides, type ManualDecision } from '../core/allocate.js';
import { inputsHash } from '../core/inputs-hash.js';
import type { Application, DecisionStatus, Evaluator, Score } from '../core/types.js';
import { getApplication, listApplications, listApplicationsBrief } from '../db/applications.js';
import { audit } from '../db/audit.js';
import { setCallStatus } from '../db/calls.js';
import { conflictsOfCall, scoresForRanking, scoresOfCall } from '../db/evaluators.js';
import { writeTransaction } from '../db/retry.js';
import { type ServiceContext, isoNow } from './context.js';

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
}

/**
 * Load a call's data. Without `full`, applications come without their long texts
 * and scores without comments: what ranking and allocation read, fast for 10 000+.
 */
export function loadCallData(ctx: ServiceContext, call: Call, full: boolean | { texts: boolean; comments: boolean } = false): CallData {
  const want = typeof full === 'boolean' ? { texts: full, comments: full } : full;
  const applications = want.texts ? listApplications(ctx.db, call.id) : listApplicationsBrief(ctx.db, call.id);
  const scoreRows = want.comments ? scoresOfCall(ctx.db, call.id) : null;
  const scores = scoreRows
    ? toScoreTable(scoreRows)
    : scoresForRanking(
        ctx.db,
        call.id,
        call.criteria.map((c) => c.key),
        call.scale,
      );
  const conflicts = conflictsOfCall(ctx.db, call.id);
  // EXISTS stops at an evaluator's first row in the call (through the scores' unique index)
  const panel = ctx.db
    .prepare(
      `SELECT e.id, e.name, e.email FROM evaluators e
       WHERE EXISTS (SELECT 1 FROM scores s JOIN applications a ON a.id = s.application_id WHERE s.evaluator_id = e.id AND a.call_id = @call)
          OR EXISTS (SELECT 1 FROM conflicts c JOIN applications a ON a.id = c.application_id WHERE c.evaluator_id = e.id AND a.call_id = @call)
       ORDER BY e.name COLLATE NOCASE`,
    )
    .all({ call: call.id }) as Evaluator[];
  const manual = (
    ctx.db
      .prepare(
        `SELECT d.application_id AS applicationId, d.tier, d.granted, d.status, d.note FROM decisions d
         JOIN applications a ON a.id = d.application_id WHERE a.call_id = ? AND d.manual = 1`,
      )
      .all(call.id) as { applicationId: number; tier: string | null; granted: number; status: DecisionStatus; note: string | null }[]
  ).map((m) => ({ ...m }));
  return { applications, scores, scoreRows, conflicts, panel, manual };
}

export interface Ranking {
  ranked: RankedApplication[];
  data: CallData;
}

/** Aggregate and rank the applications of a call. */
export function rankCall(ctx: ServiceContext, call: Call, data: CallData = loadCallData(ctx, call)): Ranking {
  const aggregated = aggregate(call, data.applications, data.scores, data.conflicts, data.panel);
  return { ranked: rank(call, aggregated, data.applications), data };
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
}

/** Run the allocation; store it unless `dryRun`. */
export function runAllocation(ctx: ServiceContext, call: Call, opts: { dryRun: boolean; overrides: BudgetOverrides }): AllocationRun {
  const compute = () => {
    const ranking = rankCall(ctx, call);
    const { data } = ranking;
    if (data.applications.length === 0) throw new UserError('allocate.no_applications', { call: call.slug });
    const result = allocate({ call, ranked: ranking.ranked, manual: data.manual, budgets: opts.overrides });
    return { ranking, result, hash: currentInputsHash(ctx, call, data, opts.overrides) };
  };
  if (opts.dryRun) return { ...compute(), stored: false, runId: null, overrides: opts.overrides, changed: 0 };

  // read and write in one transaction, so a decision made meanwhile cannot slip between them
  return writeTransaction(ctx.db, () => {
    const { ranking, result, hash } = compute();
    const at = isoNow(ctx);
    const run = ctx.db
      .prepare('INSERT INTO allocation_runs (call_id, inputs_hash, overrides, version, actor, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(call.id, hash, JSON.stringify(opts.overrides), ctx.version, ctx.actor, at);
    const runId = Number(run.lastInsertRowid);
    const before = new Map(
      (
        ctx.db
          .prepare(`SELECT d.application_id AS id, d.tier, d.granted, d.status, d.reason FROM decisions d JOIN applications a ON a.id = d.application_id WHERE a.call_id = ? AND d.manual = 0`)
          .all(call.id) as { id: number; tier: string | null; granted: number; status: string; reason: string }[]
      ).map((d) => [d.id, d]),
    );
    ctx.db.prepare(`DELETE FROM decisions WHERE manual = 0 AND application_id IN (SELECT id FROM applications WHERE call_id = ?)`).run(call.id);
    const insert = ctx.db.prepare(
      `INSERT INTO decisions (application_id, tier, granted, status, reason, manual, note, run_id, decided_by, decided_at, rank, score) VALUES (?, ?, ?, ?, ?, 0, NULL, ?, ?, ?, ?, ?)`,
    );
    // a manual decision keeps its amount; the run records the rank and result it stood at
    const placeManual = ctx.db.prepare('UPDATE decisions SET rank = ?, score = ? WHERE application_id = ? AND manual = 1');
    let changed = 0;
    for (const d of result.decisions) {
      const score = d.score === null ? null : `${d.score.n}/${d.score.d}`;
      if (d.manual) {
        placeManual.run(d.rank, score, d.applicationId);
        continue;
      }
      insert.run(d.applicationId, d.tier, d.granted, d.status, d.reason, runId, ctx.actor, at, d.rank, score);
      const old = before.get(d.applicationId);
      if (!old || old.tier !== d.tier || old.granted !== d.granted || old.status !== d.status || old.reason !== d.reason) {
        changed++;
        audit(ctx.db, {
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
    audit(ctx.db, {
      at,
      actor: ctx.actor,
      action: 'allocate',
      callId: call.id,
      details: { run: runId, hash, overrides: opts.overrides, changed, tiers: result.tiers },
    });
    setCallStatus(ctx.db, call.id, 'decided', at);
    return { result, ranking, hash, stored: true, runId, overrides: opts.overrides, changed };
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
export function whatIf(ctx: ServiceContext, call: Call, budgetsKr: number[], tierBudgetsKr: Record<string, number>): WhatIfRow[] {
  const ranking = rankCall(ctx, call);
  const run = allocator(call, ranking.ranked, ranking.data.manual);
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

export type DecideAction = { kind: 'grant'; amount: number; tier?: string; note?: string } | { kind: 'reject'; note: string } | { kind: 'clear' };

/** A manual decision: locked against the allocator, logged with the actor. */
export function decide(ctx: ServiceContext, call: Call, ref: string, action: DecideAction): { status: DecisionStatus | null; tier: Tier | null; granted: number; warnings: { code: string; params: Record<string, unknown> }[] } {
  const app = getApplication(ctx.db, call.id, ref);
  const warnings: { code: string; params: Record<string, unknown> }[] = [];
  return writeTransaction(ctx.db, () => {
    const at = isoNow(ctx);
    const old = ctx.db.prepare('SELECT tier, granted, status, reason, manual, note FROM decisions WHERE application_id = ?').get(app.id) as
      | { tier: string | null; granted: number; status: DecisionStatus; reason: string; manual: number; note: string | null }
      | undefined;
    if (action.kind === 'clear') {
      if (!old || old.manual !== 1) throw new UserError('decide.nothing_to_clear', { ref });
      ctx.db.prepare('DELETE FROM decisions WHERE application_id = ?').run(app.id);
      audit(ctx.db, { at, actor: ctx.actor, action: 'decide.clear', callId: call.id, ref, details: { was: { status: old.status, tier: old.tier, granted: old.granted } } });
      return { status: null, tier: null, granted: 0, warnings };
    }
    let tier: Tier | null = null;
    let granted = 0;
    let status: DecisionStatus = 'rejected';
    if (action.kind === 'grant') {
      tier = action.tier ? (call.tiers.find((t) => t.key === action.tier) ?? null) : call.tiers[0];
      if (!tier) throw new UserError('allocate.unknown_tier', { tier: action.tier, known: call.tiers.map((t) => t.key).join(', ') });
      granted = action.amount;
      if (granted <= 0) throw new UserError('decide.positive');
      if (granted > app.requested) throw new UserError('decide.over_request', { ref, granted: { money: granted }, requested: { money: app.requested } });
      if (tier.maxGrant !== undefined && granted > tier.maxGrant) warnings.push({ code: 'decide.over_max_grant', params: { tier: tier.key, maxGrant: { money: tier.maxGrant } } });
      const otherManual = ctx.db
        .prepare(`SELECT coalesce(sum(d.granted), 0) FROM decisions d JOIN applications a ON a.id = d.application_id WHERE a.call_id = ? AND d.manual = 1 AND d.tier = ? AND d.application_id != ?`)
        .pluck()
        .get(call.id, tier.key, app.id) as number;
      if (otherManual + granted > tier.budget) {
        throw new UserError('decide.over_budget', { tier: tier.key, budget: { money: tier.budget }, left: { money: Math.max(0, tier.budget - otherManual) } });
      }
      status = granted === app.requested ? 'granted' : 'partially granted';
    }
    const note = action.kind === 'reject' ? action.note : (action.note ?? null);
    ctx.db.prepare('DELETE FROM decisions WHERE application_id = ?').run(app.id);
    ctx.db
      .prepare(`INSERT INTO decisions (application_id, tier, granted, status, reason, manual, note, run_id, decided_by, decided_at) VALUES (?, ?, ?, ?, 'manual', 1, ?, NULL, ?, ?)`)
      .run(app.id, tier?.key ?? null, granted, status, note, ctx.actor, at);
    audit(ctx.db, {
      at,
      actor: ctx.actor,
      action: 'decide',
      callId: call.id,
      ref,
      details: {
        manual: true,
        note,
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

export interface StoredRun {
  id: number;
  hash: string;
  overrides: BudgetOverrides;
  at: string;
  actor: string;
}

/** The newest stored allocation run of a call, if any. */
export function latestRun(ctx: ServiceContext, call: Call): StoredRun | null {
  const r = ctx.db
    .prepare('SELECT id, inputs_hash AS hash, overrides, created_at AS at, actor FROM allocation_runs WHERE call_id = ? ORDER BY id DESC LIMIT 1')
    .get(call.id) as { id: number; hash: string; overrides: string; at: string; actor: string } | undefined;
  return r ? { ...r, overrides: JSON.parse(r.overrides) as BudgetOverrides } : null;
}

/**
 * Whether the stored decisions still follow from the data: the inputs hash of
 * the newest run against the hash of the inputs as they are now (scores,
 * requested amounts, manual decisions, the call), with the same budgets.
 */
export function currentInputsHash(ctx: ServiceContext, call: Call, data: CallData, overrides: BudgetOverrides): string {
  const counted = countedScoreTable(call, data.applications, data.scores, data.conflicts);
  return inputsHash(call, counted, data.manual, overrides, data.applications);
}

/**
 * Whether anything an allocation depends on changed after a run, read from the
 * audit log, which records every such change: scores (not comments alone),
 * conflicts, manual decisions, new applications, changed amounts or dates.
 * Cheap (no scores loaded); conservative (a change undone still counts).
 */
export function changedSinceRun(ctx: ServiceContext, call: Call, runId: number): boolean {
  const since = ctx.db
    .prepare(`SELECT id FROM audit_log WHERE call_id = ? AND action = 'allocate' AND json_extract(details, '$.run') = ?`)
    .pluck()
    .get(call.id, runId) as number | undefined;
  if (since === undefined) return true;
  const change = ctx.db
    .prepare(
      `SELECT 1 FROM audit_log WHERE call_id = ? AND id > ? AND (
         (action = 'score' AND json_extract(details, '$.changes') != '{}')
         OR action IN ('conflict.declare', 'decide.clear')
         OR (action = 'decide' AND json_extract(details, '$.manual') = 1)
         OR (action = 'import' AND json_extract(details, '$.added') > 0)
         OR (action = 'application.update' AND (json_extract(details, '$.changes.requested') IS NOT NULL OR json_extract(details, '$.changes.submitted') IS NOT NULL))
       ) LIMIT 1`,
    )
    .pluck()
    .get(call.id, since);
  return change !== undefined;
}

export interface StoredDecision {
  applicationId: number;
  ref: string;
  tier: string | null;
  granted: number;
  status: DecisionStatus;
  reason: string;
  manual: number;
  note: string | null;
  runId: number | null;
  decidedBy: string;
  decidedAt: string;
  /** rank and exact result ('n/d') when the newest run placed it */
  rank: number | null;
  score: string | null;
}

/** Stored decisions of a call with their run, for reports. */
export function storedDecisions(ctx: ServiceContext, call: Call) {
  return ctx.db
    .prepare(
      `SELECT a.id AS applicationId, a.ref, d.tier, d.granted, d.status, d.reason, d.manual, d.note, d.run_id AS runId, d.decided_by AS decidedBy, d.decided_at AS decidedAt,
              d.rank, d.score
       FROM decisions d JOIN applications a ON a.id = d.application_id WHERE a.call_id = ?`,
    )
    .all(call.id) as StoredDecision[];
}
