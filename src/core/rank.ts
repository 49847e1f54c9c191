/**
 * Ranking: weighted result descending, ties settled by the call's tie-break
 * chain, with a record of which step settled each tie. Incomplete applications
 * are not ranked.
 */
import type { AggregatedApplication } from './aggregate.js';
import { TIE_BREAK_STEPS, type CallDefinition, type TieBreakStep } from './call.js';
import { cmp, toNumber, type Rational } from './rational.js';
import type { Application } from './types.js';
import { compareText } from './compare.js';

/** One application in ranking order. */
export interface RankedApplication {
  applicationId: number;
  ref: string;
  /** requested amount in øre */
  requested: number;
  submitted: string | null;
  /** 1..n for ranked applications; null for incomplete ones */
  rank: number | null;
  /** weighted result; null when every criterion was n/a */
  score: Rational | null;
  incomplete: boolean;
  /**
   * The tie-break step that separates this application from a neighbour with the
   * same weighted result: the one above it if that ties, else the one below; null
   * when it ties with neither (or is unranked).
   */
  tieBrokenBy: TieBreakStep | null;
  /** step separating it from the tied application just above / just below (null: no tie there) */
  tie: TieSides;
  aggregate: AggregatedApplication;
}

/** The steps that separate an application from its tied neighbours (shared, frozen objects). */
export interface TieSides {
  readonly above: TieBreakStep | null;
  readonly below: TieBreakStep | null;
}

const SIDES: (TieBreakStep | null)[] = [null, ...TIE_BREAK_STEPS];
const TIE_SIDES: TieSides[][] = SIDES.map((above) => SIDES.map((below) => Object.freeze({ above, below })));
const tieOf = (above: TieBreakStep | null, below: TieBreakStep | null): TieSides => TIE_SIDES[SIDES.indexOf(above)][SIDES.indexOf(below)];

export type RankInputApplication = Pick<Application, 'id' | 'ref' | 'requested' | 'submitted'>;

/**
 * Rank aggregated applications. `aggregated` and `applications` are matched by
 * application id; the result lists ranked applications in rank order, then the
 * unranked (incomplete) ones by ref.
 */
export function rank(
  call: CallDefinition,
  aggregated: readonly AggregatedApplication[],
  applications: readonly RankInputApplication[],
): RankedApplication[] {
  const N = aggregated.length;
  const C = call.criteria.length;
  const apps = matchApplications(aggregated, applications);

  // Rationals are compared once, to build dense integer keys (higher is better,
  // -1 for none); the sort then compares small integers only.
  const scoreKey = denseKeys(N, (i) => aggregated[i].weighted);
  // critKeys[i * C + ci]: application i's mean on criterion ci
  const critKeys = new Int32Array(N * C);
  for (let ci = 0; ci < C; ci++) {
    const dense = denseKeys(N, (i) => aggregated[i].criteria[ci]?.mean ?? null);
    for (let i = 0; i < N; i++) critKeys[i * C + ci] = dense[i];
  }

  /** compare i and j by one tie-break step: negative when i goes first */
  const byStep = (step: TieBreakStep, i: number, j: number): number => {
    switch (step) {
      case 'criteria-in-order':
        // higher mean first; a criterion without a mean (all n/a) after one with a mean
        for (let ci = 0; ci < C; ci++) {
          const d = critKeys[j * C + ci] - critKeys[i * C + ci];
          if (d) return d;
        }
        return 0;
      case 'requested-asc':
        return apps[i].requested - apps[j].requested;
      case 'submitted-asc': {
        const x = apps[i].submitted;
        const y = apps[j].submitted;
        if (x === y) return 0;
        if (x === null) return 1;
        if (y === null) return -1;
        return compareText(x, y);
      }
      case 'ref':
        return compareText(apps[i].ref, apps[j].ref);
    }
  };
  // the call's chain, with ref as the last word if the call left it out
  const steps: TieBreakStep[] = call.tieBreak.includes('ref') ? [...call.tieBreak] : [...call.tieBreak, 'ref'];
  const decidingStep = (i: number, j: number): TieBreakStep | null => {
    for (const st of steps) if (byStep(st, i, j)) return st;
    return null;
  };

  const ranked: number[] = [];
  const unranked: number[] = [];
  for (let i = 0; i < N; i++) (aggregated[i].incomplete ? unranked : ranked).push(i);
  ranked.sort((i, j) => {
    const d = scoreKey[j] - scoreKey[i];
    if (d) return d;
    for (const st of steps) {
      const e = byStep(st, i, j);
      if (e) return e;
    }
    return apps[i].id - apps[j].id;
  });
  unranked.sort((i, j) => compareText(apps[i].ref, apps[j].ref) || apps[i].id - apps[j].id);

  // step between neighbours p-1 and p when their results tie
  const between: (TieBreakStep | null)[] = new Array(ranked.length).fill(null);
  for (let p = 1; p < ranked.length; p++) {
    if (scoreKey[ranked[p - 1]] === scoreKey[ranked[p]]) between[p] = decidingStep(ranked[p - 1], ranked[p]);
  }

  const entry = (i: number, rankNo: number | null, above: TieBreakStep | null, below: TieBreakStep | null): RankedApplication => ({
    applicationId: apps[i].id,
    ref: apps[i].ref,
    requested: apps[i].requested,
    submitted: apps[i].submitted,
    rank: rankNo,
    score: aggregated[i].weighted,
    incomplete: aggregated[i].incomplete,
    tieBrokenBy: above ?? below,
    tie: tieOf(above, below),
    aggregate: aggregated[i],
  });
  const out: RankedApplication[] = new Array(N);
  for (let p = 0; p < ranked.length; p++) out[p] = entry(ranked[p], p + 1, between[p], p + 1 < ranked.length ? between[p + 1] : null);
  for (let q = 0; q < unranked.length; q++) out[ranked.length + q] = entry(unranked[q], null, null, null);
  return out;
}

