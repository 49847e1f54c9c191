/** The append-only audit log on PostgreSQL (as ../audit.ts): every change with actor, time and what changed. */
import type { AuditEntry, AuditInput, AuditStore } from '../store.js';
import type { Q } from './q.js';

interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  call_id: number | null;
  ref: string | null;
  details: string;
}

/**
 * Entries are written in their order by one statement (the rows as arrays, unnested in order),
 * so their ids are in that order as SQLite's are.
 */
async function appendMany(q: Q, entries: readonly AuditInput[]): Promise<void> {
  if (!entries.length) return;
  await q.run(
    // ids in the entries' order from one look at the highest (the row trigger would look per row)
    `INSERT INTO audit_log (id, at, actor, action, call_id, ref, details)
     SELECT (SELECT coalesce(max(id), 0) FROM audit_log) + u.n, u.at, u.actor, u.action, u.call_id, u.ref, u.details
       FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[]) WITH ORDINALITY AS u(at, actor, action, call_id, ref, details, n)
      ORDER BY u.n`,
    [
      entries.map((e) => e.at),
      entries.map((e) => e.actor),
      entries.map((e) => e.action),
      entries.map((e) => e.callId ?? null),
      entries.map((e) => e.ref ?? null),
      entries.map((e) => JSON.stringify(e.details ?? {})),
    ],
  );
}

export function pgAudit(q: Q): AuditStore {
  return {
    append: async (e) => {
      await q.run('INSERT INTO audit_log (at, actor, action, call_id, ref, details) VALUES ($1, $2, $3, $4, $5, $6)', [
        e.at,
        e.actor,
        e.action,
        e.callId ?? null,
        e.ref ?? null,
        JSON.stringify(e.details ?? {}),
      ]);
    },
    appendMany: (entries) => appendMany(q, entries),
    /** oldest first, optionally for one call (with the database-wide entries) and/or one application ref; `limit`: the last so many */
    list: async (filter = {}) => {
      const where: string[] = [];
      const args: unknown[] = [];
      if (filter.callId !== undefined) {
        args.push(filter.callId);
        where.push(`(call_id = $${args.length} OR call_id IS NULL)`);
      }
      if (filter.ref !== undefined) {
        args.push(filter.ref);
        where.push(`ref = $${args.length}`);
      }
      const cond = where.length ? 'WHERE ' + where.join(' AND ') : '';
      let sql = `SELECT * FROM audit_log ${cond} ORDER BY id`;
      if (filter.limit) {
        args.push(filter.limit);
        sql = `SELECT * FROM (SELECT * FROM audit_log ${cond} ORDER BY id DESC LIMIT $${args.length}) last ORDER BY id`;
      }
      return (await q.rows<AuditRow>(sql, args)).map(
        (r): AuditEntry => ({
          id: r.id,
          at: r.at,
          actor: r.actor,
          action: r.action,
          callId: r.call_id,
          ref: r.ref,
          details: JSON.parse(r.details) as Record<string, unknown>,
        }),
      );
    },
  };
}
