/**
 * Decision letters put into words: each letter's merge fields (every sentence from the
 * catalogue, in the output's language), and the letter as Markdown, as one printable HTML
 * page set, or as a row of the CSV merge file. The Word letter fills a template with the
 * same fields (io/docx.ts). User text is escaped for each format; control characters never
 * reach a letter.
 */
import type { AllocationDecision } from '../../core/allocate.js';
import { localText } from '../../core/call.js';
import { fromDecimal, round, sub, type Rational } from '../../core/rational.js';
import { toCsv } from '../../io/csv-write.js';
import { formatMoney, formatNumber, hasMessage } from '../../io/i18n/index.js';
import type { Output } from '../../io/output.js';
import { formatFigure, listOf, stripControls } from '../../io/text.js';
import type { LetterData, LetterKind, LetterSet } from '../../services/letters.js';
import { reasonText } from './ranking.js';
import { escapeHtml, escapeMd, escapeMdBlock, lowerFirst } from './summary.js';

/** One row of the criteria table. */
export interface CriterionFields {
  name: string;
  weight: string;
  mean: string;
  min: string;
}

/** Every merge field of a letter: text, the booleans a template's sections test, and the criteria rows. */
export interface LetterFields {
  text: Record<TextField, string>;
  flags: Record<FlagField, boolean>;
  criteria: CriterionFields[];
  comments: { text: string }[];
}

/** The text merge fields, in the order the CSV merge file gives them. */
export const TEXT_FIELDS = [
  'ref',
  'kind',
  'kindName',
  'funder',
  'call',
  'date',
  'dateIso',
  'applicant',
  'orgNumber',
  'contact',
  'contactEmail',
  'title',
  'tier',
  'requested',
  'granted',
  'weightedResult',
  'rank',
  'rankedCount',
  'reservePlace',
  'callThreshold',
  'tierThreshold',
  'heading',
  'regarding',
  'greeting',
  'decision',
  'reasonsIntro',
  'naNote',
  'result',
  'thresholds',
  'rule',
  'reason',
  'decidingFact',
  'conditionsUse',
  'conditionsAccept',
  'conditionsReport',
  'acceptBy',
  'reserveText',
  'appeal',
  'appealDeadline',
  'access',
  'closing',
  'signatureNote',
  'comments',
  'labelRef',
  'labelDate',
  'labelApplicant',
  'labelOrgNumber',
  'labelContact',
  'labelTitle',
  'labelRequested',
  'labelGranted',
  'labelTier',
  'headingDecision',
  'headingReasons',
  'headingConditions',
  'headingReserve',
  'headingAppeal',
  'headingAccess',
  'headingComments',
  'colCriterion',
  'colWeight',
  'colMean',
  'colMin',
  'weightedLabel',
] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

/** Sections a template can show or leave out: {#isGrant}…{/isGrant}. `templateNotes` is never shown: notes for whoever edits the template. */
export const FLAG_FIELDS = ['isGrant', 'isPartial', 'isFunded', 'isReserve', 'isRejection', 'isIneligible', 'isAssessed', 'hasFact', 'hasNa', 'hasOrgNumber', 'hasContact', 'hasComments', 'hasTier', 'templateNotes'] as const;
export type FlagField = (typeof FLAG_FIELDS)[number];

/** The loops: criteria rows (`{#criteria}{name} {weight} {mean} {min}{/criteria}`) and comment lines (`{#commentLines}{text}{/commentLines}`). */
export const LOOP_FIELDS = { criteria: ['name', 'weight', 'mean', 'min'], commentLines: ['text'] } as const;

const clean = (s: string | null | undefined): string => stripControls(s ?? '').trim();

