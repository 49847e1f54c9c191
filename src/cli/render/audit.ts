/** One line that says what an audit entry changed. */
import type { AuditEntry } from '../../db/audit.js';
import { formatMoney, hasMessage } from '../../io/i18n/index.js';
import type { Output } from '../../io/output.js';
import { renderTable } from '../../io/table.js';
import { safe } from '../../io/text.js';

const MONEY_KEYS = new Set(['requested', 'granted', 'projectBudget', 'budget', 'total']);

function show(key: string, v: unknown, out: Output): string {
  if (v === null || v === undefined) return '–';
  if (MONEY_KEYS.has(key) && typeof v === 'number') return formatMoney(v, out.lang);
  if (key === 'status' && typeof v === 'string') return out.t(`status.${v}`);
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** A field's name in words where the catalogue has one (requested → søkt beløp). */
function label(key: string, out: Output): string {
  if (key === 'reason') return out.t('log.reason'); // a decision's reason code, not a conflict's reason
  return hasMessage(`field.${key}`) ? out.t(`field.${key}`) : key;
}

function changes(d: Record<string, unknown>, out: Output): string {
  return Object.entries(d.changes as Record<string, { old: unknown; new: unknown }>)
    .filter(([, c]) => JSON.stringify(c.old) !== JSON.stringify(c.new))
    .map(([k, c]) => `${label(k, out)}: ${show(k, c.old, out)} → ${show(k, c.new, out)}`)
    .join('; ');
}

/** What an entry changed, in words; every value in it is data, made harmless for a terminal. */
export function describeAudit(e: AuditEntry, out: Output): string {
  return safe(describe(e, out));
}

/** `klynge log` as a table: time, actor, action, ref, what changed. */
export function renderLog(out: Output, entries: AuditEntry[]): string {
  const t = out.t;
  return renderTable(
    out,
    [{ header: t('col.time') }, { header: t('col.actor'), words: true }, { header: t('col.action'), words: true }, { header: t('col.ref') }, { header: t('col.details'), wrap: true }],
    entries.map((e) => [e.at.replace('T', ' ').slice(0, 19), safe(e.actor), t(`action.${e.action}`), safe(e.ref ?? ''), describeAudit(e, out)]),
  );
}

function describe(e: AuditEntry, out: Output): string {
  const d = e.details;
  const t = out.t;
  switch (e.action) {
    case 'call.create':
      return String(d.slug ?? '');
    case 'import':
      return t('log.import', { added: d.added ?? 0, updated: d.updated ?? 0, file: d.file ?? '' });
    case 'evaluator.add':
      return String(d.name ?? '');
    case 'db.copy':
      return t('log.db_copy', { rows: Number(d.rows ?? 0), from: String(d.from ?? '') });
    case 'conflict.declare': {
      const earlier = Array.isArray(d.scoresNoLongerCounted) ? d.scoresNoLongerCounted.length : 0;
      return `${d.evaluator}: ${d.reason}` + (earlier ? ` (${t('log.scores_not_counted', { count: earlier })})` : '');
    }
    case 'allocate': {
      const tiers = Array.isArray(d.tiers) ? (d.tiers as { key: string; budget: number; granted: number }[]) : [];
      return [
        t('log.run', { run: d.run, changed: d.changed ?? 0 }),
        ...tiers.map((x) => t('log.tier_total', { tier: x.key, granted: { money: x.granted }, budget: { money: x.budget } })),
      ].join(' · ');
    }
    case 'decide': {
      const head = d.manual ? t('log.by_hand') : t('log.run_short', { run: d.run });
      return `${head}: ${changes(d, out)}${d.note ? ` — ${d.note}` : ''}`;
    }
    case 'decide.clear': {
      const was = (d.was ?? {}) as { status?: string; granted?: number };
      return t('log.cleared', { status: was.status ? t(`status.${was.status}`) : '–', granted: { money: was.granted ?? 0 } });
    }
    case 'score':
      return `${d.evaluator}: ${changes(d, out) || t('log.comment_changed')}`;
    case 'conflict.withdraw':
      return `${d.evaluator}: ${d.reason}`;
    case 'score.drop': {
      const dropped = Array.isArray(d.dropped) ? (d.dropped as { criterion: string; value: unknown }[]) : [];
      return t('case.log.dropped', { evaluator: String(d.evaluator ?? ''), scores: dropped.map((x) => `${x.criterion} ${String(x.value)}`).join(', ') });
    }
    case 'appeal.register':
      return t(d.inTime ? 'appeal.log.register' : 'appeal.log.register_late', { received: String(d.received ?? ''), notified: String(d.notified ?? ''), deadline: String(d.deadline ?? ''), days: Number(d.daysLate ?? 0) }) + (d.note ? ` — ${d.note}` : '');
    case 'appeal.decide':
      return `${t(`appeal.state.${String(d.changes && typeof d.changes === 'object' ? (d.changes as { appeal?: { new?: string } }).appeal?.new : '')}`)} (${String(d.date ?? '')}) — ${String(d.note ?? '')}`;
    case 'evaluator.remove':
      return t('case.log.removed', { name: String(d.name ?? ''), scores: Number(d.scoresDropped ?? 0), conflicts: Number(d.conflictsRemoved ?? 0) });
  }
  if (d.changes && typeof d.changes === 'object') return changes(d, out);
  return Object.entries(d)
    .filter(([k]) => k !== 'definition')
    .map(([k, v]) => `${k}=${show(k, v, out)}`)
    .join(' ');
}

/** An audit entry for --json: money in kroner like every other JSON klynge prints. */
export function auditJson(e: AuditEntry): AuditEntry {
  const conv = (key: string, v: unknown): unknown => {
    if (MONEY_KEYS.has(key) && typeof v === 'number') return v / 100;
    if (MONEY_KEYS.has(key) && v && typeof v === 'object' && 'new' in v) {
      const c = v as { old: unknown; new: unknown };
      return { old: typeof c.old === 'number' ? c.old / 100 : c.old, new: typeof c.new === 'number' ? c.new / 100 : c.new };
    }
    if (key === 'overrides' && v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === 'number' ? x / 100 : x]));
    if ((key === 'changes' || key === 'was') && v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, conv(k, x)]));
    if (key === 'tiers' && Array.isArray(v)) return v.map((x) => (x && typeof x === 'object' ? Object.fromEntries(Object.entries(x).map(([k, y]) => [k, MONEY_KEYS.has(k) || k === 'left' ? (typeof y === 'number' ? y / 100 : y) : y])) : x));
    return v;
  };
  return { ...e, details: Object.fromEntries(Object.entries(e.details).map(([k, v]) => [k, conv(k, v)])) };
}
