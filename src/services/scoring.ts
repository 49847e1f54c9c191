/**
 * Evaluators, conflicts of interest (*inhabilitet*) and scores. Every write is
 * one short transaction with its audit rows, so nothing is half-saved and two
 * evaluators can work at once.
 */
import { type Call, type Criterion, localText } from '../core/call.js';
import { type Issue, UserError, ValidationError } from '../core/errors.js';
import type { Evaluator, Score } from '../core/types.js';
import type { AssignmentRecord, AuditInput, ScoreWrite, Store } from '../db/store.js';
import { lookalike } from '../core/similar.js';
import { type ServiceContext, isoNow } from './context.js';
import { assertActive } from './case.js';
import { callAssignments } from './allocation.js';

/** A score as given: a value on the scale, or null for "not applicable". */
export type ScoreValue = number | null;

export async function addEvaluator(ctx: ServiceContext, name: string, email: string | null): Promise<Evaluator> {
  const clean = name.trim();
  if (!clean) throw new UserError('evaluator.empty_name');
  return ctx.store.transaction(async (tx) => {
    const e = await tx.evaluators.insert(clean, email, isoNow(ctx));
    await tx.audit.append({ at: isoNow(ctx), actor: ctx.actor, action: 'evaluator.add', details: { name: e.name, email } });
    return e;
  });
}

export interface EvaluatorProgress {
  evaluator: Evaluator;
  /** applications with every criterion answered */
  scored: number;
  /** applications with some criteria answered */
  partial: number;
  /** conflicts of interest declared on the call's active applications (with panels: on or off the evaluator's panel) */
  conflicts: number;
  remaining: number;
  total: number;
}

/** Where an evaluator stands on an application: every criterion answered, some, conflicted, or none. */
export type Mark = 'done' | 'partial' | 'conflict' | 'todo';

/**
 * The one definition of "scored": every criterion of the call answered (a number or n/a). When
 * the call has panels (assignments), only the applications assigned to the evaluator are theirs
 * to score; `assigned` is the call's assignments when the caller has them already.
 */
export async function scoringMarks(ctx: ServiceContext, call: Call, evaluatorId: number, assigned?: readonly AssignmentRecord[]): Promise<Map<number, Mark>> {
  const { store } = ctx;
  const panels = assigned ?? (await store.assignments.ofCall(call.id));
  const mine = panels.length ? new Set(panels.filter((a) => a.evaluatorId === evaluatorId).map((a) => a.applicationId)) : null;
  const keys = call.criteria.map((c) => c.key);
  const counts = new Map((await store.scores.answered(call.id, evaluatorId, keys)).map((r) => [r.applicationId, r.answered]));
  const conflicted = new Set(await store.conflicts.applicationsOf(call.id, evaluatorId));
  // withdrawn and ineligible applications are not offered to evaluators
  const excluded = new Set((await store.applications.excluded(call.id)).map((x) => x.applicationId));
  const marks = new Map<number, Mark>();
  for (const { id } of await store.applications.refs(call.id)) {
    if (excluded.has(id) || (mine && !mine.has(id))) continue;
    const n = counts.get(id) ?? 0;
    marks.set(id, conflicted.has(id) ? 'conflict' : n === 0 ? 'todo' : n === keys.length ? 'done' : 'partial');
  }
  return marks;
}

/** Per evaluator in a call: scored, conflicts, remaining (of the applications assigned to them, when the call has panels). */
export async function evaluatorProgress(ctx: ServiceContext, call: Call): Promise<EvaluatorProgress[]> {
  const out: EvaluatorProgress[] = [];
  const assigned = await ctx.store.assignments.ofCall(call.id);
  const excluded = assigned.length ? new Set((await ctx.store.applications.excluded(call.id)).map((x) => x.applicationId)) : null;
  for (const evaluator of await ctx.store.evaluators.list()) out.push(await progressOf(ctx, call, evaluator, assigned, excluded));
  return out;
}

/** One evaluator's progress in a call (the scorer's header): as `evaluatorProgress` gives it for them. */
export async function evaluatorProgressOf(ctx: ServiceContext, call: Call, evaluator: Evaluator): Promise<EvaluatorProgress> {
  const assigned = await ctx.store.assignments.ofCall(call.id);
  const excluded = assigned.length ? new Set((await ctx.store.applications.excluded(call.id)).map((x) => x.applicationId)) : null;
  return progressOf(ctx, call, evaluator, assigned, excluded);
}

