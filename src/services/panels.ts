/**
 * Panels (*fagpanel*, issue 14 item 4): the call's active applications spread evenly and
 * deterministically over named evaluators (src/core/assign.ts), never to one with a conflict
 * of interest; one evaluator put on or taken off one application by hand. Withdrawn and
 * ineligible applications get no panel. Every change is one transaction, and each
 * application whose panel changed gets one audit entry with its panel old → new.
 */
import { assignPanel } from '../core/assign.js';
import type { Call } from '../core/call.js';
import { UserError } from '../core/errors.js';
import { lookalike } from '../core/similar.js';
import { compareText } from '../core/compare.js';
import type { Evaluator } from '../core/types.js';
import type { AssignmentRecord, AuditInput, Store } from '../db/store.js';
import { type ServiceContext, isoNow } from './context.js';

export interface AssignmentRow {
  ref: string;
  evaluator: string;
  assignedBy: string;
  assignedAt: string;
}

export interface PanelResult {
  perApplication: number;
  evaluators: string[];
  /** assignments removed first (`--replace`) */
  replaced: number;
  added: { ref: string; evaluator: string }[];
  /** per evaluator, by name, how many applications they now have */
  load: { evaluator: string; applications: number }[];
  /** applications that got fewer than asked: too few evaluators without a conflict */
  short: { ref: string; assigned: number; wanted: number }[];
  /** whether the call has a stored allocation run (which this made stale) */
  staleRun: boolean;
}

const row = (a: AssignmentRecord): AssignmentRow => ({ ref: a.ref, evaluator: a.evaluator, assignedBy: a.assignedBy, assignedAt: a.assignedAt });

/** A call's assignments, by ref then evaluator. */
export async function listAssignments(ctx: ServiceContext, call: Call): Promise<AssignmentRow[]> {
  return (await ctx.store.assignments.ofCall(call.id)).map(row);
}

/** The names of `--evaluators "A, B, C"`: trimmed, empty ones dropped, each once. */
export function panelNames(list: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of list.split(',')) {
    const name = raw.trim();
    if (!name) continue;
    const key = name.toLowerCase();
    if (seen.has(key)) throw new UserError('panels.duplicate_evaluator', { name });
    seen.add(key);
    out.push(name);
  }
  if (out.length === 0) throw new UserError('panels.no_evaluators');
  return out;
}

/** The evaluators named; unknown names refused all together, with a near match where one is known. */
async function named(tx: Store, names: readonly string[]): Promise<Evaluator[]> {
  const known = await tx.evaluators.list();
  const found: Evaluator[] = [];
  const unknown: string[] = [];
  const near: string[] = [];
  for (const name of names) {
    const e = await tx.evaluators.find(name);
    if (e) found.push(e);
    else {
      unknown.push(name);
      const like = lookalike(name, known.map((k) => k.name));
      if (like) near.push(like);
    }
  }
  if (unknown.length) throw new UserError(near.length ? 'panels.unknown_evaluators_near' : 'panels.unknown_evaluators', { names: unknown.join(', '), near: near.join(', '), count: unknown.length });
  return found;
}

async function activeApplications(tx: Store, call: Call): Promise<{ id: number; ref: string }[]> {
  const out = new Set((await tx.applications.excluded(call.id)).map((x) => x.applicationId));
  return (await tx.applications.refs(call.id)).filter((a) => !out.has(a.id));
}

/**
 * Spread the call's active applications over the evaluators named, `perApplication` each.
 * Refused when the call has assignments already, unless `replace` (then they go first).
 */
