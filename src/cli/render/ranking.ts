/** Rendering the ranking and allocation outcomes. */
import { type Call, localText } from '../../core/call.js';
import type { AggregateFlag } from '../../core/aggregate.js';
import type { AllocationDecision, AllocationResult } from '../../core/allocate.js';
import type { RankedApplication } from '../../core/rank.js';
import { cmp, fromDecimal, type Rational, round } from '../../core/rational.js';
import type { Application, Evaluator } from '../../core/types.js';
import { headroomOf, type AidFigures, type AllocationAid } from '../../core/state-aid.js';
import { formatMoney, formatNumber } from '../../io/i18n/index.js';
import type { Output } from '../../io/output.js';
import { renderNotes, renderTable } from '../../io/table.js';
import { listOf, safe } from '../../io/text.js';
import type { Moves, WhatIfRow } from '../../services/allocation.js';
import { statusText } from './applications.js';
import { kr } from './units.js';

const r2 = (x: Rational | null) => (x === null ? null : round(x, 2));

/** A criterion's name in the user's language, safe for a terminal (a call file is data too). */
export function criterionName(call: Call, key: string, out: Output): string {
  return safe(localText(call.criteria.find((c) => c.key === key)?.name, out.lang) || key);
}

/** A tier's name in the user's language, safe for a terminal. */
export function tierName(call: Call, key: string | null, out: Output): string {
  if (key === null) return '–';
  return safe(localText(call.tiers.find((t) => t.key === key)?.name, out.lang) || key);
}

/** One sentence per flag, in the user's language; `ref` is the application's, for the commands a flag suggests. */
export function flagText(call: Call, f: AggregateFlag, out: Output, names: Map<number, string>, ref = 'REF'): string {
  const { t, lang } = out;
  const crit = (k: string) => criterionName(call, k, out);
  if (f.code === 'disagreement') return t('flag.disagreement', { criterion: crit(f.criterion), spread: f.spread });
  if (f.code === 'criterion-minimum') return t('flag.criterion-minimum', { criterion: crit(f.criterion), mean: formatNumber(round(f.mean, 2), lang), min: f.min });
  const criteria = f.unanswered.map(crit).join(', ');
  // with panels: nobody is on this one's panel (every criterion may have an answer from before)
  if (f.unassigned) return t(f.unanswered.length ? 'flag.incomplete-unassigned' : 'flag.unassigned', { criteria, ref });
  // nobody on the panel at all (no evaluator has scored or declared anything): not a matter of conflicts
  if (f.missing.length === 0) return t(names.size === 0 ? 'flag.incomplete-unscored' : 'flag.incomplete-nobody', { criteria });
  // one evaluator once, with every criterion they owe
  const missing = [...owedBy(f.missing)].map(([id, keys]) => `${names.get(id) ?? '#' + id} (${keys.map(crit).join(', ')})`).join(', ');
  // with panels every criterion may have an answer while an assigned evaluator still owes some
  if (f.unanswered.length === 0) return t('flag.waiting-panel', { missing });
  return t('flag.incomplete', { criteria, missing });
}

/** evaluator id → the criteria they owe, in the order first seen */
function owedBy(missing: readonly { evaluatorId: number; criterion: string }[]): Map<number, string[]> {
  const by = new Map<number, string[]>();
  for (const m of missing) by.set(m.evaluatorId, [...(by.get(m.evaluatorId) ?? []), m.criterion]);
  return by;
}

export function flagJson(call: Call, f: AggregateFlag, names: Map<number, string>): Record<string, unknown> {
  if (f.code === 'disagreement') return { code: f.code, criterion: f.criterion, spread: f.spread };
  if (f.code === 'criterion-minimum') return { code: f.code, criterion: f.criterion, mean: r2(f.mean), min: f.min };
  const json: Record<string, unknown> = { code: f.code, criteria: f.unanswered, missing: f.missing.map((m) => ({ evaluator: names.get(m.evaluatorId) ?? null, criterion: m.criterion })) };
  if (f.unassigned) json.unassigned = true;
  return json;
}

/** The de minimis figures as JSON (kroner). */
export const aidJson = (f: AidFigures) => ({ ceiling: kr(f.ceiling), other: kr(f.other), own: kr(f.own), thisCall: kr(f.thisCall), headroom: kr(f.headroom) });

/** The sentence on an undertaking's de minimis headroom. */
export function headroomText(out: Output, f: AidFigures): string {
  return out.t('stateaid.headroom', { headroom: { money: f.headroom }, ceiling: { money: f.ceiling }, other: { money: f.other }, own: { money: f.own }, thisCall: { money: f.thisCall } });
}

