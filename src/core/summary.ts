/**
 * What the award summary says, decided in the core: which criteria a funded
 * project was strongest on, and the shape of the summary data.
 */
import type { CallDefinition } from './call.js';
import type { AggregatedApplication } from './aggregate.js';
import { cmp, fromDecimal, rat, sub, type Rational } from './rational.js';

/**
 * The criteria an application scored best on: the highest mean, and any other
 * within half a point of it that also reaches the call's threshold. In the call's
 * order; empty when no criterion has a mean.
 */
export function strongestCriteria(call: CallDefinition, agg: AggregatedApplication): string[] {
  const withMean = agg.criteria.filter((c): c is typeof c & { mean: Rational } => c.mean !== null);
  if (withMean.length === 0) return [];
  const best = withMean.reduce((m, c) => (cmp(c.mean, m) > 0 ? c.mean : m), withMean[0].mean);
  const half = rat(1, 2);
  const threshold = fromDecimal(call.threshold);
  return withMean.filter((c) => cmp(sub(best, c.mean), half) <= 0 && (cmp(c.mean, best) === 0 || cmp(c.mean, threshold) >= 0)).map((c) => c.criterion);
}
