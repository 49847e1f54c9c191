/**
 * State aid (*statsstøtte*): a call's basis and the de minimis ceiling (*bagatellstøtte*).
 * A single undertaking — one organisation number — may get at most the ceiling of de minimis
 * aid over the period ending at the grant date (EUR 300 000 over three years under Regulation
 * (EU) 2023/2831 from 2024-01-01; EUR 200 000 under Regulation 1407/2013 before). Pure.
 *
 * Arithmetic is exact: NOK in øre and EUR in cents, integers. The ceiling is converted to øre
 * once, at the call's rate, rounded down to the øre (so the NOK ceiling never exceeds the EUR
 * one); other aid given in EUR is converted at the same rate, rounded up to the øre (so it is
 * never counted as less than it was).
 */
import type { Checker } from './call.js';
import { fromDecimal } from './rational.js';
import { parseDate } from './dates.js';
import { matchFields, type FieldTable, type HeaderMatch } from './headers.js';
import { parseAmount } from './amount.js';
import { parseOrgNumber } from './org-number.js';
import type { Issue } from './errors.js';

export type StateAidBasis = 'de-minimis' | 'gber' | 'none';
export const STATE_AID_BASES: readonly StateAidBasis[] = ['de-minimis', 'gber', 'none'];

/** A call's state-aid block. The de minimis fields are set when (and only when) the basis is de minimis. */
export interface StateAid {
  basis: StateAidBasis;
  /** the ceiling in EUR cents (JSON: `ceilingEur`, whole euros) */
  ceilingCents?: number;
  /** years of the period ending at the grant date */
  periodYears?: number;
  /** NOK per EUR, as written (at most 6 decimals) */
  eurRate?: number;
  /** ISO `YYYY-MM-DD`: the day the undertakings get the legal right to the aid */
  grantDate?: string;
  /** the region the register asks for (a NUTS code and/or name, e.g. "NO08 Oslo og Viken"); any basis */
  region?: string;
}

/** A de minimis block with everything the ceiling needs. */
export type DeMinimis = StateAid & Required<Pick<StateAid, 'ceilingCents' | 'periodYears' | 'eurRate' | 'grantDate'>>;

/** The de minimis ceiling of a grant date when the call names none: Regulation 2023/2831 from 2024, else 1407/2013. */
export const defaultCeilingEur = (grantDate: string): number => (grantDate >= '2024-01-01' ? 300_000 : 200_000);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validate the `stateAid` block of a call at `path`; problems go to the checker. */
export function validateStateAid(c: Checker, v: unknown, path: string): StateAid | undefined {
  if (!isObj(v)) {
    c.add(path, 'call.not_object');
    return undefined;
  }
  c.unknownKeys(v, path, ['basis', 'ceilingEur', 'periodYears', 'eurRate', 'grantDate', 'region']);
  const basis = c.string(v, 'basis', `${path}.basis`);
  const region = c.string(v, 'region', `${path}.region`, false);
  const withRegion = <T extends StateAid>(x: T): T => (region ? { ...x, region } : x);
  if (basis !== undefined && !STATE_AID_BASES.includes(basis as StateAidBasis)) {
    c.add(`${path}.basis`, 'call.state_aid_basis', { bases: STATE_AID_BASES.join(', ') });
    return undefined;
  }
  if (basis !== 'de-minimis') {
    for (const k of ['ceilingEur', 'periodYears', 'eurRate', 'grantDate']) if (v[k] !== undefined) c.add(`${path}.${k}`, 'call.state_aid_only_de_minimis');
    return basis === undefined ? undefined : withRegion({ basis: basis as StateAidBasis });
  }
  const grantText = c.string(v, 'grantDate', `${path}.grantDate`);
  let grantDate: string | undefined;
  if (grantText !== undefined) {
    const d = parseDate(grantText);
    if (!d.ok || d.value.length !== 10 || d.value !== grantText) c.add(`${path}.grantDate`, 'call.iso_date');
    else grantDate = d.value;
  }
  const eurRate = c.number(v, 'eurRate', `${path}.eurRate`, { positive: true, max: 1000 });
  // exact: the rate is multiplied as written, so it must be a short decimal
  if (eurRate !== undefined && 1_000_000n % fromDecimal(eurRate).d !== 0n) c.add(`${path}.eurRate`, 'call.eur_rate_decimals');
  const ceilingEur = c.number(v, 'ceilingEur', `${path}.ceilingEur`, { required: false, integer: true, positive: true, max: 100_000_000 });
  const periodYears = c.number(v, 'periodYears', `${path}.periodYears`, { required: false, integer: true, min: 1, max: 10 });
  if (grantDate === undefined || eurRate === undefined) return undefined;
  return withRegion({
    basis: 'de-minimis',
    ceilingCents: (ceilingEur ?? defaultCeilingEur(grantDate)) * 100,
    periodYears: periodYears ?? 3,
    eurRate,
    grantDate,
  });
}

