/** The audit log as a use case: for the database, one call, or one application. */
import type { AuditEntry } from '../db/store.js';
import type { ServiceContext } from './context.js';
import { resolveCall } from './calls.js';

export type { AuditEntry } from '../db/store.js';

/**
 * Entries oldest first. With a call (named, or the only one) the call's entries and
 * the database-wide ones; with a ref only that application's, which must exist.
 */
export async function auditLog(ctx: ServiceContext, opts: { call?: string; ref?: string; limit?: number }): Promise<AuditEntry[]> {
  const { store } = ctx;
  // with several calls and no --call, the whole log is shown (it is the database's log)
  // a call named by --call or KLYNGE_CALL scopes the log; the default call or the only one is where a ref is looked up
  const named = opts.call !== undefined || ctx.callFromEnv !== undefined;
  const scoped = named || (opts.ref !== undefined && (await store.calls.list()).length === 1);
  const call = scoped || opts.ref !== undefined ? await resolveCall(ctx, opts.call) : undefined;
  // a case number nobody has heard of is an error, not an empty log
  if (opts.ref !== undefined && call) await store.applications.get(call.id, opts.ref);
  return store.audit.list({ callId: scoped ? call?.id : undefined, ref: opts.ref, limit: opts.limit });
}
