/**
 * Offers (*tilsagn*) and the applicants' answers. Every grant of the stored allocation is an
 * offer; the applicant accepts or declines it (`klynge offer accept|decline REF`). An accepted
 * offer is locked as it was offered; a declined one gives its money back to its tier, and the
 * next `allocate` offers it to the reserve list in rank order. An offer not answered by its
 * deadline is shown as expired: the caseworker decides what that means (decline it to free the
 * money, or record a late acceptance).
 *
 * An offer's deadline: the acceptance date of the newest grant letter written since it was
 * offered (on or after the day of the offer, whatever date the letter carries), else the call's
 * `acceptBy` when the offer was made on or before it, else none.
 */
import type { Call } from '../core/call.js';
import { UserError } from '../core/errors.js';
import type { ManualDecision, ReasonCode } from '../core/allocate.js';
import type { DecisionStatus } from '../core/types.js';
import type { OfferAnswer, StoredDecision } from '../db/store.js';
import { type ServiceContext, isoNow } from './context.js';

export type OfferState = 'offered' | 'accepted' | 'declined' | 'expired';

export interface Offer {
  applicationId: number;
  ref: string;
  applicant: string;
  tier: string | null;
  /** øre, as offered */
  granted: number;
  /** øre */
  requested: number;
  status: DecisionStatus;
  rank: number | null;
  state: OfferState;
  /** YYYY-MM-DD */
  offeredOn: string | null;
  /** YYYY-MM-DD, or null when the offer has none */
  deadline: string | null;
  /** YYYY-MM-DD, the day the answer came */
  answeredOn: string | null;
  note: string | null;
}