/** The block as a caseworker writes it (whole euros). */
export function stateAidToJson(s: StateAid): Record<string, unknown> {
  const region = s.region === undefined ? {} : { region: s.region };
  if (s.basis !== 'de-minimis') return { basis: s.basis, ...region };
  return { basis: s.basis, ceilingEur: s.ceilingCents! / 100, periodYears: s.periodYears, eurRate: s.eurRate, grantDate: s.grantDate, ...region };
}

/** Is the call's aid de minimis, with everything the ceiling needs? */
export const isDeMinimis = (s: StateAid | undefined): s is DeMinimis => s?.basis === 'de-minimis' && s.grantDate !== undefined;

/** EUR cents → øre at `rate` NOK per EUR, rounded down (`'down'`) or up (`'up'`). */
export function centsToOre(cents: number, rate: number, rounding: 'down' | 'up'): number {
  const r = fromDecimal(rate);
  const n = BigInt(cents) * r.n;
  let q = n / r.d;
  if (rounding === 'up' && q * r.d !== n) q += 1n;
  return Number(q);
}

/** øre → EUR at `rate` NOK per EUR, in euros with cents, rounded half up to the cent. */
export function oreToEur(ore: number, rate: number): number {
  const r = fromDecimal(rate);
  // cents = øre / rate = øre · d / n
  const num = BigInt(ore) * r.d * 2n;
  const cents = (num / r.n + 1n) / 2n;
  return Number(cents) / 100;
}

/** The ceiling in øre: the EUR ceiling at the call's rate, rounded down to the øre. */
export const ceilingOre = (s: DeMinimis): number => centsToOre(s.ceilingCents, s.eurRate, 'down');

/**
 * The first day of the period that ends at the grant date: aid dated from this day up to
 * and including the grant date counts (three years back from 2022-12-01 starts 2019-12-02).
 */
export function periodStart(grantDate: string, years: number): string {
  const [y, m, d] = grantDate.split('-').map(Number);
  // the same day `years` back, a 29 February falling to the 28th, then the day after
  const back = new Date(Date.UTC(y - years, m - 1, Math.min(d, daysIn(y - years, m))));
  back.setUTCDate(back.getUTCDate() + 1);
  return back.toISOString().slice(0, 10);
}
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** Is the ISO date `date` in the period ending at `grantDate`? */
export const inPeriod = (date: string, grantDate: string, years: number): boolean => date <= grantDate && date >= periodStart(grantDate, years);

/** One piece of aid an undertaking got: another giver's (from the extract or declared) or klynge's own. */
export interface AidRecord {
  orgNumber: string;
  /** ISO date the aid was granted */
  date: string;
  /** øre */
  amount: number;
}

/** What counts against the ceiling for one undertaking, in øre. */
export interface AidUsed {
  /** other givers' de minimis aid in the period: the larger of the extract and the declaration */
  other: number;
  /** klynge's own de minimis grants in the period, from other calls */
  own: number;
}

/**
 * What each undertaking has used of the ceiling before this call's grants: other aid in the
 * period (the extract's, or the declared amount where that is larger — a declaration and an
 * extract list the same aid twice, so they are not added) and klynge's own earlier grants.
 */
export function aidUsed(
  s: DeMinimis,
  extract: readonly AidRecord[],
  declared: ReadonlyMap<string, number>,
  ownGrants: readonly AidRecord[],
): Map<string, AidUsed> {
  const out = new Map<string, AidUsed>();
  const at = (org: string) => {
    let u = out.get(org);
    if (!u) out.set(org, (u = { other: 0, own: 0 }));
    return u;
  };
  const start = periodStart(s.grantDate, s.periodYears);
  const inside = (d: string) => d >= start && d <= s.grantDate;
  for (const a of extract) if (inside(a.date)) at(a.orgNumber).other += a.amount;
  for (const [org, amount] of declared) {
    const u = at(org);
    if (amount > u.other) u.other = amount;
  }
  for (const g of ownGrants) if (inside(g.date)) at(g.orgNumber).own += g.amount;
  return out;
}

/** The state aid the allocation respects: per application its undertaking and what that has used. */
export interface AllocationAid {
  /** øre */
  ceiling: number;
  /** application id → organisation number (applications without one are their own undertaking) */
  undertakingOf: ReadonlyMap<number, string>;
  /** organisation number → what it used before this call */
  used: ReadonlyMap<string, AidUsed>;
}

/** The figures behind a grant limited by the ceiling, all in øre. */
export interface AidFigures {
  ceiling: number;
  other: number;
  own: number;
  /** this call's grants to the same undertaking before this one (manual ones included) */
  thisCall: number;
  headroom: number;
}

// ---------------------------------------------------------------------------
// The extract of other aid (`klynge aid import`): one row per grant an undertaking got.


