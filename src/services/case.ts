/**
 * The corrections of a real year (issue 14): applications withdrawn or found ineligible in the
 * formal check, evaluators renamed or removed, conflicts of interest (*inhabilitet*) imported
 * from a file or taken back. Each is one transaction, logged old → new with the actor.
 *
 * The model for withdrawn and ineligible applications: the application stays in the call with
 * its scores and its record, but has no place in the competition. It is not offered to
 * evaluators, not ranked, not funded and gets no decision (*vedtak*): its state is the answer,
 * with the reason code `withdrawn` or `ineligible`, and reports list such applications apart.
 * A manual (locked) decision is the caseworker's own word on the application, so it is never
 * dropped silently: withdrawing or rejecting on formal grounds one that has it is refused until
 * the decision is cleared (`klynge decide REF --clear`). An automatic decision is the
 * allocator's output: it is removed (the log keeps it) and the stored run goes stale.
 */
import type { Call } from '../core/call.js';
import { type Issue, UserError, ValidationError } from '../core/errors.js';
import { editDistance, lookalike } from '../core/similar.js';
import type { ApplicationStanding, ApplicationState, Evaluator } from '../core/types.js';
import type { AssignmentRecord, AuditInput, Store } from '../db/store.js';
import { type ServiceContext, isoNow } from './context.js';
import { osloDate } from './offers.js';

/** The reason code of an application out of the competition. */
export type ExclusionReason = Exclude<ApplicationState, 'active'>;

export interface StandingChange {
  ref: string;
  old: ApplicationState;
  new: ApplicationState;
  note: string | null;
  /** the automatic decision removed with it, if it had one */
  decisionRemoved: { status: string; tier: string | null; granted: number } | null;
  /** whether the call has a stored allocation run (which this change made stale) */
  staleRun: boolean;
}

/** Withdraw an application (`withdrawn`), find it ineligible (`ineligible`), or restore it (`active`). */
export async function setApplicationState(ctx: ServiceContext, call: Call, ref: string, status: ApplicationState, note: string | null): Promise<StandingChange> {
  const text = note?.trim() || null;
  if (status === 'ineligible' && !text) throw new UserError('case.reason_required');
  return ctx.store.transaction(async (tx) => {
    const app = await tx.applications.get(call.id, ref);
    const was = await tx.applications.standing(app.id);
    if (status === 'active') {
      if (was.status === 'active') throw new UserError('case.not_excluded', { ref });
    } else if (was.status !== 'active') {
      throw new UserError(`case.already_${was.status}`, { ref, by: was.by ?? '', at: was.at ? { date: osloDate(new Date(was.at)) } : '', note: was.note ?? '' });
    }
    const d = await tx.decisions.of(app.id);
    if (status !== 'active' && d?.manual === 1) throw new UserError('case.manual_decision', { ref, status: d.status });
    const at = isoNow(ctx);
    let decisionRemoved: StandingChange['decisionRemoved'] = null;
    if (status !== 'active' && d) {
      decisionRemoved = { status: d.status, tier: d.tier, granted: d.granted };
      await tx.decisions.remove(app.id);
    }
    await tx.applications.setStanding(app.id, { status, note: text, actor: ctx.actor, at });
    const action = status === 'active' ? 'application.restore' : `application.${status === 'withdrawn' ? 'withdraw' : 'ineligible'}`;
    await tx.audit.append({
      at,
      actor: ctx.actor,
      action,
      callId: call.id,
      ref: app.ref,
      details: {
        changes: { status: { old: was.status, new: status }, note: { old: was.note, new: status === 'active' ? null : text } },
        // the automatic decision it had, as `decide.clear` logs one
        ...(decisionRemoved ? { was: decisionRemoved } : {}),
      },
    });
    return { ref: app.ref, old: was.status, new: status, note: text, decisionRemoved, staleRun: (await tx.runs.latest(call.id)) !== null };
  });
}

/** A call's applications that are withdrawn or ineligible, with who said so and why. */
export function excludedApplications(ctx: ServiceContext, call: Call): Promise<ApplicationStanding[]> {
  return ctx.store.applications.excluded(call.id);
}