async function progressOf(ctx: ServiceContext, call: Call, evaluator: Evaluator, assigned: readonly AssignmentRecord[], excluded: ReadonlySet<number> | null): Promise<EvaluatorProgress> {
  const marks = [...(await scoringMarks(ctx, call, evaluator.id, assigned)).values()];
  const count = (m: Mark) => marks.filter((x) => x === m).length;
  const scored = count('done');
  // with panels, a conflict declared on an application not on the evaluator's panel counts too (it was declared)
  const conflicts = excluded ? (await ctx.store.conflicts.applicationsOf(call.id, evaluator.id)).filter((id) => !excluded.has(id)).length : count('conflict');
  return { evaluator, scored, partial: count('partial'), conflicts, remaining: marks.length - scored - count('conflict'), total: marks.length };
}

/** An evaluator by name (case-insensitive), or a NotFoundError listing the evaluators. */
export function evaluatorNamed(ctx: ServiceContext, name: string): Promise<Evaluator> {
  return ctx.store.evaluators.get(name);
}

export function allEvaluators(ctx: ServiceContext): Promise<Evaluator[]> {
  return ctx.store.evaluators.list();
}

/** The reason of an evaluator's conflict on an application, if there is one. */
export async function conflictReason(ctx: ServiceContext, evaluatorId: number, applicationId: number): Promise<string | null> {
  return (await ctx.store.conflicts.of(evaluatorId, applicationId))?.reason ?? null;
}

/** Record a conflict of interest. Scores given before stop counting and stay in the log. */
export async function declareConflict(ctx: ServiceContext, call: Call, ref: string, evaluatorName: string, reason: string): Promise<{ evaluator: Evaluator; earlierScores: number }> {
  const why = reason.trim();
  if (!why) throw new UserError('conflict.reason_required');
  const app = await ctx.store.applications.get(call.id, ref);
  const evaluator = await ctx.store.evaluators.get(evaluatorName);
  return ctx.store.transaction(async (tx) => {
    if (await tx.conflicts.of(evaluator.id, app.id)) throw new UserError('conflict.exists', { name: evaluator.name, ref });
    const at = isoNow(ctx);
    await tx.conflicts.insert({ evaluatorId: evaluator.id, applicationId: app.id, reason: why, declaredBy: ctx.actor, declaredAt: at });
    const earlier = await tx.scores.of(evaluator.id, app.id);
    await tx.audit.append({
      at,
      actor: ctx.actor,
      action: 'conflict.declare',
      callId: call.id,
      ref,
      details: { evaluator: evaluator.name, reason: why, scoresNoLongerCounted: earlier.map((s) => ({ criterion: s.criterion, value: s.value })) },
    });
    return { evaluator, earlierScores: earlier.length };
  });
}

/** Check one value against a criterion and the scale: an issue code, or null when fine. */
export function checkValue(call: Call, criterion: Criterion, value: ScoreValue): { code: string; params: Record<string, unknown> } | null {
  if (value === null) return criterion.allowNA ? null : { code: 'score.na_not_allowed', params: { criterion: criterion.key, name: criterion.name } };
  if (!Number.isInteger(value) || value < call.scale.min || value > call.scale.max) {
    return { code: 'score.off_scale', params: { value, criterion: criterion.key, name: criterion.name, min: call.scale.min, max: call.scale.max } };
  }
  return null;
}

const NOT_APPLICABLE = new Set(['n/a', 'na', 'n.a.', 'i.r.', 'ir', 'i/r', '-', 'ikke relevant', 'not applicable']);

/** Read `4`, `n/a`, `na`, `i.r.` (ikke relevant) as a score value; undefined when it is neither. */
export function parseScoreText(text: string): ScoreValue | undefined {
  const s = text.trim().toLowerCase();
  if (NOT_APPLICABLE.has(s)) return null;
  if (/^[+-]?\d+$/.test(s)) return Number(s);
  return undefined;
}

export interface SaveResult {
  changed: { criterion: string; old: ScoreValue | undefined; new: ScoreValue }[];
  /** scores whose value stayed and whose justification alone is new */
  justified: number;
  unchanged: number;
}

/**
 * Save an evaluator's scores for one application in one transaction. Re-scoring
 * replaces the value and keeps the old one in the audit log.
 */
