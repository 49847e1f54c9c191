/**
 * Changing a call (*endre en utlysning*): a new definition, or budgets and the threshold
 * changed on the stored one, validated exactly as a new call is, compared with what is
 * stored (every change old → new, by path), and refused where scoring has started and the
 * change would alter what the scores mean (criteria, weights, the scale).
 */
import { type CallDefinition, callToJson, validateCallDefinition } from './call.js';
import type { Issue } from './errors.js';

export interface CallChange {
  /** a whole new definition as parsed from JSON (its slug, if any, must be the call's) */
  definition?: unknown;
  /** tier key → budget in kroner */
  budgets?: Record<string, number>;
  /** the call's threshold (weighted result) */
  threshold?: number;
}

/** One changed value, by its path in the call's JSON (`tiers[0].budget`), in kroner as the file has it. */
export interface FieldChange {
  path: string;
  old: unknown;
  new: unknown;
}

export type CallUpdatePlan =
  | { ok: true; call: CallDefinition; changes: FieldChange[]; locked: FieldChange[] }
  | { ok: false; issues: Issue[] };

/**
 * Work out a change to a call. `locked` lists the changes that alter what scores mean
 * (the criteria's keys, order, weights, minimums, n/a, and the scale's range): the caller
 * refuses them once any score exists.
 */
export function planCallUpdate(current: CallDefinition, change: CallChange): CallUpdatePlan {
  const before = callToJson(current);
  let input: Record<string, unknown>;
  if (change.definition !== undefined) {
    const d = change.definition;
    if (typeof d !== 'object' || d === null || Array.isArray(d)) return { ok: false, issues: [{ path: '(root)', code: 'call.not_object', params: {} }] };
    input = { ...(d as Record<string, unknown>) };
    if (input.slug === undefined) input.slug = current.slug;
    else if (input.slug !== current.slug) return { ok: false, issues: [{ path: 'slug', code: 'callupdate.slug_differs', params: { slug: current.slug } }] };
  } else input = structuredClone(before);

  const issues: Issue[] = [];
  if (change.budgets) {
    const tiers = Array.isArray(input.tiers) ? (input.tiers as Record<string, unknown>[]) : [];
    for (const [key, kr] of Object.entries(change.budgets)) {
      const i = tiers.findIndex((t) => typeof t === 'object' && t !== null && t.key === key);
      if (i < 0) issues.push({ path: '--budget', code: 'callupdate.unknown_tier', params: { tier: key, known: tiers.map((t) => String(t?.key)).join(', ') } });
      else tiers[i] = { ...tiers[i], budget: kr };
    }
  }
  if (change.threshold !== undefined) input.threshold = change.threshold;
  if (issues.length) return { ok: false, issues };

  const result = validateCallDefinition(input);
  if (!result.ok) return result;
  const after = callToJson(result.call);
  const changes = diff(before, after, '');
  const locked = changes.filter((c) => isLocked(c.path));
  return { ok: true, call: result.call, changes, locked };
}

/** the paths whose change alters what a stored score means */
function isLocked(path: string): boolean {
  if (path === 'scale.min' || path === 'scale.max') return true;
  const m = /^criteria(\[\d+\])?(?:\.(\w+))?/.exec(path);
  if (!m) return false;
  // a criterion's name or description is only words; anything else is what is scored
  return !(m[2] === 'name' || m[2] === 'description');
}

/** Every leaf that differs, by path; arrays element by element, an element added or removed as a whole (`tiers[1]: {…} → null`). */
function diff(a: unknown, b: unknown, path: string): FieldChange[] {
  if (isPlain(a) && isPlain(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) => diff(a[k], b[k], path ? `${path}.${k}` : k));
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const out: FieldChange[] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i >= a.length) out.push({ path: `${path}[${i}]`, old: null, new: b[i] });
      else if (i >= b.length) out.push({ path: `${path}[${i}]`, old: a[i], new: null });
      else out.push(...diff(a[i], b[i], `${path}[${i}]`));
    }
    return out;
  }
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  return [{ path, old: a === undefined ? null : a, new: b === undefined ? null : b }];
}

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
