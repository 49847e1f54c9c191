/**
 * Aggregation of evaluators' scores per application: the mean per criterion,
 * the weighted result, the spread and the flags a caseworker must see.
 * Everything is exact (rational.ts): a weighted 3.5 is 3.5, never 3.4999….
 */
import type { CallDefinition } from './call.js';
import { add, cmp, div, fromDecimal, mul, rat, sub, toNumber, type Rational } from './rational.js';
import { type ScoreInput, type ScoreTable, compareRows, isScoreTable, pickRows, toScoreTable } from './score-table.js';
import type { Application, Conflict, Evaluator } from './types.js';
import { compareText } from './compare.js';

export type { ScoreInput, ScoreTable } from './score-table.js';

/** Statistics of one criterion on one application, over the scores that count. */
export interface CriterionStats {
  criterion: string;
  /** sum of the numeric scores (n/a left out) */
  sum: Rational;
  /** number of numeric scores */
  n: number;
  /** sum / n, or null when nobody gave a number (all n/a, or no scores) */
  mean: Rational | null;
  min: number | null;
  max: number | null;
  /** max − min, or null without numeric scores */
  spread: number | null;
  /** number of "not applicable" answers */
  naCount: number;
}

/** An evaluator in the panel who owes a score on a criterion. */
export interface MissingScore {
  evaluatorId: number;
  criterion: string;
}

export type AggregateFlag =
  | { code: 'disagreement'; criterion: string; spread: number }
  /** `unanswered`: criteria nobody (non-conflicted) has answered; `missing`: who still owes what */
  /**
   * `unanswered`: criteria nobody (non-conflicted) has answered; `missing`: who still owes what;
   * `unassigned`: the call has panels and nobody is assigned to this application
   */
  | { code: 'incomplete'; unanswered: string[]; missing: readonly MissingScore[]; unassigned?: true }
  | { code: 'criterion-minimum'; criterion: string; mean: Rational; min: number };

/** The aggregated scores of one application. */
export interface AggregatedApplication {
  applicationId: number;
  /** one entry per criterion of the call, in the call's order */
  criteria: CriterionStats[];
  /** Σ wᵢ·meanᵢ / Σ wᵢ over criteria with a mean; null when no criterion has one */
  weighted: Rational | null;
  /**
   * some criterion has no answer (number or n/a) from any non-conflicted evaluator; with panels
   * (assignments), also while an assigned, non-conflicted evaluator has not answered every criterion
   */
  incomplete: boolean;
  /**
   * evaluators expected here, not conflicted, with no score row for a criterion (call order, then
   * their order): the panel, or with assignments the application's assigned evaluators
   */
  missing: readonly MissingScore[];
  /** evaluators whose conflict (*inhabilitet*) keeps them out of this application */
  conflicted: readonly number[];
  flags: readonly AggregateFlag[];
}

export type ConflictInput = Pick<Conflict, 'evaluatorId' | 'applicationId'>;

/**
 * A call's panels (issue 14 item 4): application id → the evaluators assigned to it. Given, an
 * application is complete once its assigned evaluators have answered every criterion, and only
 * they are waited for; an application nobody is assigned to is not complete, and its flag says
 * nobody is assigned.
 */
export type Assignments = ReadonlyMap<number, readonly number[]>;

const conflictKey = (evaluatorId: number, applicationId: number): string => `${evaluatorId}:${applicationId}`;

/** The order scores are counted in: application, evaluator, criterion key. */
export const scoreOrder = (x: ScoreInput, y: ScoreInput): number =>
  x.applicationId - y.applicationId || x.evaluatorId - y.evaluatorId || compareText(x.criterion, y.criterion);

/**
 * The scores that count: for applications of the list, criteria of the call,
 * evaluators not conflicted on the application. One row per
 * (evaluator, application, criterion); a later duplicate replaces an earlier one.
 * Sorted by application, evaluator and criterion.
 */
export function countedScores<S extends ScoreInput>(
  call: CallDefinition,
  applications: readonly Pick<Application, 'id'>[],
  scores: readonly S[],
  conflicts: readonly ConflictInput[],
): S[] {
  return Array.from(countedRows(call, applications, toScoreTable(scores), conflicts), (i) => scores[i]);
}

