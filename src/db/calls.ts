/** Calls (*utlysninger*) in the database. */
import type { Call, CallDefinition, CallStatus } from '../core/call.js';
import { NotFoundError, UserError } from '../core/errors.js';
import type { DB } from './open.js';
import { stmt } from './statements.js';

interface CallRow {
  id: number;
  slug: string;
  status: CallStatus;
  definition: string;
  created_at: string;
}

const toCall = (r: CallRow): Call => ({ ...(JSON.parse(r.definition) as CallDefinition), id: r.id, status: r.status, createdAt: r.created_at });

export function insertCall(db: DB, def: CallDefinition, at: string): Call {
  const exists = stmt(db, 'SELECT 1 FROM calls WHERE slug = ?').get(def.slug);
  if (exists) throw new UserError('call.exists', { slug: def.slug });
  const info = stmt(db, 'INSERT INTO calls (slug, name, year, currency, definition, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(def.slug, def.name, def.year, def.currency, JSON.stringify(def), at, at);
  return getCallById(db, Number(info.lastInsertRowid));
}

export function getCallById(db: DB, id: number): Call {
  const r = stmt(db, 'SELECT * FROM calls WHERE id = ?').get(id) as CallRow | undefined;
  if (!r) throw new NotFoundError('call.not_found', { slug: `#${id}` });
  return toCall(r);
}

export function listCalls(db: DB): Call[] {
  return (stmt(db, 'SELECT * FROM calls ORDER BY year DESC, slug').all() as CallRow[]).map(toCall);
}

/**
 * The call a command works on: the one named by --call, or the only one there is.
 * Refusals say what to do next.
 */
export function resolveCall(db: DB, slug: string | undefined): Call {
  if (slug !== undefined) {
    const r = stmt(db, 'SELECT * FROM calls WHERE slug = ?').get(slug) as CallRow | undefined;
    if (!r) {
      const slugs = (stmt(db, 'SELECT slug FROM calls ORDER BY slug').all() as { slug: string }[]).map((x) => x.slug);
      throw new NotFoundError(slugs.length ? 'call.not_found_list' : 'call.none', { slug, slugs: slugs.join(', ') });
    }
    return toCall(r);
  }
  const rows = stmt(db, 'SELECT * FROM calls ORDER BY slug LIMIT 3').all() as CallRow[];
  if (rows.length === 0) throw new UserError('call.none');
  if (rows.length > 1) {
    const slugs = (stmt(db, 'SELECT slug FROM calls ORDER BY slug').all() as { slug: string }[]).map((x) => x.slug);
    throw new UserError('call.ambiguous', { slugs: slugs.join(', ') });
  }
  return toCall(rows[0]);
}

export function setCallStatus(db: DB, callId: number, status: CallStatus, at: string): void {
  stmt(db, 'UPDATE calls SET status = ?, updated_at = ? WHERE id = ?').run(status, at, callId);
}

/** Counts shown next to a call: applications, evaluators who scored, decisions. */
export function callCounts(db: DB, callId: number): { applications: number; requested: number; scored: number; decided: number; granted: number } {
  const a = stmt(db, 'SELECT count(*) AS n, coalesce(sum(requested), 0) AS s FROM applications WHERE call_id = ?').get(callId) as { n: number; s: number };
  const scored = stmt(db, 'SELECT count(DISTINCT s.application_id) AS n FROM scores s JOIN applications a ON a.id = s.application_id WHERE a.call_id = ?')
    .get(callId) as { n: number };
  const d = stmt(db, `SELECT count(*) AS n, coalesce(sum(d.granted), 0) AS g FROM decisions d JOIN applications a ON a.id = d.application_id WHERE a.call_id = ? AND d.status != 'pending'`)
    .get(callId) as { n: number; g: number };
  return { applications: a.n, requested: a.s, scored: scored.n, decided: d.n, granted: d.g };
}