/**
 * Dense rank of each value (0 = lowest), -1 for null; equal fractions share a key.
 * Fractions are reduced, so equal ones have equal parts and the same float: the
 * float only buckets them, the order comes from exact comparison.
 */
function denseKeys(count: number, valueAt: (i: number) => Rational | null): Int32Array {
  const seen = new Map<Rational, number>(); // by identity (aggregate shares equal means) → index in distinct
  const buckets = new Map<number, number[]>();
  const distinct: Rational[] = [];
  const found = new Int32Array(count); // index in distinct, -1 for null
  for (let i = 0; i < count; i++) {
    const v = valueAt(i);
    if (!v) {
      found[i] = -1;
      continue;
    }
    let d = seen.get(v);
    if (d === undefined) {
      const f = toNumber(v);
      let bucket = buckets.get(f);
      if (!bucket) buckets.set(f, (bucket = []));
      d = bucket.find((x) => distinct[x].n === v.n && distinct[x].d === v.d);
      if (d === undefined) {
        d = distinct.length;
        bucket.push(d);
        distinct.push(v);
      }
      seen.set(v, d);
    }
    found[i] = d;
  }
  const order = distinct.map((_, d) => d).sort((x, y) => cmp(distinct[x], distinct[y]));
  const denseOf = new Int32Array(distinct.length);
  order.forEach((d, k) => (denseOf[d] = k));
  for (let i = 0; i < count; i++) if (found[i] >= 0) found[i] = denseOf[found[i]];
  return found;
}

/** The application of each aggregate, by id (usually the lists come in the same order). */
function matchApplications(aggregated: readonly AggregatedApplication[], applications: readonly RankInputApplication[]): RankInputApplication[] {
  let aligned = aggregated.length === applications.length;
  for (let i = 0; i < aggregated.length && aligned; i++) aligned = aggregated[i].applicationId === applications[i].id;
  if (aligned) return applications.slice();
  const appById = new Map<number, RankInputApplication>();
  for (const a of applications) appById.set(a.id, a);
  return aggregated.map((agg) => {
    const app = appById.get(agg.applicationId);
    if (!app) throw new Error(`rank: no application with id ${agg.applicationId}`);
    return app;
  });
}

