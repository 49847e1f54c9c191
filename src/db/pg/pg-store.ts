/**
 * The store on PostgreSQL (issue 17): the same interface as SQLite's (../store.ts), over one
 * node-postgres connection per process, with the repositories in the modules beside this one.
 *
 * Transactions: BEGIN, then `pg_advisory_xact_lock(WRITE_LOCK)` before anything else, then the
 * function, then COMMIT. Every write transaction of every klynge on the database takes that one
 * lock, so writes happen one at a time, as they do on SQLite (BEGIN IMMEDIATE): a stored
 * `allocate` and a `decide` never interleave, an import's check for refs already there holds until
 * it commits, and a score is never lost to another's save. Each write is short (one save, one
 * command), so waiting is brief; reads never wait for it. The lock ends with the transaction,
 * also when the process dies (the server lets go of a dead connection's locks and rolls it back),
 * so a killed import leaves nothing.
 *
 * A read snapshot is `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`: PostgreSQL keeps the
 * snapshot of its first statement until the end.
 *
 * As on SQLite, the connection has one transaction at a time: a second `transaction` waits for
 * the first, and one on the `tx` (or on the store, from code the transaction's function called)
 * runs inside it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import { UserError } from '../../core/errors.js';
import type { Store } from '../store.js';
import type { PgTarget } from '../target.js';
import { pgApplications } from './applications.js';
import { pgCalls } from './calls.js';
import { connectPg, migratePg, pgSchemaVersion } from './connect.js';
import { pgAid, pgAppeals, pgAudit, pgDecisions, pgLetters, pgOffers, pgRuns } from './decisions.js';
import { pgAssignments, pgConflicts, pgEvaluators, pgScores } from './evaluators.js';
import { pgExports } from './exports.js';
import { pgMaintenance } from './maintenance.js';
import { type Q, queries } from './q.js';
import { PG_LATEST_VERSION } from './schema.js';

/** the advisory lock every write transaction holds ("klynge w" in ASCII) */
export const WRITE_LOCK = 0x6b6c796e6777;

export interface PgStore extends Store {
  /** the connection, for the PostgreSQL-only tools (tests, db copy, the benchmark) */
  readonly client: pg.Client;
  readonly q: Q;
}

export interface PgOpenOptions {
  /** make the schema on an empty database, or bring an older one up to date */
  create?: boolean;
  /** 'read': never migrate (an older or empty database is refused with what to run) */
  access?: 'read' | 'write';
  /** with access 'read': open an older schema as it is instead of refusing it (klynge check reports it) */
  asIs?: boolean;
  now?: () => Date;
}

/** Connect to a klynge database on PostgreSQL as a store (one line when that fails). */
export async function openPgStore(t: PgTarget, env: Record<string, string | undefined>, opts: PgOpenOptions = {}): Promise<{ store: PgStore; created: boolean; migrated: number[] }> {
  const client = await connectPg(t, env);
  try {
    const write = opts.access !== 'read';
    const before = await pgSchemaVersion(client);
    // an empty database gets klynge's schema only from a command that makes one (init, call create, demo)
    if (before === 0 && !opts.create) throw new UserError('db.pg_empty', { label: t.label });
    if (opts.asIs && !write && before > 0 && before < PG_LATEST_VERSION) return { store: pgStore(client), created: false, migrated: [] };
    const r = await migratePg(client, t, { write, now: opts.now ?? (() => new Date()) });
    return { store: pgStore(client), created: r.from === 0, migrated: r.migrated };
  } catch (e) {
    await client.end().catch(() => {});
    throw e;
  }
}

/** The store over an open connection whose schema is up to date. */
export function pgStore(client: pg.Client): PgStore {
  const state: { tx: 'none' | 'read' | 'write' } = { tx: 'none' };
  const q = queries(client, state);
  const repos = {
    calls: pgCalls(q),
    applications: pgApplications(q),
    evaluators: pgEvaluators(q),
    scores: pgScores(q),
    conflicts: pgConflicts(q),
    assignments: pgAssignments(q),
    decisions: pgDecisions(q),
    runs: pgRuns(q),
    audit: pgAudit(q),
    maintenance: pgMaintenance(q),
    exports: pgExports(q),
    letters: pgLetters(q),
    aid: pgAid(q),
    offers: pgOffers(q),
    appeals: pgAppeals(q),
  };
  let queue: Promise<unknown> = Promise.resolve();
  const inside = new AsyncLocalStorage<'write' | 'read'>();
  const tx: PgStore = {
    ...repos,
    client,
    q,
    transaction: (fn) => fn(tx),
    read: (fn) => fn(tx),
    close: async () => {
      throw new Error('store: close the store, not the transaction');
    },
  };
  const noWrite = async (): Promise<never> => {
    throw new Error('store: a transaction cannot begin inside a read snapshot');
  };
  const reader: PgStore = {
    ...repos,
    client,
    q,
    transaction: noWrite,
    read: (fn) => fn(reader),
    close: async () => {
      throw new Error('store: close the store, not the read');
    },
  };
  const queued = <T>(work: () => Promise<T>): Promise<T> => {
    const mine = queue.then(work);
    queue = mine.catch(() => undefined);
    return mine;
  };
  const snapshot = async <T>(fn: (r: Store) => Promise<T>): Promise<T> => {
    await q.exec('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    state.tx = 'read';
    try {
      return await inside.run('read', () => fn(reader));
    } finally {
      state.tx = 'none';
      await q.closeStreams();
      // nothing was written in it: ending it must not hide the function's own error
      await q.exec('COMMIT').catch(async () => {
        await q.exec('ROLLBACK').catch(() => {});
      });
    }
  };
  const run = async <T>(fn: (tx: Store) => Promise<T>, dryRun: boolean): Promise<T> => {
    await q.exec('BEGIN');
    state.tx = 'write';
    try {
      await q.exec('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
      const result = await inside.run('write', () => fn(tx));
      await q.closeStreams();
      await q.exec(dryRun ? 'ROLLBACK' : 'COMMIT');
      return result;
    } catch (e) {
      await q.closeStreams();
      await q.exec('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      state.tx = 'none';
    }
  };
  return {
    ...repos,
    client,
    q,
    transaction: <T>(fn: (tx: Store) => Promise<T>, opts: { dryRun?: boolean } = {}): Promise<T> => {
      const within = state.tx !== 'none' ? inside.getStore() : undefined;
      if (within === 'read') return noWrite();
      if (within === 'write') return fn(tx);
      return queued(() => run(fn, !!opts.dryRun));
    },
    read: <T>(fn: (r: Store) => Promise<T>): Promise<T> => {
      const within = state.tx !== 'none' ? inside.getStore() : undefined;
      if (within === 'read') return fn(reader);
      if (within === 'write') return fn(tx);
      return queued(() => snapshot(fn));
    },
    close: async () => {
      await client.end().catch(() => {});
    },
  };
}
