/**
 * The demo's data: a call, its applications, scores and conflicts from the bundled
 * sample, put in through the same services the commands use, then allocated.
 */
import type { Call } from '../core/call.js';
import { ValidationError } from '../core/errors.js';
import { matchConflictHeaders } from '../core/score-headers.js';
import { type AllocationRun, runAllocation } from './allocation.js';
import { createCall, parseCallFile } from './calls.js';
import type { ServiceContext } from './context.js';
import { type ImportReport, type RecordSource, importApplications } from './import-applications.js';
import { type ScoreSource, readScoreRows } from './score-rows.js';
import { type ScoreImportReport, declareConflict, importScores } from './scoring.js';

export interface DemoSources {
  /** the text of the call file, and its name */
  call: { text: string; file: string };
  applications: RecordSource;
  scores: ScoreSource;
  conflicts: ScoreSource;
}

export interface DemoResult {
  /** the call as decided */
  call: Call;
  imported: ImportReport;
  scores: ScoreImportReport;
  conflicts: number;
  run: AllocationRun;
}

async function declareConflicts(ctx: ServiceContext, call: Call, src: ScoreSource): Promise<number> {
  const match = matchConflictHeaders(src.headers);
  if (match.issues.length) throw new ValidationError(match.issues.map((i) => ({ ...i, file: src.file, line: src.headerLine })), 'import.invalid', { file: src.file });
  let n = 0;
  for await (const rec of src.records) {
    const get = (i: number | undefined) => (i === undefined ? '' : (rec.fields[i] ?? '').trim());
    await declareConflict(ctx, call, get(match.columns.ref), get(match.columns.evaluator), get(match.columns.reason));
    n++;
  }
  return n;
}

/** Build the demo's call from the sample, score it, declare the conflicts and store an allocation. */
export async function buildDemo(ctx: ServiceContext, src: DemoSources): Promise<DemoResult> {
  const call = await createCall(ctx, parseCallFile(src.call.text, src.call.file), src.call.file);
  const imported = await importApplications(ctx, call, src.applications, { dryRun: false, update: false, map: {} });
  const { rows, issues, columns } = await readScoreRows(src.scores, {});
  const scores = await importScores(ctx, call, src.scores.file, rows, issues, false, columns, true);
  const conflicts = await declareConflicts(ctx, call, src.conflicts);
  // as stored now (scoring moved its status on)
  const current = await ctx.store.calls.resolve(call.slug);
  const run = await runAllocation(ctx, current, { dryRun: false, overrides: {} });
  return { call: await ctx.store.calls.resolve(call.slug), imported, scores, conflicts, run };
}
