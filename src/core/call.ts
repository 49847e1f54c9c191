/**
 * A call for applications (*utlysning*): its criteria, scale, thresholds,
 * funding tiers and tie-break order, validated from the JSON a caseworker writes.
 */
import type { Issue } from './errors.js';
import { fromDecimal } from './rational.js';
import { validateStateAid, stateAidToJson, type StateAid } from './state-aid.js';
import { parseDate } from './dates.js';

/** Text in both languages, or one string used for both. */
export type LocalText = string | { nb?: string; en?: string };

export type Lang = 'nb' | 'en';

export interface Scale {
  min: number;
  max: number;
  /** label per scale value, e.g. { "0": "not addressed", "5": "excellent" } */
  labels: Record<string, LocalText>;
}

export interface Criterion {
  key: string;
  name: LocalText;
  description?: LocalText;
  weight: number;
  /** lowest acceptable mean on this criterion, if any */
  min?: number;
  /** may an evaluator answer "not applicable"? */
  allowNA: boolean;
}

/** A funding tier (e.g. main project / pre-project), amounts in øre. */
export interface Tier {
  key: string;
  name: LocalText;
  budget: number;
  threshold: number;
  maxGrant?: number;
  partial: boolean;
  minGrant?: number;
}

export type TieBreakStep = 'criteria-in-order' | 'requested-asc' | 'submitted-asc' | 'ref';
export const TIE_BREAK_STEPS: readonly TieBreakStep[] = ['criteria-in-order', 'requested-asc', 'submitted-asc', 'ref'];

export type { StateAid, StateAidBasis } from './state-aid.js';

export type CallStatus = 'open' | 'scoring' | 'decided';

/** A validated call definition. Money in øre. */
export interface CallDefinition {
  slug: string;
  name: string;
  year: number;
  currency: 'NOK';
  scale: Scale;
  criteria: Criterion[];
  /** weighted result an application must reach to be funded at all */
  threshold: number;
  /** a criterion spread of this many points or more is flagged */
  disagreement: number;
  tiers: Tier[];
  tieBreak: TieBreakStep[];
  funder?: { name: string; identifier?: string };
  description?: LocalText;
  /** the state-aid basis (*støttegrunnlag*); none given: the call says nothing about state aid */
  stateAid?: StateAid;
  /** the date (YYYY-MM-DD) a grant offered must be accepted by (*akseptfrist*) */
  acceptBy?: string;
  /** what a funded project must report, and by when (the grant letter's conditions) */
  reporting?: ReportingDue[];
  /**
   * the date (YYYY-MM-DD) the applicants were notified of the decisions, where no letter
   * written by klynge says it (the appeal deadline counts from it, fvl. § 29)
   */
  notified?: string;
}

/** One report a funded project owes: by `due` (YYYY-MM-DD), `what`. */
export interface ReportingDue {
  due: string;
  what: LocalText;
}

export interface Call extends CallDefinition {
  id: number;
  status: CallStatus;
  createdAt: string;
}

/** Pick the text for a language, falling back to the other one. */
export function localText(t: LocalText | undefined, lang: Lang): string {
  if (t === undefined) return '';
  if (typeof t === 'string') return t;
  return t[lang] ?? t.nb ?? t.en ?? '';
}

export const DEFAULT_CRITERIA: Criterion[] = [
  { key: 'green', name: { nb: 'Grønn omstilling', en: 'Green transition' }, weight: 1, allowNA: false },
  { key: 'digital', name: { nb: 'Digitalisering', en: 'Digitalisation' }, weight: 1, allowNA: false },
  { key: 'international', name: { nb: 'Internasjonalisering', en: 'Internationalisation' }, weight: 1, allowNA: false },
];

export const DEFAULT_SCALE: Scale = {
  min: 0,
  max: 5,
  labels: {
    '0': { nb: 'ikke omtalt', en: 'not addressed' },
    '1': { nb: 'svak', en: 'weak' },
    '2': { nb: 'noe svak', en: 'fair' },
    '3': { nb: 'god', en: 'good' },
    '4': { nb: 'meget god', en: 'very good' },
    '5': { nb: 'fremragende', en: 'excellent' },
  },
};