export function rankJson(call: Call, ranked: RankedApplication[], apps: Application[], panel: Evaluator[], aid?: AllocationAid): unknown {
  const byId = new Map(apps.map((a) => [a.id, a]));
  const names = new Map(panel.map((e) => [e.id, e.name]));
  return {
    call: call.slug,
    applications: ranked.map((r) => {
      const a = byId.get(r.applicationId)!;
      return {
        rank: r.rank,
        ref: r.ref,
        applicant: a.applicant,
        title: a.title,
        score: r2(r.score),
        criteria: Object.fromEntries(r.aggregate.criteria.map((c) => [c.criterion, { mean: r2(c.mean), spread: c.spread, n: c.n, na: c.naCount }])),
        flags: r.aggregate.flags.map((f) => flagJson(call, f, names)),
        tieBrokenBy: r.tieBrokenBy,
        // a de minimis call: what the undertaking may still get before this call's grants
        ...(aid ? { stateAid: aidJson(headroomOf(aid, r.applicationId)) } : {}),
      };
    }),
  };
}

const num = (x: Rational | null, out: Output) => (x === null ? '–' : formatNumber(round(x, 2), out.lang));

/** A small bar for a result on the scale: ▇▇▇▇▁ */
export function scoreBar(score: Rational | null, call: Call, width = 5): string {
  if (score === null) return ' '.repeat(width);
  const frac = (Number(score.n) / Number(score.d) - call.scale.min) / (call.scale.max - call.scale.min);
  const eighths = Math.round(Math.max(0, Math.min(1, frac)) * width * 8);
  const blocks = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
  return ('█'.repeat(Math.floor(eighths / 8)) + blocks[eighths % 8]).padEnd(width, ' ');
}

export function renderRank(out: Output, call: Call, ranked: RankedApplication[], apps: Application[], panel: Evaluator[], aid?: AllocationAid): string {
  const { t } = out;
  const byId = new Map(apps.map((a) => [a.id, a]));
  const names = new Map(panel.map((e) => [e.id, e.name]));
  const notes: [string, string][] = [];
  // aggregate shares equal flags between applications: each is put into words once
  const flagTexts = new Map<AggregateFlag, string>();
  const textOf = (f: AggregateFlag, ref: string): string => {
    // an incomplete flag is the application's own (and names its case number): not shared
    if (f.code === 'incomplete') return flagText(call, f, out, names, ref);
    let text = flagTexts.get(f);
    if (text === undefined) flagTexts.set(f, (text = flagText(call, f, out, names)));
    return text;
  };
  const rows = ranked.map((r) => {
    const a = byId.get(r.applicationId)!;
    const crit = r.aggregate.criteria.map((c) => {
      const m = c.mean === null ? (c.naCount ? t('score.na') : '–') : num(c.mean, out);
      const spread = c.spread ? ` ±${c.spread}` : '';
      const hot = c.spread !== null && c.spread >= call.disagreement;
      return hot ? out.c.yellow(m + spread) : m + spread;
    });
    const flags = r.aggregate.flags.map((f) => textOf(f, r.ref));
    if (r.tieBrokenBy) flags.push(t(`tiebreak.${r.tieBrokenBy}`));
    // the de minimis headroom, where it is less than the request
    const room = aid ? headroomOf(aid, r.applicationId) : undefined;
    const limits = room !== undefined && room.headroom < r.requested;
    if (limits) flags.push(headroomText(out, room));
    if (out.tty && flags.length) notes.push([safe(r.ref), flags.join(' ')]);
    // on a terminal the sentences go under the table; the column keeps a short mark
    const mark = [
      ...r.aggregate.flags.map((f) => t(`flag.short.${f.code}`)),
      ...(r.tieBrokenBy ? [t('flag.short.tie')] : []),
      ...(limits ? [t('stateaid.headroom_short', { headroom: { money: room.headroom } })] : []),
    ].join(', ');
    return [r.rank === null ? '–' : String(r.rank), safe(r.ref), safe(a.applicant), num(r.score, out), ...crit, out.tty ? mark : flags.join(' ')];
  });
  const table = renderTable(
    out,
    [
      { header: t('col.rank'), align: 'right' },
      { header: t('col.ref') },
      { header: t('col.applicant'), wrap: true },
      { header: t('col.result'), align: 'right' },
      ...call.criteria.map((c) => ({ header: criterionName(call, c.key, out), align: 'right' as const, words: true })),
      { header: t('col.flags'), wrap: true },
    ],
    rows,
  );
  return out.tty ? table + (notes.length ? '\n' + renderNotes(out, t('col.flags'), notes) : '') + out.c.dim(t('rank.legend')) + '\n' : table;
}