/** `countedScores` of a table, as a table. */
export function countedScoreTable(
  call: CallDefinition,
  applications: readonly Pick<Application, 'id'>[],
  scores: ScoreTable,
  conflicts: readonly ConflictInput[],
): ScoreTable {
  const rows = countedRows(call, applications, scores, conflicts, true);
  return rows === null ? scores : pickRows(scores, rows);
}

/** The rows that count, in counting order; null when that is every row as it stands. */
function countedRows(call: CallDefinition, applications: readonly Pick<Application, 'id'>[], t: ScoreTable, conflicts: readonly ConflictInput[]): Int32Array;
function countedRows(call: CallDefinition, applications: readonly Pick<Application, 'id'>[], t: ScoreTable, conflicts: readonly ConflictInput[], nullWhenAll: true): Int32Array | null;
function countedRows(call: CallDefinition, applications: readonly Pick<Application, 'id'>[], t: ScoreTable, conflicts: readonly ConflictInput[], nullWhenAll = false): Int32Array | null {
  const appIds = new Set(applications.map((a) => a.id));
  const ofCall = new Set(call.criteria.map((c) => c.key));
  const inCall = t.criteria.map((k) => ofCall.has(k));
  const conflicted = new Set(conflicts.map((c) => conflictKey(c.evaluatorId, c.applicationId)));
  const counts = (i: number): boolean =>
    inCall[t.criterion[i]] && appIds.has(t.applicationId[i]) && !(conflicted.size && conflicted.has(conflictKey(t.evaluatorId[i], t.applicationId[i])));
  // Rows from the database come sorted, without duplicates, nearly all counting:
  // one pass finds that out.
  let plain = true;
  for (let i = 0; i < t.length && plain; i++) plain = counts(i) && (i === 0 || compareRows(t, i - 1, i) < 0);
  if (plain) return nullWhenAll ? null : Int32Array.from({ length: t.length }, (_, i) => i);

  const kept: number[] = [];
  for (let i = 0; i < t.length; i++) if (counts(i)) kept.push(i);
  // rows of one (application, evaluator, criterion) stay in input order, so the last of each group is the newest
  kept.sort((i, j) => compareRows(t, i, j) || i - j);
  const out: number[] = [];
  for (let k = 0; k < kept.length; k++) {
    if (k + 1 < kept.length && compareRows(t, kept[k], kept[k + 1]) === 0) continue;
    out.push(kept[k]);
  }
  return Int32Array.from(out);
}

const ZERO = rat(0);

/** One criterion's statistics on one application and the flags they raise there. */
interface CriterionResult {
  stats: CriterionStats;
  flags: readonly AggregateFlag[];
}
// most applications have no flags, conflicts or missing scores: share one frozen empty list
const NONE: readonly never[] = Object.freeze([]);

/**
 * Aggregate scores per application (in the order of `applications`).
 * Conflicted evaluators' scores are left out even when given before the conflict
 * was declared; n/a answers are left out of means and count as answers for
 * completeness; `panel` decides who is expected to score (`missing`), or `assigned` when the
 * call has panels. aggregate-reference.ts says the same in plain code; a property test holds the two equal.
 */
export function aggregate(
  call: CallDefinition,
  applications: readonly Pick<Application, 'id'>[],
  scores: readonly ScoreInput[] | ScoreTable,
  conflicts: readonly ConflictInput[],
  panel: readonly Pick<Evaluator, 'id'>[],
  assigned?: Assignments,
): AggregatedApplication[] {
  const t = isScoreTable(scores) ? scores : toScoreTable(scores);
  const A = applications.length;
  const appIndex = positions(applications.map((a) => a.id));
  const conflictsByApp = conflictsPerApplication(conflicts, appIndex, A);
  const groups = groupRows(call, t, appIndex, conflictsByApp, A);
  const tally = new Tally(call.criteria.length, expectedIds(panel, assigned));
  const ratios = new SharedRatios();
  const stats = new CriterionStatsMaker(call, ratios);
  const weigh = new WeightedMean(call, ratios);

  const out: AggregatedApplication[] = new Array(A);
  for (let ai = 0; ai < A; ai++) {
    const conflicted = conflictsByApp[ai];
    tally.count(t, groups, ai);
    const criteria: CriterionStats[] = new Array(tally.C);
    let flags: AggregateFlag[] | null = null;
    for (let ci = 0; ci < tally.C; ci++) {
      const found = stats.of(tally, ci);
      criteria[ci] = found.stats;
      if (found.flags.length) (flags ??= []).push(...found.flags);
    }
    const expected = assigned ? (assigned.get(applications[ai].id) ?? NONE) : null;
    const missing = tally.missing(conflicted, call, expected);
    const unanswered = tally.unanswered(call);
    // with panels, nobody assigned means nobody is to score it: it cannot be complete
    const incomplete = unanswered !== null || (expected !== null && (missing !== null || expected.length === 0));
    if (incomplete) {
      const flag: AggregateFlag = { code: 'incomplete', unanswered: unanswered ?? [], missing: missing ?? NONE };
      if (expected !== null && expected.length === 0) flag.unassigned = true;
      (flags ??= []).unshift(flag);
    }
    out[ai] = {
      applicationId: applications[ai].id,
      criteria,
      weighted: weigh.of(tally, criteria),
      incomplete,
      missing: missing ?? NONE,
      conflicted: conflicted ? [...conflicted].sort((a, b) => a - b) : NONE,
      flags: flags ?? NONE,
    };
  }
  return out;
}

