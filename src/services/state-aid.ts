/**
 * State aid as the allocation needs it: for a de minimis call, per undertaking (organisation
 * number) the other givers' de minimis aid in the period (the imported extract, or the
 * declared amount where that is larger) and klynge's own de minimis grants in other calls.
 */
import type { Call } from '../core/call.js';
import { aidUsed, ceilingOre, centsToOre, isDeMinimis, periodStart, type AidRecord, type AllocationAid } from '../core/state-aid.js';
import { NotFoundError, UserError } from '../core/errors.js';
import { parseOrgNumber } from '../core/org-number.js';
import type { Application } from '../core/types.js';
import type { ServiceContext } from './context.js';

/** The key of an undertaking: its organisation number, or the application itself when it has none. */
export const undertakingKey = (a: Pick<Application, 'id' | 'orgNumber'>): string => a.orgNumber ?? `#${a.id}`;

/** What the allocation of `call` must respect, or undefined when the call's grants are not de minimis. */
export async function allocationAid(ctx: ServiceContext, call: Call, applications: readonly Application[]): Promise<AllocationAid | undefined> {
  const s = call.stateAid;
  if (!isDeMinimis(s)) return undefined;
  const { store } = ctx;
  const extract: AidRecord[] = [];
  for (const a of await store.aid.list()) {
    if (a.basis !== 'de-minimis') continue;
    // EUR at this call's rate, rounded up: other aid is never counted as less than it was
    extract.push({ orgNumber: a.orgNumber, date: a.date, amount: a.currency === 'EUR' ? centsToOre(a.amount, s.eurRate, 'up') : a.amount });
  }
  const declared = new Map<string, number>();
  const undertakingOf = new Map<number, string>();
  for (const a of applications) {
    const key = undertakingKey(a);
    undertakingOf.set(a.id, key);
    if (a.priorDeMinimis !== null && a.priorDeMinimis > (declared.get(key) ?? 0)) declared.set(key, a.priorDeMinimis);
  }
  // klynge's own grants count where their call was de minimis too, on that call's grant date
  const grantDateOf = new Map<number, string>();
  for (const c of await store.calls.list()) if (c.id !== call.id && isDeMinimis(c.stateAid)) grantDateOf.set(c.id, c.stateAid.grantDate);
  const own: AidRecord[] = [];
  for (const g of await store.aid.grantsElsewhere(call.id)) {
    const date = grantDateOf.get(g.callId);
    if (date !== undefined) own.push({ orgNumber: g.orgNumber, date, amount: g.granted });
  }
  return { ceiling: ceilingOre(s), undertakingOf, used: aidUsed(s, extract, declared, own) };
}

/** An undertaking that the stored decisions of a de minimis call take past the ceiling (a manual decision can). */
export interface OverCeiling {
  call: string;
  orgNumber: string;
  applicant: string;
  refs: string[];
  /** øre */
  ceiling: number;
  other: number;
  own: number;
  thisCall: number;
  total: number;
}

/** For `klynge check`: every undertaking over the de minimis ceiling in the stored decisions of each de minimis call. */
export async function undertakingsOverCeiling(ctx: ServiceContext): Promise<OverCeiling[]> {
  const out: OverCeiling[] = [];
  for (const call of await ctx.store.calls.list()) {
    if (!isDeMinimis(call.stateAid)) continue;
    const apps = await ctx.store.applications.listBrief(call.id);
    const aid = await allocationAid(ctx, call, apps);
    if (!aid) continue;
    const byKey = new Map<string, { granted: number; refs: string[]; applicant: string }>();
    const appById = new Map(apps.map((a) => [a.id, a]));
    for (const d of await ctx.store.decisions.ofCall(call.id)) {
      const a = appById.get(d.applicationId);
      if (!a || d.granted <= 0) continue;
      const key = undertakingKey(a);
      const g = byKey.get(key) ?? { granted: 0, refs: [], applicant: a.applicant };
      g.granted += d.granted;
      g.refs.push(a.ref);
      byKey.set(key, g);
    }
    for (const [key, g] of [...byKey].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))) {
      const u = aid.used.get(key);
      const total = (u?.other ?? 0) + (u?.own ?? 0) + g.granted;
      if (total > aid.ceiling) {
        out.push({ call: call.slug, orgNumber: key.startsWith('#') ? '–' : key, applicant: g.applicant, refs: g.refs.sort(), ceiling: aid.ceiling, other: u?.other ?? 0, own: u?.own ?? 0, thisCall: g.granted, total });
      }
    }
  }
  return out;
}

/** One undertaking across calls and years (`klynge applications history`). */
export interface UndertakingHistory {
  orgNumber: string;
  applicant: string;
  applications: { call: string; year: number; ref: string; title: string; requested: number; granted: number; status: string | null; basis: string | null }[];
  /** other givers' aid from the imported extract */
  otherAid: { date: string; amount: number; currency: 'NOK' | 'EUR'; giver: string; basis: string }[];
  /** de minimis in the period of the newest de minimis call, and what is left under its ceiling (øre) */
  period: { call: string; from: string; to: string; ceiling: number; other: number; own: number; headroom: number } | null;
}

