/**
 * The export documents as klynge built them before exports streamed: the whole call in
 * memory (allocationReport), then one string. Kept as the reference the streaming
 * export must equal byte for byte (test/cli/export-stream.test.ts).
 */
import type { Score } from '../../src/core/types.js';
import type { AllocationReport, EvaluatorReport, ReportRow } from '../../src/services/reports.js';
import type { CsvCell } from '../../src/io/csv-write.js';
import { kr } from '../../src/cli/render/units.js';

/** The 360Giving Data Standard's spreadsheet column titles. */
const GIVING_COLUMNS = [
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

const DEFAULT_ID_PREFIX = '360G-klynge-';

/** The keys of the CSV columns kept from import that klynge does not know, in the order first seen. */
function extraColumns(rows: ReportRow[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r.application.extra)) seen.add(k);
  return [...seen];
}

/** One row per application, decided or not, with its means, spreads and decision. */
export async function exportCsv(rep: AllocationReport, opts: { bom: boolean; excel?: boolean }): Promise<{ text: string; count: number }> {
  const { round } = await import('../../src/core/rational.js');
  const { toCsv } = await import('../../src/io/csv-write.js');
  const criteria = rep.call.criteria.map((c) => c.key);
  const extras = extraColumns(rep.rows);
  const header = [
    'ref',
    'applicant',
    'org_number',
    'title',
    'summary',
    'partners',
    'requested',
    'project_budget',
    'submitted',
    'contact_name',
    'contact_email',
    'rank',
    'score',
    ...criteria.flatMap((k) => [`${k}_mean`, `${k}_spread`]),
    'tier',
    'granted',
    'status',
    'reason',
    'manual',
    'note',
    ...extras,
  ];
  const rows = rep.rows.map((r): CsvCell[] => {
    const a = r.application;
    const decided = r.status !== 'undecided';
    const stats = criteria.flatMap((k) => {
      const c = r.ranked?.aggregate.criteria.find((x) => x.criterion === k);
      return [c?.mean ? round(c.mean, 2) : null, c?.spread ?? null];
    });
    return [
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
      r.tier,
      decided ? kr(r.granted) : null,
      r.status,
      r.reason,
      decided ? String(r.manual) : null,
      r.note,
      ...extras.map((k) => a.extra[k] ?? null),
    ];
  });
  return { text: toCsv(header, rows, { bom: opts.bom, excel: opts.excel }), count: rows.length };
}

