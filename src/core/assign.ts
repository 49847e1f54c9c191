/**
 * Panels (*fagpanel*): which evaluators score which applications. The applications are
 * spread evenly and deterministically over the panel, never to an evaluator with a
 * conflict of interest (*inhabilitet*) on them.
 */
import { compareText } from './compare.js';

export interface Assignment {
  applicationId: number;
  evaluatorId: number;
}

export interface AssignInput {
  applications: readonly { id: number; ref: string }[];
  evaluators: readonly { id: number; name: string }[];
  conflicts: readonly Assignment[];
  /** how many evaluators each application should have */
  perApplication: number;
  /** assignments that stay as they are (made by hand): they count toward both sides */
  kept?: readonly Assignment[];
}

export interface AssignResult {
  /** the new assignments, in application then evaluator order (the kept ones are not repeated) */
  added: Assignment[];
  /** applications that could not get `perApplication` evaluators: too few without a conflict */
  short: { applicationId: number; ref: string; assigned: number; wanted: number }[];
  /** per evaluator (by id), how many applications it has in all, kept ones included */
  load: Map<number, number>;
}

const pairKey = (a: Assignment) => `${a.applicationId}:${a.evaluatorId}`;

/**
 * Give each application `perApplication` evaluators. The most constrained applications
 * (fewest evaluators free of conflicts) are served first; each takes the least loaded
 * evaluators, ties broken by a rotation that moves one place per application, so the same
 * pairs do not sit together on every application. Without conflicts or kept assignments,
 * no evaluator ends with more than one application above another. The order of the input
 * lists does not matter: applications are taken by ref, evaluators by name.
 */
export function assignPanel(input: AssignInput): AssignResult {
  const evaluators = [...input.evaluators].sort((a, b) => compareText(a.name, b.name) || a.id - b.id);
  const conflicted = new Set(input.conflicts.map(pairKey));
  const kept = input.kept ?? [];
  const load = new Map(evaluators.map((e) => [e.id, 0]));
  const have = new Map<number, Set<number>>();
  for (const k of kept) {
    load.set(k.evaluatorId, (load.get(k.evaluatorId) ?? 0) + 1);
    if (!have.has(k.applicationId)) have.set(k.applicationId, new Set());
    have.get(k.applicationId)!.add(k.evaluatorId);
  }
  const free = (appId: number) => evaluators.filter((e) => !conflicted.has(pairKey({ applicationId: appId, evaluatorId: e.id })));
  const byRef = [...input.applications].sort((a, b) => compareText(a.ref, b.ref) || a.id - b.id);
  const turn = new Map(byRef.map((a, i) => [a.id, i]));
  const order = byRef.map((a) => ({ app: a, free: free(a.id) })).sort((x, y) => x.free.length - y.free.length || turn.get(x.app.id)! - turn.get(y.app.id)!);

  const added: Assignment[] = [];
  const short: AssignResult['short'] = [];
  const n = evaluators.length;
  const place = new Map(evaluators.map((e, i) => [e.id, i]));
  for (const { app, free: candidates } of order) {
    const mine = have.get(app.id) ?? new Set<number>();
    const need = input.perApplication - mine.size;
    const i = turn.get(app.id)!;
    const rotation = (id: number) => (((place.get(id)! - i) % n) + n) % n;
    const picked = candidates
      .filter((e) => !mine.has(e.id))
      .sort((a, b) => load.get(a.id)! - load.get(b.id)! || rotation(a.id) - rotation(b.id))
      .slice(0, Math.max(0, need));
    for (const e of picked) {
      load.set(e.id, load.get(e.id)! + 1);
      added.push({ applicationId: app.id, evaluatorId: e.id });
    }
    const assigned = mine.size + picked.length;
    if (assigned < input.perApplication) short.push({ applicationId: app.id, ref: app.ref, assigned, wanted: input.perApplication });
  }
  added.sort((a, b) => turn.get(a.applicationId)! - turn.get(b.applicationId)! || place.get(a.evaluatorId)! - place.get(b.evaluatorId)!);
  short.sort((a, b) => turn.get(a.applicationId)! - turn.get(b.applicationId)!);
  return { added, short, load };
}
