/** Rendering calls for `call list` and `call show`. */
import { callToJson, localText, totalBudget } from '../../core/call.js';
import { formatMoney, formatNumber } from '../../io/i18n/index.js';
import type { Output } from '../../io/output.js';
import { renderTable, wrapIndentOnTerminal } from '../../io/table.js';
import { formatFigure, safe } from '../../io/text-plain.js';
import type { FieldChange } from '../../core/call-update.js';
import type { CallListing, CallSummary } from '../../services/calls.js';

import { kr } from './units.js';

export function callListJson({ calls, defaultSlug }: CallListing): unknown {
  return {
    default: defaultSlug,
    calls: calls.map(({ call, counts }) => ({
      slug: call.slug,
      name: call.name,
      year: call.year,
      status: call.status,
      default: call.slug === defaultSlug,
      budget: kr(totalBudget(call)),
      applications: counts.applications,
      requested: kr(counts.requested),
      decided: counts.decided,
      granted: kr(counts.granted),
    })),
  };
}

export function renderCallList(out: Output, { calls, defaultSlug }: CallListing): string {
  const { t, lang } = out;
  const table = renderTable(
    out,
    [
      { header: t('col.slug') },
      { header: t('col.name'), wrap: true },
      { header: t('col.year'), align: 'right' },
      { header: t('col.status'), words: true },
      { header: t('col.applications'), align: 'right' },
      { header: t('col.requested'), align: 'right' },
      { header: t('col.budget'), align: 'right' },
    ],
    calls.map(({ call, counts }) => [
      // the default call (klynge call use) is marked, and said below
      safe(call.slug) + (call.slug === defaultSlug ? ' *' : ''),
      safe(call.name),
      String(call.year),
      t(`call.status.${call.status}`),
      String(counts.applications),
      formatMoney(counts.requested, lang),
      formatMoney(totalBudget(call), lang),
    ]),
  );
  return defaultSlug !== null && calls.some((c) => c.call.slug === defaultSlug) ? table + t('calluse.marked', { slug: safe(defaultSlug) }) + '\n' : table;
}

/** The changes `call update` made, one per line: path, old → new (amounts in kroner as the file has them). */
export function renderCallChanges(out: Output, changes: FieldChange[]): string {
  // amounts in kroner (a tier's budget, maxGrant, minGrant) read as money
  const money = (path: string) => /\.(budget|maxGrant|minGrant)$/.test(path);
  const show = (path: string, v: unknown) =>
    v === null ? '–' : money(path) && typeof v === 'number' ? formatMoney(v * 100, out.lang) : safe(typeof v === 'string' ? v : JSON.stringify(v));
  return changes.map((c) => `  ${safe(c.path)}: ${show(c.path, c.old)} → ${show(c.path, c.new)}`).join('\n') + '\n';
}

export function callJson({ call, counts }: CallSummary): unknown {
  return {
    call: { ...callToJson(call), status: call.status, createdAt: call.createdAt },
    counts: {
      applications: counts.applications,
      requested: kr(counts.requested),
      withdrawn: counts.withdrawn,
      ineligible: counts.ineligible,
      competing: { applications: counts.applications - counts.withdrawn - counts.ineligible, requested: kr(counts.activeRequested), scored: counts.activeScored },
      scored: counts.scored,
      decided: counts.decided,
      granted: kr(counts.granted),
    },
  };
}

