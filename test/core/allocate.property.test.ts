/**
 * Invariants of the allocation policy (SPEC §6), over random calls, scores,
 * conflicts, budgets and manual decisions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregate, countedScores } from '../../src/core/aggregate.js';
import { allocate, type AllocationResult, type ManualDecision } from '../../src/core/allocate.js';
import type { CallDefinition, Criterion, TieBreakStep, Tier } from '../../src/core/call.js';
import { inputsHasher } from '../../src/core/inputs-hash.js';
import { sha256 } from '../../src/services/hash.js';
import { cmp, fromDecimal } from '../../src/core/rational.js';
import { rank, type RankedApplication } from '../../src/core/rank.js';
import type { Application, Conflict, Evaluator, Score } from '../../src/core/types.js';
import { kr, makeApp, makeCall, makeEvaluator } from '../helpers/builders.js';
import { shuffle } from '../helpers/shuffle.js';

const inputsHash = inputsHasher(sha256);

interface World {
  call: CallDefinition;
  apps: Application[];
  panel: Evaluator[];
  scores: Score[];
  conflicts: Conflict[];
  manual: ManualDecision[];
  budgets: Record<string, number> | undefined;
}

const WEIGHTS = [0.1, 0.2, 0.7, 1, 1.5, 2, 3, 0.25];
const STEPS: TieBreakStep[] = ['criteria-in-order', 'requested-asc', 'submitted-asc'];

/** a value about once in `every` draws, else undefined */
const sometimes = <T>(arb: fc.Arbitrary<T>, every: number): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: every - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });

/** a value on the scale in half steps, as thresholds and minimums are written */
const onScale = (min: number, max: number) => fc.integer({ min: min * 2, max: max * 2 }).map((x) => x / 2);

const callArb: fc.Arbitrary<CallDefinition> = fc
  .record({ smin: fc.constantFrom(0, 1), size: fc.integer({ min: 2, max: 6 }), nCrit: fc.integer({ min: 1, max: 4 }), nTier: fc.integer({ min: 1, max: 3 }) })
  .chain(({ smin, size, nCrit, nTier }) => {
    const smax = smin + size;
    const criterion = (i: number): fc.Arbitrary<Criterion> =>
      fc
        .record({ weight: fc.constantFrom(...WEIGHTS), min: sometimes(onScale(smin, smax), 4), allowNA: fc.boolean() })
        .map(({ weight, min, allowNA }) => {
          const c: Criterion = { key: `c${i}`, name: `c${i}`, weight, allowNA };
          if (min !== undefined) c.min = min;
          return c;
        });
    const tier = (i: number): fc.Arbitrary<Tier> =>
      fc
        .record({
          budgetKr: fc.integer({ min: 1, max: 3000 }),
          threshold: onScale(smin, smax),
          maxFrac: fc.option(fc.double({ min: 0.05, max: 1, noNaN: true }), { nil: undefined }),
          partial: fc.boolean(),
          minFrac: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
        })
        .map(({ budgetKr, threshold, maxFrac, partial, minFrac }) => {
          const t: Tier = { key: `t${i}`, name: `t${i}`, budget: kr(budgetKr), threshold, partial };
          if (maxFrac !== undefined) t.maxGrant = Math.max(100, Math.round((t.budget * maxFrac) / 100) * 100);
          if (partial && minFrac !== undefined) t.minGrant = Math.round(((t.maxGrant ?? t.budget) * minFrac) / 100) * 100 || 100;
          return t;
        });
    return fc
      .record({
        criteria: fc.tuple(...Array.from({ length: nCrit }, (_, i) => criterion(i))),
        tiers: fc.tuple(...Array.from({ length: nTier }, (_, i) => tier(i))),
        threshold: onScale(smin, smax),
        disagreement: fc.constantFrom(1, 2, 2.5, 3),
        tieBreak: fc.shuffledSubarray(STEPS),
      })
      .map(({ criteria, tiers, threshold, disagreement, tieBreak }) =>
        makeCall({
          scale: { min: smin, max: smax, labels: {} },
          criteria,
          tiers,
          threshold,
          disagreement,
          tieBreak: [...tieBreak, 'ref'],
        }),
      );
  });

