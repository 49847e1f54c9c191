/**
 * The award summary as the county publishes it (`klynge report summary`): a
 * press release in nb or en, modelled on Viken fylkeskommune's 2021 release,
 * as plain text, Markdown or one self-contained HTML file with a bar chart.
 *
 * Every sentence comes from the catalogue (catalog-summary.ts). User text
 * (applicants, titles, partners, summaries) is escaped for the format: HTML
 * entities in html, backslash escapes in md, control characters dropped in all.
 */
import type { Call } from '../../core/call.js';
import { moneyWords } from '../../core/money-words.js';
import { formatMoney } from '../../io/i18n/index.js';
import type { Output } from '../../io/output.js';
import { displayWidth, formatFigure, stripControls as dropControls, truncate, wrap as wrapText } from '../../io/text.js';
import type { AwardSummary, SummaryProject } from '../../services/reports.js';
import { criterionName, tierName } from './ranking.js';
import { kr } from './units.js';

export type SummaryFormat = 'text' | 'md' | 'html';

type Tier = AwardSummary['tiers'][number];

// ---------------------------------------------------------------- escaping

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * Drop control characters (terminal escapes, NUL, C1) but keep line breaks and tabs: the
 * summary is published, so a shown `␛` would be noise (text.ts). Our own private-use markers go too.
 */
export function stripControls(s: string): string {
  return dropControls(s).replace(/[\ue000\ue001]/g, '');
}

