/**
 * Tiny builders for core tests (changesets style): sensible defaults, override
 * what the test is about. Money in øre unless a helper says kroner.
 */
import type { CallDefinition, Criterion, Tier } from '../../src/core/call.js';
import type { Application, Conflict, Evaluator, Score } from '../../src/core/types.js';
import { aggregate } from '../../src/core/aggregate.js';
import { rank, type RankedApplication } from '../../src/core/rank.js';

/** kroner → øre */
export const kr = (n: number): number => Math.round(n * 100);

export function makeCriterion(key: string, over: Partial<Criterion> = {}): Criterion {
  return { key, name: { nb: key, en: key }, weight: 1, allowNA: false, ...over };
}

export function makeTier(key: string, over: Partial<Tier> = {}): Tier {
  return { key, name: { nb: key, en: key }, budget: kr(1_000_000), threshold: 2.5, partial: false, ...over };
}

export function makeCall(over: Partial<CallDefinition> = {}): CallDefinition {
  return {
    slug: 'test-2021',
    name: 'Test call',
    year: 2021,
    currency: 'NOK',
    scale: { min: 0, max: 5, labels: {} },
    criteria: [makeCriterion('green'), makeCriterion('digital'), makeCriterion('international')],
    threshold: 2.5,
    disagreement: 2,
    tiers: [makeTier('main')],
    tieBreak: ['criteria-in-order', 'requested-asc', 'ref'],
    ...over,
  };
}

let nextId = 1;
/** An application; id and ref are generated unless given. */
export function makeApp(over: Partial<Application> = {}): Application {
  const id = over.id ?? nextId++;
  return {
    id,
    callId: 1,
    ref: `21/${String(id).padStart(5, '0')}-1`,
    applicant: `Klynge ${id}`,
    orgNumber: null,
    title: `Prosjekt ${id}`,
    partners: [],
    requested: kr(100_000),
    projectBudget: null,
    summary: '',
    contactName: null,
    contactEmail: null,
    submitted: null,
    extra: {},
    priorDeMinimis: null,
    ...over,
  };
}

export function makeEvaluator(id: number, name = `Vurderer ${id}`): Evaluator {
  return { id, name, email: null };
}

export function makeScore(evaluatorId: number, applicationId: number, criterion: string, value: number | null): Score {
  return { evaluatorId, applicationId, criterion, value, comment: '' };
}

/** One evaluator's scores on one application: `scoresFor(1, app.id, { green: 4, digital: null })`. */
export function scoresFor(evaluatorId: number, applicationId: number, values: Record<string, number | null>): Score[] {
  return Object.entries(values).map(([c, v]) => makeScore(evaluatorId, applicationId, c, v));
}

/** Every criterion of the call given the same value by one evaluator. */
export function flatScores(call: CallDefinition, evaluatorId: number, applicationId: number, value: number | null): Score[] {
  return call.criteria.map((c) => makeScore(evaluatorId, applicationId, c.key, value));
}

export function makeConflict(evaluatorId: number, applicationId: number, reason = 'inhabil'): Conflict {
  return { evaluatorId, applicationId, reason };
}

/** aggregate + rank in one go, with the panel defaulting to every evaluator who scored. */
export function rankAll(
  call: CallDefinition,
  apps: Application[],
  scores: Score[],
  conflicts: Conflict[] = [],
  panel?: Evaluator[],
): RankedApplication[] {
  const evaluators = panel ?? [...new Set(scores.map((s) => s.evaluatorId))].map((id) => makeEvaluator(id));
  return rank(call, aggregate(call, apps, scores, conflicts, evaluators), apps);
}