const worldArb: fc.Arbitrary<World> = callArb.chain((call) =>
  fc
    .record({
      nApps: fc.integer({ min: 0, max: 14 }),
      nEval: fc.integer({ min: 1, max: 4 }),
    })
    .chain(({ nApps, nEval }) => {
      const { min, max } = call.scale;
      const C = call.criteria.length;
      // per (application, evaluator, criterion): missing (-1), n/a (null) or a value
      const cell = fc.oneof(
        { weight: 8, arbitrary: fc.integer({ min, max }) as fc.Arbitrary<number | null> },
        { weight: 1, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.constant(-1) },
      );
      const app = (i: number) =>
        fc
          .record({
            requestedKr: fc.oneof(fc.integer({ min: 1, max: 2000 }), fc.constantFrom(100, 500, 1000)),
            ore: fc.constantFrom(0, 0, 0, 50),
            submitted: fc.option(fc.constantFrom('2021-09-01', '2021-09-02', '2021-09-02T12:00:00'), { nil: null }),
            cells: fc.array(cell, { minLength: nEval * C, maxLength: nEval * C }),
            conflicts: fc.array(fc.integer({ min: 0, max: 6 }).map((x) => x === 0), { minLength: nEval, maxLength: nEval }),
            manual: sometimes(
              fc.record({ tier: fc.option(fc.integer({ min: 0, max: call.tiers.length - 1 }), { nil: null }), grantKr: fc.integer({ min: 0, max: 1500 }) }),
              10,
            ),
          })
          .map((r) => ({ i, ...r }));
      return fc.record({
        apps: fc.tuple(...Array.from({ length: nApps }, (_, i) => app(i))),
        budgets: fc.option(fc.dictionary(fc.constantFrom(...call.tiers.map((t) => t.key)), fc.integer({ min: 0, max: 3000 }).map(kr)), { nil: undefined }),
      }).map(({ apps, budgets }): World => {
        const panel = Array.from({ length: nEval }, (_, e) => makeEvaluator(e + 1));
        const applications: Application[] = [];
        const scores: Score[] = [];
        const conflicts: Conflict[] = [];
        const manual: ManualDecision[] = [];
        for (const a of apps) {
          const id = 100 + a.i;
          applications.push(makeApp({ id, ref: `21/${String(a.i).padStart(3, '0')}`, requested: kr(a.requestedKr) + a.ore, submitted: a.submitted }));
          a.cells.forEach((v, k) => {
            if (v === -1) return;
            scores.push({ evaluatorId: Math.floor(k / C) + 1, applicationId: id, criterion: call.criteria[k % C].key, value: v, comment: '' });
          });
          a.conflicts.forEach((c, e) => c && conflicts.push({ evaluatorId: e + 1, applicationId: id, reason: '' }));
          if (a.manual) {
            const tier = a.manual.tier === null ? null : call.tiers[a.manual.tier].key;
            // a manual grant is at most the request (klynge decide refuses more, and allocate refuses a stale one)
            manual.push({ applicationId: id, tier, granted: tier === null ? 0 : Math.min(kr(a.manual.grantKr), kr(a.requestedKr) + a.ore) });
          }
        }
        return { call, apps: applications, panel, scores, conflicts, manual, budgets };
      });
    }),
);

function pipeline(w: World): { ranked: RankedApplication[]; result: AllocationResult } {
  const ranked = rank(w.call, aggregate(w.call, w.apps, w.scores, w.conflicts, w.panel), w.apps);
  return { ranked, result: allocate({ call: w.call, ranked, manual: w.manual, budgets: w.budgets }) };
}

const runs = { numRuns: 400 };

