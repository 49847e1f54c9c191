/** Use cases for calls: create from a file or flags, list, show. */
import { type Call, type CallDefinition, callToJson, validateCallDefinition } from '../core/call.js';
import { UserError, ValidationError } from '../core/errors.js';
import type { CallCounts } from '../db/store.js';
import { type ServiceContext, isoNow } from './context.js';

/** Validate a parsed call definition and store it. Every problem is reported at once. */
export async function createCall(ctx: ServiceContext, input: unknown, source: string): Promise<Call> {
  const result = validateCallDefinition(input);
  if (!result.ok) throw new ValidationError(result.issues.map((i) => ({ ...i, file: source })), 'call.invalid', { file: source });
  const at = isoNow(ctx);
  return ctx.store.transaction(async (tx) => {
    const call = await tx.calls.insert(result.call, at);
    await tx.audit.append({ at, actor: ctx.actor, action: 'call.create', callId: call.id, details: { slug: call.slug, source, definition: callToJson(call) } });
    return call;
  });
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
  counts: CallCounts;
}

export async function listCallSummaries(ctx: ServiceContext): Promise<CallSummary[]> {
  const out: CallSummary[] = [];
  for (const call of await ctx.store.calls.list()) out.push({ call, counts: await ctx.store.calls.counts(call.id) });
  return out;
}

/** The call a command works on: the one named by --call, or the only one there is. */
export function resolveCall(ctx: ServiceContext, slug: string | undefined): Promise<Call> {
  return ctx.store.calls.resolve(slug);
}

/** How many calls there are (the audit log is per call only when there is one). */
export async function countCalls(ctx: ServiceContext): Promise<number> {
  return (await ctx.store.calls.list()).length;
}

export async function showCall(ctx: ServiceContext, slug: string | undefined): Promise<CallSummary> {
  const call = await ctx.store.calls.resolve(slug);
  return { call, counts: await ctx.store.calls.counts(call.id) };
}

export type { CallDefinition };
