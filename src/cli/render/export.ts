/**
 * The export documents, written a piece at a time from the rows the export service walks
 * through: a CSV line per application, a JSON object per application, a 360Giving line per
 * grant. Each is an async generator of text (the rows come from the store as a stream);
 * the command writes the pieces as they come.
 */
import { type Call, callToJson, localText } from '../../core/call.js';
import { UserError } from '../../core/errors.js';
import { round } from '../../core/rational.js';
import { type CsvCell, csvWriter } from '../../io/csv-write.js';
import type { Formatter } from '../../io/i18n/index.js';
import type { ExportRow, ExportSource } from '../../services/export.js';
import { applicationJson } from './applications.js';
import { flagJson } from './ranking.js';
import { kr } from './units.js';

/** Rows written so far, for the closing message. */
export interface RowCount {
  rows: number;
}

/** The 360Giving Data Standard's spreadsheet column titles, as the standard spells them. */
export const GIVING_COLUMNS = [
  'Identifier',
  'Title',
  'Description',
  'Currency',
  'Amount Applied For',
  'Amount Awarded',
  'Award Date',
  'Recipient Org:Identifier',
  'Recipient Org:Name',
  'Funding Org:Identifier',
  'Funding Org:Name',
] as const;

/** used when neither --id-prefix nor the call's funder gives one */
const DEFAULT_ID_PREFIX = '360G-klynge-';

/** For a Norwegian Excel: the column names and words a caseworker reads, not the machine's keys. */
export interface CsvLanguage {
  t: Formatter;
  lang: 'nb' | 'en';
}

/**
 * Column names and cell words of a spreadsheet CSV. Under --excel with --lang nb they come
 * from the catalogue (`saksnummer`, `delvis innvilget`); otherwise the keys a script reads.
 */
export function csvWords(call: Call, language: CsvLanguage | undefined) {
  const words = language?.lang === 'nb' ? language : null;
  return {
    col: (key: string) => (words ? words.t(`export.col.${key}`) : key),
    status: (s: string) => (words ? words.t(`status.${s}`) : s),
    tier: (key: string | null) => (words && key !== null ? localText(call.tiers.find((x) => x.key === key)?.name, 'nb') || key : key),
    yesNo: (b: boolean, plain: (b: boolean) => string) => (words ? words.t(b ? 'export.yes' : 'export.no') : plain(b)),
    // the allocator's reason code as a few words (criterion-minimum:green: the criterion by name)
    reason: (code: string | null) => {
      if (!words || code === null) return code;
      const [head, key] = code.split(':');
      const criterion = key ? localText(call.criteria.find((x) => x.key === key)?.name, 'nb') || key : '';
      const label = `export.reason.${head}`;
      return words.t(label, { criterion }) === label ? code : words.t(label, { criterion });
    },
    criterion: (key: string, stat: 'mean' | 'spread') => {
      if (!words) return `${key}_${stat}`;
      const c = call.criteria.find((x) => x.key === key);
      return words.t(`export.col.criterion_${stat}`, { criterion: localText(c?.name, 'nb') || key });
    },
  };
}

/**
 * One row per application, decided or not, with its means, spreads and decision. `language`:
 * headers and words (status, tier, yes/no) in that language, for `--excel` under `--lang nb`.
 */
export async function* exportCsv(src: ExportSource, opts: { bom: boolean; excel?: boolean; language?: CsvLanguage }, count: RowCount): AsyncGenerator<string> {
  const { call } = src;
  const criteria = call.criteria.map((c) => c.key);
  const extras = await src.extraKeys();
  const { col, criterion: critCol, status, tier, yesNo: yesNoOf, reason: reasonOf } = csvWords(call, opts.language);
  const header = [
    ...['ref', 'applicant', 'org_number', 'title', 'summary', 'partners', 'requested', 'project_budget', 'submitted', 'contact_name', 'contact_email', 'rank', 'score'].map(col),
    ...criteria.flatMap((k) => [critCol(k, 'mean'), critCol(k, 'spread')]),
    ...['tier', 'granted', 'status', 'reason', 'manual', 'note'].map(col),
    ...extras,
  ];
  const yesNo = (b: boolean) => yesNoOf(b, String);
  const w = csvWriter(header, { bom: opts.bom, excel: opts.excel });
  yield w.head;
  for await (const r of src.rows()) {
    const a = r.application;
    const d = r.decision;
    const stats = criteria.flatMap((k) => {
      const c = r.aggregate.criteria.find((x) => x.criterion === k);
      return [c?.mean ? round(c.mean, 2) : null, c?.spread ?? null];
    });
    const cells: CsvCell[] = [
      a.ref,
      a.applicant,
      a.orgNumber,
      a.title,
      a.summary,
      a.partners.join(' | '),
      kr(a.requested),
      kr(a.projectBudget),
      a.submitted,
      a.contactName,
      a.contactEmail,
      r.rank,
      r.score ? round(r.score, 2) : null,
      ...stats,
      tier(d?.tier ?? null),
      d ? kr(d.granted) : null,
      // withdrawn or ineligible: the reason code is its status and its reason
      status(r.excluded?.reason ?? d?.status ?? 'undecided'),
      reasonOf(r.excluded?.reason ?? d?.reason ?? null),
      d ? yesNo(d.manual) : null,
      r.excluded ? r.excluded.note : (d?.note ?? null),
      ...extras.map((k) => a.extra[k] ?? null),
    ];
    count.rows++;
    yield w.line(cells);
  }
}