export async function saveScores(
  ctx: ServiceContext,
  call: Call,
  ref: string,
  evaluatorName: string,
  values: Record<string, ScoreValue>,
  comment: string | Record<string, string>,
  /** the overall justification beside each criterion's own (the interactive scorer's); undefined: left as it is */
  note?: string | null,
  /** with panels, let an evaluator who is not on the application's panel score it anyway */
  offPanel = false,
): Promise<SaveResult> {
  const app = await ctx.store.applications.get(call.id, ref);
  const evaluator = await ctx.store.evaluators.get(evaluatorName);
  const issues: Issue[] = [];
  for (const [key, v] of Object.entries(values)) {
    const cr = call.criteria.find((c) => c.key === key);
    if (!cr) {
      const keys = call.criteria.map((c) => c.key);
      const near = lookalike(key, keys);
      issues.push({ code: near ? 'score.unknown_criterion_near' : 'score.unknown_criterion', params: { criterion: key, criteria: keys.join(', '), near } });
      continue;
    }
    const bad = checkValue(call, cr, v);
    if (bad) issues.push(bad);
  }
  if (Object.keys(values).length === 0) throw new UserError('score.nothing');
  if (issues.length) throw new ValidationError(issues, 'score.invalid', { ref });
  return ctx.store.transaction(async (tx) => {
    // withdrawn and ineligible applications are not scored (services/case.ts)
    await assertActive(tx, app.id, 'score');
    const conflict = await tx.conflicts.of(evaluator.id, app.id);
    if (conflict) throw new UserError('score.conflicted', { name: evaluator.name, ref, reason: conflict.reason });
    if (!offPanel) {
      // with panels, an application is scored by its panel: anyone else is almost always a slip
      const panels = await tx.assignments.ofCall(call.id);
      const panel = panels.filter((a) => a.applicationId === app.id);
      if (panels.length && !panel.some((a) => a.evaluatorId === evaluator.id)) {
        throw new UserError(panel.length ? 'score.not_on_panel' : 'score.no_panel', { name: evaluator.name, ref: app.ref, panel: panel.map((a) => a.evaluator).join(', ') });
      }
    }
    const at = isoNow(ctx);
    const save = planSave(call, app.id, ref, evaluator, await tx.scores.of(evaluator.id, app.id), values, comment, at);
    if (note !== undefined) {
      const old = await tx.scores.note(evaluator.id, app.id);
      const text = note === null || note.trim() === '' ? null : note;
      if (old !== text) {
        await tx.scores.putNote(evaluator.id, app.id, text, at);
        // the old overall justification stays in the log, like the per-criterion ones
        const change = { old: old ?? '', new: text ?? '' };
        if (save.entry) save.entry.details = { ...save.entry.details, note: change };
        else save.entry = { at, actor: evaluator.name, action: 'score', callId: call.id, ref, details: { evaluator: evaluator.name, changes: {}, note: change } };
      }
    }
    await writeSaves(tx, call, [save]);
    return save.result;
  });
}

/** What one save writes: the rows, the audit entry, and what it tells the user. */
interface PlannedSave {
  writes: ScoreWrite[];
  entry: AuditInput | null;
  result: SaveResult;
}

/** Work out a save against the scores stored before it: only what changed is written and logged. */
function planSave(
  call: Call,
  applicationId: number,
  ref: string,
  evaluator: Evaluator,
  stored: readonly Score[],
  values: Record<string, ScoreValue>,
  comment: string | Record<string, string>,
  at: string,
): PlannedSave {
  // a handful of criteria: a look along the list beats a Map made for every save of an import
  const storedOf = (key: string): Score | undefined => {
    for (const s of stored) if (s.criterion === key) return s;
    return undefined;
  };
  const writes: ScoreWrite[] = [];
  const result: SaveResult = { changed: [], justified: 0, unchanged: 0 };
  const commentChanges: Record<string, { old: string; new: string }> = {};
  for (const cr of call.criteria) {
    if (!(cr.key in values)) continue;
    const v = values[cr.key];
    const old = storedOf(cr.key);
    const text = typeof comment === 'string' ? comment : (comment[cr.key] ?? old?.comment ?? '');
    if (old && old.value === v && old.comment === text) {
      result.unchanged++;
      continue;
    }
    writes.push({ evaluatorId: evaluator.id, applicationId, criterion: cr.key, value: v, comment: text, at });
    if (!old || old.value !== v) result.changed.push({ criterion: cr.key, old: old ? old.value : undefined, new: v });
    else result.justified++;
    // the old justification stays in the audit log when it is replaced
    if (old && old.comment !== text) commentChanges[cr.key] = { old: old.comment, new: text };
  }
  const entry: AuditInput | null =
    result.changed.length || Object.keys(commentChanges).length
      ? {
          at,
          actor: evaluator.name,
          action: 'score',
          callId: call.id,
          ref,
          details: {
            evaluator: evaluator.name,
            changes: Object.fromEntries(result.changed.map((c) => [c.criterion, { old: c.old === undefined ? null : (c.old ?? 'n/a'), new: c.new ?? 'n/a' }])),
            ...(Object.keys(commentChanges).length ? { comments: commentChanges } : {}),
          },
        }
      : null;
  return { writes, entry, result };
}

