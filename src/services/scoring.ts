/**
 * Evaluators, conflicts of interest (*inhabilitet*) and scores. Every write is
 * one short transaction with its audit rows, so nothing is half-saved and two
 * evaluators can work at once.
 */
import { type Call, type Criterion, localText } from '../core/call.js';
import { type Issue, UserError, ValidationError } from '../core/errors.js';
import type { Evaluator } from '../core/types.js';
import { getApplication } from '../db/applications.js';
import { audit } from '../db/audit.js';
import { setCallStatus } from '../db/calls.js';
import { conflictOf, findEvaluator, getEvaluator, insertEvaluator, listEvaluators, scoresOf } from '../db/evaluators.js';
import { writeTransaction } from '../db/retry.js';
import { lookalike } from '../core/similar.js';
import { type ServiceContext, isoNow } from './context.js';

/** A score as given: a value on the scale, or null for "not applicable". */
export type ScoreValue = number | null;

export function addEvaluator(ctx: ServiceContext, name: string, email: string | null): Evaluator {
  const clean = name.trim();
  if (!clean) throw new UserError('evaluator.empty_name');
  return writeTransaction(ctx.db, () => {
    const e = insertEvaluator(ctx.db, clean, email, isoNow(ctx));
    audit(ctx.db, { at: isoNow(ctx), actor: ctx.actor, action: 'evaluator.add', details: { name: e.name, email } });
    return e;
  });
}

export interface EvaluatorProgress {
  evaluator: Evaluator;
  /** applications with every criterion answered */
  scored: number;
  /** applications with some criteria answered */
  partial: number;
  conflicts: number;
  remaining: number;
  total: number;
}

/** Where an evaluator stands on an application: every criterion answered, some, conflicted, or none. */
export type Mark = 'done' | 'partial' | 'conflict' | 'todo';

/** The one definition of "scored": every criterion of the call answered (a number or n/a). */
export function scoringMarks(ctx: ServiceContext, call: Call, evaluatorId: number): Map<number, Mark> {
  const keys = call.criteria.map((c) => c.key);
  const placeholders = keys.map(() => '?').join(', ');
  const counts = new Map(
    (
      ctx.db
        .prepare(
          `SELECT s.application_id AS id, count(DISTINCT s.criterion) AS n FROM scores s JOIN applications a ON a.id = s.application_id
           WHERE a.call_id = ? AND s.evaluator_id = ? AND s.criterion IN (${placeholders}) GROUP BY s.application_id`,
        )
        .all(call.id, evaluatorId, ...keys) as { id: number; n: number }[]
    ).map((r) => [r.id, r.n]),
  );
  const conflicted = new Set(
    ctx.db.prepare('SELECT c.application_id FROM conflicts c JOIN applications a ON a.id = c.application_id WHERE a.call_id = ? AND c.evaluator_id = ?').pluck().all(call.id, evaluatorId) as number[],
  );
  const marks = new Map<number, Mark>();
  for (const id of ctx.db.prepare('SELECT id FROM applications WHERE call_id = ?').pluck().all(call.id) as number[]) {
    const n = counts.get(id) ?? 0;
    marks.set(id, conflicted.has(id) ? 'conflict' : n === 0 ? 'todo' : n === keys.length ? 'done' : 'partial');
  }
  return marks;
}

/** Per evaluator in a call: scored, conflicts, remaining. */
export function evaluatorProgress(ctx: ServiceContext, call: Call): EvaluatorProgress[] {
  return listEvaluators(ctx.db).map((evaluator) => {
    const marks = [...scoringMarks(ctx, call, evaluator.id).values()];
    const count = (m: Mark) => marks.filter((x) => x === m).length;
    const scored = count('done');
    const conflicts = count('conflict');
    return { evaluator, scored, partial: count('partial'), conflicts, remaining: marks.length - scored - conflicts, total: marks.length };
  });
}