/** Whose answers the tally keeps apart: the panel, and with assignments every assigned evaluator too. */
function expectedIds(panel: readonly Pick<Evaluator, 'id'>[], assigned: Assignments | undefined): number[] {
  const ids = panel.map((e) => e.id);
  if (!assigned) return ids;
  const seen = new Set(ids);
  for (const list of assigned.values()) {
    for (const id of list) {
      if (seen.has(id)) continue;
      seen.add(id);
      ids.push(id);
    }
  }
  return ids;
}

/** The evaluators with a conflict on each application (by its place in the list). */
function conflictsPerApplication(conflicts: readonly ConflictInput[], appIndex: (id: number) => number, A: number): (Set<number> | undefined)[] {
  const byApp: (Set<number> | undefined)[] = new Array(A);
  for (const c of conflicts) {
    const ai = appIndex(c.applicationId);
    if (ai >= 0) (byApp[ai] ??= new Set()).add(c.evaluatorId);
  }
  return byApp;
}

/** The rows that count, grouped per application: `rows[start[ai] .. start[ai+1])`, in input order. */
interface Groups {
  rows: Int32Array;
  start: Int32Array;
  /** the call's place of each row's criterion */
  crit: Int32Array;
}

/** A counting sort of row indices by application: no per-application arrays. */
function groupRows(call: CallDefinition, t: ScoreTable, appIndex: (id: number) => number, conflictsByApp: (Set<number> | undefined)[], A: number): Groups {
  // the call's place of each criterion key of the table; -1 for keys the call does not have
  const callPlace = new Map<string, number>();
  call.criteria.forEach((c, i) => callPlace.set(c.key, i));
  const critIndex = Int32Array.from(t.criteria, (k) => callPlace.get(k) ?? -1);
  const rowApp = new Int32Array(t.length).fill(-1);
  const crit = new Int32Array(t.length);
  const start = new Int32Array(A + 1);
  for (let k = 0; k < t.length; k++) {
    const ci = critIndex[t.criterion[k]];
    if (ci < 0) continue;
    const ai = appIndex(t.applicationId[k]);
    if (ai < 0) continue;
    if (conflictsByApp[ai]?.has(t.evaluatorId[k])) continue;
    rowApp[k] = ai;
    crit[k] = ci;
    start[ai + 1]++;
  }
  for (let ai = 0; ai < A; ai++) start[ai + 1] += start[ai];
  const rows = new Int32Array(start[A]);
  const next = start.slice(0, A);
  for (let k = 0; k < t.length; k++) if (rowApp[k] >= 0) rows[next[rowApp[k]]++] = k;
  return { rows, start, crit };
}

/**
 * One application's counts per criterion, in scratch arrays reused from one application to the
 * next. Plain arrays rather than Float64Array for values, so whole numbers stay small integers.
 */
class Tally {
  readonly intSum: number[];
  /** the sum of the scores that are not whole, when there are any */
  readonly fracSum: (Rational | null)[];
  readonly n: Int32Array;
  readonly na: Int32Array;
  readonly lo: number[];
  readonly hi: number[];
  readonly answered: Uint8Array;
  /** answeredBy[ci * P + pi]: panel evaluator pi answered criterion ci */
  readonly answeredBy: Uint8Array;
  private readonly P: number;
  private readonly panelIndex: (id: number) => number;