/** Write planned saves (inside a transaction): the rows, one audit row per save, and the call under scoring. */
async function writeSaves(tx: Store, call: Call, saves: readonly PlannedSave[]): Promise<void> {
  const writes: ScoreWrite[] = [];
  const entries: AuditInput[] = [];
  for (const s of saves) {
    for (const w of s.writes) writes.push(w);
    if (s.entry) entries.push(s.entry);
  }
  if (writes.length) await tx.scores.put(writes);
  if (entries.length) {
    await tx.audit.appendMany(entries);
    if (call.status === 'open') await tx.calls.setStatus(call.id, 'scoring', entries[entries.length - 1].at);
  }
}

/** The earlier answers of an evaluator on an application, for defaults when re-opening it. */
export async function earlierAnswers(
  ctx: ServiceContext,
  call: Call,
  ref: string,
  evaluatorName: string,
): Promise<EarlierAnswers> {
  const app = await ctx.store.applications.get(call.id, ref);
  const evaluator = await ctx.store.evaluators.get(evaluatorName);
  const rows = await ctx.store.scores.of(evaluator.id, app.id);
  const stored = await ctx.store.scores.note(evaluator.id, app.id);
  const values: Record<string, ScoreValue> = {};
  const comments: Record<string, string> = {};
  for (const r of rows) {
    values[r.criterion] = r.value;
    comments[r.criterion] = r.comment;
  }
  // the overall justification: the stored one; for scores saved before there was one, a text
  // every answered criterion shares (the scorer's single justification of old)
  const distinct = [...new Set(rows.map((r) => r.comment))];
  const overall = stored ?? (rows.length > 0 && distinct.length === 1 ? distinct[0] : '');
  // a criterion's own justification is what it has besides the overall one
  const own: Record<string, string> = {};
  for (const [k, c] of Object.entries(comments)) own[k] = c === overall ? '' : c;
  return { values, comments, overall, own };
}

/** What an evaluator answered on an application before, as the scorer's defaults. */
export interface EarlierAnswers {
  values: Record<string, ScoreValue>;
  /** each criterion's stored comment */
  comments: Record<string, string>;
  /** the overall justification ('' when there is none) */
  overall: string;
  /** each answered criterion's own justification ('' where it only had the overall one) */
  own: Record<string, string>;
}

export interface ScoreImportRow {
  line: number;
  evaluator: string;
  ref: string;
  criterion: string;
  value: ScoreValue;
  comment: string;
}

export interface ScoreImportReport {
  rows: number;
  changed: number;
  /** scores whose value stayed and whose justification alone is new */
  justified: number;
  unchanged: number;
  applications: number;
  evaluatorsAdded: string[];
  /** rows on withdrawn or ineligible applications: kept, but they count for nothing */
  onExcluded: number;
  /** with panels and `offPanel`: rows by an evaluator not on the application's panel (kept, and they count) */
  offPanel: number;
}

/** `f` remembering its answer per argument. */
function memo<T>(f: (s: string) => T): (s: string) => T {
  const seen = new Map<string, T>();
  return (s) => {
    let v = seen.get(s);
    if (v === undefined && !seen.has(s)) seen.set(s, (v = f(s)));
    return v as T;
  };
}

const NO_SCORES: readonly Score[] = Object.freeze([]);

/** A name as SQLite's NOCASE compares it: ASCII letters folded, nothing else. */
const nocase = (s: string) => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