export function renderCall(out: Output, { call, counts }: CallSummary): string {
  const { t, lang, c } = out;
  const num = (x: number) => (Number.isInteger(x) ? String(x) : formatNumber(x, lang, 2).replace(/0$/, ''));
  const lines: string[] = [];
  lines.push(c.bold(safe(call.name)) + `  (${safe(call.slug)}, ${call.year}) · ${t('col.status').toLowerCase()}: ${t(`call.status.${call.status}`)}`);
  lines.push('');
  const labels = Object.keys(call.scale.labels)
    .map(Number)
    .sort((a, b) => a - b)
    .map((v) => `${v} ${safe(localText(call.scale.labels[String(v)], lang))}`);
  lines.push(t('call.show.scale', { min: call.scale.min, max: call.scale.max }) + (labels.length ? ': ' + labels.join(' · ') : ''));
  lines.push(t('call.show.threshold', { threshold: num(call.threshold), disagreement: num(call.disagreement) }));
  lines.push('');
  lines.push(c.bold(t('call.show.criteria')));
  lines.push(
    renderTable(
      out,
      [{ header: t('col.key') }, { header: t('col.criterion'), wrap: true }, { header: t('col.weight'), align: 'right' }, { header: t('col.minimum'), align: 'right' }, { header: t('col.na') }],
      call.criteria.map((cr) => [safe(cr.key), safe(localText(cr.name, lang)), num(cr.weight), cr.min === undefined ? '–' : num(cr.min), cr.allowNA ? t('yes') : t('no')]),
    ).trimEnd(),
  );
  lines.push('');
  lines.push(c.bold(t('call.show.tiers')));
  lines.push(
    renderTable(
      out,
      [
        { header: t('col.key') },
        { header: t('col.tier'), wrap: true },
        { header: t('col.budget'), align: 'right' },
        { header: t('col.threshold'), align: 'right' },
        { header: t('col.max_grant'), align: 'right' },
        { header: t('col.partial') },
        { header: t('col.min_grant'), align: 'right' },
      ],
      call.tiers.map((tr) => [
        safe(tr.key),
        safe(localText(tr.name, lang)),
        formatMoney(tr.budget, lang),
        num(tr.threshold),
        tr.maxGrant === undefined ? '–' : formatMoney(tr.maxGrant, lang),
        tr.partial ? t('yes') : t('no'),
        tr.minGrant === undefined ? '–' : formatMoney(tr.minGrant, lang),
      ]),
      { footer: call.tiers.length > 1 ? [['', t('total'), formatMoney(totalBudget(call), lang), '', '', '', '']] : [] },
    ).trimEnd(),
  );
  lines.push('');
  lines.push(t('call.show.tiebreak', { steps: call.tieBreak.map((s) => t(`tiebreak.step.${s}`)).join(' → ') }));
  if (call.funder) lines.push(t('call.show.funder', { name: call.funder.name }));
  const aid = call.stateAid;
  if (aid?.basis === 'de-minimis')
    lines.push(t('call.show.state_aid_de_minimis', { ceiling: formatFigure((aid.ceilingCents ?? 0) / 100, lang), years: aid.periodYears ?? 3, rate: num(aid.eurRate ?? 0), grantDate: { date: aid.grantDate ?? '' } }));
  else if (aid) lines.push(t(`call.show.state_aid_${aid.basis}`));
  if (aid?.region) lines.push(t('call.show.state_aid_region', { region: safe(aid.region) }));
  if (counts.withdrawn + counts.ineligible === 0)
    lines.push(t('call.show.counts', { applications: counts.applications, requested: { money: counts.requested }, scored: counts.scored, decided: counts.decided }));
  else
    // withdrawn and ineligible ones apart: they are not offered, ranked or funded
    lines.push(
      t('call.show.counts_excluded', {
        applications: counts.applications,
        active: counts.applications - counts.withdrawn - counts.ineligible,
        requested: { money: counts.activeRequested },
        withdrawn: counts.withdrawn,
        ineligible: counts.ineligible,
        scored: counts.activeScored,
        decided: counts.decided,
      }),
    );
  // sentences wider than the terminal wrap with a hanging indent instead of at the terminal's edge
  const fitted = out.tty ? lines.map((l) => (l.includes('\n') ? l : wrapIndentOnTerminal(l, out.width, '', '  '))) : lines;
  return fitted.join('\n') + '\n';
}

/** The budgets `allocate --budget --commit` changed, `main: 8 000 000 kr → 9 000 000 kr`. */
export function callBudgetChanges(out: Output, changes: FieldChange[]): string {
  return changes
    .map((c) => {
      const money = (v: unknown) => (typeof v === 'number' ? formatMoney(v * 100, out.lang) : safe(JSON.stringify(v)));
      return `${safe(c.path)}: ${money(c.old)} → ${money(c.new)}`;
    })
    .join('; ');
}
