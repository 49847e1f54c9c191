/**
 * Decision letters (*vedtaksbrev*): what each letter says, gathered from the stored
 * allocation run (its decisions, the call's criteria and thresholds, each applicant's
 * scores), and the record of the letters written. Plain data out: the words come from
 * the catalogue, at the edge (cli/render/letters.ts).
 *
 * A letter is an individual decision (*enkeltvedtak*, forvaltningsloven §§ 24–25, 27):
 * it states the rules and facts it rests on, so it is written only from a run that still
 * follows from the data.
 */
import { type AppealDeadline, appealDeadline } from '../core/appeal.js';
import type { Call } from '../core/call.js';
import { UserError } from '../core/errors.js';
import { cmp, fromDecimal, type Rational } from '../core/rational.js';
import type { Application, DecisionStatus } from '../core/types.js';
import type { AidFigures } from '../core/state-aid.js';
import type { AuditEntry, LetterRecord, LetterWrite, StoredDecision, StoredRun } from '../db/store.js';
import { loadCallData, rankCall } from './allocation.js';
import { type ServiceContext, isoNow } from './context.js';

/** What a letter tells the applicant. */
export type LetterKind = 'grant' | 'partial-grant' | 'reserve' | 'rejection' | 'ineligible';
export const LETTER_KINDS: readonly LetterKind[] = ['grant', 'partial-grant', 'reserve', 'rejection', 'ineligible'];

/** One criterion as the letter shows it: the applicant's mean over the evaluators who counted. */
export interface LetterCriterion {
  key: string;
  weight: number;
  /** null when every evaluator judged it not applicable (left out of the weighted result) */
  mean: Rational | null;
  /** "not applicable" answers */
  na: number;
  /** the criterion's own minimum, if it has one */
  min: number | null;
}

/** The fact that decided a rejection, a reserve place or a partial grant. */
export type DecidingFact =
  | { fact: 'below-threshold'; score: Rational | null; threshold: number }
  | { fact: 'criterion-minimum'; criterion: string; mean: Rational | null; min: number }
  | { fact: 'below-tier-thresholds'; score: Rational | null; threshold: number }
  /** the money ran out: the last application funded in the tiers it qualified for is the funding line */
  | { fact: 'budget-exhausted'; rank: number | null; tiers: string[]; lineRank: number | null; lineScore: Rational | null }
  | { fact: 'max-grant'; tier: string; maxGrant: number }
  | { fact: 'partial-remainder'; tier: string; left: number }
  /** decided by hand: the caseworker's note is the reason */
  | { fact: 'manual'; note: string | null }
  /** found ineligible at the formal check (`applications ineligible`): the reason the caseworker gave */
  | { fact: 'ineligible'; note: string | null };

/** An evaluator's comment, only with `--with-comments`. */
export interface LetterComment {
  evaluator: string;
  criterion: string;
  comment: string;
}

export interface LetterData {
  kind: LetterKind;
  application: Application;
  rank: number | null;
  score: Rational | null;
  tier: string | null;
  granted: number;
  status: DecisionStatus | 'reserve' | 'ineligible';
  /** the decision's reason code (reason.* in the catalogue) */
  reason: string;
  manual: boolean;
  note: string | null;
  criteria: LetterCriterion[];
  /** the tier threshold that applied (the tier granted from, or the lowest tier's for the others) */
  tierThreshold: number | null;
  fact: DecidingFact | null;
  /** place on the reserve list (1 = first in line), for a reserve letter */
  reservePlace: number | null;
  /** the de minimis figures, for a grant the ceiling capped or refused (from the stored decision) */
  aid: AidFigures | null;
  comments: LetterComment[] | null;
}

export interface LetterSet {
  call: Call;
  run: StoredRun;
  /** the date the letters carry, YYYY-MM-DD */
  date: string;
  /** when an acceptance must reach the funder (grants) */
  acceptBy: string;
  /** the appeal deadline when the letter is received the day it is dated */
  appeal: AppealDeadline;
  letters: LetterData[];
  /** applications without a decision to write (not fully scored): no letter */
  pending: number;
  /** grants the applicant declined: their grant letter stands, and a decline needs no new one */
  declined: number;
}