describe('allocate (properties)', () => {
  it('never spends more than a tier’s budget on automatic grants', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const { result } = pipeline(w);
        for (const t of result.tiers) {
          const manual = result.decisions.filter((d) => d.manual && d.tier === t.key).reduce((s, d) => s + d.granted, 0);
          const auto = result.decisions.filter((d) => !d.manual && d.tier === t.key).reduce((s, d) => s + d.granted, 0);
          expect(t.granted).toBe(manual + auto);
          expect(t.left).toBe(t.budget - t.granted);
          expect(auto).toBeLessThanOrEqual(Math.max(0, t.budget - manual));
          if (manual <= t.budget) expect(t.granted).toBeLessThanOrEqual(t.budget);
        }
      }),
      runs,
    );
  });

  it('never grants automatically more than the request or the tier’s maxGrant, and statuses match amounts', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const { result } = pipeline(w);
        expect(result.decisions).toHaveLength(w.apps.length);
        for (const d of result.decisions) {
          if (d.manual) {
            expect(d.reason).toBe('manual');
            expect(d.granted).toBeLessThanOrEqual(d.requested);
            expect(d.status).toBe(d.granted === 0 ? 'rejected' : d.granted === d.requested ? 'granted' : 'partially granted');
            continue;
          }
          if (d.tier === null) {
            expect(d.granted).toBe(0);
            // qualified, but the money ran out: the reserve list; else out
            expect(d.status).toBe(d.rank === null ? 'pending' : d.reason === 'budget-exhausted' ? 'reserve' : 'rejected');
            continue;
          }
          const tier = w.call.tiers.find((t) => t.key === d.tier)!;
          expect(d.granted).toBeGreaterThan(0);
          expect(d.granted).toBeLessThanOrEqual(d.requested);
          if (tier.maxGrant !== undefined) expect(d.granted).toBeLessThanOrEqual(tier.maxGrant);
          expect(d.status).toBe(d.granted === d.requested ? 'granted' : 'partially granted');
          if (d.reason === 'partial-remainder') {
            expect(tier.partial).toBe(true);
            expect(d.granted).toBeGreaterThanOrEqual(tier.minGrant ?? 0);
          }
        }
      }),
      runs,
    );
  });

  it('grants automatically only at or above the call’s and the tier’s thresholds and every criterion minimum', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const { ranked, result } = pipeline(w);
        const byId = new Map(ranked.map((r) => [r.applicationId, r]));
        for (const d of result.decisions) {
          if (d.manual || d.tier === null) continue;
          const tier = w.call.tiers.find((t) => t.key === d.tier)!;
          expect(d.score).not.toBeNull();
          expect(cmp(d.score!, fromDecimal(w.call.threshold))).toBeGreaterThanOrEqual(0);
          expect(cmp(d.score!, fromDecimal(tier.threshold))).toBeGreaterThanOrEqual(0);
          byId.get(d.applicationId)!.aggregate.criteria.forEach((c, ci) => {
            const min = w.call.criteria[ci].min;
            if (min !== undefined && c.mean) expect(cmp(c.mean, fromDecimal(min))).toBeGreaterThanOrEqual(0);
          });
        }
        // incomplete applications are pending, never rejected
        for (const d of result.decisions) if (!d.manual && d.rank === null) expect(d).toMatchObject({ status: 'pending', reason: 'incomplete' });
      }),
      runs,
    );
  });

  it('never rejects for budget while a lower-ranked application got money it could have used in the same tier', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const { result } = pipeline(w);
        const ds = result.decisions;
        for (let i = 0; i < ds.length; i++) {
          const a = ds[i];
          if (a.reason !== 'budget-exhausted') continue;
          w.call.tiers.forEach((tier, ti) => {
            if (cmp(a.score!, fromDecimal(tier.threshold)) < 0) return; // not eligible for this tier
            const budget = result.tiers[ti].budget;
            const manual = ds.filter((d) => d.manual && d.tier === tier.key).reduce((s, d) => s + d.granted, 0);
            const before = ds.slice(0, i).filter((d) => !d.manual && d.tier === tier.key).reduce((s, d) => s + d.granted, 0);
            const left = budget - manual - before; // what the tier had when `a`'s turn came
            const amount = Math.min(a.requested, tier.maxGrant ?? Infinity);
            // the rule could not serve `a` then…
            expect(left < amount).toBe(true);
            if (tier.partial) expect(left <= 0 || left < (tier.minGrant ?? 0)).toBe(true);
            // …so nobody below it got an amount `a` could have taken from what was left
            for (const b of ds.slice(i + 1)) {
              if (b.manual || b.tier !== tier.key) continue;
              expect(b.granted).toBeLessThanOrEqual(left);
              expect(b.granted).toBeLessThan(amount);
            }
          });
        }
      }),
      runs,
    );
  });

  it('does not depend on the order of applications, scores, conflicts, decisions or the panel', () => {
    fc.assert(
      fc.property(worldArb, fc.integer(), (w, seed) => {
        const one = pipeline(w);
        const shuffled: World = {
          ...w,
          apps: shuffle(w.apps, seed),
          scores: shuffle(w.scores, seed + 1),
          conflicts: shuffle(w.conflicts, seed + 2),
          manual: shuffle(w.manual, seed + 3),
        };
        const two = pipeline(shuffled);
        expect(two.result).toEqual(one.result);
        expect(two.ranked.map((r) => [r.applicationId, r.rank, r.tieBrokenBy])).toEqual(one.ranked.map((r) => [r.applicationId, r.rank, r.tieBrokenBy]));
        const hash = (x: World) => inputsHash(x.call, countedScores(x.call, x.apps, x.scores, x.conflicts), x.manual, x.budgets, x.apps);
        expect(hash(shuffled)).toBe(hash(w));
      }),
      runs,
    );
  });
});
