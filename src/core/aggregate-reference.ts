/**
 * The aggregation of aggregate.ts written the plain way: one application at a time, one
 * criterion at a time, rationals throughout, no typed arrays, no shared objects, no cache
 * keys. It is slow (a Map and a filter per application) and is not used by the program: it is
 * the contract the fast `aggregate` is property-tested against (test/core/aggregate.reference.test.ts).
 * When the two disagree, this one is read against SPEC §6 first.
 *
 * The contract, per application of the list and per criterion of the call:
 * - the rows that count are those of the application, for a criterion of the call, from an
 *   evaluator with no conflict of interest declared on the application; of several rows of one
 *   evaluator and criterion the last one counts (re-scoring replaces);
 * - the mean is over the numeric scores; n/a is left out of the mean but is an answer;
 * - the spread is max − min of the numeric scores; it flags disagreement when it reaches the
 *   call's `disagreement`; a mean below the criterion's `min` flags `criterion-minimum`;
 * - the weighted result is Σ wᵢ·meanᵢ / Σ wᵢ over the criteria that have a mean, else null;
 * - a criterion nobody counted has answered makes the application incomplete; every panel
 *   evaluator without a conflict and without a row for a criterion is `missing` it;
 * - with assignments (panels), the evaluators expected are the application's assigned ones instead
 *   of the panel, and it is incomplete also while one of them is missing a criterion; with nobody
 *   assigned it is incomplete, and its flag says `unassigned`.
 */
import type { CallDefinition } from './call.js';
import type { AggregateFlag, AggregatedApplication, Assignments, ConflictInput, CriterionStats, MissingScore } from './aggregate.js';
import { add, cmp, div, fromDecimal, mul, rat, sub, toNumber, type Rational } from './rational.js';
import type { ScoreInput } from './score-table.js';
import type { Application, Evaluator } from './types.js';

export function aggregateReference(
  call: CallDefinition,
  applications: readonly Pick<Application, 'id'>[],
  scores: readonly ScoreInput[],
  conflicts: readonly ConflictInput[],
  panel: readonly Pick<Evaluator, 'id'>[],
  assigned?: Assignments,
): AggregatedApplication[] {
  return applications.map((app) => aggregateOne(call, app.id, scores, conflicts, assigned ? (assigned.get(app.id) ?? []).map((id) => ({ id })) : panel, assigned !== undefined));
}

function aggregateOne(
  call: CallDefinition,
  applicationId: number,
  scores: readonly ScoreInput[],
  conflicts: readonly ConflictInput[],
  expected: readonly Pick<Evaluator, 'id'>[],
  withAssignments: boolean,
): AggregatedApplication {
  const conflicted = [...new Set(conflicts.filter((c) => c.applicationId === applicationId).map((c) => c.evaluatorId))].sort((a, b) => a - b);
  const keys = new Set(call.criteria.map((c) => c.key));

  // the last row of each (evaluator, criterion) that counts
  const latest = new Map<string, ScoreInput>();
  for (const s of scores) {
    if (s.applicationId !== applicationId || !keys.has(s.criterion) || conflicted.includes(s.evaluatorId)) continue;
    latest.set(`${s.evaluatorId}\u0000${s.criterion}`, s);
  }
  const counted = [...latest.values()];

  const criteria: CriterionStats[] = [];
  const flags: AggregateFlag[] = [];
  const missing: MissingScore[] = [];
  const unanswered: string[] = [];
  for (const c of call.criteria) {
    const rows = counted.filter((s) => s.criterion === c.key);
    const numbers = rows.map((s) => s.value).filter((v): v is number => v !== null);
    const sum = numbers.reduce((acc, v) => add(acc, fromDecimal(v)), rat(0));
    const n = numbers.length;
    const mean = n ? div(sum, rat(n)) : null;
    const min = n ? Math.min(...numbers) : null;
    const max = n ? Math.max(...numbers) : null;
    let spread: number | null = null;
    if (min !== null && max !== null) {
      const exact = sub(fromDecimal(max), fromDecimal(min));
      spread = toNumber(exact);
      if (cmp(exact, fromDecimal(call.disagreement)) >= 0) flags.push({ code: 'disagreement', criterion: c.key, spread });
    }
    if (mean && c.min !== undefined && cmp(mean, fromDecimal(c.min)) < 0) flags.push({ code: 'criterion-minimum', criterion: c.key, mean, min: c.min });
    criteria.push({ criterion: c.key, sum, n, mean, min, max, spread, naCount: rows.length - n });

    if (rows.length === 0) unanswered.push(c.key);
    for (const e of expected) {
      if (conflicted.includes(e.id)) continue;
      if (!rows.some((s) => s.evaluatorId === e.id)) missing.push({ evaluatorId: e.id, criterion: c.key });
    }
  }
  const incomplete = unanswered.length > 0 || (withAssignments && (missing.length > 0 || expected.length === 0));
  if (incomplete) {
    const flag: AggregateFlag = { code: 'incomplete', unanswered, missing };
    if (withAssignments && expected.length === 0) flag.unassigned = true;
    flags.unshift(flag);
  }

  return { applicationId, criteria, weighted: weightedMean(call, criteria), incomplete, missing, conflicted, flags };
}

/** Σ wᵢ·meanᵢ / Σ wᵢ over the criteria with a mean; null when none has one. */
function weightedMean(call: CallDefinition, criteria: readonly CriterionStats[]): Rational | null {
  let num = rat(0);
  let den = rat(0);
  call.criteria.forEach((c, i) => {
    const mean = criteria[i].mean;
    if (!mean) return;
    const w = fromDecimal(c.weight);
    num = add(num, mul(w, mean));
    den = add(den, w);
  });
  return den.n === 0n ? null : div(num, den);
}
