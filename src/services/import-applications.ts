/**
 * Importing applications from a CSV file: every problem in the file reported in
 * one run, then all of it written in one transaction — or nothing.
 */
import type { Call } from '../core/call.js';
import { type Issue, ValidationError } from '../core/errors.js';
import { type ApplicationField, matchHeaders } from '../core/headers.js';
import { parseAmount } from '../core/amount.js';
import { parseDate } from '../core/dates.js';
import { parseEmail } from '../core/email.js';
import { parseOrgNumber } from '../core/org-number.js';
import { parsePartners } from '../core/partners.js';
import type { ParseResult } from '../core/parse-result.js';
import type { Application } from '../core/types.js';
import { audit } from '../db/audit.js';
import { type ApplicationInput, applicationWriter } from '../db/applications.js';
import { type ServiceContext, isoNow } from './context.js';

/** The CSV as the reader gives it (src/io/csv-read.ts): header, streamed records, reader issues. */
export interface RecordSource {
  file: string;
  encoding: string;
  delimiter: string;
  headers: string[];
  /** the line of the header row (1 unless blank lines come first) */
  headerLine: number;
  records: AsyncIterable<{ line: number; fields: string[] }>;
  issues: Issue[];
  readonly issueCount: number;
  size: number;
  readonly bytesRead: number;
}

