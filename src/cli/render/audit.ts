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
