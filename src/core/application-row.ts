/**
 * One CSV row of an applications file checked and turned into what is written:
 * every problem of the row found, or the values in the order of the table's
 * columns. Pure, so it runs the same in the main thread and in the import's
 * reader thread (src/services/import-worker.ts).
 */
import type { Issue } from './errors.js';
import type { ApplicationField } from './headers.js';
import { parseAmount } from './amount.js';
import { parseDate } from './dates.js';
import { parseEmail } from './email.js';
import { parseOrgNumber } from './org-number.js';
import { parsePartners } from './partners.js';
import type { ParseResult } from './parse-result.js';
import type { Application } from './types.js';

/** Where the fields are: what the header row said, after `--map`. */
export interface RowLayout {
  /** the file as issues name it */
  file: string;
  headers: string[];
  /** column index per field */
  columns: Partial<Record<ApplicationField, number>>;
  /** columns no field claimed, kept verbatim as extra data */
  unknown: { index: number; name: string }[];
  /** the file's delimiter (a partner list splits on the others) */
  delimiter: string;
}

/**
 * What one row writes, in the order of the columns of `applications`:
 * ref, applicant, org number, title, partners (JSON), requested (øre), project budget (øre),
 * summary, contact name, contact e-mail, submitted, extra columns (JSON).
 */
export type RowValues = [
  ref: string,
  applicant: string,
  orgNumber: string | null,
  title: string,
  partners: string,
  requested: number,
  projectBudget: number | null,
  summary: string,
  contactName: string | null,
  contactEmail: string | null,
  submitted: string | null,
  extra: string,
];
export const ROW_VALUES = 12;

export interface PreparedRow {
  /** the physical line the row starts on */
  line: number;
  /** the case number as written (trimmed); '' when missing */
  ref: string;
  /** the requested amount when it could be read */
  requested: number | null;
  /** the row's own problems (duplicates and existing refs are the import's to find) */
  issues: readonly Issue[];
  /** what to write; null when the row has a problem */
  values: RowValues | null;
}

const NONE: readonly Issue[] = Object.freeze([]);

/** Check one row. */
export function prepareRow(layout: RowLayout, fields: readonly string[], line: number): PreparedRow {
  const col = layout.columns;
  let issues: Issue[] | undefined;
  const cell = (f: ApplicationField): string => {
    const i = col[f];
    return i === undefined ? '' : (fields[i] ?? '').trim();
  };
  const bad = (column: ApplicationField, value: string, r: { code: string; params: Record<string, unknown> }) =>
    (issues ??= []).push({ file: layout.file, line, column: layout.headers[col[column]!] ?? column, value, code: r.code, params: r.params });
  const need = (f: ApplicationField): string => {
    const v = cell(f);
    if (v === '') bad(f, v, { code: 'import.required', params: {} });
    return v;
  };
  const opt = <T>(f: ApplicationField, parse: (s: string) => ParseResult<T>): T | null => {
    const v = cell(f);
    if (v === '') return null;
    const r = parse(v);
    if (!r.ok) {
      bad(f, v, r);
      return null;
    }
    return r.value;
  };

  const ref = need('ref');
  const applicant = need('applicant');
  const title = need('title');
  const requestedText = need('requested');
  let requested: number | null = null;
  if (requestedText !== '') {
    const r = parseAmount(requestedText);
    if (r.ok) requested = r.value;
    else bad('requested', requestedText, r);
  }
  const projectBudget = opt('projectBudget', parseAmount);
  const orgNumber = opt('orgNumber', parseOrgNumber);
  const submitted = opt('submitted', parseDate);
  const contactEmail = opt('contactEmail', parseEmail);
  if (requested !== null && projectBudget !== null && projectBudget < requested) {
    bad('requested', requestedText, { code: 'import.requested_over_budget', params: { budget: { money: projectBudget } } });
  }
  if (issues) return { line, ref, requested, issues, values: null };

  let extra = '{}';
  if (layout.unknown.length) {
    const kept: Record<string, string> = {};
    let any = false;
    for (const u of layout.unknown) {
      const v = fields[u.index] ?? '';
      if (v !== '') {
        kept[u.name] = v;
        any = true;
      }
    }
    if (any) extra = JSON.stringify(kept);
  }
  const partners = parsePartners(cell('partners'), layout.delimiter);
  const summary = col.summary === undefined ? '' : (fields[col.summary] ?? '').trim();
  const values: RowValues = [
    ref,
    applicant,
    orgNumber,
    title,
    partners.length ? JSON.stringify(partners) : '[]',
    requested!,
    projectBudget,
    summary,
    cell('contactName') || null,
    contactEmail,
    submitted,
    extra,
  ];
  return { line, ref, requested, issues: NONE, values };
}

/** The fields of an application as the rest of klynge sees them. */
export type ApplicationInput = Omit<Application, 'id' | 'callId'>;

export function valuesToInput(v: RowValues): ApplicationInput {
  return {
    ref: v[0],
    applicant: v[1],
    orgNumber: v[2],
    title: v[3],
    partners: JSON.parse(v[4]) as string[],
    requested: v[5],
    projectBudget: v[6],
    summary: v[7],
    contactName: v[8],
    contactEmail: v[9],
    submitted: v[10],
    extra: JSON.parse(v[11]) as Record<string, string>,
  };
}
