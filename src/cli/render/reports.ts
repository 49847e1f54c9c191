/** The allocation, scores and evaluator reports: text, Markdown, CSV and JSON. */
import type { Call } from '../../core/call.js';
import { round } from '../../core/rational.js';
import { formatMoney, formatNumber } from '../../io/i18n/index.js';
import type { Output } from '../../io/output.js';
import { type Column, renderMarkdownTable, renderNotes, renderTable } from '../../io/table.js';
import type { AllocationReport, EvaluatorReport } from '../../services/reports.js';
import type { CsvOptions } from '../../io/csv-write.js';
import { safe, wrapIndent } from '../../io/text.js';
import { statusText } from './applications.js';
import { aidJson, criterionName, flagJson, flagText, scoreBar, tierName } from './ranking.js';

import { kr } from './units.js';
const r2 = (x: Parameters<typeof round>[0] | null) => (x === null ? null : round(x, 2));

function statusLabel(out: Output, status: string): string {
  return status === 'undecided' ? out.t('status.undecided') : statusText(out, status);
}

/** The status, with the reserve place, the offer's state and whether it was decided by hand. */
function statusCell(out: Output, r: AllocationReport['rows'][number], plain: boolean): string {
  const { t } = out;
  let s = plain ? t(`status.${r.status}`) : statusLabel(out, r.status);
  if (r.reservePlace !== null) s += ` ${t('report.reserve_place', { place: r.reservePlace })}`;
  // a declined offer's status says it already
  if (r.offer !== null && r.status !== 'declined') s += ` · ${t(`offer.state.${r.offer}`)}`;
  if (r.manual) s += ` (${t('report.manual')})`;
  return s;
}

function allocationTable(out: Output, rep: AllocationReport, plain: boolean) {
  const { t, lang } = out;
  const { call } = rep;
  const score = (r: AllocationReport['rows'][number]) => (r.score === null ? '–' : formatNumber(round(r.score, 2), lang));
  const columns: Column[] = [
    { header: t('col.rank'), align: 'right' },
    { header: t('col.ref') },
    { header: t('col.applicant'), wrap: true },
    { header: t('col.title'), wrap: true },
    { header: t('col.result'), align: 'right' },
    ...(plain ? [] : [{ header: '', optional: true }]),
    { header: t('col.tier'), words: true },
    { header: t('col.granted'), align: 'right' },
    { header: t('col.requested'), align: 'right' },
    { header: t('col.status'), words: true },
  ];
  const rows = rep.rows.map((r) => [
    r.rank === null ? '–' : String(r.rank),
    safe(r.application.ref),
    safe(r.application.applicant),
    safe(r.application.title),
    score(r),
    ...(plain ? [] : [out.c.cyan(scoreBar(r.score, call))]),
    tierName(call, r.tier, out),
    formatMoney(r.granted, lang),
    formatMoney(r.application.requested, lang),
    statusCell(out, r, plain),
  ]);
  const blank = plain ? ['', '', '', '', ''] : ['', '', '', '', '', ''];
  const footer = [[...blank, t('total'), formatMoney(rep.granted, lang), formatMoney(rep.requested, lang), '']];
  return { columns, rows, footer };
}

/** Budget, granted and what is left per tier, and in all. */
function tierTable(out: Output, rep: AllocationReport) {
  const { t, lang } = out;
  const columns: Column[] = [
    { header: t('col.tier'), words: true },
    { header: t('col.funded'), align: 'right' },
    { header: t('col.budget'), align: 'right' },
    { header: t('col.granted'), align: 'right' },
    { header: t('col.left'), align: 'right' },
  ];
  const rows = rep.tiers.map((x) => [tierName(rep.call, x.key, out), String(x.funded), formatMoney(x.budget, lang), formatMoney(x.granted, lang), formatMoney(x.left, lang)]);
  const sum = (f: (x: AllocationReport['tiers'][number]) => number) => rep.tiers.reduce((s, x) => s + f(x), 0);
  const footer = [[t('total'), String(sum((x) => x.funded)), formatMoney(sum((x) => x.budget), lang), formatMoney(rep.granted, lang), formatMoney(sum((x) => x.left), lang)]];
  return { columns, rows, footer };
}