/** Rename an evaluator; refused when another has the new name (case-insensitively). */
export async function renameEvaluator(ctx: ServiceContext, oldName: string, newName: string): Promise<{ old: string; new: string }> {
  const clean = newName.trim();
  if (!clean) throw new UserError('evaluator.empty_name');
  return ctx.store.transaction(async (tx) => {
    const e = await tx.evaluators.get(oldName);
    if (e.name === clean) throw new UserError('evaluator.same_name', { name: e.name });
    const renamed = await tx.evaluators.rename(e.id, clean);
    await tx.audit.append({ at: isoNow(ctx), actor: ctx.actor, action: 'evaluator.rename', details: { changes: { name: { old: e.name, new: renamed.name } } } });
    return { old: e.name, new: renamed.name };
  });
}

export interface EvaluatorRemoval {
  name: string;
  scoresDropped: number;
  conflictsRemoved: number;
  /** applications whose panel they were taken off */
  assignmentsRemoved: number;
  /** slugs of the calls whose stored allocation the removal made stale */
  calls: string[];
}

/**
 * Remove an evaluator. Refused while they have scores in any call, unless `dropScores`: then
 * the scores are deleted, each application's dropped scores logged (value and justification).
 * Their conflicts go with them, each logged with what was declared: no one is left to be
 * kept from scoring, and the declaration stays readable in the log.
 */
export async function removeEvaluator(ctx: ServiceContext, name: string, dropScores: boolean): Promise<EvaluatorRemoval> {
  return ctx.store.transaction(async (tx) => {
    const e = await tx.evaluators.get(name);
    const scores = await tx.scores.ofEvaluator(e.id);
    const conflicts = await tx.conflicts.ofEvaluator(e.id);
    const slugs = new Map<number, string>();
    for (const id of new Set([...scores, ...conflicts].map((x) => x.callId))) slugs.set(id, (await tx.calls.byId(id)).slug);
    if (scores.length && !dropScores) {
      const calls = [...new Set(scores.map((s) => slugs.get(s.callId)!))];
      throw new UserError('evaluator.has_scores', { name: e.name, count: scores.length, calls: calls.join(', ') });
    }
    const at = isoNow(ctx);
    const entries: AuditInput[] = [];
    // one entry per application, with every score dropped from it
    const byApp = new Map<number, typeof scores>();
    for (const s of scores) {
      const list = byApp.get(s.applicationId);
      if (list) list.push(s);
      else byApp.set(s.applicationId, [s]);
    }
    for (const list of byApp.values()) {
      // the overall justification is dropped with the scores, and kept readable in the log
      const note = await tx.scores.note(e.id, list[0].applicationId);
      entries.push({
        at,
        actor: ctx.actor,
        action: 'score.drop',
        callId: list[0].callId,
        ref: list[0].ref,
        details: { evaluator: e.name, dropped: list.map((s) => ({ criterion: s.criterion, value: s.value ?? 'n/a', comment: s.comment })), ...(note !== null ? { note } : {}) },
      });
    }
    if (scores.length) await tx.scores.removeOfEvaluator(e.id);
    for (const c of conflicts) {
      await tx.conflicts.remove(c.evaluatorId, c.applicationId);
      entries.push({
        at,
        actor: ctx.actor,
        action: 'conflict.withdraw',
        callId: c.callId,
        ref: c.ref,
        details: { evaluator: e.name, declared: { reason: c.reason, by: c.declaredBy, at: c.declaredAt }, reason: 'evaluator removed' },
      });
    }
    // off every panel they were on: each application's panel old → new, as `klynge assign` logs it
    const assigned = await tx.assignments.ofEvaluator(e.id);
    // each call's panels read once, before any is changed
    const panelsOf = new Map<number, AssignmentRecord[]>();
    for (const callId of new Set(assigned.map((a) => a.callId))) panelsOf.set(callId, await tx.assignments.ofCall(callId));
    for (const a of assigned) {
      const panel = panelsOf.get(a.callId)!.filter((x) => x.applicationId === a.applicationId).map((x) => x.evaluator);
      await tx.assignments.remove(e.id, a.applicationId);
      entries.push({
        at,
        actor: ctx.actor,
        action: 'unassign',
        callId: a.callId,
        ref: a.ref,
        details: { evaluator: a.evaluator, changes: { evaluators: { old: panel, new: panel.filter((n) => n !== a.evaluator) } }, reason: 'evaluator removed' },
      });
      if (!slugs.has(a.callId)) slugs.set(a.callId, (await tx.calls.byId(a.callId)).slug);
    }
    await tx.evaluators.remove(e.id);
    entries.push({
      at,
      actor: ctx.actor,
      action: 'evaluator.remove',
      details: { name: e.name, email: e.email, scoresDropped: scores.length, conflictsRemoved: conflicts.length, assignmentsRemoved: assigned.length },
    });
    await tx.audit.appendMany(entries);
    return { name: e.name, scoresDropped: scores.length, conflictsRemoved: conflicts.length, assignmentsRemoved: assigned.length, calls: [...slugs.values()] };
  });
}

