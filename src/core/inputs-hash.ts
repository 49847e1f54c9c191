/**
 * A fingerprint of everything an allocation depends on, so a stored allocation
 * can tell whether it is still current. Independent of the order rows come in.
 * The SHA-256 itself is passed in (the core imports nothing from the host):
 * `inputsHasher(sha256)` gives the `inputsHash` function.
 */
import type { CallDefinition } from './call.js';
import type { ManualDecision, BudgetOverrides } from './allocate.js';
import { type ScoreTable, compareRows, isScoreTable, toScoreTable } from './score-table.js';
import type { Application, Score } from './types.js';
import { compareText } from './compare.js';
import type { AllocationAid } from './state-aid.js';
import type { Assignments } from './aggregate.js';

export type HashScore = Pick<Score, 'evaluatorId' | 'applicationId' | 'criterion' | 'value'>;
export type HashApplication = Pick<Application, 'id' | 'ref' | 'requested' | 'submitted'>;

/** A SHA-256 in progress: fed strings (as UTF-8) and bytes, digested once to lowercase hex. */
export interface Sha256 {
  update(data: string | Uint8Array): unknown;
  digest(): string;
}

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


/**
 * SHA-256 of the scores, sorted by application, evaluator, criterion and value:
 * the criterion keys (JSON) first, then per score five little-endian doubles:
 * application, evaluator, the criterion's place among those keys, n/a (1 or 0)
 * and the value (0 for n/a). Binary rather than text lines: 90 000 scores are
 * hashed without building a string per score.
 */
function scoresDigest(sha256: () => Sha256, scores: readonly HashScore[] | ScoreTable): string {
  const t = isScoreTable(scores) ? scores : toScoreTable(scores);
  // n/a (NaN) before any number
  const byValue = (a: number, b: number): number => (a === b || (a !== a && b !== b) ? 0 : a !== a ? -1 : b !== b ? 1 : a - b);
  const order = (i: number, j: number): number => compareRows(t, i, j) || byValue(t.value[i], t.value[j]);
  // counted scores come sorted already: check in one pass rather than sort
  let inOrder = true;
  for (let i = 1; i < t.length && inOrder; i++) inOrder = order(i - 1, i) <= 0;
  const rows = inOrder ? null : Array.from({ length: t.length }, (_, i) => i).sort(order);
  // the keys the rows use (a table may know more), and each one's place among them
  const used = new Uint8Array(t.criteria.length);
  for (let i = 0; i < t.length; i++) used[t.criterion[i]] = 1;
  const keys = t.criteria.filter((_, c) => used[c]);
  const place = new Float64Array(t.criteria.length);
  for (let c = 0, p = 0; c < t.criteria.length; c++) if (used[c]) place[c] = p++;
  const h = sha256();
  h.update(JSON.stringify(keys));
  const CHUNK = 8192;
  const cells = new Float64Array(CHUNK * 5);
  const bytes = new Uint8Array(cells.buffer);
  for (let from = 0; from < t.length; from += CHUNK) {
    const to = Math.min(from + CHUNK, t.length);
    for (let k = from, j = 0; k < to; k++, j += 5) {
      const i = rows === null ? k : rows[k];
      const v = t.value[i];
      const na = Number.isNaN(v);
      cells[j] = t.applicationId[i];
      cells[j + 1] = t.evaluatorId[i];
      cells[j + 2] = place[t.criterion[i]];
      cells[j + 3] = na ? 1 : 0;
      cells[j + 4] = na || Object.is(v, -0) ? 0 : v;
    }
    const part = bytes.subarray(0, (to - from) * 40); // update() copies what it is given
    h.update(BIG_ENDIAN ? swap64(part) : part);
  }
  return h.digest();
}
// the digest is of little-endian doubles whatever the machine
const BIG_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 0;
function swap64(b: Uint8Array): Uint8Array {
  for (let i = 0; i < b.length; i += 8) {
    for (let j = 0; j < 4; j++) {
      const x = b[i + j];
      b[i + j] = b[i + 7 - j];
      b[i + 7 - j] = x;
    }
  }
  return b;
}
/** SHA-256 of the applications as sorted `id,"ref",requested,"submitted"` lines (JSON strings, null as null). */
function applicationsDigest(sha256: () => Sha256, applications: readonly HashApplication[]): string {
  const sorted = [...applications].sort((x, y) => x.id - y.id || compareText(x.ref, y.ref));
  const lines: string[] = new Array(sorted.length);
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i];
    lines[i] = `${a.id},${JSON.stringify(a.ref)},${normaliseNumber(a.requested)},${JSON.stringify(a.submitted)}\n`;
  }
  const h = sha256();
  h.update(lines.join(''));
  return h.digest();
}
const normaliseNumber = (v: number): number => normalise(v) as number;


