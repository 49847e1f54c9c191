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
  priorDeMinimis: number | null,
];
export const ROW_VALUES = 13;

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

/**
 * The longest value each text field may hold, in characters. Far above anything a case
 * system holds (a case number is some 15 characters, an e-mail address at most 254 by RFC 5321)
 * and low enough that a runaway value — a column shifted into the ref, a whole file in one
 * cell — is refused with its line instead of being stored.
 */
export const FIELD_LIMITS: Partial<Record<ApplicationField, number>> = {
  ref: 100,
  applicant: 500,
  orgNumber: 100,
  title: 500,
  partners: 10_000,
  requested: 100,
  projectBudget: 100,
  summary: 100_000,
  contactName: 500,
  contactEmail: 254,
  submitted: 100,
  priorDeMinimis: 100,
};
/** an extra column (one klynge does not know) may hold as much as a summary */
export const EXTRA_LIMIT = 100_000;

/**
 * Text as one form of Unicode (NFC): macOS writes "Å" as A and a ring (NFD), Windows as one
 * character, and the same ref or applicant must be the same text whichever machine exported it.
 * Text of only Latin-1, Latin Extended, the usual punctuation (– “ ” …) and currency signs is
 * NFC already (none of them composes or decomposes; checked for every pair of them), and the
 * check is several times cheaper than normalize() on the Norwegian text of a whole file.
 */
export const nfc = (s: string): string => (ALREADY_NFC.test(s) ? s : s.normalize('NFC'));
const ALREADY_NFC = /^[\u0000-\u02ff\u2010-\u2027\u2030-\u205e\u20a0-\u20bf]*$/;

/** What an issue repeats of a value too long to show. */
const shown = (v: string) => (v.length > 60 ? v.slice(0, 60) + '…' : v);

/** Check one row. */
export function prepareRow(layout: RowLayout, fields: readonly string[], line: number): PreparedRow {
  const col = layout.columns;
  let issues: Issue[] | undefined;
  const cell = (f: ApplicationField): string => {
    const i = col[f];
    if (i === undefined) return '';
    const v = nfc((fields[i] ?? '').trim());
    const max = FIELD_LIMITS[f];
    if (max !== undefined && v.length > max) {
      bad(f, shown(v), { code: 'import.too_long', params: { length: v.length, max } });
      return '';
    }
    return v;
  };
  const bad = (column: ApplicationField, value: string, r: { code: string; params: Record<string, unknown> }) =>
    (issues ??= []).push({ file: layout.file, line, column: layout.headers[col[column]!] ?? column, value, code: r.code, params: r.params });
  const need = (f: ApplicationField): string => {
    const before = issues?.length ?? 0;
    const v = cell(f);
    // a value refused as too long is not also "empty"
    if (v === '' && (issues?.length ?? 0) === before) bad(f, v, { code: 'import.required', params: {} });
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
  const priorDeMinimis = opt('priorDeMinimis', parseDeclaredAid);
  const contactEmail = opt('contactEmail', parseEmail);
  if (requested !== null && projectBudget !== null && projectBudget < requested) {
    bad('requested', requestedText, { code: 'import.requested_over_budget', params: { budget: { money: projectBudget } } });
  }
  const summary = cell('summary');
  const contactName = cell('contactName');
  const partnersText = cell('partners');
  if (issues) return { line, ref, requested, issues, values: null };

  let extra = '{}';
  if (layout.unknown.length) {
    const kept: Record<string, string> = {};
    let any = false;
    for (const u of layout.unknown) {
      const v = nfc(fields[u.index] ?? '');
      if (v.length > EXTRA_LIMIT) {
        (issues ??= []).push({ file: layout.file, line, column: u.name, value: shown(v), code: 'import.too_long', params: { length: v.length, max: EXTRA_LIMIT } });
        continue;
      }
      if (v !== '') {
        kept[u.name] = v;
        any = true;
      }
    }
    if (any) extra = JSON.stringify(kept);
    if (issues) return { line, ref, requested, issues, values: null };
  }
  const partners = parsePartners(partnersText, layout.delimiter);
  const values: RowValues = [
    ref,
    applicant,
    orgNumber,
    title,
    partners.length ? JSON.stringify(partners) : '[]',
    requested!,
    projectBudget,
    summary,
    contactName || null,
    contactEmail,
    submitted,
    extra,
    priorDeMinimis,
  ];
  return { line, ref, requested, issues: NONE, values };
}

/** Declared prior de minimis aid: an amount, or none (`0`, `0,00`, `-`, `kr 0,-`) as 0. */
function parseDeclaredAid(text: string): ParseResult<number> {
  const bare = text
    .replace(/^(kr\.?|nok)\s*/i, '')
    .replace(/\s*(kr\.?|nok)$/i, '')
    .replace(/[.,]\s*[-–]$/, '')
    .trim();
  if (/^0+(?:[.,]0{1,2})?$/.test(bare) || /^[-–]$/.test(bare)) return { ok: true, value: 0 };
  return parseAmount(text);
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
    priorDeMinimis: v[12],
  };
}
