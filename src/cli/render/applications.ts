/** Rendering applications: the list and one application's card. */
import { type Call, localText } from '../../core/call.js';
import type { Application } from '../../core/types.js';
import { formatMoney } from '../../io/i18n/index.js';
import type { Output } from '../../io/output.js';
import { renderTable } from '../../io/table.js';
import { safe, wrapIndent } from '../../io/text.js';
import type { ApplicationDetail, ApplicationListItem } from '../../services/applications.js';

import { kr } from './units.js';

export function applicationJson(a: Application): Record<string, unknown> {
  return {
    ref: a.ref,
    applicant: a.applicant,
    orgNumber: a.orgNumber,
    title: a.title,
    partners: a.partners,
    requested: kr(a.requested),
    projectBudget: kr(a.projectBudget),
    summary: a.summary,
    contactName: a.contactName,
    contactEmail: a.contactEmail,
    submitted: a.submitted,
    extra: a.extra,
    priorDeMinimis: kr(a.priorDeMinimis),
  };
}

export function applicationListJson(call: Call, items: ApplicationListItem[]): unknown {
  return {
    call: call.slug,
    applications: items.map((i) => ({ ...applicationJson(i), status: i.status, evaluators: i.evaluators, tier: i.tier, granted: kr(i.granted) })),
  };
}

export function statusText(out: Output, status: string): string {
  const s = out.t(`status.${status}`);
  if (status === 'granted') return out.c.green(s);
  if (status === 'partially granted') return out.c.cyan(s);
  if (status === 'rejected') return out.c.red(s);
  if (status === 'pending' || status === 'reserve') return out.c.yellow(s);
  if (status === 'declined') return out.c.dim(s);
  if (status === 'withdrawn' || status === 'ineligible') return out.c.dim(s);
  return s;
}

export function renderApplicationList(out: Output, items: ApplicationListItem[]): string {
  const { t, lang } = out;
  const total = items.reduce((s, i) => s + i.requested, 0);
  return renderTable(
    out,
    [
      { header: t('col.ref') },
      { header: t('col.applicant'), wrap: true },
      { header: t('col.title'), wrap: true },
      { header: t('col.requested'), align: 'right' },
      { header: t('col.evaluators'), align: 'right' },
      { header: t('col.status'), words: true },
    ],
    items.map((i) => [safe(i.ref), safe(i.applicant), safe(i.title), formatMoney(i.requested, lang), String(i.evaluators), statusText(out, i.status)]),
    { footer: [[t('applications.count', { count: items.length }), '', '', formatMoney(total, lang), '', '']] },
  );
}

export function applicationDetailJson(d: ApplicationDetail): unknown {
  return {
    application: applicationJson(d.application),
    scores: d.scores,
    conflicts: d.conflicts,
    notes: d.notes,
    decision: d.decision ? { ...d.decision, granted: kr(d.decision.granted) } : null,
    standing: d.standing ? { ...d.standing, reason: d.standing.status } : null,
    ...(d.stateAid ? { stateAid: Object.fromEntries(Object.entries(d.stateAid).map(([k, v]) => [k, kr(v)])) } : {}),
  };
}

/** An ISO date (and time) as the language writes it: 15.09.2021 (nb), 2021-09-15 (en). */
export function formatDate(iso: string, lang: 'nb' | 'en'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}:\d{2}))?/.exec(iso);
  if (!m) return iso;
  const [, y, mo, d, time] = m;
  const date = lang === 'nb' ? `${d}.${mo}.${y}` : `${y}-${mo}-${d}`;
  return time ? `${date} ${time}` : date;
}

