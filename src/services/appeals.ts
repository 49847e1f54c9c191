/**
 * Appeals (*klage*). Forvaltningsloven § 28: a party may appeal an individual decision; § 29:
 * within three weeks of being notified of it; § 33: the body that decided looks at the appeal
 * first and may uphold it, otherwise it goes on to the appeal body (*klageinstansen*). A late
 * appeal is still registered and marked late: § 31 lets the funder consider it all the same.
 *
 * The notification the three weeks count from: a date given on the appeal (`--notified`, the
 * caseworker knows when this applicant got the decision), else the date of the newest letter
 * klynge wrote about the decision appealed (one about an earlier decision does not count), else
 * the call's `notified`. An upheld appeal
 * re-opens the application: an ineligible one is back in the competition, a manual decision on
 * it is cleared, it is marked for the evaluators, and the stored allocation no longer stands
 * until the next `allocate` (which says what changed).
 */
import { appealInTime } from '../core/appeal.js';
import type { Call } from '../core/call.js';
import { UserError } from '../core/errors.js';
import type { AppealRecord } from '../db/store.js';
import { type ServiceContext, isoNow } from './context.js';
import { kindOf } from './letters.js';
import { osloDate } from './offers.js';

export interface AppealRegistered {
  ref: string;
  received: string;
  notified: string;
  notifiedFrom: 'letter' | 'given' | 'call';
  /** the date of the newest letter about the decision appealed, when one was written (also when a date was given) */
  letterDate: string | null;
  deadline: string;
  /** three weeks from notification, before moving past days off */
  nominal: string;
  /** the days off the deadline was moved past */
  movedPast: string[];
  inTime: boolean;
  /** days after the deadline (0 when in time) */
  daysLate: number;
  appealed: { status: string; tier: string | null; granted: number };
}

/** Register an appeal against the decision on REF; it says whether it came in time. */
export async function registerAppeal(ctx: ServiceContext, call: Call, ref: string, opts: { received: string; notified?: string; note?: string }): Promise<AppealRegistered> {
  const today = osloDate(ctx.now());
  if (opts.received > today) throw new UserError('appeal.future_date', { option: '--received', date: { date: opts.received }, today: { date: today } });
  if (opts.notified !== undefined && opts.notified > today) throw new UserError('appeal.future_date', { option: '--notified', date: { date: opts.notified }, today: { date: today } });
  return ctx.store.transaction(async (tx) => {
    const app = await tx.applications.get(call.id, ref);
    const standing = await tx.applications.standing(app.id);
    if (standing.status === 'withdrawn') throw new UserError('appeal.withdrawn', { ref: app.ref });
    const d = await tx.decisions.of(app.id);
    const appealed =
      standing.status === 'ineligible'
        ? { status: 'ineligible', tier: null, granted: 0 }
        : d && d.status !== 'pending'
          ? { status: d.status as string, tier: d.tier, granted: d.granted }
          : null;
    if (!appealed) throw new UserError('appeal.no_decision', { ref: app.ref });
    const open = (await tx.appeals.of(app.id)).find((a) => a.state === 'open');
    if (open) throw new UserError('appeal.open_exists', { ref: app.ref, received: { date: open.received } });
    // the letter that told the applicant of the decision appealed: the newest of its kind (a letter about an earlier decision does not count)
    const kind = standing.status === 'ineligible' ? 'ineligible' : kindOf(d!);
    const letter = kind === null ? undefined : await tx.letters.latestOf(app.id, kind);
    const notifiedFrom = opts.notified !== undefined ? 'given' : letter ? 'letter' : call.notified !== undefined ? 'call' : null;
    if (notifiedFrom === null) throw new UserError('appeal.no_notified', { ref: app.ref });
    const notified = notifiedFrom === 'given' ? opts.notified! : notifiedFrom === 'letter' ? letter!.letterDate : call.notified!;
    if (opts.received < notified) throw new UserError('appeal.before_notified', { ref: app.ref, received: { date: opts.received }, notified: { date: notified }, from: { term: `appeal.from.${notifiedFrom}` } });
    const due = appealInTime(notified, opts.received);
    const { inTime, daysLate } = due;
    const at = isoNow(ctx);
    const note = opts.note?.trim() || null;
    const id = await tx.appeals.insert({
      callId: call.id,
      applicationId: app.id,
      received: opts.received,
      notified,
      notifiedFrom,
      deadline: due.deadline,
      inTime,
      appealedStatus: appealed.status,
      appealedTier: appealed.tier,
      appealedGranted: appealed.granted,
      note,
      registeredBy: ctx.actor,
      registeredAt: at,
    });
    await tx.audit.append({
      at,
      actor: ctx.actor,
      action: 'appeal.register',
      callId: call.id,
      ref: app.ref,
      details: { appeal: id, received: opts.received, notified, notifiedFrom, deadline: due.deadline, inTime, daysLate, appealed: appealed.status, granted: appealed.granted, note },
    });
    return { ref: app.ref, received: opts.received, notified, notifiedFrom, letterDate: letter?.letterDate ?? null, deadline: due.deadline, nominal: due.nominal, movedPast: due.movedPast, inTime, daysLate, appealed };
  });
}

