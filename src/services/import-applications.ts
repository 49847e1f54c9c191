/**
 * Importing applications from a CSV file: every problem in the file reported in
 * one run, then all of it written in one transaction — or nothing.
 */
import type { Call } from '../core/call.js';
import { type Issue, ValidationError } from '../core/errors.js';
import { wrongKind } from './file-kind.js';
import { matchHeaders, repeatedColumns } from '../core/headers.js';
import { valuesToInput } from '../core/application-row.js';
import type { Application } from '../core/types.js';
import type { ApplicationInput, AuditInput } from '../db/store.js';
import { type ServiceContext, isoNow } from './context.js';
import { type RecordSource, type RowReading, type RowSource, type StartedReader, rowSource, stopIfAsked } from './import-rows.js';

export type { RecordSource } from './import-rows.js';

export interface ImportOptions {
  dryRun: boolean;
  update: boolean;
  map: Record<string, string>;
  onProgress?: (bytesRead: number, size: number, rows: number) => void;
  /** read and check the rows in this thread or a worker thread; `auto` by file size */
  reading?: RowReading;
  /** a row reader started early (`startRowReader`); taken over, or stopped when not needed */
  worker?: StartedReader;
  /** aborted (its reason a StopSignal) when a signal asks the import to stop: it rolls back unless it has committed */
  signal?: AbortSignal;
}

export interface ImportWarning {
  code: string;
  params: Record<string, unknown>;
}

export interface ImportReport {
  file: string;
  call: string;
  encoding: string;
  delimiter: string;
  dryRun: boolean;
  rows: number;
  added: number;
  updated: number;
  unchanged: number;
  /** total requested over the rows of the file, in øre */
  requested: number;
  unknownColumns: string[];
  warnings: ImportWarning[];
}

const MAX_KEPT_ISSUES = 1000;

const COMPARED: (keyof ApplicationInput)[] = ['applicant', 'orgNumber', 'title', 'partners', 'requested', 'projectBudget', 'summary', 'contactName', 'contactEmail', 'submitted', 'extra', 'priorDeMinimis'];