/**
 * Import many scores at once, all or nothing: unknown refs and criteria, values off
 * the scale, n/a where not allowed and conflicted evaluators are all reported together.
 * The call's applications, the evaluators, the conflicts and the scores there are already
 * are read once; the rows are written together.
 */
export async function importScores(
  ctx: ServiceContext,
  call: Call,
  file: string,
  rows: ScoreImportRow[],
  earlierIssues: Issue[],
  dryRun: boolean,
  columns: Partial<Record<'evaluator' | 'ref' | 'criterion' | 'score', string>> = {},
  addEvaluators = false,
  /** with panels, keep rows by evaluators not on the application's panel instead of refusing them */
  offPanel = false,
): Promise<ScoreImportReport> {
  const { store } = ctx;
  const issues: Issue[] = [...earlierIssues];
  const refs = new Map<string, number>();
  for (const r of await store.applications.refs(call.id)) refs.set(r.ref, r.id);
  // evaluators by name as the store finds them (trimmed, NOCASE)
  const byName = new Map<string, Evaluator>();
  for (const e of await store.evaluators.list()) byName.set(nocase(e.name), e);
  // a file spells a few names in many rows: each spelling looked up once (forgotten when one is added)
  const spelled = new Map<string, Evaluator | undefined>();
  const findEvaluator = (name: string) => {
    if (!spelled.has(name)) spelled.set(name, byName.get(nocase(name.trim())));
    return spelled.get(name);
  };
  const lower = memo((s: string) => s.toLowerCase());
  const conflicted = new Map<number, Set<number>>();
  for (const c of await store.conflicts.ofCall(call.id)) {
    let apps = conflicted.get(c.evaluatorId);
    if (!apps) conflicted.set(c.evaluatorId, (apps = new Set()));
    apps.add(c.applicationId);
  }
  // with panels: application id → its panel (evaluator ids); undefined without
  const panelOf = await callAssignments(ctx, call);
  // withdrawn and ineligible applications: their rows are kept and count for nothing (reported
  // below); such an application has no panel to be on, so none is asked for
  const excluded = new Set((await store.applications.excluded(call.id)).map((x) => x.applicationId));
  const onPanel = (evaluatorId: number | undefined, applicationId: number) =>
    !panelOf || excluded.has(applicationId) || (evaluatorId !== undefined && panelOf.get(applicationId)?.includes(evaluatorId) === true);
  let offPanelRows = 0;
  // a file names a few criteria in many rows: each spelling looked up once
  const criterionOf = new Map<string, Criterion | undefined>();
  const lookup = (text: string) => {
    if (!criterionOf.has(text)) {
      const folded = text.toLowerCase();
      criterionOf.set(
        text,
        call.criteria.find((c) => c.key === text || localText(c.name, 'nb').toLowerCase() === folded || localText(c.name, 'en').toLowerCase() === folded),
      );
    }
    return criterionOf.get(text);
  };
  // in the order first met; found by evaluator (as written, lower case) and ref
  const groups: { rows: ScoreImportRow[] }[] = [];
  const byEvaluator = new Map<string, Map<string, (typeof groups)[number]>>();
  const at = (r: ScoreImportRow, field: 'evaluator' | 'ref' | 'criterion' | 'score', value: string, code: string, params: Record<string, unknown> = {}) =>
    issues.push({ file, line: r.line, column: columns[field] ?? field, value, code, params });
  for (const r of rows) {
    const appId = refs.get(r.ref);
    if (appId === undefined) at(r, 'ref', r.ref, 'score.unknown_ref', { call: call.slug });
    const cr = lookup(r.criterion);
    if (!cr) at(r, 'criterion', r.criterion, 'score.unknown_criterion', { criterion: r.criterion, criteria: call.criteria.map((c) => c.key).join(', ') });
    else {
      r.criterion = cr.key;
      const bad = checkValue(call, cr, r.value);
      if (bad) at(r, 'score', r.value === null ? 'n/a' : String(r.value), bad.code, bad.params);
    }
    // grouped per evaluator and application: one save each, as interactive scoring does
    const name = lower(r.evaluator);
    let ofName = byEvaluator.get(name);
    if (!ofName) byEvaluator.set(name, (ofName = new Map()));
    let group = ofName.get(r.ref);
    if (!group) {
      ofName.set(r.ref, (group = { rows: [] }));
      groups.push(group);
    }
    // a group holds a row per criterion: the earlier row of the same criterion is found by looking along it
    const first = group.rows.find((g) => g.criterion === r.criterion);
    if (first) at(r, 'criterion', r.criterion, 'score.duplicate_row', { first: first.line });
    group.rows.push(r);
    if (appId !== undefined) {
      const ev = findEvaluator(r.evaluator);
      if (ev && conflicted.get(ev.id)?.has(appId)) at(r, 'evaluator', r.evaluator, 'score.conflicted_row', { name: ev.name, ref: r.ref });
      // (an unknown name is reported below; one to be added is on no panel)
      else if ((ev || addEvaluators) && !onPanel(ev?.id, appId)) {
        if (offPanel) offPanelRows++;
        else at(r, 'evaluator', r.evaluator, 'score.not_on_panel_row', { name: ev?.name ?? r.evaluator, ref: r.ref });
      }
    }
  }
  // a new name one typo away from a known evaluator is almost always that evaluator; any other
  // new name is refused too unless the caller asked for new evaluators (--add-evaluators).
  // Each unknown name once, on its first line (a file spells a few names in many rows).
  const known = [...byName.values()].map((e) => e.name);
  const flagged = new Set<string>();
  for (const r of rows) {
    if (findEvaluator(r.evaluator) || flagged.has(lower(r.evaluator))) continue;
    flagged.add(lower(r.evaluator));
    const like = lookalike(r.evaluator, known);
    if (like) at(r, 'evaluator', r.evaluator, 'score.evaluator_lookalike', { name: r.evaluator, like });
    else if (!addEvaluators) at(r, 'evaluator', r.evaluator, 'import.unknown_evaluator', { name: r.evaluator });
  }
  if (issues.length) throw new ValidationError(issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)), 'import.invalid', { file, count: issues.length });

  let onExcluded = 0;
  if (excluded.size) for (const r of rows) if (excluded.has(refs.get(r.ref)!)) onExcluded++;
  const report: ScoreImportReport = { rows: rows.length, changed: 0, justified: 0, unchanged: 0, applications: 0, evaluatorsAdded: [], onExcluded, offPanel: offPanelRows };
  await store.transaction(
    async (tx) => {
      // one import, one moment: every row and entry it writes carries the same time
      const when = isoNow(ctx);
      const evaluators = new Map<string, Evaluator>();
      for (const r of rows) {
        const k = lower(r.evaluator);
        if (evaluators.has(k)) continue;
        let ev = findEvaluator(r.evaluator);
        if (!ev) {
          ev = await tx.evaluators.insert(r.evaluator, null, when);
          byName.set(nocase(ev.name), ev);
          spelled.clear();
          await tx.audit.append({ at: when, actor: ctx.actor, action: 'evaluator.add', details: { name: ev.name, source: file } });
          report.evaluatorsAdded.push(ev.name);
        }
        evaluators.set(k, ev);
      }
      // what is stored already, per evaluator and application
      const stored = new Map<string, Score[]>();
      for (const s of await tx.scores.ofCall(call.id)) {
        const k = `${s.evaluatorId}:${s.applicationId}`;
        const list = stored.get(k);
        if (list) list.push(s);
        else stored.set(k, [s]);
      }
      const apps = new Set<string>();
      const saves: PlannedSave[] = [];
      for (const { rows: group } of groups) {
        const ev = evaluators.get(lower(group[0].evaluator))!;
        const appId = refs.get(group[0].ref)!;
        const values: Record<string, ScoreValue> = {};
        const comments: Record<string, string> = {};
        for (const r of group) {
          values[r.criterion] = r.value;
          comments[r.criterion] = r.comment;
        }
        const save = planSave(call, appId, group[0].ref, ev, stored.get(`${ev.id}:${appId}`) ?? NO_SCORES, values, comments, when);
        saves.push(save);
        report.changed += save.result.changed.length;
        report.unchanged += save.result.unchanged;
        report.justified += save.result.justified;
        if (save.result.changed.length) apps.add(group[0].ref);
      }
      await writeSaves(tx, call, saves);
      report.applications = apps.size;
      if (report.changed) await tx.audit.append({ at: when, actor: ctx.actor, action: 'score.import', callId: call.id, details: { file, rows: rows.length, changed: report.changed } });
    },
    { dryRun },
  );
  return report;
}