/** Every application with all its fields, scores, conflicts and decision; the call and tier totals. */
export async function exportJson(
  rep: AllocationReport,
  evaluators: EvaluatorReport,
  /** each application's overall justifications (evaluator, note), by application id */
  notesOf: (applicationId: number) => Promise<{ evaluatorId: number; evaluator: string; note: string }[]>,
): Promise<{ text: string; count: number }> {
  const { round } = await import('../../src/core/rational.js');
  const { callToJson } = await import('../../src/core/call.js');
  const { flagJson } = await import('../../src/cli/render/ranking.js');
  const { applicationJson } = await import('../../src/cli/render/applications.js');
  const { call, data } = rep;
  const names = new Map(data.panel.map((e) => [e.id, e.name]));
  const conflicted = new Set(data.conflicts.map((c) => `${c.evaluatorId}:${c.applicationId}`));
  if (!data.scoreRows) throw new Error('export: the scores were loaded without their comments');
  // grouped once: 10 000 applications would otherwise each scan all 90 000 scores
  const scoresByApp = new Map<number, Score[]>();
  for (const s of data.scoreRows) {
    const list = scoresByApp.get(s.applicationId);
    if (list) list.push(s);
    else scoresByApp.set(s.applicationId, [s]);
  }
  const notes = new Map<number, { evaluatorId: number; evaluator: string; note: string }[]>();
  for (const r of rep.rows) notes.set(r.application.id, await notesOf(r.application.id));
  const doc = {
    call: callToJson(call),
    requested: kr(rep.requested),
    granted: kr(rep.granted),
    decidedAt: rep.decidedAt,
    tiers: rep.tiers.map((x) => ({ key: x.key, budget: kr(x.budget), granted: kr(x.granted), left: kr(x.left), funded: x.funded })),
    applications: rep.rows.map((r) => {
      const a = r.application;
      return {
        ...applicationJson(a),
        rank: r.rank,
        score: r.score ? round(r.score, 2) : null,
        criteria: Object.fromEntries(
          (r.ranked?.aggregate.criteria ?? []).map((c) => [c.criterion, { mean: c.mean ? round(c.mean, 2) : null, spread: c.spread, n: c.n, na: c.naCount }]),
        ),
        flags: (r.ranked?.aggregate.flags ?? []).map((f) => flagJson(call, f, names)),
        scores: (scoresByApp.get(a.id) ?? []).map((s) => ({
            evaluator: names.get(s.evaluatorId) ?? null,
            criterion: s.criterion,
            value: s.value,
            comment: s.comment,
            // a score stored before a conflict was declared is kept but not counted
            counted: !conflicted.has(`${s.evaluatorId}:${a.id}`),
          })),
        notes: notes.get(a.id)!.map((n) => ({ evaluator: n.evaluator, note: n.note, counted: !conflicted.has(`${n.evaluatorId}:${a.id}`) })),
        conflicts: evaluators.conflicts.filter((c) => c.ref === a.ref).map((c) => ({ evaluator: c.evaluator, reason: c.reason })),
        decision:
          r.status === 'undecided'
            ? null
            : { status: r.status, tier: r.tier, granted: kr(r.granted), reason: r.reason, manual: r.manual, note: r.note, decidedAt: r.decidedAt },
      };
    }),
  };
  return { text: JSON.stringify(doc, null, 2) + '\n', count: doc.applications.length };
}

/** The decision day in Norway, YYYY-MM-DD, from a stored ISO timestamp. */
function awardDate(decidedAt: string | null): string | null {
  if (!decidedAt) return null;
  const d = new Date(decidedAt);
  if (Number.isNaN(d.getTime())) return decidedAt.slice(0, 10);
  // en-CA formats a date as YYYY-MM-DD
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

/** Grants in the 360Giving Data Standard's flat CSV: granted ones, and rejected ones when asked. */
export async function export360Giving(rep: AllocationReport, opts: { includeRejected: boolean; idPrefix?: string; identifier?: (prefix: string, slug: string, ref: string) => string }): Promise<{ text: string; count: number }> {
  const { UserError } = await import('../../src/core/errors.js');
  const { toCsv } = await import('../../src/io/csv-write.js');
  const { call } = rep;
  if (rep.rows.every((r) => r.status === 'undecided')) throw new UserError('export.no_decisions', { call: call.slug });
  let prefix = opts.idPrefix ?? call.funder?.identifier ?? DEFAULT_ID_PREFIX;
  if (!prefix.endsWith('-')) prefix += '-';
  const wanted = (r: ReportRow) => r.status === 'granted' || r.status === 'partially granted' || (opts.includeRejected && r.status === 'rejected');
  const rows = rep.rows.filter(wanted).map((r): CsvCell[] => {
    const a = r.application;
    return [
      // the identifier's rule changed on purpose (issue 13): the test passes the new one
      (opts.identifier ?? ((p: string, slug: string, ref: string) => `${p}${slug}-${ref}`))(prefix, call.slug, a.ref),
      a.title,
      a.summary,
      call.currency,
      kr(a.requested),
      kr(r.granted),
      awardDate(r.decidedAt),
      a.orgNumber ? `NO-BRC-${a.orgNumber.replace(/\D/g, '')}` : null,
      a.applicant,
      call.funder?.identifier ?? null,
      call.funder?.name ?? null,
    ];
  });
  return { text: toCsv([...GIVING_COLUMNS], rows), count: rows.length };
}
