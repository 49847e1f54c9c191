/**
 * `klynge db copy --from A --to B`: a whole database moved between SQLite and PostgreSQL (either
 * way), and proven the same before it is kept. The source is read in one snapshot (others may go
 * on working in it); the target is written in one transaction, which commits only when every
 * table counts the same on both sides and every call's inputs hash — the stored one of its newest
 * run, and the one its inputs give now — is equal on both. A copy that does not verify, or fails
 * half-way, leaves the target as it was. The target must be new or empty: a copy never merges.
 */
import { UserError } from '../core/errors.js';
import type { Call } from '../core/call.js';
import { type TableCount, copySide, copyTables, isEmpty, unknownTables } from '../db/copy.js';
import { budgetOverrides, currentInputsHash, loadCallData } from './allocation.js';
import { type ServiceContext, isoNow } from './context.js';

export interface CallHashes {
  call: string;
  /** the newest run's stored inputs hash on each side (null: the call has no run) */
  stored: { from: string | null; to: string | null };
  /** the inputs hash of the call as it is now, on each side */
  now: { from: string; to: string };
}

export interface CopyResult {
  tables: TableCount[];
  calls: CallHashes[];
  /** rows copied in all */
  rows: number;
}

/** The inputs hashes of every call of a store, by slug. */
async function hashesOf(ctx: ServiceContext): Promise<Map<string, { stored: string | null; now: string }>> {
  const out = new Map<string, { stored: string | null; now: string }>();
  for (const call of await ctx.store.calls.list()) out.set(call.slug, await hashOf(ctx, call));
  return out;
}

async function hashOf(ctx: ServiceContext, call: Call): Promise<{ stored: string | null; now: string }> {
  const run = await ctx.store.runs.latest(call.id);
  const data = await loadCallData(ctx, call);
  return { stored: run?.hash ?? null, now: currentInputsHash(call, data, run?.overrides ?? budgetOverrides(call, undefined, {})) };
}

/**
 * Copy `from` into `to` and verify it (see above). `labels` name the two databases for the
 * messages and the target's audit log (a connection string without its password).
 */
export async function copyDatabase(from: ServiceContext, to: ServiceContext, labels: { from: string; to: string }, progress?: (table: string, rows: number) => void): Promise<CopyResult> {
  return from.store.read(async (r) =>
    to.store.transaction(async (tx) => {
      const source = copySide(r);
      const target = copySide(tx);
      for (const [side, label] of [
        [source, labels.from],
        [target, labels.to],
      ] as const) {
        const unknown = await unknownTables(side);
        if (unknown.length) throw new UserError('copy.unknown_tables', { label, tables: unknown.join(', ') });
      }
      const empty = await isEmpty(target);
      if (!empty.empty) throw new UserError('copy.not_empty', { label: labels.to, table: empty.table, rows: empty.rows });
      const tables = await copyTables(source, target, progress);
      const off = tables.filter((t) => t.from !== t.to);
      if (off.length) throw new UserError('copy.counts_differ', { tables: off.map((t) => `${t.table} ${t.from} → ${t.to}`).join(', ') });
      const fromHashes = await hashesOf({ ...from, store: r });
      const toHashes = await hashesOf({ ...to, store: tx });
      const calls: CallHashes[] = [];
      for (const [slug, a] of fromHashes) {
        const b = toHashes.get(slug);
        if (!b || a.stored !== b.stored || a.now !== b.now) throw new UserError('copy.hash_differs', { call: slug });
        calls.push({ call: slug, stored: { from: a.stored, to: b.stored }, now: { from: a.now, to: b.now } });
      }
      const rows = tables.reduce((n, t) => n + t.to, 0);
      // the copy is part of the target's history; logged once verified, so the counts above compare like with like
      await tx.audit.append({ at: isoNow(to), actor: to.actor, action: 'db.copy', details: { from: labels.from, rows, calls: calls.length } });
      return { tables, calls, rows };
    }),
  );
}