/** Say so when the stored decisions no longer follow from the data. */
export function warnIfStale(out: Output, rep: { stale: boolean; call: { slug: string } }): void {
  if (rep.stale) out.warn(out.t('report.stale', { call: rep.call.slug }));
}

export function renderAllocationReport(out: Output, rep: AllocationReport): string {
  const { columns, rows, footer } = allocationTable(out, rep, !out.tty);
  const tiers = tierTable(out, rep);
  const head = out.tty ? out.c.bold(`${safe(rep.call.name)} · ${out.t('report.allocation_title')}`) + '\n\n' : '';
  return head + renderTable(out, columns, rows, { footer }) + '\n' + renderTable(out, tiers.columns, tiers.rows, { footer: tiers.footer }) + excludedTable(out, rep.excluded);
}

/** Withdrawn and ineligible applications, apart from the competition, with the reason. */
function excludedTable(out: Output, rows: AllocationReport['excluded']): string {
  if (rows.length === 0) return '';
  const { t, lang } = out;
  return (
    '\n' +
    out.t('case.report.excluded_title') +
    '\n' +
    renderTable(
      out,
      [{ header: t('col.ref') }, { header: t('col.applicant'), wrap: true }, { header: t('col.requested'), align: 'right' }, { header: t('col.status'), words: true }, { header: t('case.col.reason'), wrap: true }],
      rows.map((x) => [safe(x.ref), safe(x.applicant), formatMoney(x.requested, lang), t(`status.${x.reason}`), safe(x.note ?? t(`reason.${x.reason}`))]),
    )
  );
}

export function allocationReportMd(out: Output, rep: AllocationReport): string {
  const { columns, rows, footer } = allocationTable(out, rep, true);
  const tiers = tierTable(out, rep);
  return `# ${safe(rep.call.name)} – ${out.t('report.allocation_title')}\n\n` + renderMarkdownTable(columns, rows, footer) + '\n' + renderMarkdownTable(tiers.columns, tiers.rows, tiers.footer);
}

export async function allocationReportCsv(out: Output, rep: AllocationReport, csv: CsvOptions = {}): Promise<string> {
  const { toCsv } = await import('../../io/csv-write.js');
  // a Norwegian Excel gets Norwegian column names and words (render/export.ts)
  const w = (await import('./export.js')).csvWords(rep.call, csv.excel ? out : undefined);
  const header = ['rank', 'ref', 'applicant', 'title', 'score', 'tier', 'granted', 'requested', 'status', 'reason', 'manual', 'offer', 'reserve_place'].map(w.col);
  const offer = (s: string | null) => (s === null ? null : csv.excel && out.lang === 'nb' ? out.t(`offer.state.${s}`) : s);
  return toCsv(
    header,
    [
      ...rep.rows.map((r) => [r.rank, r.application.ref, r.application.applicant, r.application.title, r2(r.score), w.tier(r.tier), kr(r.granted), kr(r.application.requested), w.status(r.status), w.reason(r.reason), w.yesNo(r.manual, (b) => (b ? 'yes' : 'no')), offer(r.offer), r.reservePlace]),
      // out of the competition: no rank, no grant, the reason code for both
      ...rep.excluded.map((x) => [null, x.ref, x.applicant, x.title, null, null, 0, kr(x.requested), w.status(x.reason), w.reason(x.reason), w.yesNo(false, (b) => (b ? 'yes' : 'no')), null, null]),
    ],
    csv,
  );
}

export function allocationReportJson(rep: AllocationReport): unknown {
  return {
    call: rep.call.slug,
    decidedAt: rep.decidedAt,
    run: rep.run?.id ?? null,
    stale: rep.stale,
    tiers: rep.tiers.map((x) => ({ key: x.key, budget: kr(x.budget), granted: kr(x.granted), left: kr(x.left), funded: x.funded })),
    requested: kr(rep.requested),
    granted: kr(rep.granted),
    applications: rep.rows.map((r) => ({
      rank: r.rank,
      ref: r.application.ref,
      applicant: r.application.applicant,
      title: r.application.title,
      score: r2(r.score),
      tier: r.tier,
      granted: kr(r.granted),
      requested: kr(r.application.requested),
      status: r.status,
      reason: r.reason,
      manual: r.manual,
      note: r.note,
      offer: r.offer,
      reservePlace: r.reservePlace,
      // the figures behind a grant the de minimis ceiling capped or refused, as allocate gives them
      ...(r.aid ? { stateAid: aidJson(r.aid) } : {}),
    })),
    excluded: rep.excluded.map((x) => ({ ref: x.ref, applicant: x.applicant, title: x.title, requested: kr(x.requested), status: x.reason, reason: x.reason, note: x.note, by: x.by, at: x.at })),
  };
}

