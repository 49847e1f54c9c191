/** Use cases for calls: create from a file or flags, list, show. */
import { type Call, type CallDefinition, callToJson, validateCallDefinition } from '../core/call.js';
import { UserError, ValidationError } from '../core/errors.js';
import { audit } from '../db/audit.js';
import { callCounts, insertCall, listCalls, resolveCall as findCall } from '../db/calls.js';
import type { DB } from '../db/open.js';
import { type ServiceContext, isoNow } from './context.js';

/** Validate a parsed call definition and store it. Every problem is reported at once. */
export function createCall(ctx: ServiceContext, input: unknown, source: string): Call {
  const result = validateCallDefinition(input);
  if (!result.ok) throw new ValidationError(result.issues.map((i) => ({ ...i, file: source })), 'call.invalid', { file: source });
  const at = isoNow(ctx);
  return ctx.db
    .transaction(() => {
      const call = insertCall(ctx.db, result.call, at);
      audit(ctx.db, { at, actor: ctx.actor, action: 'call.create', callId: call.id, details: { slug: call.slug, source, definition: callToJson(call) } });
      return call;
    })
    .immediate();
}

/** Parse the text of a call file; JSON syntax errors name the line. */
export function parseCallFile(text: string, file: string): unknown {
  // JSON.parse of nothing has no position to point at ("near line ?"): say what it is
  if (text.replace(/^\uFEFF/, '').trim() === '') throw new UserError('call.empty_file', { file });
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : undefined;
    throw new UserError('call.bad_json', { file, line: line ?? '?', reason: msg });
  }
}

export interface CallSummary {
  call: Call;
  counts: ReturnType<typeof callCounts>;
}

export function listCallSummaries(ctx: ServiceContext): CallSummary[] {
  return listCalls(ctx.db).map((call) => ({ call, counts: callCounts(ctx.db, call.id) }));
}

/** The call a command works on: the one named by --call, or the only one there is. */
export function resolveCall(db: DB, slug: string | undefined): Call {
  return findCall(db, slug);
}

/** How many calls there are (the audit log is per call only when there is one). */
export function countCalls(ctx: ServiceContext): number {
  return listCalls(ctx.db).length;
}

export function showCall(ctx: ServiceContext, slug: string | undefined): CallSummary {
  const call = findCall(ctx.db, slug);
  return { call, counts: callCounts(ctx.db, call.id) };
}

export type { CallDefinition };
