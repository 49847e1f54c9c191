/**
 * The demo: a throw-away database built from the bundled sample through the same
 * services the commands use — call, applications, scores, conflicts, allocation —
 * then the allocation table and the award summary.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCsv } from '../io/csv-read.js';
import { buildDemo } from '../services/demo.js';
import { allocationReport, awardSummary } from '../services/reports.js';
import type { PgTarget } from '../db/target.js';
import type { Runtime } from './runtime.js';

/** data/ beside dist/ in the installed package */
export const DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'data');

export async function runDemo(rt: Runtime): Promise<void> {
  // a throw-away database unless --db names one; KLYNGE_DB (the working database) is never used
  const own = rt.opts.db === undefined;
  // the demo builds its own database: it never writes into one that exists (on PostgreSQL, where
  // the database itself is made first with createdb: one that has klynge's schema already)
  if (!own) {
    const target = rt.target;
    if (target.kind === 'postgres' ? await hasKlyngeSchema(rt, target) : fs.existsSync(rt.dbPath)) {
      const { UserError } = await import('../core/errors.js');
      throw new UserError(target.kind === 'postgres' ? 'demo.pg_has_schema' : 'demo.db_exists', { file: rt.dbLabel });
    }
    return showDemo(rt, false);
  }
  // the throw-away database goes when the demo ends, however it ends; --db FILE keeps one
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'klynge-demo-'));
  rt.opts.db = path.join(dir, 'demo.db');
  try {
    await showDemo(rt, true);
  } finally {
    rt.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether a PostgreSQL database has klynge's schema (a connection that fails says so, as opening would). */
async function hasKlyngeSchema(rt: Runtime, target: PgTarget): Promise<boolean> {
  const { connectPg, pgSchemaVersion } = await import('../db/pg/connect.js');
  const client = await connectPg(target, rt.deps.env);
  try {
    return (await pgSchemaVersion(client)) > 0;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Build the demo's database and print what it came to. */
async function showDemo(rt: Runtime, throwAway: boolean): Promise<void> {
  const { out } = rt;
  const { t } = out;
  const ctx = await rt.open({ create: true });
  const file = (name: string) => path.join(DATA_DIR, name);

  const demo = await buildDemo(ctx, {
    call: { text: fs.readFileSync(file('call.json'), 'utf8'), file: 'data/call.json' },
    applications: await openCsv(file('applications.csv'), { file: 'data/applications.csv' }),
    scores: await openCsv(file('scores.csv'), { file: 'data/scores.csv' }),
    conflicts: await openCsv(file('conflicts.csv'), { file: 'conflicts.csv' }),
  });
  const { imported, scores, conflicts, run, call: decided } = demo;

  const { allocationReportJson, renderAllocationReport } = await import('./render/reports.js');
  const { renderSummary, summaryJson } = await import('./render/summary.js');
  const report = await allocationReport(ctx, decided, { requireDecisions: true });
  const summary = await awardSummary(ctx, decided);
  if (out.json) {
    out.data({
      // null: the throw-away database is removed when the demo ends
      database: throwAway ? null : rt.target.kind === 'postgres' ? rt.dbLabel : rt.dbPath,
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