/** The card of an application: what an evaluator or caseworker reads first. */
export function renderCard(out: Output, a: Application): string {
  const { t, lang, c } = out;
  const w = Math.min(out.width, 100);
  const para = (s: string, indent = '') => safe(s).split('\n').map((p) => wrapIndent(p, w, indent)).join('\n');
  const lines = [
    c.bold(para(`${a.ref}  ${a.title}`)),
    para(`${t('card.applicant')}: ${a.applicant}${a.orgNumber ? ` (${t('card.orgnr')} ${a.orgNumber.replace(/^(\d{3})(\d{3})(\d{3})$/, '$1 $2 $3')})` : ''}`),
  ];
  if (a.partners.length) lines.push(para(`${t('card.partners')}: ${a.partners.join(', ')}`));
  lines.push(`${t('card.requested')}: ${formatMoney(a.requested, lang)}${a.projectBudget ? ` ${t('card.of_budget', { budget: { money: a.projectBudget } })}` : ''}`);
  if (a.contactName || a.contactEmail) lines.push(para(`${t('card.contact')}: ${[a.contactName, a.contactEmail].filter(Boolean).join(', ')}`));
  if (a.submitted) lines.push(`${t('card.submitted')}: ${safe(formatDate(a.submitted, lang))}`);
  if (a.summary) lines.push('', para(a.summary, '  '));
  return lines.join('\n');
}

export function renderApplicationDetail(out: Output, call: Call, d: ApplicationDetail): string {
  const { t, lang, c } = out;
  const lines = [renderCard(out, d.application)];
  if (d.standing) {
    // out of the competition: said first, with who said so and why
    const st = d.standing;
    lines.push('', c.yellow(t(`case.card.${st.status}`, { by: safe(st.by ?? ''), at: formatDate((st.at ?? '').slice(0, 10), lang) })));
    if (st.note) lines.push(`  ${safe(st.note).replace(/\n/g, ' ')}`);
  }
  const extra = Object.entries(d.application.extra);
  if (extra.length) {
    lines.push('', c.bold(t('card.extra')));
    for (const [k, v] of extra) lines.push(`  ${safe(k)}: ${safe(v).replace(/\n/g, ' ')}`);
  }
  if (d.conflicts.length) {
    lines.push('', c.bold(t('card.conflicts')));
    for (const x of d.conflicts) lines.push(`  ${safe(x.evaluator)}: ${safe(x.reason)}`);
  }
  lines.push('', c.bold(t('card.scores')));
  if (d.scores.length === 0) lines.push('  ' + t('card.no_scores'));
  const crit = new Map(call.criteria.map((cr) => [cr.key, safe(localText(cr.name, lang))]));
  // a criterion without its own justification carries the overall one (as score import keeps them): said once, below
  const overallOf = new Map(d.notes.map((n) => [n.evaluator, n.note]));
  for (const s of d.scores) {
    const v = s.value === null ? t('score.na') : String(s.value);
    const mark = s.conflicted ? ' ' + c.yellow(t('card.not_counted')) : '';
    const own = s.comment && s.comment !== overallOf.get(s.evaluator) ? s.comment : null;
    lines.push(`  ${safe(s.evaluator)} · ${crit.get(s.criterion) ?? safe(s.criterion)}: ${v}${mark}${own ? ` — ${safe(own).replace(/\n/g, ' ')}` : ''}`);
  }
  for (const n of d.notes) lines.push(`  ${safe(n.evaluator)} · ${t('card.overall_justification')}: ${safe(n.note).replace(/\n/g, ' ')}`);
  if (d.decision) {
    const dd = d.decision;
    lines.push('', c.bold(t('card.decision')));
    const tier = safe(dd.tier ? localText(call.tiers.find((x) => x.key === dd.tier)?.name, lang) || dd.tier : '–');
    lines.push(`  ${statusText(out, dd.status)} · ${tier} · ${formatMoney(dd.granted, lang)}${dd.manual ? ' · ' + t('card.manual') : ''}`);
    lines.push(`  ${t('card.decided_by', { who: dd.decidedBy, at: dd.decidedAt.replace('T', ' ').slice(0, 16) })}${dd.note ? ` — ${safe(dd.note)}` : ''}`);
  }
  // the de minimis headroom, where it is less than the request
  const aid = d.stateAid;
  if (aid && aid.headroom < d.application.requested) {
    lines.push('', t('stateaid.headroom', { headroom: { money: aid.headroom }, ceiling: { money: aid.ceiling }, other: { money: aid.other }, own: { money: aid.own }, thisCall: { money: aid.thisCall } }));
  }
  return lines.join('\n') + '\n';
}