/** The history of an undertaking, named by organisation number or by a case number in `call`. */
export async function undertakingHistory(ctx: ServiceContext, key: string, callOf: () => Promise<Call>): Promise<UndertakingHistory> {
  const { store } = ctx;
  const org = parseOrgNumber(key);
  let orgNumber: string;
  if (org.ok) orgNumber = org.value;
  else if (/^[\d\s]+$/.test(key)) throw new UserError('history.bad_org_number', { value: key });
  else {
    const app = await store.applications.get((await callOf()).id, key);
    if (!app.orgNumber) throw new UserError('history.no_org_number', { ref: app.ref });
    orgNumber = app.orgNumber;
  }
  const apps = await store.aid.applicationsOf(orgNumber);
  const aid = await store.aid.list(orgNumber);
  if (apps.length === 0 && aid.length === 0) throw new NotFoundError('history.unknown_org', { orgNumber });
  const calls = new Map((await store.calls.list()).map((c) => [c.id, c]));
  const history: UndertakingHistory = {
    orgNumber,
    applicant: apps.length ? apps[apps.length - 1].applicant : '',
    applications: apps
      .map((a) => {
        const c = calls.get(a.callId)!;
        return { call: c.slug, year: c.year, ref: a.ref, title: a.title, requested: a.requested, granted: a.granted, status: a.status, basis: c.stateAid?.basis ?? null };
      })
      .sort((x, y) => x.year - y.year || (x.call < y.call ? -1 : x.call > y.call ? 1 : 0) || (x.ref < y.ref ? -1 : x.ref > y.ref ? 1 : 0)),
    otherAid: aid.map((a) => ({ date: a.date, amount: a.amount, currency: a.currency, giver: a.giver, basis: a.basis })),
    period: null,
  };
  // the newest de minimis call sets the period and the ceiling
  const newest = [...calls.values()].filter((c) => isDeMinimis(c.stateAid)).sort((x, y) => (x.stateAid!.grantDate! < y.stateAid!.grantDate! ? 1 : -1))[0];
  if (newest && isDeMinimis(newest.stateAid)) {
    const s = newest.stateAid;
    const extract = aid.filter((a) => a.basis === 'de-minimis').map((a) => ({ orgNumber, date: a.date, amount: a.currency === 'EUR' ? centsToOre(a.amount, s.eurRate, 'up') : a.amount }));
    const declared = Math.max(0, ...apps.filter((a) => a.callId === newest.id).map((a) => a.priorDeMinimis ?? 0));
    const own: AidRecord[] = [];
    for (const a of apps) {
      const c = calls.get(a.callId)!;
      if (a.granted > 0 && isDeMinimis(c.stateAid)) own.push({ orgNumber, date: c.stateAid.grantDate, amount: a.granted });
    }
    const used = aidUsed(s, extract, new Map([[orgNumber, declared]]), own).get(orgNumber) ?? { other: 0, own: 0 };
    const ceiling = ceilingOre(s);
    history.period = { call: newest.slug, from: periodStart(s.grantDate, s.periodYears), to: s.grantDate, ceiling, other: used.other, own: used.own, headroom: Math.max(0, ceiling - used.other - used.own) };
  }
  return history;
}

/** One undertaking in one year, for `klynge report history`. */
export interface HistoryRow {
  orgNumber: string;
  applicant: string;
  year: number;
  /** the calls of that year it applied to */
  calls: string[];
  /** øre */
  requested: number;
  granted: number;
  /** applied in more than one year of the report */
  repeat: boolean;
  /** de minimis in the newest de minimis call's period (other aid and grants from here), and what is left; null without such a call */
  deMinimis: number | null;
  headroom: number | null;
}

/** Every undertaking (by organisation number) that applied, per year, over the last `years` years of calls (all when not given). */
export async function historyReport(ctx: ServiceContext, opts: { years?: number }): Promise<HistoryRow[]> {
  const apps = await ctx.store.aid.applicationsOf();
  const calls = new Map((await ctx.store.calls.list()).map((c) => [c.id, c]));
  const newestYear = Math.max(0, ...[...calls.values()].map((c) => c.year));
  const fromYear = opts.years === undefined ? -Infinity : newestYear - opts.years + 1;
  const byOrg = new Map<string, typeof apps>();
  for (const a of apps) {
    if (calls.get(a.callId)!.year < fromYear) continue;
    byOrg.set(a.orgNumber, [...(byOrg.get(a.orgNumber) ?? []), a]);
  }
  const rows: HistoryRow[] = [];
  for (const [org, list] of [...byOrg].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
    const period = (await undertakingHistory(ctx, org, async () => calls.values().next().value!)).period;
    const years = new Map<number, HistoryRow>();
    for (const a of list) {
      const c = calls.get(a.callId)!;
      let r = years.get(c.year);
      if (!r) {
        r = { orgNumber: org, applicant: a.applicant, year: c.year, calls: [], requested: 0, granted: 0, repeat: false, deMinimis: period ? period.other + period.own : null, headroom: period?.headroom ?? null };
        years.set(c.year, r);
      }
      if (!r.calls.includes(c.slug)) r.calls.push(c.slug);
      r.requested += a.requested;
      r.granted += a.granted;
    }
    const repeat = years.size > 1;
    for (const r of [...years.values()].sort((x, y) => x.year - y.year)) rows.push({ ...r, repeat });
  }
  return rows;
}
