/**
 * Scores in columns: one entry per score row, no object per row. Ranking 10 000
 * applications reads 90 000 scores; as objects they cost more to build and to
 * collect than the ranking itself. The database hands them over like this
 * (db/evaluators.ts, scoresForRanking); a list of score objects converts with
 * `toScoreTable`, so the core has one way of reading scores.
 */
import type { Score } from './types.js';
import { compareText } from './compare.js';

/** A score as far as ranking cares. */
export type ScoreInput = Pick<Score, 'evaluatorId' | 'applicationId' | 'criterion' | 'value'>;

export interface ScoreTable {
  readonly length: number;
  readonly applicationId: Float64Array;
  readonly evaluatorId: Float64Array;
  /** the place of the row's criterion key in `criteria` */
  readonly criterion: Uint32Array;
  /** the criterion keys the rows refer to, distinct, in plain string order */
  readonly criteria: readonly string[];
  /** the score; NaN for "not applicable" (n/a) */
  readonly value: Float64Array;
}

export function isScoreTable(x: readonly ScoreInput[] | ScoreTable): x is ScoreTable {
  return !Array.isArray(x);
}

/** The rows of a list of scores as a table, in the list's order. */
export function toScoreTable(rows: readonly ScoreInput[]): ScoreTable {
  const criteria = [...new Set(rows.map((r) => r.criterion))].sort(compareText);
  const place = new Map(criteria.map((k, i) => [k, i]));
  const n = rows.length;
  const t = emptyTable(n, criteria);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    t.applicationId[i] = r.applicationId;
    t.evaluatorId[i] = r.evaluatorId;
    t.criterion[i] = place.get(r.criterion)!;
    t.value[i] = r.value === null ? NaN : r.value;
  }
  return t;
}

/** A table of `n` rows to fill in. */
export function emptyTable(n: number, criteria: readonly string[]): ScoreTable {
  return { length: n, applicationId: new Float64Array(n), evaluatorId: new Float64Array(n), criterion: new Uint32Array(n), criteria, value: new Float64Array(n) };
}

/** Row `i` of a table as a score object. */
export function scoreAt(t: ScoreTable, i: number): ScoreInput {
  const v = t.value[i];
  return { applicationId: t.applicationId[i], evaluatorId: t.evaluatorId[i], criterion: t.criteria[t.criterion[i]], value: Number.isNaN(v) ? null : v };
}

/** The rows `indices` of a table, in that order, as a new table (same criterion keys). */
export function pickRows(t: ScoreTable, indices: ArrayLike<number>): ScoreTable {
  const out = emptyTable(indices.length, t.criteria);
  for (let j = 0; j < indices.length; j++) {
    const i = indices[j];
    out.applicationId[j] = t.applicationId[i];
    out.evaluatorId[j] = t.evaluatorId[i];
    out.criterion[j] = t.criterion[i];
    out.value[j] = t.value[i];
  }
  return out;
}

/**
 * Order of rows i and j: application, evaluator, criterion key (the order scores
 * are counted in). Criterion places compare like the keys: `criteria` is sorted.
 */
export function compareRows(t: ScoreTable, i: number, j: number): number {
  return t.applicationId[i] - t.applicationId[j] || t.evaluatorId[i] - t.evaluatorId[j] || t.criterion[i] - t.criterion[j];
}