/** What changed after the stored run, from the audit log: each kind of change with the refs it touched. */
export interface StaleChange {
  /** score, conflict, decision, application, other */
  what: string;
  refs: string[];
}

export type LetterGathering = { stale: false; set: LetterSet } | { stale: true; call: Call; run: StoredRun; changes: StaleChange[] };

/** Weeks an applicant has to accept a grant unless the call says otherwise. */
const ACCEPT_WEEKS = 3;

const addDays = (iso: string, days: number): string => new Date(Date.parse(iso + 'T00:00:00Z') + days * 86_400_000).toISOString().slice(0, 10);

/** The kind of letter a stored decision gets; null for none (pending). */
export function kindOf(d: Pick<StoredDecision, 'status' | 'reason'>): LetterKind | null {
  const status = d.status as string;
  if (status === 'ineligible' || d.reason === 'ineligible') return 'ineligible';
  if (status === 'granted') return 'grant';
  if (status === 'partially granted') return 'partial-grant';
  // qualified, but the money ran out: the reserve list (status `reserve` where the case process has it)
  if (status === 'reserve' || (status === 'rejected' && d.reason === 'budget-exhausted')) return 'reserve';
  if (status === 'rejected') return 'rejection';
  return null;
}

/**
 * The letters of a call from its stored run: one per decided application (or the one
 * `ref` names), in rank order. Refuses when no run is stored; a run that no longer follows
 * from the data comes back as `stale` with what changed, for the refusal to name.
 */