export interface ImportOptions {
  dryRun: boolean;
  update: boolean;
  map: Record<string, string>;
  onProgress?: (bytesRead: number, size: number, rows: number) => void;
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
/** the page cache of the temporary table of refs, in SQLite's unit (negative: KiB) */
const TEMP_CACHE_SIZE = -2000;

/** Compare two application field values for --update. */
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const COMPARED: (keyof ApplicationInput)[] = ['applicant', 'orgNumber', 'title', 'partners', 'requested', 'projectBudget', 'summary', 'contactName', 'contactEmail', 'submitted', 'extra'];

/** Import the applications of one CSV into a call. Throws ValidationError listing every problem. */
export async function importApplications(ctx: ServiceContext, call: Call, src: RecordSource, opts: ImportOptions): Promise<ImportReport> {
  const { db } = ctx;
  const issues: Issue[] = [];
  let issueCount = 0;
  const problem = (i: Issue) => {
    issueCount++;
    if (issues.length < MAX_KEPT_ISSUES) issues.push(i);
  };

  const match = matchHeaders(src.headers, opts.map);
  if (match.missing.length || match.issues.length) {
    // a missing column makes every row wrong: report the header alone, with the --map fix
    const headerIssues = match.issues.map((i) => ({ ...i, file: src.file, line: src.headerLine }));
    throw new ValidationError([...src.issues, ...headerIssues], 'import.invalid', { file: src.file });
  }
  const col = match.columns;
  const unknown = match.unknown.filter((u) => u.name !== '');
  const at = isoNow(ctx);
  const writer = applicationWriter(db, call.id);
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

  // Duplicate refs inside the file are found through a temporary table on disk, so
  // memory stays flat for a million rows. On disk once past its page cache: better-sqlite3's
  // default of 16 MB would hold the refs of 600 000 rows in memory, so it gets SQLite's usual 2 MB.
  db.exec('CREATE TEMP TABLE IF NOT EXISTS import_refs (ref TEXT PRIMARY KEY, line INTEGER NOT NULL) WITHOUT ROWID');
  db.exec('DELETE FROM temp.import_refs');
  const seenInsert = db.prepare('INSERT OR IGNORE INTO temp.import_refs (ref, line) VALUES (?, ?)');
  const seenLine = db.prepare('SELECT line FROM temp.import_refs WHERE ref = ?').pluck();

  const cell = (fields: string[], f: ApplicationField): string => {
    const i = col[f];
    return i === undefined ? '' : (fields[i] ?? '').trim();
  };
  const bad = (line: number, column: ApplicationField, value: string, r: { code: string; params: Record<string, unknown> }) =>
    problem({ file: src.file, line, column: src.headers[col[column]!] ?? column, value, code: r.code, params: r.params });
  const need = (fields: string[], line: number, f: ApplicationField): string => {
    const v = cell(fields, f);
    if (v === '') bad(line, f, v, { code: 'import.required', params: {} });
    return v;
  };
  const opt = <T>(fields: string[], line: number, f: ApplicationField, parse: (s: string) => ParseResult<T>): T | null => {
    const v = cell(fields, f);
    if (v === '') return null;
    const r = parse(v);
    if (!r.ok) {
      bad(line, f, v, r);
      return null;
    }
    return r.value;
  };

  db.exec('BEGIN IMMEDIATE');
  let committed = false;
  let tempCache: number | undefined;
  try {
    tempCache = db.pragma('temp.cache_size', { simple: true }) as number;
    db.pragma(`temp.cache_size = ${TEMP_CACHE_SIZE}`);
    // In a call without applications (the usual first import) a ref can only be in the table if
    // this import wrote it, and then the file has it twice: look it up only for a duplicate.
    const callHadApplications = db.prepare('SELECT 1 FROM applications WHERE call_id = ? LIMIT 1').pluck().get(call.id) !== undefined;
    let lastProgress = 0;
    for await (const rec of src.records) {
      report.rows++;
      if (opts.onProgress && report.rows - lastProgress >= 1000) {
        opts.onProgress(src.bytesRead, src.size, report.rows);
        lastProgress = report.rows;
      }
      const { line, fields } = rec;

      const ref = need(fields, line, 'ref');
      const applicant = need(fields, line, 'applicant');
      const title = need(fields, line, 'title');
      const requestedText = need(fields, line, 'requested');
      let requested: number | null = null;
      if (requestedText !== '') {
        const r = parseAmount(requestedText);
        if (r.ok) requested = r.value;
        else bad(line, 'requested', requestedText, r);
      }
      const projectBudget = opt(fields, line, 'projectBudget', parseAmount);
      const orgNumber = opt(fields, line, 'orgNumber', parseOrgNumber);
      const submitted = opt(fields, line, 'submitted', parseDate);
      const contactEmail = opt(fields, line, 'contactEmail', parseEmail);
      if (requested !== null && projectBudget !== null && projectBudget < requested) {
        bad(line, 'requested', requestedText, { code: 'import.requested_over_budget', params: { budget: { money: projectBudget } } });
      }
      let duplicate = false;
      if (ref !== '') {
        if (seenInsert.run(ref, line).changes === 0) {
          duplicate = true;
          problem({ file: src.file, line, column: src.headers[col.ref!], value: ref, code: 'import.duplicate_ref', params: { first: seenLine.get(ref) } });
        }
      }
      if (requested !== null) report.requested += requested;
      const existing = ref === '' || !(callHadApplications || duplicate) ? undefined : writer.find(ref);
      if (existing && !opts.update) {
        problem({ file: src.file, line, column: src.headers[col.ref!], value: ref, code: 'import.exists', params: { call: call.slug } });
      }
      // once anything is wrong nothing will be written: go on only to find the other problems
      if (issueCount > 0 || src.issueCount > 0) continue;
      const extra: Record<string, string> = {};
      for (const u of unknown) {
        const v = fields[u.index] ?? '';
        if (v !== '') extra[u.name] = v;
      }
      const app: ApplicationInput = {
        ref,
        applicant,
        orgNumber,
        title,
        partners: parsePartners(cell(fields, 'partners'), src.delimiter),
        requested: requested!,
        projectBudget,
        summary: col.summary === undefined ? '' : (fields[col.summary] ?? '').trim(),
        contactName: cell(fields, 'contactName') || null,
        contactEmail,
        submitted,
        extra,
      };
      if (!existing) {
        if (!opts.dryRun) writer.insert(app, at);
        report.added++;
      } else {
        const diff = diffApplication(existing, app);
        if (Object.keys(diff).length === 0) report.unchanged++;
        else {
          report.updated++;
          changes.push({ ref, changes: diff });
          if ((diff.requested || diff.title) && writer.hasScores(existing.id)) {
            report.warnings.push({ code: 'import.scored_changed', params: { ref, fields: Object.keys(diff).filter((k) => k === 'requested' || k === 'title').join(', ') } });
          }
          if (!opts.dryRun) writer.update(existing.id, app, at);
        }
      }
    }
    opts.onProgress?.(src.size, src.size, report.rows);

    const all = [...src.issues, ...issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    const total = src.issueCount + issueCount;
    if (total > 0) throw new ValidationError(all, 'import.invalid', { file: src.file, count: total });
    if (report.rows === 0) report.warnings.push({ code: 'import.no_rows', params: { file: src.file } });
    if (unknown.length) report.warnings.unshift({ code: 'import.unknown_columns', params: { columns: unknown.map((u) => `"${u.name}"`).join(', ') } });

    if (opts.dryRun) {
      db.exec('ROLLBACK');
    } else {
      for (const c of changes) audit(db, { at, actor: ctx.actor, action: 'application.update', callId: call.id, ref: c.ref, details: { file: src.file, changes: c.changes } });
      if (report.added || report.updated) {
        audit(db, {
          at,
          actor: ctx.actor,
          action: 'import',
          callId: call.id,
          details: { file: src.file, encoding: src.encoding, added: report.added, updated: report.updated, unchanged: report.unchanged, requested: report.requested },
        });
      }
      db.exec('COMMIT');
    }
    committed = true;
    return report;
  } finally {
    if (!committed && db.inTransaction) db.exec('ROLLBACK');
    db.exec('DELETE FROM temp.import_refs');
    if (tempCache !== undefined) db.pragma(`temp.cache_size = ${tempCache}`);
  }
}

function diffApplication(old: Application, next: ApplicationInput): Record<string, { old: unknown; new: unknown }> {
  const d: Record<string, { old: unknown; new: unknown }> = {};
  for (const k of COMPARED) if (!same(old[k], next[k])) d[k] = { old: old[k], new: next[k] };
  return d;
}
