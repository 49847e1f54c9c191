/**
 * The demo: a throw-away database built from the bundled sample through the same
 * services the commands use — call, applications, scores, conflicts, allocation —
 * then the allocation table and the award summary.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ValidationError } from '../core/errors.js';
import { matchConflictHeaders } from '../core/score-headers.js';
import { openCsv } from '../io/csv-read.js';
import { createCall, parseCallFile } from '../services/calls.js';
import { importApplications } from '../services/import-applications.js';
import { declareConflict, importScores } from '../services/scoring.js';
import { runAllocation } from '../services/allocation.js';
import { allocationReport, awardSummary } from '../services/reports.js';
import type { ServiceContext } from '../services/context.js';
import { readScoreRows } from './score-rows.js';
import type { Runtime } from './runtime.js';

/** data/ beside dist/ in the installed package */
export const DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'data');

async function declareConflicts(ctx: ServiceContext, callSlug: string, file: string): Promise<number> {
  const src = await openCsv(file, { file: path.basename(file) });
  const match = matchConflictHeaders(src.headers);
  if (match.issues.length) throw new ValidationError(match.issues.map((i) => ({ ...i, file: src.file, line: src.headerLine })), 'import.invalid', { file: src.file });
  const { resolveCall } = await import('../services/calls.js');
  const call = resolveCall(ctx.db, callSlug);
  let n = 0;
  for await (const rec of src.records) {
    const get = (i: number | undefined) => (i === undefined ? '' : (rec.fields[i] ?? '').trim());
    declareConflict(ctx, call, get(match.columns.ref), get(match.columns.evaluator), get(match.columns.reason));
    n++;
  }
  return n;
}

export async function runDemo(rt: Runtime): Promise<void> {
  // a throw-away database unless --db names one; KLYNGE_DB (the working database) is never used
  const own = rt.opts.db === undefined;
  // the demo builds its own database: it never writes into one that exists
  if (!own && fs.existsSync(rt.dbPath)) {
    const { UserError } = await import('../core/errors.js');
    throw new UserError('demo.db_exists', { file: rt.dbLabel });
  }
  if (!own) return buildDemo(rt, false);
  // the throw-away database goes when the demo ends, however it ends; --db FILE keeps one
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'klynge-demo-'));
  rt.opts.db = path.join(dir, 'demo.db');
  try {
    await buildDemo(rt, true);
  } finally {
    rt.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function buildDemo(rt: Runtime, throwAway: boolean): Promise<void> {
  const { out } = rt;
  const { t } = out;
  const ctx = await rt.open({ create: true });
  const file = (name: string) => path.join(DATA_DIR, name);

  const call = createCall(ctx, parseCallFile(fs.readFileSync(file('call.json'), 'utf8'), 'data/call.json'), 'data/call.json');
  const apps = await openCsv(file('applications.csv'), { file: 'data/applications.csv' });
  const imported = await importApplications(ctx, call, apps, { dryRun: false, update: false, map: {} });
  const scoreSrc = await openCsv(file('scores.csv'), { file: 'data/scores.csv' });
  const { rows, issues, columns } = await readScoreRows(scoreSrc, {});
  const scores = importScores(ctx, call, scoreSrc.file, rows, issues, false, columns);
  const conflicts = await declareConflicts(ctx, call.slug, file('conflicts.csv'));
  const { resolveCall } = await import('../services/calls.js');
  const current = resolveCall(ctx.db, call.slug);
  const run = runAllocation(ctx, current, { dryRun: false, overrides: {} });
  const decided = resolveCall(ctx.db, call.slug);

  const { allocationReportJson, renderAllocationReport } = await import('./render/reports.js');
  const { renderSummary, summaryJson } = await import('./render/summary.js');
  const report = allocationReport(ctx, decided, { requireDecisions: true });
  const summary = awardSummary(ctx, decided);
  if (out.json) {
    out.data({
      // null: the throw-away database is removed when the demo ends
      database: throwAway ? null : rt.dbPath,
      kept: !throwAway,
      call: decided.slug,
      applications: imported.added,
      requested: imported.requested / 100,
      scores: scores.changed,
      evaluators: scores.evaluatorsAdded,
      conflicts,
      run: run.runId,
      inputsHash: run.hash,
      allocation: allocationReportJson(report),
      summary: summaryJson(summary),
    });
    return;
  }
  out.info(t('demo.steps', { applications: imported.added, scores: scores.changed, evaluators: scores.evaluatorsAdded.length, conflicts }));
  out.line(out.c.bold(t('demo.allocation_heading')));
  out.line('');
  rt.deps.stdout.write(renderAllocationReport(out, report));
  out.line('');
  out.line(out.c.bold(t('demo.summary_heading')));
  out.line('');
  rt.deps.stdout.write(renderSummary(out, summary, 'text'));
  out.info('\n' + (throwAway ? t('demo.removed') : t('demo.explore', { db: rt.dbLabel })));
}
