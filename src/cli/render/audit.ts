/** One line that says what an audit entry changed. */
import type { AuditEntry } from '../../db/audit.js';
import { formatMoney } from '../../io/i18n/index.js';
import type { Output } from '../../io/output.js';

const MONEY_KEYS = new Set(['requested', 'granted', 'projectBudget', 'budget', 'total']);

function show(key: string, v: unknown, out: Output): string {
  if (v === null || v === undefined) return '–';
  if (MONEY_KEYS.has(key) && typeof v === 'number') return formatMoney(v, out.lang);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function describeAudit(e: AuditEntry, out: Output): string {
  const d = e.details;
  const t = out.t;
  if (e.action === 'call.create') return String(d.slug ?? '');
  if (d.changes && typeof d.changes === 'object') {
    return Object.entries(d.changes as Record<string, { old: unknown; new: unknown }>)
      .map(([k, c]) => `${k}: ${show(k, c.old, out)} → ${show(k, c.new, out)}`)
      .join('; ');
  }
  if (e.action === 'import') return t('log.import', { added: d.added ?? 0, updated: d.updated ?? 0, file: d.file ?? '' });
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
    if (key === 'changes' && v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, conv(k, x)]));
    if (key === 'tiers' && Array.isArray(v)) return v.map((x) => (x && typeof x === 'object' ? Object.fromEntries(Object.entries(x).map(([k, y]) => [k, MONEY_KEYS.has(k) || k === 'left' ? (typeof y === 'number' ? y / 100 : y) : y])) : x));
    return v;
  };
  return { ...e, details: Object.fromEntries(Object.entries(e.details).map(([k, v]) => [k, conv(k, v)])) };
}