/** application × criterion: means, spreads, flags */
export async function scoresReport(out: Output, rep: AllocationReport, format: string, csv: CsvOptions = {}): Promise<string> {
  const { t, lang } = out;
  const { call } = rep;
  const names = new Map(rep.data.panel.map((e) => [e.id, e.name]));
  const columns: Column[] = [
    { header: t('col.rank'), align: 'right' },
    { header: t('col.ref') },
    { header: t('col.applicant'), wrap: true },
    ...call.criteria.map((c) => ({ header: criterionName(call, c.key, out), align: 'right' as const, words: true })),
    { header: t('col.result'), align: 'right' },
    { header: t('col.flags'), wrap: true },
  ];
  const cellOf = (c: NonNullable<AllocationReport['rows'][number]['ranked']>['aggregate']['criteria'][number]) => {
    const m = c.mean === null ? (c.naCount ? t('score.na') : '–') : formatNumber(round(c.mean, 2), lang);
    const text = `${m}${c.spread ? ` ±${c.spread}` : ''} (n=${c.n}${c.naCount ? `, ${t('score.na')} ${c.naCount}` : ''})`;
    return c.spread !== null && c.spread >= call.disagreement ? out.c.yellow(text) : text;
  };
  if (format === 'csv') {
    const { toCsv } = await import('../../io/csv-write.js');
    return toCsv(
      ['rank', 'ref', 'applicant', ...call.criteria.flatMap((c) => [`${c.key}_mean`, `${c.key}_spread`, `${c.key}_n`, `${c.key}_na`]), 'score', 'flags'],
      rep.rows.map((r) => [
        r.rank,
        r.application.ref,
        r.application.applicant,
        ...(r.ranked?.aggregate.criteria ?? []).flatMap((c) => [r2(c.mean), c.spread, c.n, c.naCount]),
        r2(r.score),
        (r.ranked?.aggregate.flags ?? []).map((f) => f.code + ('criterion' in f ? `:${f.criterion}` : '')).join(' '),
      ]),
      csv,
    );
  }
  const notes: [string, string][] = [];
  const rows = rep.rows.map((r) => {
    const flags = (r.ranked?.aggregate.flags ?? []).map((f) => flagText(call, f, out, names, r.application.ref));
    const tty = out.tty && format === 'text';
    if (tty && flags.length) notes.push([safe(r.application.ref), flags.join(' ')]);
    return [
      r.rank === null ? '–' : String(r.rank),
      safe(r.application.ref),
      safe(r.application.applicant),
      ...(r.ranked?.aggregate.criteria ?? []).map(cellOf),
      r.score === null ? '–' : formatNumber(round(r.score, 2), lang),
      tty ? (r.ranked?.aggregate.flags ?? []).map((f) => t(`flag.short.${f.code}`)).join(', ') : flags.join(' '),
    ];
  });
  if (format === 'md') return `# ${safe(call.name)} – ${t('report.scores_title')}\n\n` + renderMarkdownTable(columns, rows);
  const table = renderTable(out, columns, rows);
  return notes.length ? table + '\n' + renderNotes(out, t('col.flags'), notes) : table;
}

export function scoresReportJson(rep: AllocationReport): unknown {
  const names = new Map(rep.data.panel.map((e) => [e.id, e.name]));
  return {
    call: rep.call.slug,
    applications: rep.rows.map((r) => ({
      rank: r.rank,
      ref: r.application.ref,
      applicant: r.application.applicant,
      score: r2(r.score),
      criteria: Object.fromEntries((r.ranked?.aggregate.criteria ?? []).map((c) => [c.criterion, { mean: r2(c.mean), spread: c.spread, n: c.n, na: c.naCount }])),
      flags: (r.ranked?.aggregate.flags ?? []).map((f) => flagJson(rep.call, f, names)),
    })),
  };
}