export async function gatherLetters(
  ctx: ServiceContext,
  call: Call,
  opts: { ref?: string; date: string; acceptBy?: string; comments?: boolean },
): Promise<LetterGathering> {
  return ctx.store.read(async (r) => {
    const c: ServiceContext = { ...ctx, store: r };
    const run = await r.runs.latest(call.id);
    if (!run) throw new UserError('letters.no_run', { call: call.slug });
    if (await r.runs.changedSince(call.id, run.id)) return { stale: true, call, run, changes: await changesAfter(c, call, run) };
    const only = opts.ref === undefined ? undefined : await r.applications.get(call.id, opts.ref);
    const stored = await r.decisions.ofCall(call.id);
    const { ranked, data } = await rankCall(c, call, await loadCallData(c, call, { texts: true, comments: !!opts.comments }));
    const decisions = new Map(stored.map((d) => [d.applicationId, d]));
    const apps = new Map(data.applications.map((a) => [a.id, a]));
    const names = new Map(data.panel.map((e) => [e.id, e.name]));
    const conflicted = new Set(data.conflicts.map((x) => `${x.evaluatorId}:${x.applicationId}`));
    const lowestTier = call.tiers.reduce((m, t) => Math.min(m, t.threshold), Infinity);
    const reaches = (score: Rational | null, threshold: number) => score !== null && cmp(score, fromDecimal(threshold)) >= 0;
    // the funding line per tier: the lowest-ranked application the run gave money from it
    const lastFunded = new Map<string, { rank: number; score: Rational | null }>();
    for (const x of ranked) {
      const d = decisions.get(x.applicationId);
      if (!d || d.granted <= 0 || d.tier === null || x.rank === null) continue;
      const cur = lastFunded.get(d.tier);
      if (!cur || x.rank > cur.rank) lastFunded.set(d.tier, { rank: x.rank, score: x.score });
    }
    const letters: LetterData[] = [];
    let pending = 0;
    let declined = 0;
    let reservePlace = 0;
    for (const x of ranked) {
      const d = decisions.get(x.applicationId);
      const kind = d ? kindOf(d) : null;
      if (kind === 'reserve') reservePlace++;
      if (only && only.id !== x.applicationId) continue;
      if (!d || !kind) {
        if (d?.status === 'declined') declined++;
        else pending++;
        continue;
      }
      const a = apps.get(x.applicationId)!;
      // a run stored before klynge kept the de minimis figures (schema 13) cannot give them: run it again
      if (d.reason.startsWith('state-aid-') && !d.aid) throw new UserError('letters.aid_figures_missing', { call: call.slug, ref: a.ref });
      const tier = d.tier ? call.tiers.find((t) => t.key === d.tier) : undefined;
      const qualifying = call.tiers.filter((t) => reaches(x.score, t.threshold)).map((t) => t.key);
      const criteria: LetterCriterion[] = call.criteria.map((cr, ci) => {
        const s = x.aggregate.criteria[ci];
        return { key: cr.key, weight: cr.weight, mean: s?.mean ?? null, na: s?.naCount ?? 0, min: cr.min ?? null };
      });
      let fact: DecidingFact | null = null;
      const [code, key] = d.reason.split(':');
      if (d.manual === 1) fact = { fact: 'manual', note: d.note };
      else if (code === 'below-threshold') fact = { fact: code, score: x.score, threshold: call.threshold };
      else if (code === 'criterion-minimum') fact = { fact: code, criterion: key, mean: criteria.find((k) => k.key === key)?.mean ?? null, min: call.criteria.find((k) => k.key === key)?.min ?? 0 };
      else if (code === 'below-tier-thresholds') fact = { fact: code, score: x.score, threshold: lowestTier };
      else if (code === 'budget-exhausted') {
        const lines = qualifying.map((t) => lastFunded.get(t)).filter((l) => l !== undefined);
        const line = lines.reduce<{ rank: number; score: Rational | null } | null>((m, l) => (!m || l.rank > m.rank ? l : m), null);
        fact = { fact: code, rank: x.rank, tiers: qualifying, lineRank: line?.rank ?? null, lineScore: line?.score ?? null };
      } else if (code === 'capped-max-grant' && tier) fact = { fact: 'max-grant', tier: tier.key, maxGrant: tier.maxGrant ?? d.granted };
      else if (code === 'partial-remainder' && tier) fact = { fact: 'partial-remainder', tier: tier.key, left: d.granted };
      const comments = opts.comments
        ? (data.scoreRows ?? [])
            .filter((s) => s.applicationId === a.id && s.comment.trim() !== '' && !conflicted.has(`${s.evaluatorId}:${a.id}`))
            .map((s) => ({ evaluator: names.get(s.evaluatorId) ?? String(s.evaluatorId), criterion: s.criterion, comment: s.comment }))
        : null;
      letters.push({
        kind,
        application: a,
        rank: x.rank,
        score: x.score,
        tier: d.tier,
        granted: d.granted,
        status: kind === 'reserve' ? 'reserve' : kind === 'ineligible' ? 'ineligible' : d.status,
        reason: d.reason,
        manual: d.manual === 1,
        note: d.note,
        criteria,
        tierThreshold: tier ? tier.threshold : Number.isFinite(lowestTier) ? lowestTier : null,
        fact,
        reservePlace: kind === 'reserve' ? reservePlace : null,
        aid: d.aid,
        comments,
      });
    }
    // found ineligible at the formal check: not ranked and given no decision, but the applicant
    // is told so in writing with the reason (withdrawn applications withdrew themselves: no letter)
    for (const x of data.excluded) {
      if (x.status !== 'ineligible' || (only && only.id !== x.applicationId)) continue;
      const a = await r.applications.get(call.id, x.ref);
      letters.push({
        kind: 'ineligible',
        application: a,
        rank: null,
        score: null,
        tier: null,
        granted: 0,
        status: 'ineligible',
        reason: 'ineligible',
        manual: false,
        note: x.note,
        criteria: call.criteria.map((cr) => ({ key: cr.key, weight: cr.weight, mean: null, na: 0, min: cr.min ?? null })),
        tierThreshold: null,
        fact: { fact: 'ineligible', note: x.note },
        reservePlace: null,
        aid: null,
        comments: null,
      });
    }
    // by when a grant must be accepted: the date given, the call's `acceptBy` while it is still
    // ahead of the letter, else three weeks after the letter's date
    const acceptBy = opts.acceptBy ?? (call.acceptBy !== undefined && call.acceptBy > opts.date ? call.acceptBy : addDays(opts.date, ACCEPT_WEEKS * 7));
    if (only && letters.length === 0) throw new UserError('letters.not_decided', { ref: only.ref });
    return { stale: false, set: { call, run, date: opts.date, acceptBy, appeal: appealDeadline(opts.date), letters, pending, declined } };
  });
}

