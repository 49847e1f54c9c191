/** The append-only audit log: every change with actor, time and what changed. */
import type { DB } from './open.js';
import { insertRows, stmt } from './statements.js';
import type { AuditEntry, AuditInput } from './store.js';

export type { AuditEntry } from './store.js';

/** Write one audit row (call inside the transaction that makes the change). */
export function audit(db: DB, e: AuditInput): void {
  stmt(db, 'INSERT INTO audit_log (at, actor, action, call_id, ref, details) VALUES (?, ?, ?, ?, ?, ?)').run(
    e.at,
    e.actor,
    e.action,
    e.callId ?? null,
    e.ref ?? null,
    JSON.stringify(e.details ?? {}),
  );
}

/** Write audit rows in this order (many at once: an import's). */
export function auditMany(db: DB, entries: readonly AuditInput[]): void {
  insertRows(db, 'INSERT INTO audit_log (at, actor, action, call_id, ref, details)', '', 6, entries, (e, out) =>
    out.push(e.at, e.actor, e.action, e.callId ?? null, e.ref ?? null, JSON.stringify(e.details ?? {})),
  );
}

interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  call_id: number | null;
  ref: string | null;
  details: string;
}

/** Audit entries, oldest first, optionally for one call and/or one application ref. */
export function listAudit(db: DB, filter: { callId?: number; ref?: string; limit?: number } = {}): AuditEntry[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (filter.callId !== undefined) {
    where.push('(call_id = ? OR call_id IS NULL)');
    args.push(filter.callId);
  }
  if (filter.ref !== undefined) {
    where.push('ref = ?');
    args.push(filter.ref);
  }
  let sql = `SELECT * FROM audit_log ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id`;
  if (filter.limit) {
    sql = `SELECT * FROM (SELECT * FROM audit_log ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT ?) ORDER BY id`;
    args.push(filter.limit);
  }
  return (stmt(db, sql).all(...args) as AuditRow[]).map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    callId: r.call_id,
    ref: r.ref,
    details: JSON.parse(r.details) as Record<string, unknown>,
  }));
}