const SLUG_RE = /^[a-z0-9][a-z0-9-]{0,62}$/;
const KEY_RE = /^[a-z][a-z0-9_-]{0,31}$/;
const KR_MAX = 1e12; // one thousand billion kroner: anything above is a typo

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Collects every problem of a call definition, each named by its path. */
export class Checker {
  issues: Issue[] = [];
  add(path: string, code: string, params: Record<string, unknown> = {}): void {
    this.issues.push({ path, code, params });
  }
  /** report keys that the shape does not know */
  unknownKeys(o: Obj, path: string, known: readonly string[]): void {
    for (const k of Object.keys(o)) {
      if (!known.includes(k)) this.add(path ? `${path}.${k}` : k, 'call.unknown_key', { known: known.join(', ') });
    }
  }
  string(o: Obj, key: string, path: string, required = true): string | undefined {
    const v = o[key];
    if (v === undefined) {
      if (required) this.add(path, 'call.required');
      return undefined;
    }
    if (typeof v !== 'string' || v.trim() === '') {
      this.add(path, 'call.not_text');
      return undefined;
    }
    return v.trim();
  }
  localText(o: Obj, key: string, path: string, required = true): LocalText | undefined {
    const v = o[key];
    if (v === undefined) {
      if (required) this.add(path, 'call.required');
      return undefined;
    }
    if (typeof v === 'string' && v.trim()) return v.trim();
    if (isObj(v)) {
      this.unknownKeys(v, path, ['nb', 'en']);
      const out: { nb?: string; en?: string } = {};
      for (const l of ['nb', 'en'] as const) {
        if (v[l] === undefined) continue;
        if (typeof v[l] !== 'string' || !(v[l] as string).trim()) this.add(`${path}.${l}`, 'call.not_text');
        else out[l] = (v[l] as string).trim();
      }
      if (!out.nb && !out.en) {
        if (v.nb === undefined && v.en === undefined) this.add(path, 'call.local_text');
        return undefined;
      }
      return out;
    }
    this.add(path, 'call.local_text');
    return undefined;
  }
  number(o: Obj, key: string, path: string, opts: { required?: boolean; integer?: boolean; min?: number; max?: number; positive?: boolean } = {}): number | undefined {
    const v = o[key];
    if (v === undefined) {
      if (opts.required ?? true) this.add(path, 'call.required');
      return undefined;
    }
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.add(path, opts.integer ? 'call.not_integer' : 'call.not_number');
      return undefined;
    }
    if (opts.integer && !Number.isInteger(v)) {
      this.add(path, 'call.not_integer');
      return undefined;
    }
    if (opts.positive && v <= 0) {
      this.add(path, 'call.not_positive');
      return undefined;
    }
    if (opts.min !== undefined && v < opts.min) {
      this.add(path, 'call.too_small', { min: opts.min });
      return undefined;
    }
    if (opts.max !== undefined && v > opts.max) {
      this.add(path, 'call.too_large', { max: opts.max });
      return undefined;
    }
    return v;
  }
  /** whole kroner in the file → øre */
  kroner(o: Obj, key: string, path: string, required: boolean): number | undefined {
    const v = o[key];
    if (v === undefined) {
      if (required) this.add(path, 'call.required');
      return undefined;
    }
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0 || v > KR_MAX) {
      this.add(path, 'call.kroner');
      return undefined;
    }
    return v * 100;
  }
  boolean(o: Obj, key: string, path: string): boolean | undefined {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') {
      this.add(path, 'call.not_boolean');
      return undefined;
    }
    return v;
  }
}

/** An optional `YYYY-MM-DD` date at `o[key]` (a real day of the calendar). */
function isoDate(c: Checker, o: Obj, key: string, path: string, required = false): string | undefined {
  const text = c.string(o, key, path, required);
  if (text === undefined) return undefined;
  const d = parseDate(text);
  if (!d.ok || d.value.length !== 10 || d.value !== text) {
    c.add(path, 'call.iso_date');
    return undefined;
  }
  return d.value;
}

const CALL_KEYS = ['slug', 'name', 'year', 'currency', 'scale', 'criteria', 'threshold', 'disagreement', 'tiers', 'tieBreak', 'funder', '$schema', 'description', 'stateAid', 'acceptBy', 'reporting', 'notified'] as const;

