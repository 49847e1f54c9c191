/** Browsing applications: the list with where each stands, and one application in full. */
import type { Call } from '../core/call.js';
import { UsageError } from '../core/errors.js';
import type { Application, DecisionStatus } from '../core/types.js';
import { getApplication, listApplications } from '../db/applications.js';
import type { ServiceContext } from './context.js';

/** Where an application stands: not yet scored, being scored, or decided. */
export type ApplicationStatus = 'new' | 'scored' | DecisionStatus;
export const APPLICATION_STATUSES: ApplicationStatus[] = ['new', 'scored', 'pending', 'granted', 'partially granted', 'rejected'];

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
};

export function parseStatusFilter(s: string): ApplicationStatus {
  const v = s.trim().toLowerCase().replace(/[-_]/g, ' ');
  const hit = APPLICATION_STATUSES.find((x) => x === v) ?? NB_STATUS[v];
  if (!hit) throw new UsageError('applications.bad_status', { status: s, statuses: APPLICATION_STATUSES.join(', ') });
  return hit;
}

export function listApplicationsWithStatus(ctx: ServiceContext, call: Call, status?: ApplicationStatus): ApplicationListItem[] {
  const counts = new Map<number, number>();
  for (const r of ctx.db
    .prepare('SELECT s.application_id AS id, count(DISTINCT s.evaluator_id) AS n FROM scores s JOIN applications a ON a.id = s.application_id WHERE a.call_id = ? GROUP BY s.application_id')
    .all(call.id) as { id: number; n: number }[])
    counts.set(r.id, r.n);
  const decisions = new Map<number, { status: DecisionStatus; granted: number; tier: string | null }>();
  for (const d of ctx.db
    .prepare('SELECT d.application_id AS id, d.status, d.granted, d.tier FROM decisions d JOIN applications a ON a.id = d.application_id WHERE a.call_id = ?')
    .all(call.id) as { id: number; status: DecisionStatus; granted: number; tier: string | null }[])
    decisions.set(d.id, d);
  const items = listApplications(ctx.db, call.id).map((a) => {
    const d = decisions.get(a.id);
    const n = counts.get(a.id) ?? 0;
    return { ...a, evaluators: n, status: d ? d.status : n > 0 ? 'scored' : 'new', granted: d?.granted ?? 0, tier: d?.tier ?? null } as ApplicationListItem;
  });
  return status ? items.filter((i) => i.status === status) : items;
}

export interface ApplicationDetail {
  application: Application;
  scores: { evaluator: string; criterion: string; value: number | null; comment: string; conflicted: boolean }[];
  conflicts: { evaluator: string; reason: string; declaredAt: string }[];
  decision: { tier: string | null; granted: number; status: DecisionStatus; reason: string; manual: boolean; note: string | null; decidedBy: string; decidedAt: string } | null;
}

export function showApplication(ctx: ServiceContext, call: Call, ref: string): ApplicationDetail {
  const application = getApplication(ctx.db, call.id, ref);
  const conflicts = ctx.db
    .prepare('SELECT e.name AS evaluator, c.reason, c.declared_at AS declaredAt, c.evaluator_id AS eid FROM conflicts c JOIN evaluators e ON e.id = c.evaluator_id WHERE c.application_id = ? ORDER BY e.name')
    .all(application.id) as { evaluator: string; reason: string; declaredAt: string; eid: number }[];
  const conflicted = new Set(conflicts.map((c) => c.eid));
  const order = new Map(call.criteria.map((c, i) => [c.key, i]));
  const scores = (
    ctx.db
      .prepare('SELECT e.name AS evaluator, s.evaluator_id AS eid, s.criterion, s.value, s.comment FROM scores s JOIN evaluators e ON e.id = s.evaluator_id WHERE s.application_id = ?')
      .all(application.id) as { evaluator: string; eid: number; criterion: string; value: number | null; comment: string }[]
  )
    .map((s) => ({ evaluator: s.evaluator, criterion: s.criterion, value: s.value, comment: s.comment, conflicted: conflicted.has(s.eid) }))
    .sort((a, b) => a.evaluator.localeCompare(b.evaluator, 'nb') || (order.get(a.criterion) ?? 99) - (order.get(b.criterion) ?? 99));
  const d = ctx.db
    .prepare('SELECT tier, granted, status, reason, manual, note, decided_by AS decidedBy, decided_at AS decidedAt FROM decisions WHERE application_id = ?')
    .get(application.id) as (Omit<NonNullable<ApplicationDetail['decision']>, 'manual'> & { manual: number }) | undefined;
  return {
    application,
    scores,
    conflicts: conflicts.map(({ evaluator, reason, declaredAt }) => ({ evaluator, reason, declaredAt })),
    decision: d ? { ...d, manual: d.manual === 1 } : null,
  };
}
