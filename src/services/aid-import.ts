/**
 * `klynge aid import`: an extract of the state aid undertakings got from other givers
 * (the register, or the applicants' declarations gathered by hand). All of the file or
 * nothing: every problem is reported with its line, and a file with one imports nothing.
 */
import { ValidationError, type Issue } from '../core/errors.js';
import { checkAidRow, matchAidHeaders, type AidRow } from '../core/state-aid.js';
import type { AidWrite } from '../db/store.js';
import { type ServiceContext, isoNow } from './context.js';
import type { RecordSource } from './import-rows.js';

const MAX_KEPT_ISSUES = 1000;

export interface AidImportReport {
  file: string;
  dryRun: boolean;
  rows: number;
  /** per currency, in hundredths (øre, cents) */
  total: { NOK: number; EUR: number };
  deMinimis: number;
}

/** Check and store an aid extract (nothing stored with `dryRun`). */
export async function importAid(ctx: ServiceContext, src: Pick<RecordSource, 'file' | 'headers' | 'headerLine' | 'records' | 'issues'>, opts: { dryRun: boolean; map?: Record<string, string> }): Promise<AidImportReport> {
  const match = matchAidHeaders(src.headers, opts.map);
  if (match.missing.length || match.issues.length) {
    throw new ValidationError([...src.issues, ...match.issues.map((i) => ({ ...i, file: src.file, line: src.headerLine }))], 'import.invalid', { file: src.file });
  }
  const issues: Issue[] = [...src.issues];
  let count = issues.length;
  const rows: AidRow[] = [];
  for await (const rec of src.records) {
    const r = checkAidRow(match.columns, src.headers, rec.fields, src.file, rec.line);
    if (r.row) rows.push(r.row);
    for (const i of r.issues) {
      count++;
      if (issues.length < MAX_KEPT_ISSUES) issues.push(i);
    }
  }
  if (count) throw new ValidationError(issues, 'import.invalid', { file: src.file, count });
  const report: AidImportReport = { file: src.file, dryRun: opts.dryRun, rows: rows.length, total: { NOK: 0, EUR: 0 }, deMinimis: 0 };
  for (const r of rows) {
    report.total[r.currency] += r.amount;
    if (r.basis === 'de-minimis') report.deMinimis++;
  }
  const at = isoNow(ctx);
  const writes: AidWrite[] = rows.map((r) => ({ orgNumber: r.orgNumber, date: r.date, amount: r.amount, currency: r.currency, giver: r.giver, basis: r.basis, source: src.file, line: r.line }));
  await ctx.store.transaction(
    async (tx) => {
      await tx.aid.insertMany(writes, ctx.actor, at);
      await tx.audit.append({ at, actor: ctx.actor, action: 'aid.import', callId: null, details: { file: src.file, rows: rows.length, total: report.total } });
    },
    { dryRun: opts.dryRun },
  );
  return report;
}
