/**
 * The fast aggregation (typed arrays, shared statistics, bit-packed cache keys, an integer fast
 * path) against the plain reference of the same contract, on random calls, scores, conflicts
 * and panels.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregate } from '../../src/core/aggregate.js';
import { aggregateReference } from '../../src/core/aggregate-reference.js';
import type { CallDefinition, Criterion } from '../../src/core/call.js';
import { rat } from '../../src/core/rational.js';
import { toScoreTable, type ScoreInput } from '../../src/core/score-table.js';
import { makeCall } from '../helpers/builders.js';

/** weights a call may have: positive, at most 1000, at most three decimals */
const WEIGHTS = [0.001, 0.1, 0.25, 0.5, 1, 1, 1, 2, 3, 1.5, 7, 999.999, 1000];

interface Case {
  call: CallDefinition;
  applications: { id: number }[];
  scores: ScoreInput[];
  conflicts: { evaluatorId: number; applicationId: number }[];
  panel: { id: number }[];
  /** panels: application id → assigned evaluator ids, or none (the call has no assignments) */
  assigned: Map<number, number[]> | undefined;
}

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    smin: fc.constantFrom(0, 1, -2),
    size: fc.integer({ min: 1, max: 10 }),
    nCrit: fc.integer({ min: 1, max: 5 }),
    // ids close together (a typed-array lookup) or far apart (a Map)
    appIds: fc.uniqueArray(fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 2 ** 40 })), { minLength: 1, maxLength: 12 }),
    evaluatorIds: fc.uniqueArray(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 6 }),
    disagreement: fc.constantFrom(1, 2, 2.5, 3, 0.5),
  })
  .chain(({ smin, size, nCrit, appIds, evaluatorIds, disagreement }) => {
    const smax = smin + size;
    const onScale = fc.integer({ min: smin * 2, max: smax * 2 }).map((x) => x / 2);
    const criterion = (i: number): fc.Arbitrary<Criterion> =>
      fc.record({ weight: fc.constantFrom(...WEIGHTS), min: fc.option(onScale, { nil: undefined }), allowNA: fc.boolean() }).map(({ weight, min, allowNA }) => {
        const c: Criterion = { key: `k${i}`, name: { nb: `k${i}`, en: `k${i}` }, weight, allowNA };
        if (min !== undefined) c.min = min;
        return c;
      });
    const keys = [...Array.from({ length: nCrit }, (_, i) => `k${i}`), 'other']; // a key the call does not have
    const appId = fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...appIds) }, { weight: 1, arbitrary: fc.constant(999_999) }); // and an application not in the list
    const evaluatorId = fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...evaluatorIds) }, { weight: 1, arbitrary: fc.constant(77) }); // and one outside the panel
    const value = fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: smin, max: smax }) },
      { weight: 1, arbitrary: fc.constantFrom(smin + 0.5, smin + 0.25, 0.1) },
      { weight: 2, arbitrary: fc.constant(null) },
    );
    const score: fc.Arbitrary<ScoreInput> = fc.record({ applicationId: appId, evaluatorId, criterion: fc.constantFrom(...keys), value });
    return fc.record({
      call: fc.tuple(...Array.from({ length: nCrit }, (_, i) => criterion(i))).map((criteria) => makeCall({ scale: { min: smin, max: smax, labels: {} }, criteria, disagreement })),
      applications: fc.shuffledSubarray(appIds, { minLength: appIds.length }).map((ids) => ids.map((id) => ({ id }))),
      scores: fc.array(score, { maxLength: 80 }),
      conflicts: fc.array(fc.record({ evaluatorId, applicationId: appId }), { maxLength: 5 }),
      panel: fc.subarray(evaluatorIds).map((ids) => ids.map((id) => ({ id }))),
      // some applications with a panel (an evaluator with no score in the call among them), some with none
      assigned: fc.option(
        fc.array(fc.tuple(fc.constantFrom(...appIds), fc.shuffledSubarray([...evaluatorIds, 55])), { maxLength: appIds.length }).map((pairs) => new Map(pairs)),
        { nil: undefined },
      ),
    });
  });