/** A date `YYYY-MM-DD` as a letter writes it: 15. november 2021 / 15 November 2021. */
export function longDate(iso: string, lang: 'nb' | 'en'): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return new Intl.DateTimeFormat(lang === 'nb' ? 'nb-NO' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

const score = (x: Rational | null, out: Output): string => (x === null ? '–' : formatNumber(round(x, 2), out.lang));

/** The merge fields of one letter. */
export function letterFields(out: Output, set: LetterSet, l: LetterData, rankedCount: number): LetterFields {
  const { t, lang } = out;
  const call = set.call;
  const a = l.application;
  const funder = clean(call.funder?.name) || clean(call.name);
  const tierDef = l.tier ? call.tiers.find((x) => x.key === l.tier) : undefined;
  const tierName = (key: string) => clean(localText(call.tiers.find((x) => x.key === key)?.name, lang)) || key;
  const critName = (key: string) => clean(localText(call.criteria.find((x) => x.key === key)?.name, lang)) || key;
  const money = (ore: number) => formatMoney(ore, lang);
  const num = (x: number) => formatNumber(x, lang);
  const text = (key: string, params: Record<string, unknown> = {}) => stripControls(t(key, params));
  const common = { funder, applicant: clean(a.applicant), title: clean(a.title), call: clean(call.name), ref: clean(a.ref) };

  const decision = text(`letter.decision.${l.kind}`, {
    ...common,
    granted: { money: l.granted },
    requested: { money: a.requested },
    tier: l.tier ? lowerFirst(tierName(l.tier)) : '',
    place: l.reservePlace ?? '',
  });
  const hasNa = l.criteria.some((c) => c.na > 0);
  const tiersText = call.tiers
    .map((x) => {
      const max = x.maxGrant === undefined ? '' : ', ' + text('letter.reasons.tier_max', { maxGrant: { money: x.maxGrant } });
      return text('letter.reasons.tier_threshold', { tier: tierName(x.key), threshold: num(x.threshold) }) + max;
    })
    .join('; ');

  // the allocation's own sentence for the reason code
  const [code] = l.reason.split(':');
  const asDecision: AllocationDecision = {
    applicationId: a.id,
    ref: a.ref,
    rank: l.rank,
    score: l.score,
    tier: l.tier,
    requested: a.requested,
    granted: l.granted,
    status: l.status === 'reserve' ? 'rejected' : l.status === 'ineligible' ? 'rejected' : l.status,
    reason: l.reason as AllocationDecision['reason'],
    manual: l.manual,
    ...(l.aid ? { aid: l.aid } : {}),
  };
  const criterionMean = (key: string) => l.criteria.find((c) => c.key === key)?.mean ?? null;
  // a decision by hand: the caseworker's note (the deciding fact) is its reason; "locked" is the tool's word, not the applicant's
  const reason = l.manual
    ? ''
    : l.kind === 'ineligible' || !hasMessage(`reason.${code}`)
      ? text('letter.fact.ineligible')
      : stripControls(
          reasonText(call, asDecision, out, {
            aggregate: { criteria: l.criteria.map((c) => ({ criterion: c.key, mean: c.mean })) },
          } as unknown as Parameters<typeof reasonText>[3]),
        );

  let fact = '';
  const f = l.fact;
  if (f) {
    if (f.fact === 'below-threshold' || f.fact === 'below-tier-thresholds') {
      const gap = f.score === null ? null : sub(fromDecimal(f.threshold), f.score);
      fact = text(`letter.fact.${f.fact}`, { score: score(f.score, out), threshold: num(f.threshold), gap: score(gap, out) });
    }
    else if (f.fact === 'criterion-minimum') fact = text('letter.fact.criterion-minimum', { criterion: critName(f.criterion), mean: score(criterionMean(f.criterion), out), min: num(f.min) });
    else if (f.fact === 'budget-exhausted') {
      const tiers = listOf(f.tiers.map((k) => lowerFirst(tierName(k))), lang, 'and');
      fact =
        f.lineRank === null
          ? text('letter.fact.budget-exhausted-none', { tiers, rank: f.rank ?? '–' })
          : text('letter.fact.budget-exhausted', { tiers, rank: f.rank ?? '–', lineRank: f.lineRank, lineScore: score(f.lineScore, out) });
    } else if (f.fact === 'max-grant') fact = text('letter.fact.max-grant', { maxGrant: { money: f.maxGrant }, tier: lowerFirst(tierName(f.tier)) });
    else if (f.fact === 'partial-remainder') fact = text('letter.fact.partial-remainder', { left: { money: f.left }, tier: lowerFirst(tierName(f.tier)) });
    else if (f.fact === 'manual') fact = clean(f.note) ? text('letter.fact.manual', { note: clean(f.note) }) : text('letter.fact.manual-plain');
    else if (f.fact === 'ineligible' && clean(f.note)) fact = text('letter.fact.ineligible-reason', { note: asSentence(clean(f.note)) });
  }
  const comments = (l.comments ?? []).map((c) => ({ text: text('letter.comment', { evaluator: clean(c.evaluator), criterion: critName(c.criterion), comment: clean(c.comment) }) }));
  const submitted = a.submitted ? longDate(a.submitted, lang) : null;
  const deadline = longDate(set.appeal.deadline, lang);
  const isFunded = l.kind === 'grant' || l.kind === 'partial-grant';

  const aid = call.stateAid;
  const aidBasis =
    aid && aid.basis !== 'none'
      ? text(`letter.state_aid.${aid.basis}`, aid.basis === 'de-minimis' ? { ceiling: formatFigure((aid.ceilingCents ?? 0) / 100, lang), years: aid.periodYears ?? 3, grantDate: aid.grantDate ? longDate(aid.grantDate, lang) : '' } : {})
      : '';
  const fields: Record<TextField, string> = {
    ref: common.ref,
    kind: l.kind,
    kindName: text(`letter.kind.${l.kind}`),
    funder,
    call: common.call,
    date: longDate(set.date, lang),
    dateIso: set.date,
    applicant: common.applicant,
    orgNumber: clean(a.orgNumber),
    contact: clean(a.contactName),
    contactEmail: clean(a.contactEmail),
    title: common.title,
    tier: l.tier ? tierName(l.tier) : '',
    requested: money(a.requested),
    granted: money(l.granted),
    weightedResult: score(l.score, out),
    rank: l.rank === null ? '' : String(l.rank),
    rankedCount: String(rankedCount),
    reservePlace: l.reservePlace === null ? '' : String(l.reservePlace),
    callThreshold: num(call.threshold),
    tierThreshold: tierDef ? num(tierDef.threshold) : l.tierThreshold === null ? '' : num(l.tierThreshold),
    heading: text(`letter.title.${l.kind}`),
    regarding: text('letter.regarding', { call: common.call }),
    greeting: submitted ? text('letter.greeting', { submitted, call: common.call }) : text('letter.greeting.undated', { call: common.call }),
    decision,
    reasonsIntro: text('letter.reasons.intro', { min: call.scale.min, max: call.scale.max }),
    naNote: hasNa ? text('letter.reasons.na') : '',
    result: l.score === null || l.rank === null ? text('letter.reasons.result_unranked') : text('letter.reasons.result', { score: score(l.score, out), rank: l.rank, count: rankedCount }),
    thresholds: text('letter.reasons.thresholds', { threshold: num(call.threshold), tiers: tiersText }),
    rule: text('letter.reasons.rule'),
    reason,
    decidingFact: fact,
    // the aid basis the grant is given on (the call's stateAid): part of the conditions
    conditionsUse: isFunded ? [text('letter.conditions.use', common), aidBasis].filter(Boolean).join(' ') : '',
    conditionsAccept: isFunded ? text('letter.conditions.accept', { ...common, acceptBy: longDate(set.acceptBy, lang) }) : '',
    // what to report and when: the call's `reporting` list where it has one, else the standard final report
    conditionsReport: !isFunded
      ? ''
      : call.reporting && call.reporting.length > 0
        ? text('letter.conditions.report_call', { ...common, items: call.reporting.map((r) => text('letter.conditions.report_item', { what: clean(localText(r.what, lang)), due: longDate(r.due, lang) })).join('; ') })
        : text('letter.conditions.report', common),
    acceptBy: isFunded ? longDate(set.acceptBy, lang) : '',
    reserveText: l.kind === 'reserve' ? text('letter.reserve.text') : '',
    appeal: text('letter.appeal.text', { ...common, deadline }),
    appealDeadline: deadline,
    access: text('letter.access.text', common),
    closing: text('letter.closing'),
    signatureNote: text('letter.signature_note'),
    comments: comments.map((c) => c.text).join('\n'),
    labelRef: text('letter.label.ref'),
    labelDate: text('letter.label.date'),
    labelApplicant: text('letter.label.applicant'),
    labelOrgNumber: text('letter.label.org_number'),
    labelContact: text('letter.label.contact'),
    labelTitle: text('letter.label.title'),
    labelRequested: text('letter.label.requested'),
    labelGranted: text('letter.label.granted'),
    labelTier: text('letter.label.tier'),
    headingDecision: text('letter.heading.decision'),
    headingReasons: text('letter.heading.reasons'),
    headingConditions: text('letter.heading.conditions'),
    headingReserve: text('letter.heading.reserve'),
    headingAppeal: text('letter.heading.appeal'),
    headingAccess: text('letter.heading.access'),
    headingComments: text('letter.heading.comments'),
    colCriterion: text('letter.col.criterion'),
    colWeight: text('letter.col.weight'),
    colMean: text('letter.col.mean'),
    colMin: text('letter.col.min'),
    weightedLabel: text('letter.weighted'),
  };
  return {
    text: fields,
    flags: {
      isGrant: l.kind === 'grant',
      isPartial: l.kind === 'partial-grant',
      isFunded,
      isReserve: l.kind === 'reserve',
      isRejection: l.kind === 'rejection',
      isIneligible: l.kind === 'ineligible',
      // assessed against the criteria: every letter but one found ineligible at the formal check
      isAssessed: l.kind !== 'ineligible',
      hasFact: fact !== '',
      hasNa,
      hasOrgNumber: fields.orgNumber !== '',
      hasContact: fields.contact !== '',
      hasComments: comments.length > 0,
      hasTier: fields.tier !== '',
      templateNotes: false,
    },
    criteria: l.criteria.map((c) => ({
      name: critName(c.key),
      weight: formatFigure(c.weight, lang),
      mean: c.mean === null ? (c.na > 0 ? text('letter.na') : '–') : score(c.mean, out),
      min: c.min === null ? '–' : num(c.min),
    })),
    comments,
  };
}

/**
 * The reasons paragraph: result, thresholds, the rule, the reason sentence and the deciding fact;
 * for an application not assessed (found ineligible), the reason and the fact alone.
 */
function reasonParagraphs(f: LetterFields): string[] {
  const x = f.text;
  const why = [x.reason, x.decidingFact].filter(Boolean).join(' ');
  return f.flags.isAssessed ? [[x.result, x.thresholds].join(' '), x.rule, why] : [why];
}

/** A caseworker's note quoted as a sentence: ended with a full stop when it has no end of its own. */
const asSentence = (s: string): string => (/[.!?…:;»”"')]$/.test(s) ? s : `${s}.`);

// ---------------------------------------------------------------- markdown

/** The letter as Markdown. */
export function letterMd(f: LetterFields): string {
  const x = f.text;
  const e = (s: string) => escapeMd(s);
  const p = (s: string) => escapeMdBlock(s);
  const lines: string[] = [];
  lines.push(`**${e(x.funder)}**`, '');
  const meta: [string, string][] = [
    [x.labelRef, x.ref],
    [x.labelDate, x.date],
    [x.labelApplicant, x.applicant + (f.flags.hasOrgNumber ? ` (${x.labelOrgNumber.toLowerCase()} ${x.orgNumber})` : '')],
    ...(f.flags.hasContact ? ([[x.labelContact, x.contact]] as [string, string][]) : []),
    [x.labelTitle, x.title],
  ];
  lines.push(meta.map(([k, v]) => `${e(k)}: ${e(v)}`).join('  \n'), '');
  lines.push(`# ${e(x.heading)}`, '', p(x.greeting), '');
  lines.push(`## ${e(x.headingDecision)}`, '', p(x.decision), '');
  const amounts: [string, string][] = [
    [x.labelRequested, x.requested],
    ...(f.flags.isFunded ? ([[x.labelGranted, x.granted]] as [string, string][]) : []),
    ...(f.flags.isFunded && f.flags.hasTier ? ([[x.labelTier, x.tier]] as [string, string][]) : []),
  ];
  lines.push(amounts.map(([k, v]) => `${e(k)}: ${e(v)}`).join('  \n'), '');
  lines.push(`## ${e(x.headingReasons)}`, '');
  if (f.flags.isAssessed) {
    lines.push(p(x.reasonsIntro) + (x.naNote ? ' ' + p(x.naNote) : ''), '');
    lines.push(`| ${e(x.colCriterion)} | ${e(x.colWeight)} | ${e(x.colMean)} | ${e(x.colMin)} |`, '| --- | ---: | ---: | ---: |');
    for (const c of f.criteria) lines.push(`| ${e(c.name)} | ${e(c.weight)} | ${e(c.mean)} | ${e(c.min)} |`);
    lines.push(`| **${e(x.weightedLabel)}** | | **${e(x.weightedResult)}** | ${e(x.callThreshold)} |`, '');
  }
  for (const para of reasonParagraphs(f)) lines.push(p(para), '');
  if (f.flags.isFunded) lines.push(`## ${e(x.headingConditions)}`, '', p(x.conditionsUse), '', p(x.conditionsAccept), '', p(x.conditionsReport), '');
  if (f.flags.isReserve) lines.push(`## ${e(x.headingReserve)}`, '', p(x.reserveText), '');
  if (f.flags.hasComments) lines.push(`## ${e(x.headingComments)}`, '', ...f.comments.map((c) => `- ${e(c.text)}`), '');
  lines.push(`## ${e(x.headingAppeal)}`, '', p(x.appeal), '');
  lines.push(`## ${e(x.headingAccess)}`, '', p(x.access), '');
  lines.push(`${e(x.closing)}  \n${e(x.funder)}`, '', `*${e(x.signatureNote)}*`, '');
  return lines.join('\n');
}

// ---------------------------------------------------------------- html

const CSS = `
:root { --ink: #1d2228; --muted: #59626d; --accent: #0b5394; --rule: #d8dde3; }
* { box-sizing: border-box; }
html { font-size: 16px; }
body { margin: 0; background: #eef0f3; color: var(--ink); line-height: 1.5;
  font-family: "Segoe UI", system-ui, -apple-system, Roboto, "Noto Sans", "Liberation Sans", "DejaVu Sans", Arial, sans-serif; }
main.letter { max-width: 46rem; margin: 2rem auto; padding: 2.5rem 3rem; background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.08); }
.letter p, .letter li, .letter td, .letter th, .letter dd, .letter h1, .letter h2 { overflow-wrap: anywhere; }
.letterhead { margin: 0 0 1.6rem; padding-bottom: .6rem; border-bottom: 3px solid var(--accent); color: var(--accent); font-size: 1.25rem; font-weight: 700; }
.meta { display: grid; grid-template-columns: minmax(8rem, max-content) 1fr; gap: .15rem 1rem; margin: 0 0 1.5rem; font-size: .95rem; }
.meta dt { color: var(--muted); }
.meta dd { margin: 0; min-width: 0; }
h1 { margin: 0 0 1rem; font-size: 1.55rem; line-height: 1.25; }
h2 { margin: 1.5rem 0 .5rem; font-size: 1.1rem; color: var(--accent); }
p { margin: .45rem 0; }
.decision { font-weight: 600; }
.amounts { display: grid; grid-template-columns: minmax(8rem, max-content) 1fr; gap: .15rem 1rem; margin: .6rem 0; }
.amounts dt { color: var(--muted); }
.amounts dd { margin: 0; font-variant-numeric: tabular-nums; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: .6rem 0 .8rem; font-size: .95rem; }
col.c-name { width: 52%; }
col.c-num { width: 16%; }
th, td { padding: .35rem .45rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); font-size: .85rem; color: var(--muted); }
.num { text-align: right; font-variant-numeric: tabular-nums; }
tfoot td { font-weight: 700; border-top: 2px solid var(--ink); border-bottom: none; }
.closing { margin-top: 1.6rem; }
.signature-note { color: var(--muted); font-size: .85rem; font-style: italic; }
@media print {
  @page { size: A4; margin: 18mm 18mm 18mm; }
  html { font-size: 10pt; }
  body { line-height: 1.4; }
  body { background: #fff; }
  main.letter { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h1, h2 { break-after: avoid; page-break-after: avoid; }
  table, tr, .meta, .amounts, section, .closing { break-inside: avoid; page-break-inside: avoid; }
  main.letter + main.letter { break-before: page; page-break-before: always; }
}
`;

/** The letter as one self-contained HTML page set, one letter per A4 page set when printed. */
export function letterHtml(f: LetterFields, lang: 'nb' | 'en'): string {
  const x = f.text;
  const h = (s: string) => escapeHtml(s);
  const dl = (cls: string, rows: [string, string][]) => `<dl class="${cls}">${rows.map(([k, v]) => `<dt>${h(k)}</dt><dd>${h(v)}</dd>`).join('')}</dl>`;
  const section = (heading: string, paragraphs: string[]) => [`<section>`, `<h2>${h(heading)}</h2>`, ...paragraphs.map((s) => `<p>${h(s)}</p>`), `</section>`].join('\n');
  const body: string[] = [];
  body.push(`<p class="letterhead">${h(x.funder)}</p>`);
  body.push(
    dl('meta', [
      [x.labelRef, x.ref],
      [x.labelDate, x.date],
      [x.labelApplicant, x.applicant],
      ...(f.flags.hasOrgNumber ? ([[x.labelOrgNumber, x.orgNumber]] as [string, string][]) : []),
      ...(f.flags.hasContact ? ([[x.labelContact, x.contact]] as [string, string][]) : []),
      [x.labelTitle, x.title],
    ]),
  );
  body.push(`<h1>${h(x.heading)}</h1>`, `<p>${h(x.greeting)}</p>`);
  body.push(
    `<section>`,
    `<h2>${h(x.headingDecision)}</h2>`,
    `<p class="decision">${h(x.decision)}</p>`,
    dl('amounts', [
      [x.labelRequested, x.requested],
      ...(f.flags.isFunded ? ([[x.labelGranted, x.granted]] as [string, string][]) : []),
      ...(f.flags.isFunded && f.flags.hasTier ? ([[x.labelTier, x.tier]] as [string, string][]) : []),
    ]),
    `</section>`,
  );
  body.push(
    `<section class="reasons">`,
    `<h2>${h(x.headingReasons)}</h2>`,
    ...(f.flags.isAssessed
      ? [
          `<p>${h(x.reasonsIntro)}${x.naNote ? ' ' + h(x.naNote) : ''}</p>`,
          `<table>`,
          `<colgroup><col class="c-name"><col class="c-num"><col class="c-num"><col class="c-num"></colgroup>`,
          `<thead><tr><th scope="col">${h(x.colCriterion)}</th><th scope="col" class="num">${h(x.colWeight)}</th><th scope="col" class="num">${h(x.colMean)}</th><th scope="col" class="num">${h(x.colMin)}</th></tr></thead>`,
          `<tbody>`,
          ...f.criteria.map((c) => `<tr><td>${h(c.name)}</td><td class="num">${h(c.weight)}</td><td class="num">${h(c.mean)}</td><td class="num">${h(c.min)}</td></tr>`),
          `</tbody>`,
          `<tfoot><tr><td>${h(x.weightedLabel)}</td><td></td><td class="num">${h(x.weightedResult)}</td><td class="num">${h(x.callThreshold)}</td></tr></tfoot>`,
          `</table>`,
        ]
      : []),
    ...reasonParagraphs(f).map((s) => `<p>${h(s)}</p>`),
    `</section>`,
  );
  if (f.flags.isFunded) body.push(section(x.headingConditions, [x.conditionsUse, x.conditionsAccept, x.conditionsReport]));
  if (f.flags.isReserve) body.push(section(x.headingReserve, [x.reserveText]));
  if (f.flags.hasComments) body.push(`<section>`, `<h2>${h(x.headingComments)}</h2>`, `<ul>`, ...f.comments.map((c) => `<li>${h(c.text)}</li>`), `</ul>`, `</section>`);
  body.push(section(x.headingAppeal, [x.appeal]), section(x.headingAccess, [x.access]));
  body.push(`<p class="closing">${h(x.closing)}<br>${h(x.funder)}</p>`, `<p class="signature-note">${h(x.signatureNote)}</p>`);
  return [
    '<!doctype html>',
    `<html lang="${lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${h(x.heading)} – ${h(x.ref)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<main class="letter">',
    ...body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------- csv

/** The merge file: one row per letter, every text field, the section flags and each criterion's mean. */
export function lettersCsv(set: LetterSet, all: LetterFields[]): string {
  const keys = set.call.criteria.map((c) => c.key);
  const flags = FLAG_FIELDS.filter((k) => k !== 'templateNotes');
  const header = [...TEXT_FIELDS, ...flags, ...keys.flatMap((k) => [`mean_${k}`, `weight_${k}`, `min_${k}`])];
  const rows = all.map((f) => [
    ...TEXT_FIELDS.map((k) => f.text[k]),
    ...flags.map((k) => (f.flags[k] ? '1' : '0')),
    ...f.criteria.flatMap((c) => [c.mean, c.weight, c.min]),
  ]);
  return toCsv(header, rows, { bom: true });
}

/** A count per kind in words: "3 grants, 4 rejections". */
export function kindCounts(out: Output, kinds: readonly LetterKind[]): string {
  const order: LetterKind[] = ['grant', 'partial-grant', 'reserve', 'rejection', 'ineligible'];
  return order
    .map((k) => ({ k, n: kinds.filter((x) => x === k).length }))
    .filter((x) => x.n > 0)
    .map((x) => out.t(`letters.count.${x.k}`, { count: x.n }))
    .join(', ');
}

/** The file name a ref gives: what a file system takes on every platform ("21/04117-1" → "21-04117-1"). */
export function fileSafe(ref: string): string {
  const s = stripControls(ref)
    .normalize('NFC')
    .replace(/[\\/:*?"<>|\s]+/g, '-')
    .replace(/^[.-]+|[.-]+$/g, '')
    .slice(0, 120);
  // Windows keeps these names for devices
  return s === '' ? 'letter' : /^(con|prn|aux|nul|com\d|lpt\d)$/i.test(s) ? `${s}-` : s;
}