  constructor(
    readonly C: number,
    private readonly panelIds: readonly number[],
  ) {
    this.intSum = new Array(C).fill(0);
    this.fracSum = new Array(C);
    this.n = new Int32Array(C);
    this.na = new Int32Array(C);
    this.lo = new Array(C).fill(0);
    this.hi = new Array(C).fill(0);
    this.answered = new Uint8Array(C);
    this.P = panelIds.length;
    this.answeredBy = new Uint8Array(C * this.P);
    this.panelIndex = positions(panelIds);
  }

  /** Count application ai's rows; the latest row per (evaluator, criterion) counts: re-scoring replaces. */
  count(t: ScoreTable, g: Groups, ai: number): void {
    this.intSum.fill(0);
    this.fracSum.fill(null);
    this.n.fill(0);
    this.na.fill(0);
    this.answered.fill(0);
    this.answeredBy.fill(0);
    let from = g.start[ai];
    let to = g.start[ai + 1];
    let rows = g.rows;
    if (hasDuplicates(t, rows, from, to)) {
      rows = latestPerEvaluatorCriterion(t, rows, from, to);
      from = 0;
      to = rows.length;
    }
    const { intSum, fracSum, n, na, lo, hi, answered, answeredBy, P } = this;
    for (let j = from; j < to; j++) {
      const k = rows[j];
      const ci = g.crit[k];
      answered[ci] = 1;
      const pi = this.panelIndex(t.evaluatorId[k]);
      if (pi >= 0) answeredBy[ci * P + pi] = 1;
      const v = t.value[k];
      if (Number.isNaN(v)) {
        na[ci]++;
        continue;
      }
      if (n[ci] === 0 || v < lo[ci]) lo[ci] = v;
      if (n[ci] === 0 || v > hi[ci]) hi[ci] = v;
      n[ci]++;
      if (Number.isInteger(v)) intSum[ci] += v;
      else fracSum[ci] = fracSum[ci] ? add(fracSum[ci]!, fromDecimal(v)) : fromDecimal(v);
    }
  }

  /**
   * Evaluators expected, not conflicted, with no row for a criterion (call order, then panel
   * order, or the order of `only`: an application's assigned evaluators); null for none.
   */
  missing(conflicted: Set<number> | undefined, call: CallDefinition, only: readonly number[] | null): MissingScore[] | null {
    let missing: MissingScore[] | null = null;
    for (let ci = 0; ci < this.C; ci++) {
      if (only) {
        for (const id of only) {
          if (this.answeredBy[ci * this.P + this.panelIndex(id)] || conflicted?.has(id)) continue;
          (missing ??= []).push({ evaluatorId: id, criterion: call.criteria[ci].key });
        }
        continue;
      }
      for (let pi = 0; pi < this.P; pi++) {
        if (this.answeredBy[ci * this.P + pi] || conflicted?.has(this.panelIds[pi])) continue;
        (missing ??= []).push({ evaluatorId: this.panelIds[pi], criterion: call.criteria[ci].key });
      }
    }
    return missing;
  }

  /** The criteria nobody counted has answered (number or n/a); null when every one has an answer. */
  unanswered(call: CallDefinition): string[] | null {
    if (this.answered.every((a) => a === 1)) return null;
    return call.criteria.filter((_, ci) => !this.answered[ci]).map((c) => c.key);
  }
}

/**
 * Means repeat a lot (a handful of evaluators, a small scale): equal ones are one object
 * (and ranking compares shared ones by identity before doing any arithmetic).
 */
class SharedRatios {
  private readonly map = new Map<number, Rational>();
  /** a/b reduced; a and b whole */
  of(a: number, b: number): Rational {
    const g = numGcd(a, b) || 1;
    a /= g;
    b /= g;
    if (a <= -0x100000 || a >= 0x100000 || b >= 0x200000) return { n: big(a), d: big(b) };
    const key = (a + 0x100000) * 0x200000 + b;
    let r = this.map.get(key);
    if (!r) this.map.set(key, (r = { n: big(a), d: big(b) }));
    return r;
  }
}

/** Statistics and flags of one criterion from a tally; equal whole-number ones shared between applications. */
class CriterionStatsMaker {
  private readonly mins: (Rational | null)[];
  private readonly disagreement: Rational;
  private readonly disagreementIsInt: boolean;
  private readonly shared = new Map<number, CriterionResult>();