/** Today in Norway, YYYY-MM-DD. */
export function osloDate(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

const isGrant = (d: Pick<StoredDecision, 'granted' | 'status'>): boolean => d.granted > 0 && (d.status === 'granted' || d.status === 'partially granted');

/** The offers of a call's stored allocation, in rank order, each with its state. */
export async function listOffers(ctx: ServiceContext, call: Call): Promise<Offer[]> {
  return ctx.store.read(async (r) => {
    const decisions = await r.decisions.ofCall(call.id);
    const answers = new Map((await r.offers.ofCall(call.id)).map((a) => [a.applicationId, a]));
    const letters = await r.letters.ofCall(call.id);
    const apps = new Map((await r.applications.listBrief(call.id)).map((a) => [a.id, a]));
    const today = osloDate(ctx.now());
    // the newest grant letter per application (the letters come oldest first), with the day it was
    // written: that, not the date it carries (--date may put it earlier), says whether it came after the offer
    const letterOf = new Map<number, { date: string; acceptBy: string | null }>();
    for (const l of letters) if (l.acceptBy !== null) letterOf.set(l.applicationId, { date: osloDate(new Date(l.writtenAt)), acceptBy: l.acceptBy });
    const out: Offer[] = [];
    const seen = new Set<number>();
    const add = (id: number, ref: string, d: StoredDecision | undefined, answer: OfferAnswer | undefined) => {
      const app = apps.get(id);
      const offeredOn = answer?.offeredOn ?? d?.offeredOn ?? null;
      const letter = letterOf.get(id);
      let deadline: string | null = null;
      if (letter && offeredOn !== null && letter.date >= offeredOn) deadline = letter.acceptBy;
      else if (call.acceptBy !== undefined && offeredOn !== null && offeredOn <= call.acceptBy) deadline = call.acceptBy;
      let state: OfferState = answer ? answer.state : 'offered';
      if (state === 'offered' && deadline !== null && today > deadline) state = 'expired';
      out.push({
        applicationId: id,
        ref,
        applicant: app?.applicant ?? '',
        tier: answer ? answer.tier : (d?.tier ?? null),
        granted: answer ? answer.granted : (d?.granted ?? 0),
        requested: app?.requested ?? 0,
        status: answer ? answer.status : d!.status,
        rank: d?.rank ?? null,
        state,
        offeredOn,
        deadline,
        answeredOn: answer?.answeredOn ?? null,
        note: answer?.note ?? null,
      });
    };
    for (const d of decisions) {
      const answer = answers.get(d.applicationId);
      if (!isGrant(d) && !answer) continue;
      seen.add(d.applicationId);
      add(d.applicationId, d.ref, d, answer);
    }
    // a declined manual grant has no decision until the next allocation
    for (const a of answers.values()) if (!seen.has(a.applicationId)) add(a.applicationId, a.ref, undefined, a);
    return out.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  });
}

/**
 * The answers as locks for the allocator: an accepted offer as it was offered, a declined one
 * with nothing. (A manual decision on the same application binds instead: it comes later.)
 */
export function answerLocks(answers: readonly OfferAnswer[]): ManualDecision[] {
  return answers.map((a) =>
    a.state === 'accepted'
      ? { applicationId: a.applicationId, tier: a.tier, granted: a.granted, offer: { state: 'accepted', status: a.status, reason: a.reason as ReasonCode } }
      : { applicationId: a.applicationId, tier: a.tier, granted: 0, offer: { state: 'declined' } },
  );
}

export interface AnswerResult {
  ref: string;
  state: 'accepted' | 'declined';
  tier: string | null;
  granted: number;
  answeredOn: string;
  deadline: string | null;
  /** answered after the offer's deadline */
  late: boolean;
  /** a manual grant declined: the manual decision was cleared with it */
  clearedManual: boolean;
}

/** Record an applicant's answer to the offer in the stored allocation. */
export async function answerOffer(ctx: ServiceContext, call: Call, ref: string, state: 'accepted' | 'declined', opts: { date?: string; note?: string }): Promise<AnswerResult> {
  const app = await ctx.store.applications.get(call.id, ref);
  const today = osloDate(ctx.now());
  const on = opts.date ?? today;
  if (on > today) throw new UserError('offer.future_date', { date: { date: on }, today: { date: today } });
  return ctx.store.transaction(async (tx) => {
    const run = await tx.runs.latest(call.id);
    if (!run) throw new UserError('offer.no_run', { call: call.slug });
    const offer = (await listOffers({ ...ctx, store: tx }, call)).find((o) => o.applicationId === app.id);
    const answer = await tx.offers.of(app.id);
    if (answer) {
      throw new UserError(answer.state === state ? `offer.already_${state}` : 'offer.answered_otherwise', { ref: app.ref, state: { term: `offer.state.${answer.state}` }, date: { date: answer.answeredOn } });
    }
    if (!offer) {
      const d = await tx.decisions.of(app.id);
      throw new UserError('offer.none', { ref: app.ref, status: { term: `status.${d ? d.status : 'pending'}` } });
    }
    if (offer.offeredOn !== null && on < offer.offeredOn) throw new UserError('offer.before_offer', { ref: app.ref, date: { date: on }, offeredOn: { date: offer.offeredOn } });
    const d = (await tx.decisions.of(app.id))!;
    const at = isoNow(ctx);
    await tx.offers.put(call.id, {
      applicationId: app.id,
      state,
      tier: d.tier,
      granted: d.granted,
      status: d.status,
      reason: d.reason,
      runId: d.runId ?? run.id,
      offeredOn: d.offeredOn,
      answeredOn: on,
      note: opts.note ?? null,
      actor: ctx.actor,
      recordedAt: at,
    });
    // a declined manual grant: the caseworker's lock goes with it, or it would keep the money
    const clearedManual = state === 'declined' && d.manual === 1;
    if (clearedManual) await tx.decisions.remove(app.id);
    await tx.audit.append({
      at,
      actor: ctx.actor,
      action: state === 'accepted' ? 'offer.accept' : 'offer.decline',
      callId: call.id,
      ref: app.ref,
      details: { run: d.runId ?? run.id, tier: d.tier, granted: d.granted, date: on, deadline: offer.deadline, note: opts.note ?? null, changes: { offer: { old: offer.state, new: state } }, ...(clearedManual ? { clearedManual: true } : {}) },
    });
    return { ref: app.ref, state, tier: d.tier, granted: d.granted, answeredOn: on, deadline: offer.deadline, late: offer.deadline !== null && on > offer.deadline, clearedManual };
  });
}

/** Take back a recorded answer (entered by mistake): the offer is open again. */
export async function undoAnswer(ctx: ServiceContext, call: Call, ref: string, note: string | undefined): Promise<OfferAnswer> {
  const app = await ctx.store.applications.get(call.id, ref);
  return ctx.store.transaction(async (tx) => {
    const answer = await tx.offers.of(app.id);
    if (!answer) throw new UserError('offer.nothing_to_undo', { ref: app.ref });
    await tx.offers.remove(app.id);
    await tx.audit.append({
      at: isoNow(ctx),
      actor: ctx.actor,
      action: 'offer.undo',
      callId: call.id,
      ref: app.ref,
      details: { was: { state: answer.state, date: answer.answeredOn, tier: answer.tier, granted: answer.granted }, note: note ?? null, changes: { offer: { old: answer.state, new: 'offered' } } },
    });
    return answer;
  });
}