/** The changes the log holds after the run was stored, by kind, each with the refs it touched. */
async function changesAfter(ctx: ServiceContext, call: Call, run: StoredRun): Promise<StaleChange[]> {
  const log = await ctx.store.audit.list({ callId: call.id });
  const start = log.find((e) => e.action === 'allocate' && e.details.run === run.id);
  const after = start ? log.filter((e) => e.id > start.id) : [];
  const byWhat = new Map<string, Set<string>>();
  const note = (what: string, ref: string | null) => {
    let set = byWhat.get(what);
    if (!set) byWhat.set(what, (set = new Set()));
    if (ref) set.add(ref);
  };
  for (const e of after) {
    const what = changeKind(e);
    if (what) note(what, e.ref);
  }
  return [...byWhat].map(([what, refs]) => ({ what, refs: [...refs] }));
}

/** What an audit entry changed of the allocation's inputs, or null when it changed none. */
function changeKind(e: AuditEntry): string | null {
  const changes = e.details.changes as Record<string, unknown> | undefined;
  switch (e.action) {
    case 'score':
      return changes && Object.keys(changes).length > 0 ? 'score' : null;
    case 'conflict.declare':
    case 'conflict.withdraw':
      return 'conflict';
    case 'decide':
      return e.details.manual ? 'decision' : null;
    case 'decide.clear':
      return 'decision';
    case 'import':
      return Number(e.details.added ?? 0) > 0 ? 'application' : null;
    case 'application.update':
      return changes && ('requested' in changes || 'submitted' in changes) ? 'application' : null;
    case 'score.drop':
      return 'score';
    case 'offer.accept':
    case 'offer.decline':
    case 'offer.undo':
      return 'offer';
    case 'assign':
    case 'unassign':
      return 'panel';
    case 'aid.import':
      return 'aid';
    case 'appeal.decide':
      return (e.details.changes as { appeal?: { new?: string } } | undefined)?.appeal?.new === 'upheld' ? 'appeal' : null;
    case 'allocate':
    case 'letter':
      return null;
    default:
      // a later kind of change (a withdrawal, a call update): named by its action
      return e.action.startsWith('call') || e.action.startsWith('application') ? e.action.split('.')[0] : null;
  }
}

/** Record letters written: one row and one audit entry per letter, in one transaction. */
export async function recordLetters(ctx: ServiceContext, set: LetterSet, written: readonly { letter: LetterData; file: string; sha256: string; format: string }[]): Promise<LetterRecord[]> {
  return ctx.store.transaction(async (tx) => {
    const at = isoNow(ctx);
    const rows: LetterWrite[] = written.map((w) => ({
      callId: set.call.id,
      applicationId: w.letter.application.id,
      ref: w.letter.application.ref,
      kind: w.letter.kind,
      runId: set.run.id,
      format: w.format,
      file: w.file,
      sha256: w.sha256,
      letterDate: set.date,
      acceptBy: w.letter.kind === 'grant' || w.letter.kind === 'partial-grant' ? set.acceptBy : null,
      writtenAt: at,
      actor: ctx.actor,
    }));
    await tx.letters.insert(rows);
    await tx.audit.appendMany(
      rows.map((r) => ({
        at,
        actor: ctx.actor,
        action: 'letter',
        callId: r.callId,
        ref: r.ref,
        details: { kind: r.kind, run: r.runId, format: r.format, file: r.file, sha256: r.sha256, date: r.letterDate },
      })),
    );
    return tx.letters.ofCall(set.call.id);
  });
}

/** The letters written for a call, oldest first. */
export function listLetters(ctx: ServiceContext, call: Call): Promise<LetterRecord[]> {
  return ctx.store.letters.ofCall(call.id);
}