/** Place on the reserve list per application (rank order: the decisions come in it). */
export function reservePlaces(result: AllocationResult): Map<number, number> {
  const places = new Map<number, number>();
  for (const d of result.decisions) if (d.status === 'reserve') places.set(d.applicationId, places.size + 1);
  return places;
}

export function allocationJson(call: Call, result: AllocationResult, extra: Record<string, unknown> = {}): unknown {
  const places = reservePlaces(result);
  return {
    call: call.slug,
    ...extra,
    tiers: result.tiers.map((x) => ({ key: x.key, budget: kr(x.budget), granted: kr(x.granted), left: kr(x.left) })),
    decisions: result.decisions.map((d) => ({
      ref: d.ref,
      rank: d.rank,
      score: r2(d.score),
      tier: d.tier,
      requested: kr(d.requested),
      granted: kr(d.granted),
      status: d.status,
      reason: d.reason,
      manual: d.manual,
      reservePlace: places.get(d.applicationId) ?? null,
      ...(d.offer ? { offer: d.offer } : {}),
      // the figures behind a grant the de minimis ceiling capped or refused
      ...(d.aid ? { stateAid: aidJson(d.aid) } : {}),
    })),
  };
}

/** The sentence that explains a decision; `ranked` gives the criterion means for a minimum not met. */
export function reasonText(call: Call, d: AllocationDecision, out: Output, ranked?: RankedApplication): string {
  const { t, lang } = out;
  const [code, key] = d.reason.split(':');
  const reaches = (threshold: number) => d.score !== null && cmp(d.score, fromDecimal(threshold)) >= 0;
  const qualifying = call.tiers.filter((x) => reaches(x.threshold)).map((x) => tierName(call, x.key, out));
  const tier = d.tier ? call.tiers.find((x) => x.key === d.tier) : undefined;
  const mean = key ? (ranked?.aggregate.criteria.find((c) => c.criterion === key)?.mean ?? null) : null;
  return t(`reason.${code}`, {
    // the tiers it qualified for, any of which could have funded it
    tier: d.tier ? tierName(call, d.tier, out) : listOf(qualifying, lang, 'or'),
    granted: { money: d.granted },
    requested: { money: d.requested },
    maxGrant: { money: tier?.maxGrant ?? d.granted },
    score: num(d.score, out),
    threshold: formatNumber(code === 'below-tier-thresholds' ? Math.min(...call.tiers.map((x) => x.threshold)) : call.threshold, lang),
    criterion: key ? criterionName(call, key, out) : '',
    min: key ? formatNumber(call.criteria.find((c) => c.key === key)?.min ?? 0, lang) : '',
    mean: num(mean, out),
    // the de minimis figures of a grant the ceiling capped or refused
    ceiling: { money: d.aid?.ceiling ?? 0 },
    other: { money: d.aid?.other ?? 0 },
    own: { money: d.aid?.own ?? 0 },
    thisCall: { money: d.aid?.thisCall ?? 0 },
    headroom: { money: d.aid?.headroom ?? 0 },
  });
}