  constructor(
    private readonly call: CallDefinition,
    private readonly ratios: SharedRatios,
  ) {
    this.mins = call.criteria.map((c) => (c.min === undefined ? null : fromDecimal(c.min)));
    this.disagreement = fromDecimal(call.disagreement);
    this.disagreementIsInt = Number.isInteger(call.disagreement);
  }

  of(tally: Tally, ci: number): CriterionResult {
    return tally.fracSum[ci] ? this.make(tally, ci, false) : this.sharedOf(tally, ci);
  }

  /**
   * Equal statistics repeat a lot (a few evaluators, a small whole-number scale): one frozen
   * object per distinct (criterion, count, n/a count, min, max, sum) instead of one per
   * application, and so one flag object per distinct disagreement. The six fit one number
   * (6 + 5 + 5 + 8 + 8 + 13 bits) while each stays in its range; outside, nothing is shared.
   */
  private sharedOf(tally: Tally, ci: number): CriterionResult {
    const count = tally.n[ci];
    const na = tally.na[ci];
    const a = count ? tally.lo[ci] : 0;
    const b = count ? tally.hi[ci] : 0;
    const s = tally.intSum[ci];
    if (ci >= 64 || count >= 32 || na >= 32 || !(a >= -128 && a < 128 && b >= -128 && b < 128 && s >= -4096 && s < 4096) || !Number.isInteger(a) || !Number.isInteger(b)) {
      return this.make(tally, ci, false);
    }
    const key = ((((ci * 32 + count) * 32 + na) * 256 + (a + 128)) * 256 + (b + 128)) * 8192 + (s + 4096);
    let found = this.shared.get(key);
    if (!found) this.shared.set(key, (found = this.make(tally, ci, true)));
    return found;
  }

  private make(tally: Tally, ci: number, share: boolean): CriterionResult {
    const { call } = this;
    const key = call.criteria[ci].key;
    const count = tally.n[ci];
    const flags: AggregateFlag[] = [];
    let sum: Rational;
    let mean: Rational | null = null;
    const frac = tally.fracSum[ci];
    if (frac) {
      sum = add(rat(tally.intSum[ci]), frac);
      mean = div(sum, rat(count));
    } else {
      sum = intRat(tally.intSum[ci]);
      if (count) mean = this.ratios.of(tally.intSum[ci], count);
    }
    let spread: number | null = null;
    if (count) {
      const a = tally.lo[ci];
      const b = tally.hi[ci];
      if (Number.isInteger(a) && Number.isInteger(b)) {
        spread = b - a;
        if (this.disagreementIsInt ? spread >= call.disagreement : cmp(rat(spread), this.disagreement) >= 0) {
          flags.push({ code: 'disagreement', criterion: key, spread });
        }
      } else {
        const exact = sub(fromDecimal(b), fromDecimal(a));
        spread = toNumber(exact);
        if (cmp(exact, this.disagreement) >= 0) flags.push({ code: 'disagreement', criterion: key, spread });
      }
    }
    const m = this.mins[ci];
    if (mean && m && cmp(mean, m) < 0) flags.push({ code: 'criterion-minimum', criterion: key, mean, min: call.criteria[ci].min! });
    const stats: CriterionStats = {
      criterion: key,
      sum,
      n: count,
      mean,
      min: count ? tally.lo[ci] : null,
      max: count ? tally.hi[ci] : null,
      spread,
      naCount: tally.na[ci],
    };
    if (!share) return { stats, flags };
    // shared between applications: nobody may change it
    for (const f of flags) Object.freeze(f);
    return { stats: Object.freeze(stats), flags: Object.freeze(flags) };
  }
}

/**
 * Σ wᵢ·meanᵢ / Σ wᵢ over the criteria with a mean. Whole scores and whole weights (over a
 * common denominator) make it a ratio of small integers, computed in plain numbers while they
 * stay exact; otherwise in rationals.
 */
class WeightedMean {
  private readonly weights: Rational[];
  private readonly intWeights: number[];
  private readonly intWeightsSafe: boolean;

  constructor(
    call: CallDefinition,
    private readonly ratios: SharedRatios,
  ) {
    this.weights = call.criteria.map((c) => fromDecimal(c.weight));
    const weightDen = this.weights.reduce((l, w) => (l * w.d) / bigGcd(l, w.d), 1n);
    this.intWeights = this.weights.map((w) => Number(w.n * (weightDen / w.d)));
    this.intWeightsSafe = this.intWeights.every((w) => Number.isSafeInteger(w));
  }

