/**
 * The allocation policy (§6): locked manual decisions first, then the ranked
 * applications in order, each offered to the funding tiers in the call's order.
 * Pure: the same input always gives the same decisions (*vedtak*).
 */
import type { CallDefinition, Tier } from './call.js';
import { UserError } from './errors.js';
import { cmp, fromDecimal, type Rational } from './rational.js';
import type { RankedApplication } from './rank.js';
import type { DecisionStatus } from './types.js';
import { compareText } from './compare.js';
import type { AidFigures, AllocationAid } from './state-aid.js';

/**
 * A locked decision set by hand (`klynge decide`). A stored `Decision` fits this
 * shape; one with `manual: false` (the allocator's own) is ignored.
 */
export interface ManualDecision {
  applicationId: number;
  /** tier the money comes out of; required when `granted` > 0 */
  tier: string | null;
  /** øre */
  granted: number;
  /** derived from the amount when left out (0 → rejected) */
  status?: DecisionStatus;
  /**
   * An applicant's answer to an offer, not a caseworker's decision: an accepted offer keeps
   * its tier, amount, status and reason as they were offered; a declined one gets nothing
   * (status `declined`) and its money stays in the tier for the next in line.
   */
  offer?: { state: 'accepted'; status: DecisionStatus; reason: ReasonCode } | { state: 'declined' };
}

/** Budget per tier key in øre, replacing the call's budget for a what-if run. */
export type BudgetOverrides = Readonly<Record<string, number>>;

export type ReasonCode =
  | 'manual'
  | 'granted'
  | 'capped-max-grant'
  | 'partial-remainder'
  | 'below-threshold'
  | `criterion-minimum:${string}`
  | 'below-tier-thresholds'
  | 'budget-exhausted'
  | 'state-aid-capped'
  | 'state-aid-ceiling'
  | 'offer-declined'
  | 'incomplete';

/** The outcome for one application. */
export interface AllocationDecision {
  applicationId: number;
  ref: string;
  rank: number | null;
  score: Rational | null;
  tier: string | null;
  /** øre */
  requested: number;
  /** øre */
  granted: number;
  status: DecisionStatus;
  reason: ReasonCode;
  /** set by the caseworker (`klynge decide`); an applicant's answer to an offer is not manual */
  manual: boolean;
  /** the applicant's answer to the offer, when it locked this decision */
  offer?: 'accepted' | 'declined';
  /** the de minimis figures, when the ceiling capped or refused the grant */
  aid?: AidFigures;
}

/** Money per tier after allocation, in øre. `left` is negative only if manual decisions overspent the tier. */
export interface TierTotal {
  key: string;
  budget: number;
  granted: number;
  left: number;
}

export interface AllocationResult {
  tiers: TierTotal[];
  /** rank order; unranked (incomplete) last, by ref */
  decisions: AllocationDecision[];
}

export interface AllocateInput {
  call: CallDefinition;
  ranked: readonly RankedApplication[];
  manual?: readonly ManualDecision[];
  budgets?: BudgetOverrides;
  /** the de minimis ceiling to respect; none: the call's grants are not de minimis */
  aid?: AllocationAid;
}

/** Run the allocation policy once. */
export function allocate(input: AllocateInput): AllocationResult {
  return allocator(input.call, input.ranked, input.manual ?? [], input.aid)(input.budgets);
}

/**
 * Prepare an allocation for repeated what-if runs: the threshold and criterion
 * checks are done once; the returned function allocates for a set of budget
 * overrides (tiers not named keep the call's budget).
 */