export async function assignPanels(ctx: ServiceContext, call: Call, names: readonly string[], perApplication: number, replace: boolean): Promise<PanelResult> {
  if (perApplication > names.length) throw new UserError('panels.per_too_many', { per: perApplication, count: names.length });
  return ctx.store.transaction(async (tx) => {
    const panel = await named(tx, names);
    const before = await tx.assignments.ofCall(call.id);
    if (before.length && !replace) throw new UserError('panels.already_assigned', { call: call.slug, count: before.length });
    const apps = await activeApplications(tx, call);
    if (apps.length === 0) throw new UserError('panels.no_applications', { call: call.slug });
    const conflicts = await tx.conflicts.ofCall(call.id);
    const r = assignPanel({ applications: apps, evaluators: panel, conflicts, perApplication });
    const at = isoNow(ctx);
    const replaced = before.length ? await tx.assignments.removeOfCall(call.id) : 0;
    await tx.assignments.insertMany(r.added.map((a) => ({ ...a, assignedBy: ctx.actor, assignedAt: at })));
    const nameOf = new Map(panel.map((e) => [e.id, e.name]));
    const refOf = new Map(apps.map((a) => [a.id, a.ref]));
    // one entry per application whose panel changed: its evaluators old → new
    const oldPanels = new Map<string, string[]>();
    for (const b of before) oldPanels.set(b.ref, [...(oldPanels.get(b.ref) ?? []), b.evaluator]);
    const newPanels = new Map<string, string[]>();
    for (const a of r.added) {
      const ref = refOf.get(a.applicationId)!;
      newPanels.set(ref, [...(newPanels.get(ref) ?? []), nameOf.get(a.evaluatorId)!]);
    }
    const entries: AuditInput[] = [];
    for (const ref of [...new Set([...oldPanels.keys(), ...newPanels.keys()])].sort(compareText)) {
      const oldList = oldPanels.get(ref) ?? [];
      const newList = newPanels.get(ref) ?? [];
      if (oldList.join('\n') === newList.join('\n')) continue;
      entries.push({ at, actor: ctx.actor, action: 'assign', callId: call.id, ref, details: { changes: { evaluators: { old: oldList, new: newList } }, perApplication } });
    }
    await tx.audit.appendMany(entries);
    return {
      perApplication,
      evaluators: panel.map((e) => e.name),
      replaced,
      added: r.added.map((a) => ({ ref: refOf.get(a.applicationId)!, evaluator: nameOf.get(a.evaluatorId)! })),
      load: [...panel].sort((a, b) => compareText(a.name, b.name)).map((e) => ({ evaluator: e.name, applications: r.load.get(e.id) ?? 0 })),
      short: r.short.map((s) => ({ ref: s.ref, assigned: s.assigned, wanted: s.wanted })),
      staleRun: (await tx.runs.latest(call.id)) !== null,
    };
  });
}

export interface OneAssignment {
  ref: string;
  evaluator: string;
  /** the application's panel after the change, by name */
  panel: string[];
}

/** Put one evaluator on one application's panel, or (`unassign`) take them off it. */
export async function assignOne(ctx: ServiceContext, call: Call, ref: string, evaluatorName: string, unassign: boolean): Promise<OneAssignment> {
  return ctx.store.transaction(async (tx) => {
    const app = await tx.applications.get(call.id, ref);
    const [e] = await named(tx, [evaluatorName]);
    const panelOf = async () => (await tx.assignments.ofCall(call.id)).filter((a) => a.applicationId === app.id).map((a) => a.evaluator);
    const old = await panelOf();
    const at = isoNow(ctx);
    if (unassign) {
      if (!(await tx.assignments.remove(e.id, app.id))) throw new UserError('panels.not_assigned', { name: e.name, ref: app.ref });
    } else {
      const standing = await tx.applications.standing(app.id);
      if (standing.status !== 'active') throw new UserError(`panels.excluded_${standing.status}`, { ref: app.ref });
      const conflict = await tx.conflicts.of(e.id, app.id);
      if (conflict) throw new UserError('panels.conflicted', { name: e.name, ref: app.ref, reason: conflict.reason });
      if (!(await tx.assignments.insert({ applicationId: app.id, evaluatorId: e.id, assignedBy: ctx.actor, assignedAt: at }))) throw new UserError('panels.already', { name: e.name, ref: app.ref });
    }
    const now = await panelOf();
    await tx.audit.append({ at, actor: ctx.actor, action: unassign ? 'unassign' : 'assign', callId: call.id, ref: app.ref, details: { evaluator: e.name, changes: { evaluators: { old, new: now } } } });
    return { ref: app.ref, evaluator: e.name, panel: now };
  });
}

/**
 * The applications (by id) on an evaluator's panels, or null when the call has no assignments
 * (then every evaluator may score every application).
 */
export async function assignedTo(ctx: ServiceContext, call: Call, evaluatorId: number): Promise<Set<number> | null> {
  const all = await ctx.store.assignments.ofCall(call.id);
  if (all.length === 0) return null;
  return new Set(all.filter((a) => a.evaluatorId === evaluatorId).map((a) => a.applicationId));
}
