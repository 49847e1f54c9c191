/** Browsing applications: the list with where each stands, and one application in full. */
import type { Call } from '../core/call.js';
import { UsageError } from '../core/errors.js';
import type { Application, DecisionStatus } from '../core/types.js';
import type { ServiceContext } from './context.js';
import { headroomOf, type AidFigures } from '../core/state-aid.js';
import { allocationAid, undertakingKey } from './state-aid.js';

/** Where an application stands: not yet scored, being scored, or decided. */
export type ApplicationStatus = 'new' | 'scored' | DecisionStatus | 'withdrawn' | 'ineligible';
export const APPLICATION_STATUSES: ApplicationStatus[] = ['new', 'scored', 'pending', 'granted', 'partially granted', 'rejected', 'reserve', 'declined', 'withdrawn', 'ineligible'];

export interface ApplicationListItem extends Application {
  status: ApplicationStatus;
  evaluators: number;
  granted: number;
  tier: string | null;
}

/** Status words as a Norwegian caseworker writes them. */
const NB_STATUS: Record<string, ApplicationStatus> = {
  ny: 'new',
  'ikke vurdert': 'new',
  vurdert: 'scored',
  'under vurdering': 'scored',
  avventer: 'pending',
  innvilget: 'granted',
  'delvis innvilget': 'partially granted',
  avslått: 'rejected',
  avslatt: 'rejected',
  avslag: 'rejected',
  venteliste: 'reserve',
  'takket nei': 'declined',
  trukket: 'withdrawn',
  avvist: 'ineligible',
};

export function parseStatusFilter(s: string): ApplicationStatus {
  const v = s.trim().toLowerCase().replace(/[-_]/g, ' ');
  const hit = APPLICATION_STATUSES.find((x) => x === v) ?? NB_STATUS[v];
  if (!hit) throw new UsageError('applications.bad_status', { status: s, statuses: APPLICATION_STATUSES.join(', ') });
  return hit;
}

export async function listApplicationsWithStatus(ctx: ServiceContext, call: Call, status?: ApplicationStatus): Promise<ApplicationListItem[]> {
  const { store } = ctx;
  const counts = new Map<number, number>();
  for (const r of await store.scores.evaluatorsPerApplication(call.id)) counts.set(r.applicationId, r.evaluators);
  const decisions = new Map<number, { status: DecisionStatus; granted: number; tier: string | null }>();
  for (const d of await store.decisions.ofCall(call.id)) decisions.set(d.applicationId, d);
  const excluded = new Map((await store.applications.excluded(call.id)).map((x) => [x.applicationId, x.status]));
  const items = (await store.applications.list(call.id)).map((a) => {
    const d = decisions.get(a.id);
    const n = counts.get(a.id) ?? 0;
    const status = excluded.get(a.id) ?? (d ? d.status : n > 0 ? 'scored' : 'new');
    return { ...a, evaluators: n, status, granted: d?.granted ?? 0, tier: d?.tier ?? null } as ApplicationListItem;
  });
  return status ? items.filter((i) => i.status === status) : items;
}

export interface ApplicationDetail {
  application: Application;
  scores: { evaluator: string; criterion: string; value: number | null; comment: string; conflicted: boolean }[];
  conflicts: { evaluator: string; reason: string; declaredAt: string }[];
  /** each evaluator's overall justification (the scorer's), beside the comment of each score */
  notes: { evaluator: string; note: string }[];
  decision: { tier: string | null; granted: number; status: DecisionStatus; reason: string; manual: boolean; note: string | null; decidedBy: string; decidedAt: string } | null;
  /** withdrawn or ineligible, with who said so and why; null while it is in the competition */
  standing: { status: 'withdrawn' | 'ineligible'; note: string | null; by: string | null; at: string | null } | null;
  /** a de minimis call: what the undertaking may still get, this call's other grants counted; else null */
  stateAid: AidFigures | null;
}

export async function showApplication(ctx: ServiceContext, call: Call, ref: string): Promise<ApplicationDetail> {
  const { store } = ctx;
  const application = await store.applications.get(call.id, ref);
  const conflicts = await store.conflicts.ofApplication(application.id);
  const conflicted = new Set(conflicts.map((c) => c.evaluatorId));
  const order = new Map(call.criteria.map((c, i) => [c.key, i]));
  const scores = (await store.scores.ofApplication(application.id))
    .map((s) => ({ evaluator: s.evaluator, criterion: s.criterion, value: s.value, comment: s.comment, conflicted: conflicted.has(s.evaluatorId) }))
    .sort((a, b) => a.evaluator.localeCompare(b.evaluator, 'nb') || (order.get(a.criterion) ?? 99) - (order.get(b.criterion) ?? 99));
  const d = await store.decisions.of(application.id);
  const st = await store.applications.standing(application.id);
  let stateAid: AidFigures | null = null;
  const apps = call.stateAid?.basis === 'de-minimis' ? await store.applications.listBrief(call.id) : [];
  const aid = apps.length ? await allocationAid(ctx, call, apps) : undefined;
  if (aid) {
    const mine = undertakingKey(application);
    const sameUndertaking = new Set(apps.filter((a) => a.id !== application.id && undertakingKey(a) === mine).map((a) => a.id));
    const thisCall = (await store.decisions.ofCall(call.id)).filter((x) => sameUndertaking.has(x.applicationId)).reduce((s, x) => s + x.granted, 0);
    stateAid = headroomOf(aid, application.id, thisCall);
  }
  return {
    standing: st.status === 'active' ? null : { status: st.status, note: st.note, by: st.by, at: st.at },
    stateAid,
    application,
    scores,
    conflicts: conflicts.map(({ evaluator, reason, declaredAt }) => ({ evaluator, reason, declaredAt })),
    notes: (await store.scores.notesOfApplication(application.id)).map(({ evaluator, note }) => ({ evaluator, note })),
    decision: d ? { tier: d.tier, granted: d.granted, status: d.status, reason: d.reason, manual: d.manual === 1, note: d.note, decidedBy: d.decidedBy, decidedAt: d.decidedAt } : null,
  };
}