export const AID_FIELDS = ['orgNumber', 'date', 'amount', 'currency', 'giver', 'basis'] as const;
export type AidField = (typeof AID_FIELDS)[number];

export const aidFields: FieldTable<AidField> = {
  fields: AID_FIELDS,
  required: ['orgNumber', 'date', 'amount', 'giver', 'basis'],
  aliases: {
    orgNumber: ['org_number', 'orgnr', 'org nr', 'organisasjonsnummer', 'organization number', 'organisation number', 'mottaker orgnr', 'mottakers organisasjonsnummer', 'recipient org number'],
    date: ['date', 'dato', 'tildelt', 'tildelingsdato', 'vedtaksdato', 'granted', 'grant date', 'date granted', 'innvilget dato'],
    amount: ['amount', 'beløp', 'støttebeløp', 'tilskudd', 'aid amount', 'sum'],
    currency: ['currency', 'valuta'],
    giver: ['giver', 'støttegiver', 'granting authority', 'authority', 'tildelt av', 'giver name'],
    basis: ['basis', 'grunnlag', 'hjemmel', 'støttegrunnlag', 'aid basis', 'legal basis'],
  },
};

/** Match the header row of an aid extract. */
export function matchAidHeaders(headers: readonly string[], map: Readonly<Record<string, string>> = {}): HeaderMatch<AidField> {
  return matchFields(aidFields, headers, map);
}

/** One checked row of an aid extract; amount in hundredths of its currency. */
export interface AidRow {
  line: number;
  orgNumber: string;
  date: string;
  amount: number;
  currency: 'NOK' | 'EUR';
  giver: string;
  basis: 'de-minimis' | 'gber' | 'other';
}

const BASES: Record<string, AidRow['basis']> = {
  'de-minimis': 'de-minimis',
  'de minimis': 'de-minimis',
  deminimis: 'de-minimis',
  bagatellstøtte: 'de-minimis',
  bagatellstotte: 'de-minimis',
  bagatell: 'de-minimis',
  gber: 'gber',
  gruppeunntak: 'gber',
  gruppeunntaket: 'gber',
  other: 'other',
  annet: 'other',
  annen: 'other',
};
const CURRENCIES: Record<string, AidRow['currency']> = { '': 'NOK', nok: 'NOK', kr: 'NOK', eur: 'EUR', '€': 'EUR', euro: 'EUR' };

/** Check one row of an aid extract: the row, or its problems (each with line, column and value). */
export function checkAidRow(columns: Partial<Record<AidField, number>>, headers: readonly string[], fields: readonly string[], file: string, line: number): { row: AidRow | null; issues: Issue[] } {
  const issues: Issue[] = [];
  const cell = (f: AidField) => (columns[f] === undefined ? '' : (fields[columns[f]!] ?? '').trim());
  const bad = (f: AidField, value: string, code: string, params: Record<string, unknown> = {}) => issues.push({ file, line, column: headers[columns[f]!] ?? f, value, code, params });
  const need = (f: AidField): string => {
    const v = cell(f);
    if (v === '') bad(f, v, 'import.required');
    return v;
  };
  const orgText = need('orgNumber');
  const dateText = need('date');
  const amountText = need('amount');
  const giver = need('giver');
  const basisText = need('basis');
  const currencyText = cell('currency');
  const org = orgText ? parseOrgNumber(orgText) : null;
  if (org && !org.ok) bad('orgNumber', orgText, org.code, org.params);
  const date = dateText ? parseDate(dateText) : null;
  if (date && !date.ok) bad('date', dateText, date.code, date.params);
  const amount = amountText ? parseAmount(amountText) : null;
  if (amount && !amount.ok) bad('amount', amountText, amount.code, amount.params);
  const currency = CURRENCIES[currencyText.toLowerCase()];
  if (currency === undefined) bad('currency', currencyText, 'aid.field.currency', { value: currencyText });
  const basis = basisText ? BASES[basisText.toLowerCase().replace(/\s+/g, ' ')] : undefined;
  if (basisText && basis === undefined) bad('basis', basisText, 'aid.field.basis', { value: basisText });
  if (issues.length || !org?.ok || !date?.ok || !amount?.ok || !currency || !basis) return { row: null, issues };
  return { row: { line, orgNumber: org.value, date: date.value.slice(0, 10), amount: amount.value, currency, giver, basis }, issues };
}

/** The figures of one application's undertaking: what is left before this call's grants (or after `thisCall` of them). */
export function headroomOf(aid: AllocationAid, applicationId: number, thisCall = 0): AidFigures {
  const u = aid.used.get(aid.undertakingOf.get(applicationId) ?? `#${applicationId}`);
  const other = u?.other ?? 0;
  const own = u?.own ?? 0;
  return { ceiling: aid.ceiling, other, own, thisCall, headroom: Math.max(0, aid.ceiling - other - own - thisCall) };
}