export function renderAllocation(out: Output, call: Call, result: AllocationResult, apps: Application[], ranked: RankedApplication[] = []): string {
  const { t, lang } = out;
  const byId = new Map(apps.map((a) => [a.id, a]));
  const rankedById = new Map(ranked.map((r) => [r.applicationId, r]));
  const places = reservePlaces(result);
  const statusOf = (d: AllocationResult['decisions'][number]) =>
    statusText(out, d.status) +
    (places.has(d.applicationId) ? ` ${t('report.reserve_place', { place: places.get(d.applicationId) })}` : '') +
    (d.offer === 'accepted' ? ` · ${t('offer.state.accepted')}` : '') +
    (d.manual ? ` (${t('report.manual')})` : '');
  const rows = result.decisions.map((d) => [
    d.rank === null ? '–' : String(d.rank),
    safe(d.ref),
    safe(byId.get(d.applicationId)?.applicant ?? ''),
    num(d.score, out),
    tierName(call, d.tier, out),
    formatMoney(d.requested, lang),
    formatMoney(d.granted, lang),
    statusOf(d),
    ...(out.tty ? [] : [reasonText(call, d, out, rankedById.get(d.applicationId))]),
  ]);
  // on a terminal the reasons are sentences under the table, where they can be read whole
  const reasons: [string, string][] = out.tty ? result.decisions.map((d) => [safe(d.ref), reasonText(call, d, out, rankedById.get(d.applicationId))]) : [];
  const table = renderTable(
    out,
    [
      { header: t('col.rank'), align: 'right' },
      { header: t('col.ref') },
      { header: t('col.applicant'), wrap: true },
      { header: t('col.result'), align: 'right' },
      { header: t('col.tier'), words: true },
      { header: t('col.requested'), align: 'right' },
      { header: t('col.granted'), align: 'right' },
      { header: t('col.status'), words: true },
      ...(out.tty ? [] : [{ header: t('col.reason'), wrap: true }]),
    ],
    rows,
  );
  const totals = renderTable(
    out,
    [{ header: t('col.tier'), words: true }, { header: t('col.budget'), align: 'right' }, { header: t('col.granted'), align: 'right' }, { header: t('col.left'), align: 'right' }],
    result.tiers.map((x) => [tierName(call, x.key, out), formatMoney(x.budget, lang), formatMoney(x.granted, lang), formatMoney(x.left, lang)]),
    {
      footer: [
        [
          t('total'),
          formatMoney(result.tiers.reduce((s, x) => s + x.budget, 0), lang),
          formatMoney(result.tiers.reduce((s, x) => s + x.granted, 0), lang),
          formatMoney(result.tiers.reduce((s, x) => s + x.left, 0), lang),
        ],
      ],
    },
  );
  return table + '\n' + totals + (reasons.length ? '\n' + renderNotes(out, t('col.reason'), reasons) : '');
}

export function whatIfJson(call: Call, rows: WhatIfRow[]): unknown {
  return {
    call: call.slug,
    scenarios: rows.map((r) => ({
      budget: kr(r.budget),
      tiers: r.tiers.map((x) => ({ key: x.key, funded: x.funded, granted: kr(x.granted), left: kr(x.left) })),
      firstLeftOut: r.firstLeftOut,
      left: kr(r.left),
    })),
  };
}

export function renderWhatIf(out: Output, call: Call, rows: WhatIfRow[]): string {
  const { t, lang } = out;
  return renderTable(
    out,
    [
      { header: t('col.budget_first', { tier: tierName(call, call.tiers[0].key, out) }), align: 'right' },
      ...call.tiers.map((x) => ({ header: t('col.funded_in', { tier: tierName(call, x.key, out) }), align: 'right' as const })),
      { header: t('col.first_left_out'), wrap: true },
      { header: t('col.left'), align: 'right' },
    ],
    rows.map((r) => [
      formatMoney(r.budget, lang),
      ...r.tiers.map((x) => `${x.funded} · ${formatMoney(x.granted, lang)}`),
      r.firstLeftOut ? safe(`${r.firstLeftOut.ref} ${r.firstLeftOut.applicant}`) : '–',
      formatMoney(r.left, lang),
    ]),
  );
}

/** Who moved up from the reserve list, the open offers this run changes, and expired offers. */
export function renderMoves(out: Output, call: Call, m: Moves): void {
  const { t } = out;
  if (m.accepted || m.declined) out.info(t('allocate.offer_answers', { accepted: m.accepted, declined: m.declined }));
  if (m.movedUp.length) {
    out.line(t('allocate.moved_up_title'));
    for (const x of m.movedUp) out.line(`  ${t('allocate.moved_up', { ref: safe(x.ref), rank: x.rank ?? '–', status: t(`status.${x.new.status}`), amount: { money: x.new.granted }, tier: tierName(call, x.new.tier, out) })}`);
  }
  if (m.offersChanged.length) {
    out.warn(t('allocate.offers_changed_title'));
    for (const x of m.offersChanged)
      out.line(`  ${t('allocate.offer_changed', { ref: safe(x.ref), oldAmount: { money: x.old.granted }, oldTier: tierName(call, x.old.tier, out), newStatus: t(`status.${x.new.status}`), newAmount: { money: x.new.granted } })}`);
  }
  if (m.expired.length) out.warn(t('allocate.offers_expired', { count: m.expired.length, refs: m.expired.map((x) => safe(x.ref)).join(', ') }));
}

export function movesJson(m: Moves): unknown {
  const mv = (x: Moves['movedUp'][number]) => ({ ref: x.ref, rank: x.rank, old: { ...x.old, granted: kr(x.old.granted) }, new: { ...x.new, granted: kr(x.new.granted) } });
  return { movedUp: m.movedUp.map(mv), offersChanged: m.offersChanged.map(mv), expired: m.expired, accepted: m.accepted, declined: m.declined };
}