/** Import the applications of one CSV into a call. Throws ValidationError listing every problem. */
export async function importApplications(ctx: ServiceContext, call: Call, src: RecordSource, opts: ImportOptions): Promise<ImportReport> {
  const issues: Issue[] = [];
  let issueCount = 0;
  const problem = (i: Issue) => {
    issueCount++;
    if (issues.length < MAX_KEPT_ISSUES) issues.push(i);
  };

  const match = matchHeaders(src.headers, opts.map);
  if (match.missing.length || match.issues.length) {
    // a file of scores or conflicts given to the wrong import: the right command, not --map hints
    wrongKind(src, 'applications', opts.map);
    // a missing column makes every row wrong: report the header alone, with the --map fix
    const headerIssues = match.issues.map((i) => ({ ...i, file: src.file, line: src.headerLine }));
    throw new ValidationError([...src.issues, ...headerIssues], 'import.invalid', { file: src.file });
  }
  const col = match.columns;
  const unknown = match.unknown.filter((u) => u.name !== '');
  const at = isoNow(ctx);
  const report: ImportReport = {
    file: src.file,
    call: call.slug,
    encoding: src.encoding,
    delimiter: src.delimiter,
    dryRun: opts.dryRun,
    rows: 0,
    added: 0,
    updated: 0,
    unchanged: 0,
    requested: 0,
    unknownColumns: unknown.map((u) => u.name),
    warnings: [],
  };
  const changes: { ref: string; changes: Record<string, { old: unknown; new: unknown }> }[] = [];

  // one transaction for the whole file, held while the rows stream in; a dry run's (it wrote
  // the new rows to find duplicates) is rolled back
  return ctx.store.transaction(
    async (tx) => {
      let reader: RowSource | undefined;
      const writer = await tx.applications.importer(call.id, at);
      try {
        const rows = rowSource(src, { file: src.file, headers: src.headers, columns: col, unknown, delimiter: src.delimiter }, { reading: opts.reading, worker: opts.worker, signal: opts.signal });
        reader = rows;
        const refColumn = src.headers[col.ref!];
        const deMinimis = call.stateAid?.basis === 'de-minimis';
        const noOrg: string[] = [];
        let lastProgress = 0;
        for await (const batch of rows.batches) {
          stopIfAsked(opts.signal);
          const written = await writer.rows(batch);
          for (let i = 0; i < batch.length; i++) {
            const row = batch[i];
            report.rows++;
            if (opts.onProgress && report.rows - lastProgress >= 1000) {
              opts.onProgress(rows.bytesRead, src.size, report.rows);
              lastProgress = report.rows;
            }
            const { line, ref } = row;
            for (const issue of row.issues) problem(issue);
            if (row.requested !== null) report.requested += row.requested;
            if (ref === '') continue; // a row without a ref has that problem already
            // the de minimis ceiling knows an undertaking by its organisation number
            if (deMinimis && row.values !== null && row.values[2] === null) noOrg.push(ref);

            const { added, firstLine, existing } = written[i];
            if (firstLine !== null) problem({ file: src.file, line, column: refColumn, value: ref, code: 'import.duplicate_ref', params: { first: firstLine } });
            if (existing && !opts.update) problem({ file: src.file, line, column: refColumn, value: ref, code: 'import.exists', params: { call: call.slug } });
            if (added) report.added++;

            // once anything is wrong nothing will be written: go on only to find the other problems
            if (!existing || issueCount > 0 || rows.issueCount > 0 || row.values === null) continue;
            const app = valuesToInput(row.values);
            const diff = diffApplication(existing, app);
            if (Object.keys(diff).length === 0) report.unchanged++;
            else {
              report.updated++;
              changes.push({ ref, changes: diff });
              if ((diff.requested || diff.title) && (await tx.scores.hasAny(existing.id))) {
                report.warnings.push({ code: 'import.scored_changed', params: { ref, fields: Object.keys(diff).filter((k) => k === 'requested' || k === 'title').join(', ') } });
              }
              if (!opts.dryRun) await writer.update(existing.id, app);
            }
          }
        }
        opts.onProgress?.(src.size, src.size, report.rows);

        const all = [...rows.issues, ...issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
        const total = rows.issueCount + issueCount;
        if (total > 0) throw new ValidationError(all, 'import.invalid', { file: src.file, count: total });
        if (report.rows === 0) report.warnings.push({ code: 'import.no_rows', params: { file: src.file } });
        if (noOrg.length) report.warnings.push({ code: 'import.no_org_number', params: { count: noOrg.length, refs: noOrg.slice(0, 5).join(', ') + (noOrg.length > 5 ? ', …' : '') } });
        if (unknown.length) report.warnings.unshift(...unknownColumnWarnings(src.headers, unknown));

        if (!opts.dryRun) {
          const entries: AuditInput[] = changes.map((c) => ({ at, actor: ctx.actor, action: 'application.update', callId: call.id, ref: c.ref, details: { file: src.file, changes: c.changes } }));
          if (report.added || report.updated) {
            entries.push({
              at,
              actor: ctx.actor,
              action: 'import',
              callId: call.id,
              details: { file: src.file, encoding: src.encoding, added: report.added, updated: report.updated, unchanged: report.unchanged, requested: report.requested },
            });
          }
          await tx.audit.appendMany(entries);
        }
        // the last chance: once this function returns, the store commits and the import is done whatever comes
        stopIfAsked(opts.signal);
        return report;
      } finally {
        await writer.close();
        reader?.close();
      }
    },
    { dryRun: opts.dryRun },
  );
}

/** Compare two application field values for --update. */
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** how many unknown columns a warning names; a file with thousands of them gets a count for the rest */
const NAMED_COLUMNS = 10;

function unknownColumnWarnings(headers: readonly string[], unknown: readonly { index: number; name: string }[]): ImportWarning[] {
  const quoted = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ');
  const warnings: ImportWarning[] = [
    { code: 'import.unknown_columns', params: { columns: quoted(unknown.slice(0, NAMED_COLUMNS).map((u) => u.name)), more: Math.max(0, unknown.length - NAMED_COLUMNS) } },
  ];
  const repeated = repeatedColumns(headers, unknown);
  for (const r of repeated.slice(0, NAMED_COLUMNS)) warnings.push({ code: 'import.duplicate_columns', params: { name: `"${r.name}"`, names: quoted(r.names.slice(0, NAMED_COLUMNS)) } });
  return warnings;
}

function diffApplication(old: Application, next: ApplicationInput): Record<string, { old: unknown; new: unknown }> {
  const d: Record<string, { old: unknown; new: unknown }> = {};
  for (const k of COMPARED) if (!same(old[k], next[k])) d[k] = { old: old[k], new: next[k] };
  return d;
}
