/** Calls (*utlysninger*) in the database. */
import type { Call, CallDefinition, CallStatus } from '../core/call.js';
import { NotFoundError, UserError } from '../core/errors.js';
import type { DB } from './open.js';
import { inputsChanged } from './staleness.js';
import { stmt } from './statements.js';
import type { CallCounts } from './store.js';

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

/** Where the slug a command was given came from, for a refusal that says what to change. */
export type CallChoiceSource = 'flag' | 'env';

/** the settings key of the default call (`klynge call use`) */
export const DEFAULT_CALL_KEY = 'call.default';

const allSlugs = (db: DB): string => (stmt(db, 'SELECT slug FROM calls ORDER BY slug').all() as { slug: string }[]).map((x) => x.slug).join(', ');

/**
 * The call a command works on: the one named (by --call or KLYNGE_CALL, as `from` says),
 * else the default chosen with `klynge call use`, else the only one there is.
 * Refusals say how to choose one.
 */
export function resolveCall(db: DB, slug: string | undefined, from: CallChoiceSource = 'flag'): Call {
  if (slug !== undefined) {
    const r = stmt(db, 'SELECT * FROM calls WHERE slug = ?').get(slug) as CallRow | undefined;
    if (!r) {
      const slugs = allSlugs(db);
      if (!slugs) throw new NotFoundError('call.none');
      throw new NotFoundError(from === 'env' ? 'callchoice.unknown_env' : 'callchoice.unknown', { slug, slugs });
    }
    return toCall(r);
  }
  const chosen = getSetting(db, DEFAULT_CALL_KEY);
  if (chosen !== null) {
    const r = stmt(db, 'SELECT * FROM calls WHERE slug = ?').get(chosen) as CallRow | undefined;
    if (!r) throw new NotFoundError('callchoice.unknown_default', { slug: chosen, slugs: allSlugs(db) });
    return toCall(r);
  }
  const rows = stmt(db, 'SELECT * FROM calls ORDER BY slug LIMIT 3').all() as CallRow[];
  if (rows.length === 0) throw new UserError('call.none');
  if (rows.length > 1) throw new UserError('callchoice.ambiguous', { slugs: allSlugs(db) });
  return toCall(rows[0]);
}

/** Replace a call's definition (slug unchanged); `inputs` counts a change the allocation depends on. */
export function updateCall(db: DB, callId: number, def: CallDefinition, at: string): Call {
  stmt(db, 'UPDATE calls SET name = ?, year = ?, definition = ?, updated_at = ? WHERE id = ?').run(def.name, def.year, JSON.stringify(def), at, callId);
  inputsChanged(db, callId);
  return getCallById(db, callId);
}

/** A database-wide setting, or null. Before migration 7 (a database opened as it is) there are none. */
export function getSetting(db: DB, key: string): string | null {
  if (!hasSettings(db)) return null;
  const v = stmt(db, 'SELECT value FROM settings WHERE key = ?', 'pluck').get(key) as string | undefined;
  return v ?? null;
}

/** Set (or with null remove) a setting. */
export function setSetting(db: DB, key: string, value: string | null, actor: string, at: string): void {
  if (value === null) stmt(db, 'DELETE FROM settings WHERE key = ?').run(key);
  else stmt(db, 'INSERT INTO settings (key, value, updated_by, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, updated_at = excluded.updated_at').run(key, value, actor, at);
}

function hasSettings(db: DB): boolean {
  return stmt(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'settings'", 'pluck').get() === 1;
}

export function setCallStatus(db: DB, callId: number, status: CallStatus, at: string): void {
  stmt(db, 'UPDATE calls SET status = ?, updated_at = ? WHERE id = ?').run(status, at, callId);
}

/** Counts shown next to a call: applications, evaluators who scored, decisions. */
export function callCounts(db: DB, callId: number): CallCounts {
  const a = stmt(
    db,
    `SELECT count(*) AS n, coalesce(sum(requested), 0) AS s,
            coalesce(sum(status = 'withdrawn'), 0) AS w, coalesce(sum(status = 'ineligible'), 0) AS i,
            coalesce(sum(CASE WHEN status = 'active' THEN requested ELSE 0 END), 0) AS ar
       FROM applications WHERE call_id = ?`,
  ).get(callId) as { n: number; s: number; w: number; i: number; ar: number };
  const scored = stmt(
    db,
    `SELECT count(DISTINCT s.application_id) AS n, count(DISTINCT CASE WHEN a.status = 'active' THEN s.application_id END) AS active
       FROM scores s JOIN applications a ON a.id = s.application_id WHERE a.call_id = ?`,
  ).get(callId) as { n: number; active: number };
  const d = stmt(db, `SELECT count(*) AS n, coalesce(sum(d.granted), 0) AS g FROM decisions d JOIN applications a ON a.id = d.application_id WHERE a.call_id = ? AND d.status != 'pending'`)
    .get(callId) as { n: number; g: number };
  return { applications: a.n, requested: a.s, withdrawn: a.w, ineligible: a.i, activeRequested: a.ar, scored: scored.n, activeScored: scored.active, decided: d.n, granted: d.g };
}