/** who has scored what, who lacks what, conflicts */
export async function evaluatorsReport(out: Output, call: Call, rep: EvaluatorReport, format: string, csv: CsvOptions = {}): Promise<string> {
  const { t } = out;
  const lacking = (id: number) =>
    (rep.lacking.get(id) ?? []).map((l) => (l.criteria.length === call.criteria.length ? l.ref : `${l.ref} (${l.criteria.map((k) => criterionName(call, k, out)).join(', ')})`));
  const lackingText = (id: number) => safe(lacking(id).join(', '));
  const conflictsOf = (name: string) => rep.conflicts.filter((c) => c.evaluator === name).map((c) => `${c.ref}: ${c.reason}`);
  if (format === 'csv') {
    const { toCsv } = await import('../../io/csv-write.js');
    return toCsv(
      ['evaluator', 'scored', 'started', 'conflicts', 'remaining', 'total', 'lacking', 'conflict_refs'],
      rep.progress.map((p) => [p.evaluator.name, p.scored, p.partial, p.conflicts, p.remaining, p.total, lacking(p.evaluator.id).join(' | '), conflictsOf(p.evaluator.name).join(' | ')]),
      csv,
    );
  }
  const columns: Column[] = [
    { header: t('col.evaluator') },
    { header: t('col.scored'), align: 'right' },
    { header: t('col.partial_scored'), align: 'right' },
    { header: t('col.conflicts'), align: 'right' },
    { header: t('col.remaining'), align: 'right' },
    { header: t('col.lacking'), wrap: true },
  ];
  const rows = rep.progress.map((p) => [
    safe(p.evaluator.name),
    `${p.scored}/${p.total}`,
    String(p.partial),
    String(p.conflicts),
    String(p.remaining),
    lackingText(p.evaluator.id) || '–',
  ]);
  const conflictLines = rep.conflicts.map((c) => safe(`  ${c.evaluator} · ${c.ref}: ${c.reason}`));
  const conflictBlock = conflictLines.length ? `\n${t('report.conflicts_heading')}\n${conflictLines.map((l) => wrapIndent(l.trimStart(), out.width, '  ', '    ')).join('\n')}\n` : '';
  if (format === 'md') {
    return `# ${safe(call.name)} – ${t('report.evaluators_title')}\n\n` + renderMarkdownTable(columns, rows) + (conflictLines.length ? `\n## ${t('report.conflicts_heading')}\n\n${rep.conflicts.map((c) => safe(`- ${c.evaluator} · ${c.ref}: ${c.reason}`)).join('\n')}\n` : '');
  }
  if (rows.length === 0) return t('evaluator.none_yet') + '\n';
  if (!out.tty && rep.conflicts.length) {
    // piped: a second tab-separated table, so scripts can read both
    return renderTable(out, columns, rows) + '\n' + renderTable(out, [{ header: t('col.evaluator') }, { header: t('col.ref') }, { header: t('col.reason') }], rep.conflicts.map((c) => [safe(c.evaluator), safe(c.ref), safe(c.reason)]));
  }
  return renderTable(out, columns, rows) + (out.tty ? conflictBlock : '');
}

export function evaluatorReportJson(call: Call, rep: EvaluatorReport): unknown {
  return {
    call: call.slug,
    evaluators: rep.progress.map((p) => ({
      name: p.evaluator.name,
      scored: p.scored,
      started: p.partial,
      conflicts: p.conflicts,
      remaining: p.remaining,
      total: p.total,
      lacking: rep.lacking.get(p.evaluator.id) ?? [],
    })),
    conflicts: rep.conflicts,
  };
}

/** `klynge evaluator list`: each evaluator's progress. */
export function renderEvaluatorList(out: Output, rows: { evaluator: { name: string }; scored: number; total: number; partial: number; conflicts: number; remaining: number }[]): string {
  const { t } = out;
  return renderTable(
    out,
    [
      { header: t('col.evaluator'), wrap: true },
      { header: t('col.scored'), align: 'right' },
      { header: t('col.partial_scored'), align: 'right' },
      { header: t('col.conflicts'), align: 'right' },
      { header: t('col.remaining'), align: 'right' },
    ],
    rows.map((r) => [safe(r.evaluator.name), `${r.scored}/${r.total}`, String(r.partial), String(r.conflicts), String(r.remaining)]),
  );
}