export interface ConflictListRow {
  ref: string;
  evaluator: string;
  reason: string;
  declaredBy: string;
  declaredAt: string;
}

/** The conflicts of interest declared in a call, by ref then evaluator. */
export async function listConflicts(ctx: ServiceContext, call: Call): Promise<ConflictListRow[]> {
  return (await ctx.store.conflicts.listNamed(call.id)).map((c) => ({ ref: c.ref, evaluator: c.evaluator, reason: c.reason, declaredBy: c.declaredBy, declaredAt: c.declaredAt }));
}

/** Take back a declared conflict: the evaluator may score the application again, and earlier scores count again. */
export async function withdrawConflict(ctx: ServiceContext, call: Call, ref: string, evaluatorName: string, reason: string): Promise<{ evaluator: string; ref: string; scoresCountAgain: number }> {
  const why = reason.trim();
  if (!why) throw new UserError('conflict.withdraw_reason');
  return ctx.store.transaction(async (tx) => {
    const app = await tx.applications.get(call.id, ref);
    const e = await tx.evaluators.get(evaluatorName);
    const declared = (await tx.conflicts.ofApplication(app.id)).find((c) => c.evaluatorId === e.id);
    if (!declared) throw new UserError('conflict.none', { name: e.name, ref: app.ref });
    await tx.conflicts.remove(e.id, app.id);
    const scores = await tx.scores.of(e.id, app.id);
    await tx.audit.append({
      at: isoNow(ctx),
      actor: ctx.actor,
      action: 'conflict.withdraw',
      callId: call.id,
      ref: app.ref,
      details: { evaluator: e.name, declared: { reason: declared.reason, by: declared.declaredBy, at: declared.declaredAt }, reason: why, scoresCountAgain: scores.length },
    });
    return { evaluator: e.name, ref: app.ref, scoresCountAgain: scores.length };
  });
}

export interface ConflictImportRow {
  line: number;
  evaluator: string;
  ref: string;
  reason: string;
}

export interface ConflictImportReport {
  rows: number;
  declared: number;
  /** rows whose conflict was declared already (nothing written for them) */
  already: number;
  evaluatorsAdded: string[];
  /** scores given before on the applications now conflicted: kept (and logged), no longer counted */
  scoresNoLongerCounted: number;
}

/**
 * Import conflicts of interest, all or nothing: unknown refs and evaluators (with a near match
 * where there is one) and a conflict given twice are all reported together with their lines.
 * A conflict already declared is left as it is, so the same file can be imported again.
 */
