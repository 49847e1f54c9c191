/** Calls (*utlysninger*) and the database-wide settings (the default call) on PostgreSQL: as ../calls.ts. */
import type { Call, CallDefinition, CallStatus } from '../../core/call.js';
import { NotFoundError, UserError } from '../../core/errors.js';
import { type CallChoiceSource, DEFAULT_CALL_KEY } from '../calls.js';
import type { CallCounts, CallStore } from '../store.js';
import { type Q, isUniqueViolation } from './q.js';
import { inputsChanged } from './staleness.js';

interface CallRow {
  id: number;
  slug: string;
  status: CallStatus;
  definition: string;
  created_at: string;
}

const toCall = (r: CallRow): Call => ({ ...(JSON.parse(r.definition) as CallDefinition), id: r.id, status: r.status, createdAt: r.created_at });

const CALL = 'id, slug, status, definition, created_at';

export function pgCalls(q: Q): CallStore {
  const byId = async (id: number): Promise<Call> => {
    const r = await q.one<CallRow>(`SELECT ${CALL} FROM calls WHERE id = $1`, [id]);
    if (!r) throw new NotFoundError('call.not_found', { slug: `#${id}` });
    return toCall(r);
  };
  const bySlug = (slug: string) => q.one<CallRow>(`SELECT ${CALL} FROM calls WHERE slug = $1`, [slug]);
  const allSlugs = async (): Promise<string> => (await q.column<string>('SELECT slug FROM calls ORDER BY slug')).join(', ');
  const getSetting = async (key: string): Promise<string | null> => (await q.value<string>('SELECT value FROM settings WHERE key = $1', [key])) ?? null;

  return {
    insert: async (def, at) => {
      // looked for first: a refused insert would abort the transaction it is in (SQLite's goes on)
      if (await bySlug(def.slug)) throw new UserError('call.exists', { slug: def.slug });
      try {
        const r = await q.one<CallRow>(
          `INSERT INTO calls (slug, name, year, currency, definition, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING ${CALL}`,
          [def.slug, def.name, def.year, def.currency, JSON.stringify(def), at],
        );
        return toCall(r!);
      } catch (e) {
        // another connection took the slug meanwhile (outside a transaction nothing held it)
        if (isUniqueViolation(e)) throw new UserError('call.exists', { slug: def.slug });
        throw e;
      }
    },
    byId,
    list: async () => (await q.rows<CallRow>(`SELECT ${CALL} FROM calls ORDER BY year DESC, slug`)).map(toCall),
    resolve: async (slug: string | undefined, from: CallChoiceSource = 'flag') => {
      if (slug !== undefined) {
        const r = await bySlug(slug);
        if (!r) {
          const slugs = await allSlugs();
          if (!slugs) throw new NotFoundError('call.none');
          throw new NotFoundError(from === 'env' ? 'callchoice.unknown_env' : 'callchoice.unknown', { slug, slugs });
        }
        return toCall(r);
      }
      const chosen = await getSetting(DEFAULT_CALL_KEY);
      if (chosen !== null) {
        const r = await bySlug(chosen);
        if (!r) throw new NotFoundError('callchoice.unknown_default', { slug: chosen, slugs: await allSlugs() });
        return toCall(r);
      }
      const rows = await q.rows<CallRow>(`SELECT ${CALL} FROM calls ORDER BY slug LIMIT 3`);
      if (rows.length === 0) throw new UserError('call.none');
      if (rows.length > 1) throw new UserError('callchoice.ambiguous', { slugs: await allSlugs() });
      return toCall(rows[0]);
    },
    update: async (callId, def, at) => {
      const r = await q.one<CallRow>(`UPDATE calls SET name = $1, year = $2, definition = $3, updated_at = $4 WHERE id = $5 RETURNING ${CALL}`, [
        def.name,
        def.year,
        JSON.stringify(def),
        at,
        callId,
      ]);
      await inputsChanged(q, callId);
      if (!r) throw new NotFoundError('call.not_found', { slug: `#${callId}` });
      return toCall(r);
    },
    defaultSlug: () => getSetting(DEFAULT_CALL_KEY),
    setDefault: async (slug, actor, at) => {
      if (slug === null) await q.run('DELETE FROM settings WHERE key = $1', [DEFAULT_CALL_KEY]);
      else
        await q.run(
          `INSERT INTO settings (key, value, updated_by, updated_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
          [DEFAULT_CALL_KEY, slug, actor, at],
        );
    },
    setStatus: async (callId, status, at) => {
      await q.run('UPDATE calls SET status = $1, updated_at = $2 WHERE id = $3', [status, at, callId]);
    },
    counts: async (callId) => {
      // one round trip for the three counts SQLite reads apart
      const r = await q.one<CallCounts>(
        `SELECT a.applications, a.requested, a.withdrawn, a.ineligible, a."activeRequested", s.scored, s."activeScored", d.decided, d.granted
           FROM (SELECT count(*) AS applications, coalesce(sum(requested), 0) AS requested,
                        count(*) FILTER (WHERE status = 'withdrawn') AS withdrawn, count(*) FILTER (WHERE status = 'ineligible') AS ineligible,
                        coalesce(sum(requested) FILTER (WHERE status = 'active'), 0) AS "activeRequested"
                   FROM applications WHERE call_id = $1) a,
                (SELECT count(DISTINCT s.application_id) AS scored, count(DISTINCT CASE WHEN a.status = 'active' THEN s.application_id END) AS "activeScored"
                   FROM scores s JOIN applications a ON a.id = s.application_id WHERE a.call_id = $1) s,
                (SELECT count(*) AS decided, coalesce(sum(d.granted), 0) AS granted
                   FROM decisions d JOIN applications a ON a.id = d.application_id WHERE a.call_id = $1 AND d.status != 'pending') d`,
        [callId],
      );
      return r!;
    },
  };
}