/** Escape inline Markdown so user text stays literal text (CommonMark backslash escapes). */
export function escapeMd(s: string): string {
  return s.replace(/[\\`*_[\]<>|~&#]/g, (c) => '\\' + c);
}

/** Escape a whole Markdown paragraph: inline marks, and line starts that would make a list, quote or heading rule. */
export function escapeMdBlock(s: string): string {
  return escapeMd(s)
    .replace(/^(\s*)([-+=])/gm, '$1\\$2')
    .replace(/^(\s*)(\d+)([.)])/gm, '$1$2\\$3');
}

// ---------------------------------------------------------------- words

const upperFirst = (s: string): string => (s ? s[0].toLocaleUpperCase() + s.slice(1) : s);

/** "Hovedprosjekt" → "hovedprosjekt" inside a sentence; leaves "EU-prosjekt" and "AI Lab" alone. */
export function lowerFirst(s: string): string {
  const chars = [...s];
  if (chars.length < 2) return s.toLocaleLowerCase();
  const second = chars[1];
  if (second !== second.toLocaleLowerCase() || chars[0] === chars[0].toLocaleLowerCase()) return s;
  return chars[0].toLocaleLowerCase() + chars.slice(1).join('');
}

/** Counts one to nine in words (as a newsroom writes them), 10 and up in digits. */
function numWord(out: Output, n: number): string {
  return n >= 1 && n <= 9 ? out.t(`summary.num.${n}`) : String(n);
}

/** A figure with at most one decimal in the language's style: 2,1 / 2.1; 43. */
function figure(value: number, out: Output): string {
  return formatFigure(value, out.lang);
}

/**
 * A space inside an amount that a line must not break at ("NOK | 43 million"): a
 * private-use marker, printed as a plain space in text and md and as a no-break space in html.
 */
const BIND = '\ue001';
const BIND_RE = new RegExp(BIND, 'g');

/** An amount as prose: "nærmere 8 millioner kroner", "NOK 43 million", "200 000 kr" (its inner spaces bound). */
export function moneyPhrase(out: Output, ore: number): string {
  const w = moneyWords(ore);
  const base =
    w.kind === 'millions'
      ? out.t(w.value === 1 ? 'summary.money.millions.one' : 'summary.money.millions.other', { value: figure(w.value, out) })
      : formatMoney(w.value * 100, out.lang);
  const bound = base.replace(/ /g, BIND);
  return w.approx === 'exact' ? bound : out.t(`summary.approx.${w.approx}`, { amount: bound });
}

/** An amount for a figure box: "8,5 mill. kr", "≈ 7,9 mill. kr". */
function moneyShort(out: Output, ore: number): string {
  const w = moneyWords(ore, { snap: false });
  const base = w.kind === 'millions' ? out.t('summary.money.short', { value: figure(w.value, out) }) : formatMoney(w.value * 100, out.lang);
  return w.approx === 'exact' ? base : `≈\u00a0${base}`;
}

// ---------------------------------------------------------------- one sentence, any format

/** A parameter: plain user text (escaped), money (formatted, maybe emphasised) or already-rendered markup. */
type Piece = string | number | { money: number; strong?: boolean } | { phrase: string } | { raw: string };

/** How a format writes text. */
interface Flavour {
  format: SummaryFormat;
  /** user text → safe for the format */
  esc(s: string): string;
  /** catalogue text → safe for the format (it holds no markup) */
  tmpl(s: string): string;
  /** emphasise already-safe text */
  strong(s: string): string;
}

function flavour(out: Output, format: SummaryFormat): Flavour {
  if (format === 'html') return { format, esc: (s) => escapeHtml(stripControls(s)), tmpl: escapeHtml, strong: (s) => `<strong>${s}</strong>` };
  if (format === 'md') return { format, esc: (s) => escapeMd(stripControls(s)), tmpl: (s) => s, strong: (s) => `**${s}**` };
  return { format, esc: stripControls, tmpl: (s) => s, strong: (s) => out.c.bold(s) };
}

/** Private-use markers for slots: they survive template escaping and never come from user text. */
const SLOT = '\ue000';
const SLOT_RE = new RegExp(`${SLOT}(\\d+)${SLOT}`, 'g');

class Writer {
  readonly fl: Flavour;
  constructor(
    readonly out: Output,
    format: SummaryFormat,
  ) {
    this.fl = flavour(out, format);
  }
  piece(p: Piece): string {
    if (typeof p === 'number') return String(p);
    if (typeof p === 'string') return this.fl.esc(p.replace(new RegExp(SLOT, 'g'), ''));
    if ('raw' in p) return p.raw;
    if ('phrase' in p) return p.phrase.split(BIND).map((x) => this.fl.esc(x)).join(BIND);
    const m = this.fl.esc(formatMoney(p.money, this.out.lang)).replace(/ /g, BIND);
    return p.strong ? this.fl.strong(m) : m;
  }
  /** A catalogue sentence with its parameters rendered for the format. */
  say(key: string, params: Record<string, Piece> = {}): string {
    const slots: string[] = [];
    const marked: Record<string, string> = {};
    for (const [k, v] of Object.entries(params)) {
      slots.push(this.piece(v));
      marked[k] = `${SLOT}${slots.length - 1}${SLOT}`;
    }
    return this.fl.tmpl(this.out.t(key, marked)).replace(SLOT_RE, (_m, i: string) => slots[Number(i)]);
  }
  /** "A, B og C" / "A, B and C", each item escaped. */
  list(items: string[]): { raw: string } {
    const parts = items.map((s) => this.fl.esc(s));
    if (parts.length <= 1) return { raw: parts.join('') };
    return { raw: `${parts.slice(0, -1).join(', ')} ${this.fl.tmpl(this.out.t('summary.and'))} ${parts[parts.length - 1]}` };
  }
}

// ---------------------------------------------------------------- what the summary says

interface Facts {
  s: AwardSummary;
  /** tiers with at least one grant, in the call's order */
  funded: Tier[];
  fundedCount: number;
  projects: SummaryProject[];
}

function facts(s: AwardSummary): Facts {
  const funded = s.tiers.filter((t) => t.projects.length > 0);
  const projects = funded.flatMap((t) => t.projects);
  return { s, funded, fundedCount: projects.length, projects };
}

/** "klynger" when every grant went to a different applicant, else "prosjekter". */
function who(w: Writer, projects: SummaryProject[]): Piece {
  const distinct = new Set(projects.map((p) => p.applicant.trim().toLocaleLowerCase())).size;
  return w.out.t(distinct === projects.length ? 'summary.noun.clusters' : 'summary.noun.projects');
}

function headline(w: Writer, f: Facts): string {
  return w.say(f.fundedCount ? 'summary.headline' : 'summary.headline.none');
}

function kicker(f: Facts): string[] {
  return [f.s.call.funder?.name, f.s.call.name].filter((x): x is string => !!x);
}

/** The lead: how many were funded in each tier and for how much. */
function leadSentences(w: Writer, f: Facts): string[] {
  const { out } = w;
  const call = f.s.call;
  if (!f.funded.length) return [w.say('summary.lead.none', { call: call.name })];
  return f.funded.map((t, i) => {
    const n = t.projects.length;
    const tier = lowerFirst(tierName(call, t.key, out));
    if (i === 0) {
      const amount = { phrase: moneyPhrase(out, t.granted) };
      if (n === 1) return w.say('summary.lead.first.one', { amount, tier });
      return w.say('summary.lead.first.other', { N: upperFirst(numWord(out, n)), who: who(w, t.projects), amount, tier });
    }
    if (n === 1) return w.say('summary.lead.more.one', { amount: { phrase: moneyPhrase(out, t.granted) }, tier });
    const each = t.projects.every((p) => p.granted === t.projects[0].granted);
    if (each) return w.say('summary.lead.more.each', { n: numWord(out, n), who: who(w, t.projects), amount: { money: t.projects[0].granted }, tier });
    return w.say('summary.lead.more.total', { n: numWord(out, n), who: who(w, t.projects), amount: { phrase: moneyPhrase(out, t.granted) }, tier });
  });
}

/** The call, how many applied for how much, how many got a grant, how many did not. */
function contextSentences(w: Writer, f: Facts): string[] {
  const { out } = w;
  const { s } = f;
  const call = s.call;
  const said: string[] = [];
  const yearInName = call.name.includes(String(call.year));
  if (call.funder) said.push(w.say(yearInName ? 'summary.announced_by' : 'summary.announced_by_year', { call: call.name, funder: call.funder.name, year: call.year }));
  else if (!yearInName) said.push(w.say('summary.announced_year', { call: call.name, year: call.year }));
  const applied = s.applied.count;
  const requested = { phrase: moneyPhrase(out, s.applied.requested) };
  said.push(applied === 1 ? w.say('summary.applied.one', { amount: requested }) : w.say('summary.applied.other', { n: numWord(out, applied), amount: requested }));
  if (f.fundedCount === 1) said.push(w.say('summary.awarded.one', { amount: { money: s.granted } }));
  else if (f.fundedCount > 1) said.push(w.say('summary.awarded.other', { n: numWord(out, f.fundedCount), amount: { money: s.granted } }));
  if (s.rejected === 1) said.push(w.say('summary.rejected.one'));
  else if (s.rejected > 1) said.push(w.say('summary.rejected.other', { N: upperFirst(numWord(out, s.rejected)) }));
  const reserve = s.reserve.length;
  if (reserve === 1) said.push(w.say('summary.reserve.one'));
  else if (reserve > 1) said.push(w.say('summary.reserve.other', { N: upperFirst(numWord(out, reserve)) }));
  if (s.declined === 1) said.push(w.say('summary.declined.one'));
  else if (s.declined > 1) said.push(w.say('summary.declined.other', { N: upperFirst(numWord(out, s.declined)) }));
  if (s.pending === 1) said.push(w.say('summary.pending.one'));
  else if (s.pending > 1) said.push(w.say('summary.pending.other', { N: upperFirst(numWord(out, s.pending)) }));
  for (const k of ['withdrawn', 'ineligible'] as const) {
    if (s[k] === 1) said.push(w.say(`case.summary.${k}.one`));
    else if (s[k] > 1) said.push(w.say(`case.summary.${k}.other`, { N: upperFirst(numWord(out, s[k])) }));
  }
  // the aid basis the grants are given on (the call's stateAid)
  const aid = call.stateAid;
  if (aid) said.push(w.say(`summary.state_aid.${aid.basis}`, aid.basis === 'de-minimis' ? { ceiling: formatFigure((aid.ceilingCents ?? 0) / 100, out.lang), years: aid.periodYears ?? 3 } : {}));
  return said;
}

/** "{title}, søker er {applicant}"; `mark` may wrap the escaped title and applicant (html). */
function projectTitle(w: Writer, p: SummaryProject, mark?: { title: (s: string) => string; applicant: (s: string) => string }): string {
  const title = w.fl.esc(p.title);
  const applicant = w.fl.esc(p.applicant);
  return w.say('summary.project.title', { title: { raw: mark ? mark.title(title) : title }, applicant: { raw: mark ? mark.applicant(applicant) : applicant } });
}

/** Granted amount, partner clusters and strongest criteria, one sentence each. */
function projectSentences(w: Writer, call: Call, p: SummaryProject): string[] {
  const { out } = w;
  const said: string[] = [];
  if (p.granted < p.requested) said.push(w.say('summary.project.granted_part', { granted: { money: p.granted, strong: true }, requested: { money: p.requested } }));
  else said.push(w.say('summary.project.granted', { granted: { money: p.granted, strong: true } }));
  const partners = p.partners.map((x) => x.trim()).filter(Boolean);
  if (partners.length) said.push(w.say('summary.project.partners', { partners: w.list(partners) }));
  if (p.strongest.length) said.push(w.say('summary.project.strongest', { criteria: w.list(p.strongest.map((k) => lowerFirst(criterionName(call, k, out)))) }));
  return said;
}

/** The applicant's own summary as paragraphs: blank lines part them, single line breaks do not. */
function summaryParagraphs(p: SummaryProject): string[] {
  return stripControls(p.summary)
    .split(/\n[ \t]*\n/)
    .map((x) => x.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

function moreIntro(w: Writer, call: Call, t: Tier): string {
  const n = t.projects.length;
  const tier = lowerFirst(tierName(call, t.key, w.out));
  return n === 1 ? w.say('summary.more_intro.one', { tier }) : w.say('summary.more_intro.other', { N: upperFirst(numWord(w.out, n)), n: numWord(w.out, n), tier });
}

function decidedDate(out: Output, iso: string | null): string | null {
  if (!iso) return null;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  return new Intl.DateTimeFormat(out.lang === 'nb' ? 'nb-NO' : 'en-GB', { dateStyle: 'long', timeZone: 'Europe/Oslo' }).format(d);
}

// ---------------------------------------------------------------- text

/** Wrap a paragraph to `width` columns as the terminal shows them, with a first-line and a hanging prefix. */
function wrap(s: string, width: number, first = '', rest = first): string {
  // words are never broken (a long one overflows), and the private-use binds keep an amount on one line
  return wrapText(s, Math.max(1, width - displayWidth(rest)))
    .split('\n')
    .map((l, i) => (i === 0 ? first : rest) + l)
    .join('\n');
}

function renderText(out: Output, s: AwardSummary): string {
  const w = new Writer(out, 'text');
  const f = facts(s);
  const { c } = out;
  const call = s.call;
  // on a terminal, wrap to a readable measure; piped, one paragraph per line so grep finds whole sentences
  const width = Math.min(out.width, 100);
  const para = (x: string, first = '', rest = first) => (out.tty ? wrap(x, width, first, rest) : first + x);
  const blocks: string[] = [];
  const head = headline(w, f);
  blocks.push([c.dim(w.fl.esc(kicker(f).join(' · '))), c.bold(head), c.bold('='.repeat(displayWidth(head)))].join('\n'));
  blocks.push(para(leadSentences(w, f).join(' ')));
  blocks.push(para(contextSentences(w, f).join(' ')));
  const heading = (x: string) => `${c.bold(x)}\n${c.bold('-'.repeat(displayWidth(x)))}`;
  const item = (p: SummaryProject) =>
    [
      para(c.bold(projectTitle(w, p)), '• ', '  '),
      para(projectSentences(w, call, p).join(' '), '  '),
      ...summaryParagraphs(p).map((x) => c.dim(para(x, '  '))),
    ].join('\n');
  const [main, ...more] = f.funded;
  if (main) {
    blocks.push(heading(w.say('summary.funded_heading')));
    for (const p of main.projects) blocks.push(item(p));
  }
  if (more.length) {
    blocks.push(heading(w.say('summary.more_heading')));
    for (const t of more) {
      blocks.push(para(moreIntro(w, call, t)));
      for (const p of t.projects) blocks.push(item(p));
    }
  }
  const date = decidedDate(out, s.decidedAt);
  if (date) blocks.push(c.dim(w.say('summary.decided', { date })));
  return blocks.join('\n\n').replace(BIND_RE, ' ') + '\n';
}

// ---------------------------------------------------------------- markdown

function renderMd(out: Output, s: AwardSummary): string {
  const w = new Writer(out, 'md');
  const f = facts(s);
  const call = s.call;
  const md: string[] = [];
  md.push(`*${kicker(f).map((x) => w.fl.esc(x)).join(' · ')}*`);
  md.push(`# ${headline(w, f)}`);
  md.push(`**${leadSentences(w, f).join(' ')}**`);
  md.push(contextSentences(w, f).join(' '));
  const project = (p: SummaryProject) => {
    md.push(`### ${projectTitle(w, p)}`);
    md.push(projectSentences(w, call, p).join(' '));
    for (const x of summaryParagraphs(p)) md.push(escapeMdBlock(x));
  };
  const [main, ...more] = f.funded;
  if (main) {
    md.push(`## ${w.say('summary.funded_heading')}`);
    main.projects.forEach(project);
  }
  if (more.length) {
    md.push(`## ${w.say('summary.more_heading')}`);
    for (const t of more) {
      md.push(moreIntro(w, call, t));
      t.projects.forEach(project);
    }
  }
  if (f.projects.length) {
    md.push(`## ${w.say('summary.table_heading')}`);
    const cols = ['summary.col.project', 'summary.col.applicant', 'summary.col.tier', 'summary.col.requested', 'summary.col.granted'].map((k) => w.say(k));
    const money = (ore: number) => w.fl.esc(formatMoney(ore, out.lang));
    const rows = f.projects.map((p) => [w.fl.esc(p.title), w.fl.esc(p.applicant), w.fl.esc(tierName(call, p.tier, out)), money(p.requested), money(p.granted)]);
    const sum = (k: 'requested' | 'granted') => f.projects.reduce((a, p) => a + p[k], 0);
    rows.push([`**${w.say('summary.total')}**`, '', '', `**${money(sum('requested'))}**`, `**${money(sum('granted'))}**`]);
    const flat = (x: string) => x.replace(/\s*\n\s*/g, ' ');
    md.push(
      [`| ${cols.join(' | ')} |`, '| --- | --- | --- | ---: | ---: |', ...rows.map((r) => `| ${r.map(flat).join(' | ')} |`)].join('\n'),
    );
  }
  const date = decidedDate(out, s.decidedAt);
  if (date) md.push(`*${w.say('summary.decided', { date })}*`);
  return md.join('\n\n').replace(BIND_RE, ' ') + '\n';
}

// ---------------------------------------------------------------- html

const CSS = `
:root { --ink: #1d2228; --muted: #59626d; --accent: #0b5394; --soft: #c9d9ec; --soft-line: #7f9fc6; --rule: #d8dde3; --page: #eef0f3; }
* { box-sizing: border-box; }
html { font-size: 17px; -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--page); color: var(--ink); line-height: 1.55;
  font-family: "Segoe UI", system-ui, -apple-system, Roboto, "Noto Sans", "Liberation Sans", "DejaVu Sans", Arial, sans-serif; }
main { max-width: 48rem; margin: 2rem auto; padding: 2.5rem 3rem 2rem; background: #fff; border-top: 6px solid var(--accent); box-shadow: 0 1px 4px rgba(0,0,0,.08); }
.kicker { margin: 0; color: var(--accent); font-size: .78rem; font-weight: 700; letter-spacing: .08em; text-transform: uppercase; }
h1 { margin: .35rem 0 1rem; font-family: Georgia, "Noto Serif", "DejaVu Serif", "Liberation Serif", serif; font-size: 2.25rem; line-height: 1.15; font-weight: 700; }
.lead { font-size: 1.18rem; font-weight: 600; line-height: 1.45; margin: 0 0 1rem; }
.stats { display: grid; grid-template-columns: repeat(4, 1fr); gap: 1rem; margin: 1.5rem 0; padding: 0; }
.stats div { border-top: 3px solid var(--accent); padding-top: .4rem; }
.stats dt { font-size: .8rem; color: var(--muted); }
.stats dd { margin: 0; font-size: 1.45rem; font-weight: 700; white-space: nowrap; font-variant-numeric: tabular-nums; order: -1; }
.stats div { display: flex; flex-direction: column; }
h2 { margin: 2.2rem 0 .8rem; padding-bottom: .25rem; border-bottom: 2px solid var(--rule); font-size: 1.35rem; }
.project { margin: 1.1rem 0 1.4rem; padding-left: 1rem; border-left: 4px solid var(--soft); }
.project h3 { margin: 0 0 .35rem; font-size: 1.08rem; line-height: 1.35; font-weight: 400; color: var(--muted); }
.project h3 .title { font-weight: 700; color: var(--ink); }
.project h3 .applicant { font-weight: 600; color: var(--accent); }
.project p { margin: .3rem 0; }
.project .about { color: var(--muted); font-size: .93rem; }
table { width: 100%; border-collapse: collapse; font-size: .9rem; margin: .5rem 0 1rem; }
caption { text-align: left; font-weight: 700; padding-bottom: .4rem; }
th, td { padding: .45rem .5rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); font-size: .82rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table { table-layout: fixed; }
col.c-project { width: 37%; }
col.c-applicant { width: 23%; }
col.c-num { width: 20%; }
tr.tier th { padding-top: .9rem; border-bottom: 1px solid var(--rule); color: var(--accent); font-size: .85rem; letter-spacing: .03em; }
tfoot td { font-weight: 700; border-top: 2px solid var(--ink); border-bottom: none; }
figure { margin: 1.5rem 0 0; }
figcaption { font-weight: 700; margin-bottom: .5rem; }
svg { display: block; width: 100%; height: auto; }
svg text { font-family: inherit; fill: var(--ink); }
svg .label { font-size: 14px; font-weight: 700; }
svg .amount { font-size: 12.5px; font-variant-numeric: tabular-nums; }
svg .requested { fill: var(--soft); stroke: var(--soft-line); stroke-width: 1; }
svg .granted { fill: var(--accent); }
.chart-note { color: var(--muted); font-size: .85rem; margin: .5rem 0 0; }
.dateline { color: var(--muted); font-size: .85rem; margin: -.4rem 0 0; }
.table-wrap { overflow-x: auto; }
@media (max-width: 40rem) {
  main { margin: 0; padding: 1.25rem; }
  table { table-layout: auto; font-size: .85rem; }
  col.c-project, col.c-applicant, col.c-num { width: auto; }
  h1 { font-size: 1.7rem; }
  .stats { grid-template-columns: repeat(2, 1fr); }
}
@media print {
  @page { size: A4; margin: 16mm 15mm 18mm; }
  html { font-size: 10.5pt; }
  body { background: #fff; }
  main { max-width: none; margin: 0; padding: 0; border-top: none; box-shadow: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
  .project, .stats, tr, figure, .lead { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  tfoot { display: table-row-group; } /* the sum once, at the end, not on every page */
}
`;

const CHART = { width: 720, barMax: 540, row: 66, top: 34 };

/** An inline SVG bar chart: requested (light) against granted (dark) per funded project. */
function chartSvg(w: Writer, projects: SummaryProject[]): string {
  const { out } = w;
  const esc = (x: string) => escapeHtml(stripControls(x));
  const max = Math.max(1, ...projects.map((p) => Math.max(p.requested, p.granted)));
  const bar = (ore: number) => (ore <= 0 ? 0 : Math.max(2, Math.round((ore / max) * CHART.barMax)));
  const height = CHART.top + projects.length * CHART.row;
  const title = esc(out.t('summary.chart_title'));
  const desc = esc(out.t('summary.chart_desc'));
  const req = esc(out.t('summary.legend.requested'));
  const gra = esc(out.t('summary.legend.granted'));
  const parts: string[] = [];
  parts.push(
    `<svg viewBox="0 0 ${CHART.width} ${height}" width="${CHART.width}" height="${height}" role="img" aria-labelledby="chart-title chart-desc">`,
    `<title id="chart-title">${title}</title>`,
    `<desc id="chart-desc">${desc}</desc>`,
    `<g class="legend"><rect class="requested" x="0.5" y="4.5" width="14" height="12"/><text class="amount" x="22" y="15">${req}</text>` +
      `<rect class="granted" x="110" y="4" width="14" height="13"/><text class="amount" x="132" y="15">${gra}</text></g>`,
  );
  projects.forEach((p, i) => {
    const y = CHART.top + i * CHART.row;
    const rw = bar(p.requested);
    const gw = bar(p.granted);
    const label = esc(truncate(stripControls(p.applicant), 80));
    const r = esc(formatMoney(p.requested, out.lang));
    const g = esc(formatMoney(p.granted, out.lang));
    parts.push(
      `<g class="bar-group"><title>${esc(p.applicant)}: ${req} ${r}, ${gra} ${g}</title>` +
        `<text class="label" x="0" y="${y + 14}">${label}</text>` +
        `<rect class="requested" x="0.5" y="${y + 21.5}" width="${rw}" height="15"/>` +
        `<text class="amount" x="${rw + 8}" y="${y + 33}">${req} ${r}</text>` +
        `<rect class="granted" x="0" y="${y + 40}" width="${gw}" height="16"/>` +
        `<text class="amount" x="${gw + 8}" y="${y + 52.5}"><tspan font-weight="700">${gra} ${g}</tspan></text></g>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

function renderHtml(out: Output, s: AwardSummary): string {
  const w = new Writer(out, 'html');
  const f = facts(s);
  const call = s.call;
  const esc = (x: string) => escapeHtml(stripControls(x));
  const head = headline(w, f);
  const body: string[] = [];
  body.push(`<header>`, `<p class="kicker">${kicker(f).map(esc).join(' · ')}</p>`, `<h1>${head}</h1>`, `<p class="lead">${leadSentences(w, f).join(' ')}</p>`);
  const stat = (value: string, labelKey: string) => `<div><dt>${w.say(labelKey)}</dt><dd>${esc(value)}</dd></div>`;
  body.push(
    `<dl class="stats">`,
    stat(String(s.applied.count), 'summary.stat.applied'),
    stat(moneyShort(out, s.applied.requested), 'summary.stat.requested'),
    stat(String(f.fundedCount), 'summary.stat.funded'),
    stat(moneyShort(out, s.granted), 'summary.stat.granted'),
    `</dl>`,
    `<p>${contextSentences(w, f).join(' ')}</p>`,
  );
  // the date sits in the header, like a press release's dateline (and never alone on a last printed page)
  const date = decidedDate(out, s.decidedAt);
  if (date) body.push(`<p class="dateline">${w.say('summary.decided', { date })}</p>`);
  body.push(`</header>`);
  const project = (p: SummaryProject) =>
    [
      `<article class="project">`,
      `<h3>${projectTitle(w, p, { title: (t) => `<span class="title">${t}</span>`, applicant: (a) => `<span class="applicant">${a}</span>` })}</h3>`,
      `<p>${projectSentences(w, call, p).join(' ')}</p>`,
      ...summaryParagraphs(p).map((x) => `<p class="about">${esc(x)}</p>`),
      `</article>`,
    ].join('\n');
  const [main, ...more] = f.funded;
  if (main) body.push(`<section>`, `<h2>${w.say('summary.funded_heading')}</h2>`, ...main.projects.map(project), `</section>`);
  if (more.length) {
    body.push(`<section>`, `<h2>${w.say('summary.more_heading')}</h2>`);
    for (const t of more) body.push(`<p>${moreIntro(w, call, t)}</p>`, ...t.projects.map(project));
    body.push(`</section>`);
  }
  if (f.projects.length) {
    const money = (ore: number) => esc(formatMoney(ore, out.lang));
    const th = (k: string, num = false) => `<th scope="col"${num ? ' class="num"' : ''}>${w.say(k)}</th>`;
    const sum = (k: 'requested' | 'granted') => f.projects.reduce((a, p) => a + p[k], 0);
    body.push(
      `<section class="chart-section">`,
      `<h2>${w.say('summary.table_heading')}</h2>`,
      `<div class="table-wrap">`,
      `<table>`,
      `<colgroup><col class="c-project"><col class="c-applicant"><col class="c-num"><col class="c-num"></colgroup>`,
      `<thead><tr>${th('summary.col.project')}${th('summary.col.applicant')}${th('summary.col.requested', true)}${th('summary.col.granted', true)}</tr></thead>`,
      // one body per tier, headed by the tier's name
      ...f.funded.map((t) =>
        [
          `<tbody>`,
          `<tr class="tier"><th scope="rowgroup" colspan="4">${esc(tierName(call, t.key, out))}</th></tr>`,
          ...t.projects.map((p) => `<tr><td>${esc(p.title)}</td><td>${esc(p.applicant)}</td><td class="num">${money(p.requested)}</td><td class="num">${money(p.granted)}</td></tr>`),
          `</tbody>`,
        ].join('\n'),
      ),
      `<tfoot><tr><td colspan="2">${w.say('summary.total')}</td><td class="num">${money(sum('requested'))}</td><td class="num">${money(sum('granted'))}</td></tr></tfoot>`,
      `</table>`,
      `</div>`,
      `<figure>`,
      `<figcaption>${w.say('summary.chart_title')}</figcaption>`,
      chartSvg(w, f.projects),
      `</figure>`,
      `</section>`,
    );
  }
  const title = `${head} – ${esc(call.name)}`;
  return [
    '<!doctype html>',
    `<html lang="${out.lang === 'nb' ? 'nb' : 'en'}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ]
    .join('\n')
    .replace(BIND_RE, '\u00a0');
}

// ---------------------------------------------------------------- entry points

/** The award summary in the requested format and the output's language. */
export function renderSummary(out: Output, s: AwardSummary, format: SummaryFormat): string {
  if (format === 'html') return renderHtml(out, s);
  if (format === 'md') return renderMd(out, s);
  return renderText(out, s);
}

/** `report summary --json`: amounts in kroner, criteria and tier keys, counts. */
export function summaryJson(s: AwardSummary): Record<string, unknown> {
  const funded = s.tiers.reduce((n, t) => n + t.projects.length, 0);
  return {
    call: { slug: s.call.slug, name: s.call.name, year: s.call.year, funder: s.call.funder?.name ?? null },
    applied: { count: s.applied.count, requested: kr(s.applied.requested) },
    funded,
    granted: kr(s.granted),
    rejected: s.rejected,
    reserve: s.reserve,
    declined: s.declined,
    pending: s.pending,
    withdrawn: s.withdrawn,
    ineligible: s.ineligible,
    excluded: s.excluded.map((x) => ({ ref: x.ref, applicant: x.applicant, requested: kr(x.requested), reason: x.reason, note: x.note })),
    decidedAt: s.decidedAt,
    tiers: s.tiers.map((t) => ({
      key: t.key,
      budget: kr(t.budget),
      granted: kr(t.granted),
      left: kr(t.left),
      funded: t.funded,
      projects: t.projects.map((p) => ({
        ref: p.ref,
        applicant: p.applicant,
        title: p.title,
        partners: p.partners,
        summary: p.summary,
        tier: p.tier,
        requested: kr(p.requested),
        granted: kr(p.granted),
        status: p.status,
        strongest: p.strongest,
      })),
    })),
  };
}