/** An evaluator by name (case-insensitive), or a NotFoundError listing the evaluators. */
export function evaluatorNamed(ctx: ServiceContext, name: string): Evaluator {
  return getEvaluator(ctx.db, name);
}

export function allEvaluators(ctx: ServiceContext): Evaluator[] {
  return listEvaluators(ctx.db);
}

/** The reason of an evaluator's conflict on an application, if there is one. */
export function conflictReason(ctx: ServiceContext, evaluatorId: number, applicationId: number): string | null {
  return conflictOf(ctx.db, evaluatorId, applicationId)?.reason ?? null;
}

/** Record a conflict of interest. Scores given before stop counting and stay in the log. */
export function declareConflict(ctx: ServiceContext, call: Call, ref: string, evaluatorName: string, reason: string): { evaluator: Evaluator; earlierScores: number } {
  const why = reason.trim();
  if (!why) throw new UserError('conflict.reason_required');
  const app = getApplication(ctx.db, call.id, ref);
  const evaluator = getEvaluator(ctx.db, evaluatorName);
  return writeTransaction(ctx.db, () => {
    if (conflictOf(ctx.db, evaluator.id, app.id)) throw new UserError('conflict.exists', { name: evaluator.name, ref });
    const at = isoNow(ctx);
    ctx.db.prepare('INSERT INTO conflicts (evaluator_id, application_id, reason, declared_by, declared_at) VALUES (?, ?, ?, ?, ?)').run(evaluator.id, app.id, why, ctx.actor, at);
    const earlier = scoresOf(ctx.db, evaluator.id, app.id);
    audit(ctx.db, {
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

/** Read `4`, `n/a`, `na`, `i.r.` (ikke relevant) as a score value; undefined when it is neither. */
export function parseScoreText(text: string): ScoreValue | undefined {
  const s = text.trim().toLowerCase();
  if (['n/a', 'na', 'n.a.', 'i.r.', 'ir', 'i/r', '-', 'ikke relevant', 'not applicable'].includes(s)) return null;
  if (/^[+-]?\d+$/.test(s)) return Number(s);
  return undefined;
}

export interface SaveResult {
  changed: { criterion: string; old: ScoreValue | undefined; new: ScoreValue }[];
  unchanged: number;
}

/**
 * Save an evaluator's scores for one application in one transaction. Re-scoring
 * replaces the value and keeps the old one in the audit log.
 */
export function saveScores(
  ctx: ServiceContext,
  call: Call,
  ref: string,
  evaluatorName: string,
  values: Record<string, ScoreValue>,
  comment: string | Record<string, string>,
): SaveResult {
  const app = getApplication(ctx.db, call.id, ref);
  const evaluator = getEvaluator(ctx.db, evaluatorName);
  const issues: Issue[] = [];
  for (const [key, v] of Object.entries(values)) {
    const cr = call.criteria.find((c) => c.key === key);
    if (!cr) {
      issues.push({ code: 'score.unknown_criterion', params: { criterion: key, criteria: call.criteria.map((c) => c.key).join(', ') } });
      continue;
    }
    const bad = checkValue(call, cr, v);
    if (bad) issues.push(bad);
  }
  if (Object.keys(values).length === 0) throw new UserError('score.nothing');
  if (issues.length) throw new ValidationError(issues, 'score.invalid', { ref });
  return writeTransaction(ctx.db, () => {
    const conflict = conflictOf(ctx.db, evaluator.id, app.id);
    if (conflict) throw new UserError('score.conflicted', { name: evaluator.name, ref, reason: conflict.reason });
    return writeScores(ctx, call, app.id, ref, evaluator, values, comment);
  });
}

/** The inside of a save: upsert the rows and log what changed (call within a transaction). */
function writeScores(
  ctx: ServiceContext,
  call: Call,
  applicationId: number,
  ref: string,
  evaluator: Evaluator,
  values: Record<string, ScoreValue>,
  comment: string | Record<string, string>,
): SaveResult {
  const at = isoNow(ctx);
  const before = new Map(scoresOf(ctx.db, evaluator.id, applicationId).map((s) => [s.criterion, s]));
  const upsert = ctx.db.prepare(
    `INSERT INTO scores (evaluator_id, application_id, criterion, value, comment, scored_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (evaluator_id, application_id, criterion) DO UPDATE SET value = excluded.value, comment = excluded.comment, scored_at = excluded.scored_at`,
  );
  const result: SaveResult = { changed: [], unchanged: 0 };
  const commentChanges: Record<string, { old: string; new: string }> = {};
  for (const cr of call.criteria) {
    if (!(cr.key in values)) continue;
    const v = values[cr.key];
    const text = typeof comment === 'string' ? comment : (comment[cr.key] ?? before.get(cr.key)?.comment ?? '');
    const old = before.get(cr.key);
    if (old && old.value === v && old.comment === text) {
      result.unchanged++;
      continue;
    }
    upsert.run(evaluator.id, applicationId, cr.key, v, text, at);
    if (!old || old.value !== v) result.changed.push({ criterion: cr.key, old: old ? old.value : undefined, new: v });
    // the old justification stays in the audit log when it is replaced
    if (old && old.comment !== text) commentChanges[cr.key] = { old: old.comment, new: text };
  }
  if (result.changed.length || Object.keys(commentChanges).length) {
    audit(ctx.db, {
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
    });
    if (call.status === 'open') setCallStatus(ctx.db, call.id, 'scoring', at);
  }
  return result;
}

/** The earlier answers of an evaluator on an application, for defaults when re-opening it. */
export function earlierAnswers(
  ctx: ServiceContext,
  call: Call,
  ref: string,
  evaluatorName: string,
): { values: Record<string, ScoreValue>; comment: string; comments: Record<string, string> } {
  const app = getApplication(ctx.db, call.id, ref);
  const evaluator = getEvaluator(ctx.db, evaluatorName);
  const rows = scoresOf(ctx.db, evaluator.id, app.id);
  const values: Record<string, ScoreValue> = {};
  const comments: Record<string, string> = {};
  for (const r of rows) {
    values[r.criterion] = r.value;
    comments[r.criterion] = r.comment;
  }
  // one text to show as the default; the per-criterion texts are kept when it is not edited
  const distinct = [...new Set(rows.map((r) => r.comment).filter(Boolean))];
  return { values, comment: distinct.join(' / '), comments };
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
  unchanged: number;
  applications: number;
  evaluatorsAdded: string[];
}

/**
 * Import many scores at once, all or nothing: unknown refs and criteria, values off
 * the scale, n/a where not allowed and conflicted evaluators are all reported together.
 */
export function importScores(
  ctx: ServiceContext,
  call: Call,
  file: string,
  rows: ScoreImportRow[],
  earlierIssues: Issue[],
  dryRun: boolean,
  columns: Partial<Record<'evaluator' | 'ref' | 'criterion' | 'score', string>> = {},
): ScoreImportReport {
  const issues: Issue[] = [...earlierIssues];
  const refs = new Map<string, number>();
  for (const r of ctx.db.prepare('SELECT id, ref FROM applications WHERE call_id = ?').all(call.id) as { id: number; ref: string }[]) refs.set(r.ref, r.id);
  const seen = new Map<string, number>();
  const at = (r: ScoreImportRow, field: 'evaluator' | 'ref' | 'criterion' | 'score', value: string, code: string, params: Record<string, unknown> = {}) =>
    issues.push({ file, line: r.line, column: columns[field] ?? field, value, code, params });
  for (const r of rows) {
    const appId = refs.get(r.ref);
    if (appId === undefined) at(r, 'ref', r.ref, 'score.unknown_ref', { call: call.slug });
    const cr = call.criteria.find((c) => c.key === r.criterion || localText(c.name, 'nb').toLowerCase() === r.criterion.toLowerCase() || localText(c.name, 'en').toLowerCase() === r.criterion.toLowerCase());
    if (!cr) at(r, 'criterion', r.criterion, 'score.unknown_criterion', { criterion: r.criterion, criteria: call.criteria.map((c) => c.key).join(', ') });
    else {
      r.criterion = cr.key;
      const bad = checkValue(call, cr, r.value);
      if (bad) at(r, 'score', r.value === null ? 'n/a' : String(r.value), bad.code, bad.params);
    }
    const key = `${r.evaluator.toLowerCase()}\u0000${r.ref}\u0000${r.criterion}`;
    const first = seen.get(key);
    if (first !== undefined) at(r, 'criterion', r.criterion, 'score.duplicate_row', { first });
    else seen.set(key, r.line);
    if (appId !== undefined) {
      const ev = findEvaluator(ctx.db, r.evaluator);
      if (ev && conflictOf(ctx.db, ev.id, appId)) at(r, 'evaluator', r.evaluator, 'score.conflicted_row', { name: ev.name, ref: r.ref });
    }
  }
  // a new name one typo away from a known evaluator is almost always that evaluator
  const known = listEvaluators(ctx.db).map((e) => e.name);
  const flagged = new Set<string>();
  for (const r of rows) {
    if (findEvaluator(ctx.db, r.evaluator) || flagged.has(r.evaluator.toLowerCase())) continue;
    const like = lookalike(r.evaluator, known);
    if (like) {
      flagged.add(r.evaluator.toLowerCase());
      at(r, 'evaluator', r.evaluator, 'score.evaluator_lookalike', { name: r.evaluator, like });
    }
  }
  if (issues.length) throw new ValidationError(issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)), 'import.invalid', { file, count: issues.length });

  const report: ScoreImportReport = { rows: rows.length, changed: 0, unchanged: 0, applications: 0, evaluatorsAdded: [] };
  const run = () => {
    const evaluators = new Map<string, Evaluator>();
    for (const r of rows) {
      const k = r.evaluator.toLowerCase();
      if (evaluators.has(k)) continue;
      let ev = findEvaluator(ctx.db, r.evaluator);
      if (!ev) {
        ev = insertEvaluator(ctx.db, r.evaluator, null, isoNow(ctx));
        audit(ctx.db, { at: isoNow(ctx), actor: ctx.actor, action: 'evaluator.add', details: { name: ev.name, source: file } });
        report.evaluatorsAdded.push(ev.name);
      }
      evaluators.set(k, ev);
    }
    // group per evaluator and application: one audit row per save, as interactive scoring does
    const groups = new Map<string, ScoreImportRow[]>();
    for (const r of rows) {
      const k = `${r.evaluator.toLowerCase()}\u0000${r.ref}`;
      groups.set(k, [...(groups.get(k) ?? []), r]);
    }
    const apps = new Set<string>();
    for (const group of groups.values()) {
      const ev = evaluators.get(group[0].evaluator.toLowerCase())!;
      const values = Object.fromEntries(group.map((r) => [r.criterion, r.value]));
      const comments = Object.fromEntries(group.map((r) => [r.criterion, r.comment]));
      const res = writeScores(ctx, call, refs.get(group[0].ref)!, group[0].ref, ev, values, comments);
      report.changed += res.changed.length;
      report.unchanged += res.unchanged;
      if (res.changed.length) apps.add(group[0].ref);
    }
    report.applications = apps.size;
    if (report.changed) audit(ctx.db, { at: isoNow(ctx), actor: ctx.actor, action: 'score.import', callId: call.id, details: { file, rows: rows.length, changed: report.changed } });
    if (dryRun) throw new DryRun();
  };
  try {
    writeTransaction(ctx.db, run);
  } catch (e) {
    if (!(e instanceof DryRun)) throw e;
  }
  return report;
}

/** Thrown inside a transaction to roll back a dry run after counting. */
class DryRun extends Error {}