describe('aggregate equals its plain reference', () => {
  it('on random calls (1–5 criteria, weights, n/a, minimums, scales), scores, conflicts, panels and assignments', () => {
    fc.assert(
      fc.property(caseArb, ({ call, applications, scores, conflicts, panel, assigned }) => {
        const expected = aggregateReference(call, applications, scores, conflicts, panel, assigned);
        expect(aggregate(call, applications, scores, conflicts, panel, assigned)).toEqual(expected);
        // the columns the database hands over give the same
        expect(aggregate(call, applications, toScoreTable(scores), conflicts, panel, assigned)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('on many applications with the same few scores, where the fast one shares its statistics', () => {
    const small = fc.record({ e: fc.integer({ min: 1, max: 3 }), c: fc.constantFrom('green', 'digital', 'international'), v: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }) });
    fc.assert(
      fc.property(fc.array(fc.array(small, { maxLength: 9 }), { minLength: 20, maxLength: 60 }), fc.array(fc.integer({ min: 0, max: 59 }), { maxLength: 4 }), (perApp, conflictedApps) => {
        const call = makeCall();
        const applications = perApp.map((_, i) => ({ id: i + 1 }));
        const scores = perApp.flatMap((rows, i) => rows.map((r) => ({ applicationId: i + 1, evaluatorId: r.e, criterion: r.c, value: r.v })));
        const conflicts = conflictedApps.map((a) => ({ evaluatorId: 2, applicationId: a + 1 }));
        const panel = [{ id: 1 }, { id: 2 }, { id: 3 }];
        expect(aggregate(call, applications, scores, conflicts, panel)).toEqual(aggregateReference(call, applications, scores, conflicts, panel));
      }),
      { numRuns: 60 },
    );
  });

  it('the reference itself: a worked example by hand', () => {
    const call = makeCall({ disagreement: 2 });
    const scores: ScoreInput[] = [
      { applicationId: 1, evaluatorId: 1, criterion: 'green', value: 5 },
      { applicationId: 1, evaluatorId: 2, criterion: 'green', value: 2 },
      { applicationId: 1, evaluatorId: 2, criterion: 'green', value: 3 }, // replaces 2
      { applicationId: 1, evaluatorId: 1, criterion: 'digital', value: null },
      { applicationId: 1, evaluatorId: 3, criterion: 'digital', value: 1 }, // conflicted: left out
    ];
    const [a] = aggregateReference(call, [{ id: 1 }], scores, [{ evaluatorId: 3, applicationId: 1 }], [{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect(a.criteria[0]).toMatchObject({ mean: rat(4), n: 2, spread: 2, naCount: 0 });
    expect(a.criteria[1]).toMatchObject({ mean: null, n: 0, naCount: 1 });
    expect(a.weighted).toEqual(rat(4)); // only green has a mean
    expect(a.conflicted).toEqual([3]);
    expect(a.flags.map((f) => f.code)).toEqual(['incomplete', 'disagreement']);
    expect(a.missing).toEqual([
      { evaluatorId: 2, criterion: 'digital' },
      { evaluatorId: 1, criterion: 'international' },
      { evaluatorId: 2, criterion: 'international' },
    ]);
  });

  it('with panels: complete once the assigned evaluators have answered; others are not waited for', () => {
    const call = makeCall();
    const all = (applicationId: number, evaluatorId: number): ScoreInput[] =>
      ['green', 'digital', 'international'].map((criterion) => ({ applicationId, evaluatorId, criterion, value: 3 }));
    // 1: assigned to 1 and 2, only 1 has scored; 2: assigned to 1, scored by 1; 3: assigned to nobody, scored by 2
    const scores = [...all(1, 1), ...all(2, 1), ...all(3, 2)];
    const assigned = new Map([
      [1, [1, 2]],
      [2, [1]],
    ]);
    const apps = [{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }];
    const panel = [{ id: 1 }, { id: 2 }];
    for (const f of [aggregate, aggregateReference]) {
      const [a1, a2, a3, a4] = f(call, apps, scores, [], panel, assigned);
      expect(a1.incomplete).toBe(true);
      expect(a1.missing.map((m) => m.evaluatorId)).toEqual([2, 2, 2]);
      expect(a1.flags[0]).toEqual({ code: 'incomplete', unanswered: [], missing: a1.missing });
      expect(a2).toMatchObject({ incomplete: false, missing: [] }); // evaluator 2 is on the panel but not assigned here
      // scored by someone, but nobody is on its panel: not complete, and said so
      expect(a3).toMatchObject({ incomplete: true, missing: [], flags: [{ code: 'incomplete', unanswered: [], missing: [], unassigned: true }] });
      expect(a4.flags[0]).toMatchObject({ code: 'incomplete', unassigned: true, missing: [] });
      // without assignments, 1 counts as scored (someone answered every criterion) and 2 waits for evaluator 2
      const [b1, b2] = f(call, apps, scores, [], panel);
      expect(b1.incomplete).toBe(false);
      expect(b2.missing.map((m) => m.evaluatorId)).toEqual([2, 2, 2]);
    }
  });
});