export interface AppealDecided {
  ref: string;
  outcome: 'upheld' | 'rejected';
  decidedOn: string;
  note: string;
  /** upheld: an ineligible application was restored to the competition */
  restored: boolean;
  /** upheld: the manual decision on it that was cleared */
  clearedManual: { status: string; granted: number } | null;
  /** whether the call has a stored allocation (which an upheld appeal leaves out of date) */
  staleRun: boolean;
  /** upheld in a call with panels, and nobody is assigned to it: no evaluator is offered it until someone is */
  needsPanel: boolean;
  /** upheld on an application whose applicant answered its offer: the answer stays locked until taken back */
  answered: { state: 'accepted' | 'declined'; tier: string | null; granted: number } | null;
}

/** Decide the open appeal on REF: upheld re-opens the application; rejected sends it on to the appeal body. */
export async function decideAppeal(ctx: ServiceContext, call: Call, ref: string, outcome: 'upheld' | 'rejected', opts: { note: string; date?: string }): Promise<AppealDecided> {
  const note = opts.note.trim();
  if (!note) throw new UserError('appeal.note_required');
  const today = osloDate(ctx.now());
  const on = opts.date ?? today;
  if (on > today) throw new UserError('appeal.future_date', { option: '--date', date: { date: on }, today: { date: today } });
  return ctx.store.transaction(async (tx) => {
    const app = await tx.applications.get(call.id, ref);
    const appeals = await tx.appeals.of(app.id);
    const open = appeals.find((a) => a.state === 'open');
    if (!open) {
      const last = appeals[appeals.length - 1];
      if (last) throw new UserError('appeal.already_decided', { ref: app.ref, state: { term: `appeal.state.${last.state}` }, date: { date: last.decidedOn ?? '' } });
      throw new UserError('appeal.none', { ref: app.ref });
    }
    if (on < open.received) throw new UserError('appeal.decided_before_received', { ref: app.ref, date: { date: on }, received: { date: open.received } });
    const at = isoNow(ctx);
    let restored = false;
    let clearedManual: AppealDecided['clearedManual'] = null;
    if (outcome === 'upheld') {
      const standing = await tx.applications.standing(app.id);
      if (standing.status === 'ineligible') {
        await tx.applications.setStanding(app.id, { status: 'active', note: null, actor: ctx.actor, at });
        await tx.audit.append({ at, actor: ctx.actor, action: 'application.restore', callId: call.id, ref: app.ref, details: { changes: { status: { old: 'ineligible', new: 'active' }, note: { old: standing.note, new: null } }, appeal: open.id } });
        restored = true;
      }
      const d = await tx.decisions.of(app.id);
      if (d?.manual === 1) {
        clearedManual = { status: d.status, granted: d.granted };
        await tx.decisions.remove(app.id);
        await tx.audit.append({ at, actor: ctx.actor, action: 'decide.clear', callId: call.id, ref: app.ref, details: { was: { status: d.status, tier: d.tier, granted: d.granted, note: d.note }, appeal: open.id } });
      }
    }
    await tx.appeals.decide(open.id, { state: outcome, decidedOn: on, note, actor: ctx.actor, at });
    await tx.audit.append({
      at,
      actor: ctx.actor,
      action: 'appeal.decide',
      callId: call.id,
      ref: app.ref,
      details: { appeal: open.id, changes: { appeal: { old: 'open', new: outcome } }, date: on, note, ...(restored ? { restored } : {}), ...(clearedManual ? { clearedManual } : {}) },
    });
    const answer = outcome === 'upheld' ? await tx.offers.of(app.id) : undefined;
    const answered = answer ? { state: answer.state, tier: answer.tier, granted: answer.granted } : null;
    const panels = outcome === 'upheld' ? await tx.assignments.ofCall(call.id) : [];
    const needsPanel = panels.length > 0 && !panels.some((a) => a.applicationId === app.id);
    return { ref: app.ref, outcome, decidedOn: on, note, restored, clearedManual, staleRun: (await tx.runs.latest(call.id)) !== null, needsPanel, answered };
  });
}

export interface AppealRow extends AppealRecord {
  applicant: string;
  /** days after the deadline it came (0 when in time) */
  daysLate: number;
}

/** Every appeal of a call, oldest received first. */
export async function listAppeals(ctx: ServiceContext, call: Call): Promise<AppealRow[]> {
  return ctx.store.read(async (r) => {
    const apps = new Map((await r.applications.listBrief(call.id)).map((a) => [a.id, a.applicant]));
    return (await r.appeals.ofCall(call.id)).map((a) => ({ ...a, applicant: apps.get(a.applicationId) ?? '', daysLate: a.inTime ? 0 : appealInTime(a.notified, a.received).daysLate }));
  });
}

/** The applications of a call re-opened by an upheld appeal (for the scorer's list and `applications show`). */
export async function reopenedByAppeal(ctx: ServiceContext, call: Call, evaluatorId?: number): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  // with an evaluator: until they have changed a score of it since the appeal was upheld
  const last = evaluatorId === undefined ? new Map<number, string>() : new Map((await ctx.store.scores.lastScored(call.id, evaluatorId)).map((x) => [x.applicationId, x.at]));
  for (const a of await ctx.store.appeals.ofCall(call.id)) {
    if (a.state !== 'upheld' || !a.decidedOn) continue;
    const since = last.get(a.applicationId);
    if (since !== undefined && a.decidedAt && since >= a.decidedAt) continue;
    out.set(a.applicationId, a.decidedOn);
  }
  return out;
}
