/**
 * The de minimis ceiling in the allocation, over random calls, undertakings (organisation
 * numbers shared between applications), aid already used and manual decisions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, type AllocationResult, type ManualDecision } from '../../src/core/allocate.js';
import type { CallDefinition, Tier } from '../../src/core/call.js';
import type { AidUsed, AllocationAid } from '../../src/core/state-aid.js';
import type { Application, Score } from '../../src/core/types.js';
import { flatScores, kr, makeApp, makeCall, rankAll } from '../helpers/builders.js';
import { shuffle } from '../helpers/shuffle.js';

interface World {
  call: CallDefinition;
  apps: Application[];
  scores: Score[];
  manual: ManualDecision[];
  ceiling: number;
  used: [string, AidUsed][];
}

const ORGS = ['911111111', '922222222', '933333333', '944444444'];

const tierArb = (i: number): fc.Arbitrary<Tier> =>
  fc
    .record({
      budgetKr: fc.integer({ min: 1, max: 3000 }),
      threshold: fc.integer({ min: 0, max: 10 }).map((x) => x / 2),
      maxKr: fc.option(fc.integer({ min: 1, max: 1500 }), { nil: undefined }),
      partial: fc.boolean(),
      minKr: fc.option(fc.integer({ min: 1, max: 800 }), { nil: undefined }),
    })
    .map(({ budgetKr, threshold, maxKr, partial, minKr }) => {
      const t: Tier = { key: `t${i}`, name: `t${i}`, budget: kr(budgetKr), threshold, partial };
      if (maxKr !== undefined) t.maxGrant = kr(Math.min(maxKr, budgetKr));
      if (partial && minKr !== undefined) t.minGrant = kr(Math.min(minKr, maxKr ?? minKr));
      return t;
    });

const worldArb: fc.Arbitrary<World> = fc.integer({ min: 1, max: 3 }).chain((nTier) =>
  fc
    .record({
      tiers: fc.tuple(...Array.from({ length: nTier }, (_, i) => tierArb(i))),
      apps: fc.array(
        fc.record({
          org: fc.option(fc.constantFrom(...ORGS), { nil: null, freq: 6 }),
          requestedKr: fc.integer({ min: 1, max: 2000 }),
          score: fc.integer({ min: 0, max: 5 }),
          // a manual decision on about one application in eight
          manual: fc.oneof(
            { weight: 7, arbitrary: fc.constant(undefined) },
            { weight: 1, arbitrary: fc.record({ tier: fc.integer({ min: 0, max: nTier - 1 }), grantKr: fc.integer({ min: 0, max: 1500 }) }) },
          ),
        }),
        { maxLength: 12 },
      ),
      ceilingKr: fc.integer({ min: 0, max: 3000 }),
      used: fc.array(fc.record({ org: fc.constantFrom(...ORGS), otherKr: fc.integer({ min: 0, max: 1500 }), ownKr: fc.integer({ min: 0, max: 1000 }) }), { maxLength: 4 }),
    })
    .map(({ tiers, apps, ceilingKr, used }): World => {
      const call = makeCall({ tiers, threshold: 1 });
      const applications: Application[] = [];
      const scores: Score[] = [];
      const manual: ManualDecision[] = [];
      apps.forEach((a, i) => {
        const app = makeApp({ id: 500 + i, ref: `22/${String(i).padStart(3, '0')}`, orgNumber: a.org, requested: kr(a.requestedKr) });
        applications.push(app);
        scores.push(...flatScores(call, 1, app.id, a.score));
        if (a.manual) manual.push({ applicationId: app.id, tier: call.tiers[a.manual.tier].key, granted: Math.min(kr(a.manual.grantKr), app.requested) });
      });
      const byOrg = new Map<string, AidUsed>();
      for (const u of used) byOrg.set(u.org, { other: kr(u.otherKr), own: kr(u.ownKr) });
      return { call, apps: applications, scores, manual, ceiling: kr(ceilingKr), used: [...byOrg] };
    }),
);

function aidOf(w: World, ceiling = w.ceiling, apps = w.apps, used = w.used): AllocationAid {
  const undertakingOf = new Map<number, string>();
  for (const a of apps) if (a.orgNumber) undertakingOf.set(a.id, a.orgNumber);
  return { ceiling, undertakingOf, used: new Map(used) };
}

function run(w: World, aid: AllocationAid | undefined, apps = w.apps, manual = w.manual): AllocationResult {
  return allocate({ call: w.call, ranked: rankAll(w.call, apps, w.scores), manual, aid });
}

const runs = { numRuns: 400 };

describe('allocate with the de minimis ceiling (properties)', () => {
  it('never takes an undertaking over the ceiling with an automatic grant', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const result = run(w, aidOf(w));
        const org = new Map(w.apps.map((a) => [a.id, a.orgNumber ?? `#${a.id}`]));
        const used = new Map(w.used);
        const manualOf = new Map<string, number>();
        const autoOf = new Map<string, number>();
        for (const d of result.decisions) {
          const m = d.manual ? manualOf : autoOf;
          m.set(org.get(d.applicationId)!, (m.get(org.get(d.applicationId)!) ?? 0) + d.granted);
        }
        for (const [u, auto] of autoOf) {
          if (auto === 0) continue;
          const before = (used.get(u)?.other ?? 0) + (used.get(u)?.own ?? 0) + (manualOf.get(u) ?? 0);
          expect(before + auto).toBeLessThanOrEqual(w.ceiling);
        }
        for (const d of result.decisions) {
          if (d.reason === 'state-aid-capped') {
            const tier = w.call.tiers.find((t) => t.key === d.tier)!;
            expect(tier.partial).toBe(true);
            expect(d.granted).toBe(d.aid!.headroom);
            expect(d.granted).toBeGreaterThanOrEqual(tier.minGrant ?? 1);
            expect(d.granted).toBeLessThan(Math.min(d.requested, tier.maxGrant ?? Infinity));
          }
          if (d.reason === 'state-aid-ceiling') {
            expect(d.granted).toBe(0);
            expect(d.aid!.headroom).toBeLessThan(d.requested);
          }
        }
      }),
      runs,
    );
  });

  it('reaches both state-aid reasons (the properties above are not vacuous)', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(worldArb, (w) => {
        for (const d of run(w, aidOf(w)).decisions) seen.add(d.reason);
      }),
      { numRuns: 400, seed: 16 },
    );
    expect(seen.has('state-aid-capped')).toBe(true);
    expect(seen.has('state-aid-ceiling')).toBe(true);
  });

  it('does not depend on the order of applications, decisions or undertakings', () => {
    fc.assert(
      fc.property(worldArb, fc.integer(), (w, seed) => {
        const one = run(w, aidOf(w));
        const apps = shuffle(w.apps, seed);
        const two = run(w, aidOf(w, w.ceiling, apps, shuffle(w.used, seed + 1)), apps, shuffle(w.manual, seed + 2));
        expect(two).toEqual(one);
      }),
      runs,
    );
  });

  it('is today’s allocation when the ceiling never binds, and when the call has no de minimis', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const today = run(w, undefined);
        expect(today.decisions.some((d) => d.reason.startsWith('state-aid') || d.aid !== undefined)).toBe(false);
        // a ceiling above everything anyone could get changes nothing
        const roomy = run(w, aidOf(w, 1e12));
        expect(roomy).toEqual(today);
      }),
      runs,
    );
  });
});