/**
 * Validate a call definition as parsed from JSON. Returns the normalised call
 * (money in øre) or every problem found, each named by its path.
 */
export function validateCallDefinition(input: unknown): { ok: true; call: CallDefinition } | { ok: false; issues: Issue[] } {
  const c = new Checker();
  if (!isObj(input)) {
    c.add('(root)', 'call.not_object');
    return { ok: false, issues: c.issues };
  }
  c.unknownKeys(input, '', CALL_KEYS);

  const slug = c.string(input, 'slug', 'slug');
  if (slug !== undefined && !SLUG_RE.test(slug)) c.add('slug', 'call.slug');
  const name = c.string(input, 'name', 'name');
  const year = c.number(input, 'year', 'year', { integer: true, min: 1900, max: 2200 });
  if (input.currency !== undefined && input.currency !== 'NOK') c.add('currency', 'call.currency');

  // scale
  let scale: Scale | undefined = DEFAULT_SCALE;
  if (input.scale !== undefined) {
    scale = undefined;
    if (!isObj(input.scale)) c.add('scale', 'call.not_object');
    else {
      const s = input.scale;
      c.unknownKeys(s, 'scale', ['min', 'max', 'labels']);
      const min = c.number(s, 'min', 'scale.min', { integer: true, min: -100, max: 100 });
      const max = c.number(s, 'max', 'scale.max', { integer: true, min: -100, max: 100 });
      if (min !== undefined && max !== undefined && max <= min) c.add('scale.max', 'call.scale_order', { min });
      else if (min !== undefined && max !== undefined && max - min > 20) c.add('scale.max', 'call.scale_size');
      const labels: Record<string, LocalText> = {};
      if (s.labels !== undefined) {
        if (!isObj(s.labels)) c.add('scale.labels', 'call.not_object');
        else {
          for (const k of Object.keys(s.labels)) {
            const n = Number(k);
            if (!/^-?\d+$/.test(k) || (min !== undefined && max !== undefined && (n < min || n > max))) {
              c.add(`scale.labels.${k}`, 'call.label_off_scale', { min: min ?? '?', max: max ?? '?' });
              continue;
            }
            const t = c.localText(s.labels, k, `scale.labels.${k}`);
            if (t !== undefined) labels[String(n)] = t;
          }
        }
      }
      if (min !== undefined && max !== undefined && max > min) scale = { min, max, labels };
    }
  }

  // criteria
  let criteria: Criterion[] | undefined = DEFAULT_CRITERIA;
  if (input.criteria !== undefined) {
    criteria = undefined;
    if (!Array.isArray(input.criteria) || input.criteria.length === 0) c.add('criteria', 'call.criteria_list');
    else {
      const list: Criterion[] = [];
      const seen = new Set<string>();
      input.criteria.forEach((raw, i) => {
        const p = `criteria[${i}]`;
        if (!isObj(raw)) {
          c.add(p, 'call.not_object');
          return;
        }
        c.unknownKeys(raw, p, ['key', 'name', 'description', 'weight', 'min', 'allowNA']);
        const key = c.string(raw, 'key', `${p}.key`);
        if (key !== undefined) {
          if (!KEY_RE.test(key)) c.add(`${p}.key`, 'call.key');
          else if (seen.has(key)) c.add(`${p}.key`, 'call.duplicate_key', { key });
          seen.add(key);
        }
        const nm = c.localText(raw, 'name', `${p}.name`);
        const description = c.localText(raw, 'description', `${p}.description`, false);
        const weight = raw.weight === undefined ? 1 : c.number(raw, 'weight', `${p}.weight`, { positive: true, max: 1000 });
        // exact: 1.005 * 1000 is 1004.9999… in floating point
        if (weight !== undefined && 1000n % fromDecimal(weight).d !== 0n) c.add(`${p}.weight`, 'call.weight_decimals');
        const min = c.number(raw, 'min', `${p}.min`, { required: false, min: scale?.min, max: scale?.max });
        const allowNA = c.boolean(raw, 'allowNA', `${p}.allowNA`) ?? false;
        if (key && nm && weight !== undefined) {
          const cr: Criterion = { key, name: nm, weight, allowNA };
          if (description !== undefined) cr.description = description;
          if (min !== undefined) cr.min = min;
          list.push(cr);
        }
      });
      if (list.length === input.criteria.length) criteria = list;
    }
  }

  const inScale = scale ? { min: scale.min, max: scale.max } : {};
  const threshold = input.threshold === undefined ? (scale ? scale.min : 0) : c.number(input, 'threshold', 'threshold', inScale);
  const disagreement = input.disagreement === undefined ? 2 : c.number(input, 'disagreement', 'disagreement', { positive: true, max: 100 });

  // tiers
  let tiers: Tier[] | undefined;
  if (!Array.isArray(input.tiers) || input.tiers.length === 0) c.add('tiers', input.tiers === undefined ? 'call.required' : 'call.tiers_list');
  else {
    const list: Tier[] = [];
    const seen = new Set<string>();
    input.tiers.forEach((raw, i) => {
      const p = `tiers[${i}]`;
      if (!isObj(raw)) {
        c.add(p, 'call.not_object');
        return;
      }
      c.unknownKeys(raw, p, ['key', 'name', 'budget', 'threshold', 'maxGrant', 'partial', 'minGrant']);
      const key = c.string(raw, 'key', `${p}.key`);
      if (key !== undefined) {
        if (!KEY_RE.test(key)) c.add(`${p}.key`, 'call.key');
        else if (seen.has(key)) c.add(`${p}.key`, 'call.duplicate_key', { key });
        seen.add(key);
      }
      const nm = c.localText(raw, 'name', `${p}.name`);
      const budget = c.kroner(raw, 'budget', `${p}.budget`, true);
      const tThreshold = raw.threshold === undefined ? threshold : c.number(raw, 'threshold', `${p}.threshold`, inScale);
      const maxGrant = c.kroner(raw, 'maxGrant', `${p}.maxGrant`, false);
      const partial = c.boolean(raw, 'partial', `${p}.partial`) ?? false;
      const minGrant = c.kroner(raw, 'minGrant', `${p}.minGrant`, false);
      if (maxGrant !== undefined && budget !== undefined && maxGrant > budget) c.add(`${p}.maxGrant`, 'call.max_over_budget');
      if (minGrant !== undefined && maxGrant !== undefined && minGrant > maxGrant) c.add(`${p}.minGrant`, 'call.min_over_max');
      if (minGrant !== undefined && !partial) c.add(`${p}.minGrant`, 'call.min_without_partial');
      if (key && nm && budget !== undefined && tThreshold !== undefined) {
        const t: Tier = { key, name: nm, budget, threshold: tThreshold, partial };
        if (maxGrant !== undefined) t.maxGrant = maxGrant;
        if (minGrant !== undefined) t.minGrant = minGrant;
        list.push(t);
      }
    });
    if (list.length === input.tiers.length) tiers = list;
  }

  let tieBreak: TieBreakStep[] | undefined = ['criteria-in-order', 'requested-asc', 'ref'];
  if (input.tieBreak !== undefined) {
    tieBreak = undefined;
    if (!Array.isArray(input.tieBreak)) c.add('tieBreak', 'call.tiebreak_list', { steps: TIE_BREAK_STEPS.join(', ') });
    else {
      const steps: TieBreakStep[] = [];
      input.tieBreak.forEach((s, i) => {
        if (typeof s !== 'string' || !TIE_BREAK_STEPS.includes(s as TieBreakStep)) c.add(`tieBreak[${i}]`, 'call.tiebreak_step', { steps: TIE_BREAK_STEPS.join(', ') });
        else if (steps.includes(s as TieBreakStep)) c.add(`tieBreak[${i}]`, 'call.tiebreak_repeat');
        else steps.push(s as TieBreakStep);
      });
      // ref is unique, so it always settles a tie: add it last if the call forgot it
      if (!steps.includes('ref')) steps.push('ref');
      if (steps.length) tieBreak = steps;
    }
  }

  const description = c.localText(input, 'description', 'description', false);
  let funder: CallDefinition['funder'];
  if (input.funder !== undefined) {
    if (!isObj(input.funder)) c.add('funder', 'call.not_object');
    else {
      c.unknownKeys(input.funder, 'funder', ['name', 'identifier']);
      const fname = c.string(input.funder, 'name', 'funder.name');
      const fid = c.string(input.funder, 'identifier', 'funder.identifier', false);
      if (fname) funder = fid ? { name: fname, identifier: fid } : { name: fname };
    }
  }

  const stateAid = input.stateAid === undefined ? undefined : validateStateAid(c, input.stateAid, 'stateAid');
  const acceptBy = isoDate(c, input, 'acceptBy', 'acceptBy');
  const notified = isoDate(c, input, 'notified', 'notified');
  let reporting: ReportingDue[] | undefined;
  if (input.reporting !== undefined) {
    if (!Array.isArray(input.reporting)) c.add('reporting', 'call.reporting_list');
    else {
      reporting = [];
      input.reporting.forEach((r, i) => {
        const p = `reporting[${i}]`;
        if (!isObj(r)) return c.add(p, 'call.not_object');
        c.unknownKeys(r, p, ['due', 'what']);
        const due = isoDate(c, r, 'due', `${p}.due`, true);
        const what = c.localText(r, 'what', `${p}.what`);
        if (due && what !== undefined) reporting!.push({ due, what });
      });
      reporting.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
    }
  }

  if (c.issues.length || !slug || !name || year === undefined || !scale || !criteria || threshold === undefined || disagreement === undefined || !tiers || !tieBreak) {
    return { ok: false, issues: c.issues };
  }
  const call: CallDefinition = { slug, name, year, currency: 'NOK', scale, criteria, threshold, disagreement, tiers, tieBreak };
  if (funder) call.funder = funder;
  if (description !== undefined) call.description = description;
  if (stateAid !== undefined) call.stateAid = stateAid;
  if (acceptBy !== undefined) call.acceptBy = acceptBy;
  if (reporting !== undefined && reporting.length) call.reporting = reporting;
  if (notified !== undefined) call.notified = notified;
  return { ok: true, call };
}

