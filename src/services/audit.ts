/** The audit log as a use case: for the database, one call, or one application. */
import { getApplication } from '../db/applications.js';
import { type AuditEntry, listAudit } from '../db/audit.js';
import { listCalls, resolveCall } from '../db/calls.js';
import type { ServiceContext } from './context.js';

export type { AuditEntry } from '../db/audit.js';

/**
 * Entries oldest first. With a call (named, or the only one) the call's entries and
 * the database-wide ones; with a ref only that application's, which must exist.
 */
export function auditLog(ctx: ServiceContext, opts: { call?: string; ref?: string; limit?: number }): AuditEntry[] {
  // with several calls and no --call, the whole log is shown (it is the database's log)
  const scoped = opts.call !== undefined || (opts.ref !== undefined && listCalls(ctx.db).length === 1);
  const call = scoped || opts.ref !== undefined ? resolveCall(ctx.db, opts.call) : undefined;
  // a case number nobody has heard of is an error, not an empty log
  if (opts.ref !== undefined && call) getApplication(ctx.db, call.id, opts.ref);
  return listAudit(ctx.db, { callId: scoped ? call?.id : undefined, ref: opts.ref, limit: opts.limit });
}