  of(tally: Tally, criteria: CriterionStats[]): Rational | null {
    const { n, intSum, fracSum } = tally;
    let fast = this.intWeightsSafe;
    let lcmN = 1;
    for (let ci = 0; ci < tally.C && fast; ci++) {
      if (fracSum[ci]) fast = false;
      else if (n[ci]) lcmN = (lcmN / numGcd(lcmN, n[ci])) * n[ci];
    }
    let anyMean = false;
    let num = 0;
    let den = 0;
    for (let ci = 0; ci < tally.C; ci++) {
      if (!criteria[ci].mean) continue;
      anyMean = true;
      if (!fast) continue;
      const w = this.intWeights[ci];
      const term = w * intSum[ci] * (lcmN / n[ci]);
      num += term;
      den += w * lcmN;
      if (!Number.isSafeInteger(term) || !Number.isSafeInteger(num) || !Number.isSafeInteger(den)) fast = false;
    }
    if (!anyMean) return null;
    return fast ? this.ratios.of(num, den) : weightedSlow(this.weights, criteria);
  }
}

/** Σ wᵢ·meanᵢ / Σ wᵢ in rationals throughout (decimal scores, or numbers too large for the fast path). */
function weightedSlow(weights: Rational[], criteria: CriterionStats[]): Rational {
  let num = ZERO;
  let den = ZERO;
  criteria.forEach((c, ci) => {
    if (!c.mean) return;
    num = add(num, mul(weights[ci], c.mean));
    den = add(den, weights[ci]);
  });
  return div(num, den);
}

/**
 * id → its place in `ids` (the last, if repeated, as a Map would keep it), -1 when absent. Database ids are whole
 * numbers close together: then a typed array answers, not a Map (one lookup per score row).
 */
function positions(ids: readonly number[]): (id: number) => number {
  let lo = Infinity;
  let hi = -Infinity;
  for (const id of ids) {
    if (!Number.isSafeInteger(id)) lo = NaN;
    if (id < lo) lo = id;
    if (id > hi) hi = id;
  }
  if (ids.length && !Number.isNaN(lo) && hi - lo < 4 * ids.length + 1024) {
    const at = new Int32Array(hi - lo + 1).fill(-1);
    for (let i = 0; i < ids.length; i++) at[ids[i] - lo] = i;
    return (id) => {
      const p = at[id - lo]; // undefined outside the range, or for an id that is not whole
      return p === undefined ? -1 : p;
    };
  }
  const map = new Map<number, number>();
  for (let i = 0; i < ids.length; i++) map.set(ids[i], i);
  return (id) => map.get(id) ?? -1;
}

function numGcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

function bigGcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}

// BigInts are immutable: share the small ones instead of allocating thousands of equal values
const SMALL: bigint[] = Array.from({ length: 4097 }, (_, i) => BigInt(i - 2048));
const big = (x: number): bigint => (x >= -2048 && x <= 2048 ? SMALL[x + 2048] : BigInt(x));
// Rationals are never mutated either: whole-number sums are shared too
const SMALL_RAT: Rational[] = SMALL.map((n) => ({ n, d: 1n }));
const intRat = (x: number): Rational => (x >= -2048 && x <= 2048 ? SMALL_RAT[x + 2048] : { n: BigInt(x), d: 1n });

/** Does an (evaluator, criterion) pair occur twice among grouped[from..to)? */
function hasDuplicates(t: ScoreTable, grouped: Int32Array, from: number, to: number): boolean {
  if (to - from < 2) return false;
  if (to - from > 64) return true; // let the map sort it out
  for (let i = from + 1; i < to; i++) {
    const a = grouped[i];
    for (let j = from; j < i; j++) {
      const b = grouped[j];
      if (t.evaluatorId[a] === t.evaluatorId[b] && t.criterion[a] === t.criterion[b]) return true;
    }
  }
  return false;
}

/** The indices of grouped[from..to), keeping only the last row per (evaluator, criterion). */
function latestPerEvaluatorCriterion(t: ScoreTable, grouped: Int32Array, from: number, to: number): Int32Array {
  const last = new Map<string, number>();
  for (let i = from; i < to; i++) last.set(`${t.evaluatorId[grouped[i]]}\u0000${t.criterion[grouped[i]]}`, grouped[i]);
  return Int32Array.from(last.values()).sort();
}