/** A call from flags: the three default criteria and one tier holding the whole budget. */
export function defaultCallInput(opts: { slug?: string; name: string; year: number; budgetKr: number; threshold?: number }): Record<string, unknown> {
  return {
    slug: opts.slug ?? slugify(opts.name.includes(String(opts.year)) ? opts.name : `${opts.name}-${opts.year}`),
    name: opts.name,
    year: opts.year,
    threshold: opts.threshold ?? 2.5,
    // one tier holding the whole budget; the last application it reaches may get what is left
    tiers: [{ key: 'main', name: { nb: 'Hovedprosjekt', en: 'Main project' }, budget: opts.budgetKr, partial: true }],
  };
}

/** The call as the JSON a caseworker writes (kroner), for `call show --json` and round trips. */
export function callToJson(call: CallDefinition): Record<string, unknown> {
  const out: Record<string, unknown> = {
    slug: call.slug,
    name: call.name,
    year: call.year,
    currency: call.currency,
    scale: call.scale,
    criteria: call.criteria,
    threshold: call.threshold,
    disagreement: call.disagreement,
    tiers: call.tiers.map((t) => {
      const o: Record<string, unknown> = { key: t.key, name: t.name, budget: t.budget / 100, threshold: t.threshold };
      if (t.maxGrant !== undefined) o.maxGrant = t.maxGrant / 100;
      o.partial = t.partial;
      if (t.minGrant !== undefined) o.minGrant = t.minGrant / 100;
      return o;
    }),
    tieBreak: call.tieBreak,
  };
  if (call.funder) out.funder = call.funder;
  if (call.description !== undefined) out.description = call.description;
  if (call.stateAid !== undefined) out.stateAid = stateAidToJson(call.stateAid);
  if (call.acceptBy !== undefined) out.acceptBy = call.acceptBy;
  if (call.reporting !== undefined) out.reporting = call.reporting;
  if (call.notified !== undefined) out.notified = call.notified;
  return out;
}

/** `Klyngesatsing 2021` → `klyngesatsing-2021` */
export function slugify(s: string): string {
  return s
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/å/g, 'a')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63) || 'call';
}

/** Total budget over all tiers, in øre. */
export const totalBudget = (call: CallDefinition): number => call.tiers.reduce((s, t) => s + t.budget, 0);
