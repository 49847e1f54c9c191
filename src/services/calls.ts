/** Use cases for calls: create from a file or flags, list, show. */
import { type Call, type CallDefinition, callToJson, validateCallDefinition } from '../core/call.js';
import { UserError, ValidationError } from '../core/errors.js';
import { type CallChange, type FieldChange, planCallUpdate } from '../core/call-update.js';
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

export interface CallListing {
  calls: CallSummary[];
  /** the slug chosen with `klynge call use`, if any */
  defaultSlug: string | null;
}

export async function listCallSummaries(ctx: ServiceContext): Promise<CallListing> {
  const calls: CallSummary[] = [];
  for (const call of await ctx.store.calls.list()) calls.push({ call, counts: await ctx.store.calls.counts(call.id) });
  return { calls, defaultSlug: await ctx.store.calls.defaultSlug() };
}

/**
 * The call a command works on, the one place that chooses it: `slug` (--call, or a command's
 * argument), else KLYNGE_CALL, else the default chosen with `klynge call use`, else the only
 * call there is. Every refusal says how to choose one.
 */
export function resolveCall(ctx: ServiceContext, slug: string | undefined): Promise<Call> {
  if (slug !== undefined) return ctx.store.calls.resolve(slug, 'flag');
  if (ctx.callFromEnv !== undefined) return ctx.store.calls.resolve(ctx.callFromEnv, 'env');
  return ctx.store.calls.resolve(undefined);
}

/** How many calls there are (the audit log is per call only when there is one). */
export async function countCalls(ctx: ServiceContext): Promise<number> {
  return (await ctx.store.calls.list()).length;
}

export async function showCall(ctx: ServiceContext, slug: string | undefined): Promise<CallSummary> {
  const call = await resolveCall(ctx, slug);
  return { call, counts: await ctx.store.calls.counts(call.id) };
}

/** `klynge call use SLUG`: the call commands work on when none is named (null: none). Logged old → new. */
export async function useCall(ctx: ServiceContext, slug: string | null): Promise<{ old: string | null; new: string | null }> {
  return ctx.store.transaction(async (tx) => {
    // an unknown slug is refused with the list of calls
    if (slug !== null) await tx.calls.resolve(slug, 'flag');
    const old = await tx.calls.defaultSlug();
    if (old !== slug) {
      const at = isoNow(ctx);
      await tx.calls.setDefault(slug, ctx.actor, at);
      const call = slug === null ? null : await tx.calls.resolve(slug, 'flag');
      await tx.audit.append({ at, actor: ctx.actor, action: 'call.use', callId: call?.id ?? null, details: { changes: { default: { old, new: slug } } } });
    }
    return { old, new: slug };
  });
}

export interface CallUpdateResult {
  call: Call;
  changes: FieldChange[];
}

/**
 * Change a call: a new definition (`--file`), tier budgets, the threshold. Validated as
 * `call create` validates, every change logged old → new in one transaction; a stored
 * allocation becomes stale. Criteria, weights and the scale are refused once any score exists.
 * `source` names where the change came from in messages and the log (a file, "flags", "allocate").
 */
export async function updateCall(ctx: ServiceContext, call: Call, change: CallChange, source: string): Promise<CallUpdateResult> {
  return ctx.store.transaction(async (tx) => {
    // read again inside the transaction: another change may have landed since the call was resolved
    const current = await tx.calls.byId(call.id);
    const plan = planCallUpdate(current, change);
    if (!plan.ok) throw new ValidationError(plan.issues.map((i) => ({ ...i, file: source === 'flags' || source === 'allocate' ? undefined : source })), 'callupdate.invalid', { slug: current.slug, source });
    if (plan.changes.length === 0) return { call: current, changes: [] };
    if (plan.locked.length) {
      const counts = await tx.calls.counts(current.id);
      if (counts.scored > 0) {
        const what = plan.locked.map((c) => c.path).slice(0, 5).join(', ');
        throw new UserError('callupdate.scoring_started', { slug: current.slug, scored: counts.scored, what });
      }
    }
    const inUse = (await tx.decisions.manualOfCall(current.id)).filter((d) => d.tier !== null && !plan.call.tiers.some((t) => t.key === d.tier));
    if (inUse.length) throw new UserError('callupdate.tier_in_use', { tier: inUse[0].tier, count: inUse.length });
    const at = isoNow(ctx);
    const updated = await tx.calls.update(current.id, plan.call, at);
    await tx.audit.append({
      at,
      actor: ctx.actor,
      action: 'call.update',
      callId: current.id,
      details: { slug: current.slug, source, changes: Object.fromEntries(plan.changes.map((c) => [c.path, { old: c.old, new: c.new }])) },
    });
    return { call: updated, changes: plan.changes };
  });
}

export type { CallDefinition };