/** Every application with all its fields, scores, conflicts and decision; the call and tier totals first. */
export async function* exportJson(src: ExportSource, count: RowCount): AsyncGenerator<string> {
  const { call } = src;
  const head = JSON.stringify(
    {
      call: callToJson(call),
      requested: kr(src.requested),
      granted: kr(src.granted),
      decidedAt: src.decidedAt,
      tiers: src.tiers.map((x) => ({ key: x.key, budget: kr(x.budget), granted: kr(x.granted), left: kr(x.left), funded: x.funded })),
      applications: [],
    },
    null,
    2,
  );
  // the document as JSON.stringify(doc, null, 2) writes it, one application at a time
  const open = head.slice(0, head.length - '[]\n}'.length);
  let first = true;
  for await (const r of src.rows()) {
    yield (first ? `${open}[\n    ` : ',\n    ') + JSON.stringify(applicationDoc(src, r), null, 2).replace(/\n/g, '\n    ');
    first = false;
    count.rows++;
  }
  yield first ? `${head}\n` : '\n  ]\n}\n';
}

function applicationDoc(src: ExportSource, r: ExportRow): Record<string, unknown> {
  const d = r.decision;
  return {
    ...applicationJson(r.application),
    rank: r.rank,
    score: r.score ? round(r.score, 2) : null,
    criteria: Object.fromEntries(r.aggregate.criteria.map((c) => [c.criterion, { mean: c.mean ? round(c.mean, 2) : null, spread: c.spread, n: c.n, na: c.naCount }])),
    flags: r.aggregate.flags.map((f) => flagJson(src.call, f, src.panelNames)),
    scores: (r.scores ?? []).map((s) => ({ evaluator: s.evaluator, criterion: s.criterion, value: s.value, comment: s.comment, counted: s.counted })),
    // the overall justification each evaluator gave in the scorer, beside the per-criterion comments
    notes: r.notes ?? [],
    conflicts: r.conflicts,
    decision: d === null ? null : { status: d.status, tier: d.tier, granted: kr(d.granted), reason: d.reason, manual: d.manual, note: d.note, decidedAt: d.decidedAt },
    ...(r.excluded ? { excluded: { status: r.excluded.reason, reason: r.excluded.reason, note: r.excluded.note } } : {}),
  };
}

/** The decision day in Norway, YYYY-MM-DD, from a stored ISO timestamp. */
function awardDate(decidedAt: string | null): string | null {
  if (!decidedAt) return null;
  const d = new Date(decidedAt);
  if (Number.isNaN(d.getTime())) return decidedAt.slice(0, 10);
  // en-CA formats a date as YYYY-MM-DD
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

/**
 * A grant's 360Giving identifier: the prefix, the call's slug and the ref, each once. A prefix
 * that already ends with the slug or its first words (`360G-viken-` for `viken-2021`) is not
 * followed by them again; `/` in the ref (`21/04118-1`) becomes `-`, as identifiers go in URLs.
 */
export function givingIdentifier(prefix: string, slug: string, ref: string): string {
  const p = prefix.endsWith('-') ? prefix.slice(0, -1) : prefix;
  const safeRef = ref.replace(/\//g, '-');
  const words = slug.split('-');
  // the longest run of the slug's first words the prefix ends with, on a word boundary
  for (let n = words.length; n > 0; n--) {
    const head = words.slice(0, n).join('-');
    if (p === head || p.endsWith(`-${head}`)) return `${p.slice(0, p.length - head.length)}${slug}-${safeRef}`;
  }
  return `${p}-${slug}-${safeRef}`;
}

/** Grants in the 360Giving Data Standard's flat CSV: granted ones, and rejected ones when asked. */
export async function exportGiving(src: ExportSource, opts: { includeRejected: boolean; idPrefix?: string }, count: RowCount): Promise<AsyncGenerator<string>> {
  // refused before the first line, so nothing is written
  if (src.decisions === 0) throw new UserError('export.no_decisions', { call: src.call.slug });
  // an identifier must name one grant: refs that differ only by / and - would share one
  const clash = await src.slashDashClash(opts.includeRejected ? ['granted', 'partially granted', 'rejected'] : ['granted', 'partially granted']);
  if (clash) {
    const prefix = opts.idPrefix ?? src.call.funder?.identifier ?? DEFAULT_ID_PREFIX;
    throw new UserError('export.giving_duplicate_id', { identifier: givingIdentifier(prefix, src.call.slug, clash.ref), ...clash });
  }
  return givingLines(src, opts, count);
}

async function* givingLines(src: ExportSource, opts: { includeRejected: boolean; idPrefix?: string }, count: RowCount): AsyncGenerator<string> {
  const { call } = src;
  const prefix = opts.idPrefix ?? call.funder?.identifier ?? DEFAULT_ID_PREFIX;
  const w = csvWriter([...GIVING_COLUMNS]);
  yield w.head;
  for await (const r of src.rows()) {
    const s = r.decision?.status;
    if (!(s === 'granted' || s === 'partially granted' || (opts.includeRejected && s === 'rejected'))) continue;
    const a = r.application;
    const id = givingIdentifier(prefix, call.slug, a.ref);
    count.rows++;
    yield w.line([
      id,
      a.title,
      a.summary,
      call.currency,
      kr(a.requested),
      kr(r.decision!.granted),
      awardDate(r.decision!.decidedAt),
      a.orgNumber ? `NO-BRC-${a.orgNumber.replace(/\D/g, '')}` : null,
      a.applicant,
      call.funder?.identifier ?? null,
      call.funder?.name ?? null,
    ]);
  }
}