/**
 * SHA-256 (hex) of the inputs of an allocation: the parts of the call that
 * affect the outcome (criteria, weights, minimums, scale, thresholds, tiers,
 * tie-break — not names or texts), the scores that count (comments left out),
 * the manual decisions, the budget overrides and, when given, the applications'
 * ref, requested amount and submitted date (which rank and allocation use).
 * Sets (scores, decisions, applications) are sorted, so input order does not matter;
 * the call's lists (criteria, tiers, tie-break) keep their order, which has meaning.
 */
export type InputsHash = (
  call: CallDefinition,
  scoresCounted: readonly HashScore[] | ScoreTable,
  manualDecisions?: readonly ManualDecision[],
  overrides?: BudgetOverrides,
  applications?: readonly HashApplication[],
  aid?: AllocationAid,
  assigned?: Assignments,
) => string;

/** `inputsHash` over the SHA-256 given (the host's: node:crypto in the services). */
export const inputsHasher =
  (sha256: () => Sha256): InputsHash =>
  (call, scoresCounted, manualDecisions, overrides, applications, aid, assigned) =>
    inputsHash(sha256, call, scoresCounted, manualDecisions, overrides, applications, aid, assigned);

function inputsHash(
  sha256: () => Sha256,
  call: CallDefinition,
  scoresCounted: readonly HashScore[] | ScoreTable,
  manualDecisions: readonly ManualDecision[] = [],
  overrides: BudgetOverrides = {},
  applications?: readonly HashApplication[],
  aid?: AllocationAid,
  assigned?: Assignments,
): string {
  const doc: Record<string, unknown> = {
    v: 3,
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
    scores: scoresDigest(sha256, scoresCounted),
    manual: manualDecisions
      // an applicant's answer to an offer locks like a manual decision (undefined: left out, so hashes without answers are as before)
      .map((m) => ({ a: m.applicationId, tier: m.tier, granted: m.granted, status: m.status ?? null, offer: m.offer?.state, offerAs: m.offer?.state === 'accepted' ? [m.offer.status, m.offer.reason] : undefined }))
      .sort((x, y) => x.a - y.a || compareText(x.tier ?? '', y.tier ?? '') || x.granted - y.granted || compareText(x.status ?? '', y.status ?? '') || compareText(x.offer ?? '', y.offer ?? '')),
    overrides,
    applications: applications === undefined ? null : applicationsDigest(sha256, applications),
  };
  // only a de minimis call hashes its state aid, so every other call's hash is as before
  if (call.stateAid !== undefined) (doc.call as Record<string, unknown>).stateAid = { ...call.stateAid };
  if (aid !== undefined) {
    doc.aid = {
      ceiling: aid.ceiling,
      undertakings: [...aid.undertakingOf].sort((x, y) => x[0] - y[0]),
      used: [...aid.used].map(([org, u]) => [org, u.other, u.own]).sort((x, y) => compareText(x[0] as string, y[0] as string)),
    };
  }
  // panels decide when an application is complete; a call without them hashes as before
  if (assigned !== undefined) {
    doc.assigned = [...assigned].map(([a, ids]) => [a, [...ids].sort((x, y) => x - y)] as const).sort((x, y) => x[0] - y[0]);
  }
  const h = sha256();
  h.update(canonicalJson(doc));
  return h.digest();
}