export function allocator(
  call: CallDefinition,
  ranked: readonly RankedApplication[],
  manual: readonly ManualDecision[] = [],
  aid?: AllocationAid,
): (budgets?: BudgetOverrides) => AllocationResult {
  const tierIndex = new Map<string, number>();
  call.tiers.forEach((t, i) => tierIndex.set(t.key, i));

  const manualById = new Map<number, ManualDecision>();
  for (const m of manual) {
    // stored decisions may be passed as they are: only the locked ones bind
    if ((m as { manual?: unknown }).manual === false) continue;
    manualById.set(m.applicationId, m);
  }
  const byId = new Map(ranked.map((r) => [r.applicationId, r]));
  for (const [id, m] of manualById) {
    const app = byId.get(id);
    if (app === undefined) continue; // a decision on an application no longer in the call
    const ref = app.ref;
    if (m.offer?.state === 'declined') continue; // nothing granted: nothing to check
    // a locked grant made before the request was lowered: never pay more than is asked for
    if (m.granted > app.requested) throw new UserError('allocate.manual_over_request', { ref, granted: { money: m.granted }, requested: { money: app.requested } });
    if (m.tier === null) {
      if (m.granted > 0) throw new UserError('allocate.manual_tier_required', { ref });
    } else if (!tierIndex.has(m.tier)) {
      throw new UserError('allocate.manual_unknown_tier', { ref, tier: m.tier, known: call.tiers.map((t) => t.key).join(', ') });
    }
    if (!Number.isSafeInteger(m.granted) || m.granted < 0) throw new UserError('allocate.bad_amount', { ref });
  }

  const order = [...ranked].sort(decisionOrder);
  const callThreshold = fromDecimal(call.threshold);
  const tierThresholds = call.tiers.map((t) => fromDecimal(t.threshold));
  const criterionMins = call.criteria.map((c) => (c.min === undefined ? null : fromDecimal(c.min)));

  // Everything about an application that does not depend on money, decided once:
  // its manual decision, or a final reason, or the tiers whose thresholds it reaches.
  const N = order.length;
  const T = call.tiers.length;
  const manualOf: (ManualDecision | undefined)[] = new Array(N);
  const finalReason: (ReasonCode | null)[] = new Array(N).fill(null);
  const eligible = new Uint8Array(N * T); // eligible[i * T + ti]: reaches tier ti's threshold
  for (let i = 0; i < N; i++) {
    const r = order[i];
    manualOf[i] = manualById.get(r.applicationId);
    if (manualOf[i]) continue;
    finalReason[i] = precheck(r);
    if (finalReason[i]) continue;
    let any = false;
    for (let ti = 0; ti < T; ti++) {
      if (cmp(r.score!, tierThresholds[ti]) >= 0) {
        eligible[i * T + ti] = 1;
        any = true;
      }
    }
    if (!any) finalReason[i] = 'below-tier-thresholds';
  }

  /** the reason an application is out before money is considered, or null */
  function precheck(r: RankedApplication): ReasonCode | null {
    if (r.incomplete || r.rank === null) return 'incomplete';
    if (r.score === null || cmp(r.score, callThreshold) < 0) return 'below-threshold';
    for (let ci = 0; ci < call.criteria.length; ci++) {
      const min = criterionMins[ci];
      const mean = r.aggregate.criteria[ci]?.mean ?? null;
      // a criterion judged n/a by everyone has no mean and so no minimum to fail
      if (min && mean && cmp(mean, min) < 0) return `criterion-minimum:${call.criteria[ci].key}`;
    }
    return null;
  }

  return (budgets = {}) => {
    for (const [key, v] of Object.entries(budgets)) {
      if (!tierIndex.has(key)) throw new UserError('allocate.unknown_tier', { tier: key, known: call.tiers.map((t) => t.key).join(', ') });
      if (!Number.isSafeInteger(v) || v < 0) throw new UserError('allocate.bad_budget', { tier: key });
    }
    const budget = call.tiers.map((t) => budgets[t.key] ?? t.budget);
    const spent = call.tiers.map(() => 0);

    // 1. locked decisions take their money first
    // (a manual decision on an application not in `ranked` is ignored: nothing to decide)
    for (const m of manualOf) if (m && m.tier !== null && m.offer?.state !== 'declined') spent[tierIndex.get(m.tier)!] += m.granted;

    // this call's grants per undertaking, manual ones first (the de minimis ceiling counts them all)
    const thisCall = new Map<string, number>();
    const undertaking = (i: number): string => aid!.undertakingOf.get(order[i].applicationId) ?? `#${order[i].applicationId}`;
    if (aid) for (let i = 0; i < N; i++) if (manualOf[i] && manualOf[i]!.offer?.state !== 'declined' && manualOf[i]!.granted > 0) thisCall.set(undertaking(i), (thisCall.get(undertaking(i)) ?? 0) + manualOf[i]!.granted);

    // 2. the rest in rank order
    const decisions: AllocationDecision[] = new Array(N);
    for (let i = 0; i < N; i++) {
      const r = order[i];
      const m = manualOf[i];
      if (m) {
        if (m.offer?.state === 'declined') {
          decisions[i] = decision(r, m.tier, 0, 'declined', 'offer-declined', false);
          decisions[i].offer = 'declined';
        } else if (m.offer?.state === 'accepted') {
          decisions[i] = decision(r, m.tier, m.granted, m.offer.status, m.offer.reason, false);
          decisions[i].offer = 'accepted';
        } else {
          decisions[i] = decision(r, m.tier, m.granted, statusOf(m.granted, r.requested), 'manual', true);
        }
        continue;
      }
      const out = finalReason[i];
      if (out) {
        decisions[i] = decision(r, null, 0, out === 'incomplete' ? 'pending' : 'rejected', out, false);
        continue;
      }
      let decided: AllocationDecision | null = null;
      // de minimis: what the undertaking may still get (Infinity when the call is not de minimis)
      let headroom = Infinity;
      let figures: AidFigures | undefined;
      if (aid) {
        const used = aid.used.get(undertaking(i));
        const given = thisCall.get(undertaking(i)) ?? 0;
        headroom = aid.ceiling - (used?.other ?? 0) - (used?.own ?? 0) - given;
        figures = { ceiling: aid.ceiling, other: used?.other ?? 0, own: used?.own ?? 0, thisCall: given, headroom: Math.max(0, headroom) };
      }
      let refusedForAid = false;
      // a tier whose ceiling would have allowed a grant, but whose money ran out: in line for it (the reserve list)
      let shortOfMoney = false;
      for (let ti = 0; ti < T && !decided; ti++) {
        if (!eligible[i * T + ti]) continue;
        const tier: Tier = call.tiers[ti];
        let amount = tier.maxGrant === undefined ? r.requested : Math.min(r.requested, tier.maxGrant);
        let capped = false;
        if (headroom < amount) {
          // over the ceiling: a partial grant up to the headroom where the tier allows one, else nothing here
          if (!tier.partial || headroom <= 0 || headroom < (tier.minGrant ?? 0)) {
            refusedForAid = true;
            continue;
          }
          amount = headroom;
          capped = true;
        }
        const left = budget[ti] - spent[ti];
        let granted: number | null = null;
        let reason: ReasonCode = 'granted';
        if (left >= amount) {
          granted = amount;
          reason = capped ? 'state-aid-capped' : amount < r.requested ? 'capped-max-grant' : 'granted';
        } else if (tier.partial && left > 0 && left >= (tier.minGrant ?? 0)) {
          granted = left;
          reason = 'partial-remainder';
        }
        if (granted === null) shortOfMoney = true;
        else {
          spent[ti] += granted;
          decided = decision(r, tier.key, granted, granted === r.requested ? 'granted' : 'partially granted', reason, false);
          if (capped) decided.aid = figures;
          if (aid) thisCall.set(undertaking(i), (thisCall.get(undertaking(i)) ?? 0) + granted);
        }
      }
      if (!decided && refusedForAid && !shortOfMoney) {
        decided = decision(r, null, 0, 'rejected', 'state-aid-ceiling', false);
        decided.aid = figures;
      }
      // qualified, but the money ran out: the reserve list
      decisions[i] = decided ?? decision(r, null, 0, 'reserve', 'budget-exhausted', false);
    }

    return {
      tiers: call.tiers.map((t, ti) => ({ key: t.key, budget: budget[ti], granted: spent[ti], left: budget[ti] - spent[ti] })),
      decisions,
    };
  };
}

// one literal shape for every decision (cheaper than spreads in the hot loop)
function decision(
  r: RankedApplication,
  tier: string | null,
  granted: number,
  status: DecisionStatus,
  reason: ReasonCode,
  manual: boolean,
): AllocationDecision {
  return { applicationId: r.applicationId, ref: r.ref, rank: r.rank, score: r.score, tier, requested: r.requested, granted, status, reason, manual };
}

/** Status of a manual decision given without one. */
function statusOf(granted: number, requested: number): DecisionStatus {
  if (granted <= 0) return 'rejected';
  return granted >= requested ? 'granted' : 'partially granted';
}

/** Rank order, unranked last by ref. */
function decisionOrder(a: RankedApplication, b: RankedApplication): number {
  if (a.rank !== null && b.rank !== null) return a.rank - b.rank;
  if (a.rank !== null) return -1;
  if (b.rank !== null) return 1;
  return compareText(a.ref, b.ref) || a.applicationId - b.applicationId;
}