export async function importConflicts(
  ctx: ServiceContext,
  call: Call,
  file: string,
  rows: ConflictImportRow[],
  earlierIssues: Issue[],
  opts: { dryRun: boolean; addEvaluators: boolean; columns?: Partial<Record<'evaluator' | 'ref' | 'reason', string>> },
): Promise<ConflictImportReport> {
  const { store } = ctx;
  const columns = opts.columns ?? {};
  const issues: Issue[] = [...earlierIssues];
  const refs = new Map<string, number>();
  for (const r of await store.applications.refs(call.id)) refs.set(r.ref, r.id);
  const evaluators = await store.evaluators.list();
  const byName = new Map(evaluators.map((e) => [e.name.toLowerCase(), e]));
  const names = evaluators.map((e) => e.name);
  const refList = [...refs.keys()];
  const at = (r: ConflictImportRow, field: 'evaluator' | 'ref' | 'reason', value: string, code: string, params: Record<string, unknown> = {}) =>
    issues.push({ file, line: r.line, column: columns[field] ?? field, value, code, params });
  const seen = new Map<string, number>();
  const unknownNames = new Map<string, number>();
  for (const r of rows) {
    if (!refs.has(r.ref)) {
      const near = nearest(r.ref, refList);
      at(r, 'ref', r.ref, near ? 'conflict.unknown_ref_near' : 'conflict.unknown_ref', { call: call.slug, near: near ?? '' });
    }
    const key = r.evaluator.toLowerCase();
    if (!byName.has(key)) {
      const like = lookalike(r.evaluator, names);
      // a name one typo from a known evaluator is refused even with --add-evaluators
      if (like) at(r, 'evaluator', r.evaluator, 'score.evaluator_lookalike', { name: r.evaluator, like });
      else if (!opts.addEvaluators && !unknownNames.has(key)) at(r, 'evaluator', r.evaluator, 'import.unknown_evaluator', { name: r.evaluator });
      if (!unknownNames.has(key)) unknownNames.set(key, r.line);
    }
    const pair = `${key}\u0000${r.ref}`;
    const first = seen.get(pair);
    if (first !== undefined) at(r, 'ref', r.ref, 'conflict.duplicate_row', { first, name: r.evaluator });
    else seen.set(pair, r.line);
  }
  if (issues.length) throw new ValidationError(issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)), 'import.invalid', { file, count: issues.length });

  const report: ConflictImportReport = { rows: rows.length, declared: 0, already: 0, evaluatorsAdded: [], scoresNoLongerCounted: 0 };
  await store.transaction(
    async (tx) => {
      const when = isoNow(ctx);
      const entries: AuditInput[] = [];
      const known = new Map<string, Evaluator>(byName);
      const existing = new Set((await tx.conflicts.ofCall(call.id)).map((c) => `${c.evaluatorId}:${c.applicationId}`));
      for (const r of rows) {
        const key = r.evaluator.toLowerCase();
        let e = known.get(key);
        if (!e) {
          e = await tx.evaluators.insert(r.evaluator, null, when);
          known.set(key, e);
          entries.push({ at: when, actor: ctx.actor, action: 'evaluator.add', details: { name: e.name, source: file } });
          report.evaluatorsAdded.push(e.name);
        }
        const appId = refs.get(r.ref)!;
        if (existing.has(`${e.id}:${appId}`)) {
          report.already++;
          continue;
        }
        await tx.conflicts.insert({ evaluatorId: e.id, applicationId: appId, reason: r.reason, declaredBy: ctx.actor, declaredAt: when });
        const earlier = await tx.scores.of(e.id, appId);
        report.scoresNoLongerCounted += earlier.length;
        entries.push({
          at: when,
          actor: ctx.actor,
          action: 'conflict.declare',
          callId: call.id,
          ref: r.ref,
          details: { evaluator: e.name, reason: r.reason, source: file, line: r.line, scoresNoLongerCounted: earlier.map((s) => ({ criterion: s.criterion, value: s.value })) },
        });
        report.declared++;
      }
      if (report.declared) entries.push({ at: when, actor: ctx.actor, action: 'conflict.import', callId: call.id, details: { file, rows: rows.length, declared: report.declared, already: report.already } });
      await tx.audit.appendMany(entries);
    },
    { dryRun: opts.dryRun },
  );
  return report;
}

/** The case number nearest to a mistyped one (at most two edits, case-insensitive), the first in order on a tie. */
function nearest(ref: string, refs: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  const r = ref.toLowerCase();
  for (const k of refs) {
    const d = editDistance(k.toLowerCase(), r);
    if (d < bestD || (d === bestD && best !== undefined && k < best)) [best, bestD] = [k, d];
  }
  return best;
}

/** Refuse work on an application that is out of the competition (for commands that would score or decide it). */
export async function assertActive(store: Store, applicationId: number, kind: 'decide' | 'score'): Promise<void> {
  const s = await store.applications.standing(applicationId);
  if (s.status !== 'active') throw new UserError(`case.${kind}_${s.status}`, { ref: s.ref });
}
