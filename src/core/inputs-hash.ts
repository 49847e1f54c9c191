/**
 * A fingerprint of everything an allocation depends on, so a stored allocation
 * can tell whether it is still current. Independent of the order rows come in.
 */
import { createHash } from 'node:crypto';
import type { CallDefinition } from './call.js';
import type { ManualDecision, BudgetOverrides } from './allocate.js';
import type { Application, Score } from './types.js';

export type HashScore = Pick<Score, 'evaluatorId' | 'applicationId' | 'criterion' | 'value'>;
export type HashApplication = Pick<Application, 'id' | 'ref' | 'requested' | 'submitted'>;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** JSON with object keys sorted at every level; array order is kept (callers sort sets). */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(normalise(v));
}

function normalise(v: unknown): Json {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new RangeError('inputsHash: not a finite number');
    return Object.is(v, -0) ? 0 : v;
  }
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : normalise(x)));
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const out: { [k: string]: Json } = {};
    for (const k of Object.keys(o).sort()) {
      if (o[k] !== undefined) out[k] = normalise(o[k]);
    }
    return out;
  }
  throw new TypeError(`inputsHash: cannot hash a ${typeof v}`);
}

const byStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** SHA-256 of the scores as sorted `application,evaluator,criterion,value` lines (n/a as `-`). */
function scoresDigest(scores: readonly HashScore[]): string {
  const sorted = [...scores].sort((x, y) => x.applicationId - y.applicationId || x.evaluatorId - y.evaluatorId || byStr(x.criterion, y.criterion) || byValue(x.value, y.value));
  const h = createHash('sha256');
  let buf = '';
  for (const s of sorted) {
    buf += `${s.applicationId},${s.evaluatorId},${JSON.stringify(s.criterion)},${s.value === null ? '-' : s.value}\n`;
    if (buf.length > 65536) {
      h.update(buf);
      buf = '';
    }
  }
  return h.update(buf).digest('hex');
}
/** n/a (null) before any number */
const byValue = (a: number | null, b: number | null): number => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a - b);

/**
 * SHA-256 (hex) of the inputs of an allocation: the parts of the call that
 * affect the outcome (criteria, weights, minimums, scale, thresholds, tiers,
 * tie-break — not names or texts), the scores that count (comments left out),
 * the manual decisions, the budget overrides and, when given, the applications'
 * ref, requested amount and submitted date (which rank and allocation use).
 * Sets (scores, decisions, applications) are sorted, so input order does not matter;
 * the call's lists (criteria, tiers, tie-break) keep their order, which has meaning.
 */
export function inputsHash(
  call: CallDefinition,
  scoresCounted: readonly HashScore[],
  manualDecisions: readonly ManualDecision[] = [],
  overrides: BudgetOverrides = {},
  applications?: readonly HashApplication[],
): string {
  const doc = {
    v: 2,
    call: {
      scale: { min: call.scale.min, max: call.scale.max },
      criteria: call.criteria.map((c) => ({ key: c.key, weight: c.weight, min: c.min ?? null, allowNA: c.allowNA })),
      threshold: call.threshold,
      disagreement: call.disagreement,
      tiers: call.tiers.map((t) => ({
        key: t.key,
        budget: t.budget,
        threshold: t.threshold,
        maxGrant: t.maxGrant ?? null,
        partial: t.partial,
        minGrant: t.minGrant ?? null,
      })),
      tieBreak: call.tieBreak,
    },
    // tens of thousands of rows: hashed as sorted lines, not through canonicalJson
    scores: scoresDigest(scoresCounted),
    manual: manualDecisions
      .map((m) => ({ a: m.applicationId, tier: m.tier, granted: m.granted, status: m.status ?? null }))
      .sort((x, y) => x.a - y.a || byStr(x.tier ?? '', y.tier ?? '') || x.granted - y.granted || byStr(x.status ?? '', y.status ?? '')),
    overrides,
    applications:
      applications === undefined
        ? null
        : applications
            .map((a) => ({ id: a.id, ref: a.ref, requested: a.requested, submitted: a.submitted }))
            .sort((x, y) => x.id - y.id || byStr(x.ref, y.ref)),
  };
  return createHash('sha256').update(canonicalJson(doc)).digest('hex');
}
