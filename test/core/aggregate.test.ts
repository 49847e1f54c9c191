import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregate, countedScoreTable, countedScores, scoreOrder } from '../../src/core/aggregate.js';
import { scoreAt, toScoreTable } from '../../src/core/score-table.js';
import { add, div, fromDecimal, mul, rat, type Rational } from '../../src/core/rational.js';
import { makeApp, makeCall, makeConflict, makeCriterion, makeEvaluator, makeScore, scoresFor } from '../helpers/builders.js';

const panel = [makeEvaluator(1), makeEvaluator(2), makeEvaluator(3)];

describe('aggregate', () => {
  it('averages each criterion over its evaluators and weighs the means', () => {
    const call = makeCall({
      criteria: [makeCriterion('green', { weight: 2 }), makeCriterion('digital'), makeCriterion('international')],
    });
    const app = makeApp();
    const scores = [
      ...scoresFor(1, app.id, { green: 4, digital: 3, international: 2 }),
      ...scoresFor(2, app.id, { green: 5, digital: 3, international: 1 }),
    ];
    const [a] = aggregate(call, [app], scores, [], panel.slice(0, 2));
    expect(a.criteria.map((c) => c.mean)).toEqual([rat(9, 2), rat(3), rat(3, 2)]);
    expect(a.criteria[0]).toMatchObject({ criterion: 'green', sum: rat(9), n: 2, min: 4, max: 5, spread: 1, naCount: 0 });
    // (2·4.5 + 3 + 1.5) / 4 = 13.5 / 4
    expect(a.weighted).toEqual(rat(27, 8));
    expect(a.incomplete).toBe(false);
    expect(a.missing).toEqual([]);
    expect(a.flags).toEqual([]);
  });

  it('leaves out a conflicted evaluator, even scores given before the conflict was declared', () => {
    const call = makeCall();
    const app = makeApp();
    const scores = [...scoresFor(1, app.id, { green: 5, digital: 5, international: 5 }), ...scoresFor(2, app.id, { green: 1, digital: 1, international: 1 })];
    const [a] = aggregate(call, [app], scores, [makeConflict(2, app.id)], panel.slice(0, 2));
    expect(a.weighted).toEqual(rat(5));
    expect(a.criteria[0].n).toBe(1);
    expect(a.conflicted).toEqual([2]);
    expect(a.missing).toEqual([]);
    expect(a.flags).toEqual([]); // no disagreement with a conflicted evaluator
  });

  it('leaves n/a out of the mean, and a criterion n/a for everyone out of both sums', () => {
    const call = makeCall({
      criteria: [makeCriterion('green', { weight: 3, allowNA: true }), makeCriterion('digital', { allowNA: true }), makeCriterion('international')],
    });
    const app = makeApp();
    const scores = [
      ...scoresFor(1, app.id, { green: null, digital: 4, international: 2 }),
      ...scoresFor(2, app.id, { green: null, digital: null, international: 3 }),
    ];
    const [a] = aggregate(call, [app], scores, [], panel.slice(0, 2));
    expect(a.criteria[0]).toMatchObject({ n: 0, mean: null, naCount: 2, spread: null, min: null, max: null });
    expect(a.criteria[1]).toMatchObject({ n: 1, mean: rat(4), naCount: 1 });
    // green drops out with its weight: (4 + 2.5) / 2, not counted as 0
    expect(a.weighted).toEqual(rat(13, 4));
    expect(a.incomplete).toBe(false); // n/a is an answer
  });

  it('has no weighted result when every criterion is n/a', () => {
    const call = makeCall();
    const app = makeApp();
    const [a] = aggregate(call, [app], scoresFor(1, app.id, { green: null, digital: null, international: null }), [], [makeEvaluator(1)]);
    expect(a.weighted).toBeNull();
    expect(a.incomplete).toBe(false);
  });

  it('is incomplete when a criterion has no answer, naming who lacks what', () => {
    const call = makeCall();
    const app = makeApp();
    const scores = [...scoresFor(1, app.id, { green: 4, digital: 3 }), ...scoresFor(2, app.id, { green: 4 })];
    const [a] = aggregate(call, [app], scores, [makeConflict(3, app.id)], panel);
    expect(a.incomplete).toBe(true);
    // evaluator 3 is conflicted, so owes nothing
    const missing = [
      { evaluatorId: 2, criterion: 'digital' },
      { evaluatorId: 1, criterion: 'international' },
      { evaluatorId: 2, criterion: 'international' },
    ];
    expect(a.missing).toEqual(missing);
    expect(a.flags).toEqual([{ code: 'incomplete', unanswered: ['international'], missing }]);
    // the weighted result is still shown, over the criteria that have a mean
    expect(a.weighted).toEqual(rat(7, 2));
  });

  it('is complete when every criterion has an answer, but still lists evaluators who owe scores', () => {
    const call = makeCall();
    const app = makeApp();
    const [a] = aggregate(call, [app], scoresFor(1, app.id, { green: 4, digital: 3, international: 3 }), [], panel.slice(0, 2));
    expect(a.incomplete).toBe(false);
    expect(a.missing.map((m) => m.evaluatorId)).toEqual([2, 2, 2]);
    expect(a.flags).toEqual([]);
  });

  it('is incomplete with nobody to ask when every evaluator is conflicted', () => {
    const call = makeCall();
    const app = makeApp();
    const scores = scoresFor(1, app.id, { green: 4, digital: 3, international: 3 });
    const [a] = aggregate(call, [app], scores, [makeConflict(1, app.id)], [makeEvaluator(1)]);
    expect(a.incomplete).toBe(true);
    expect(a.weighted).toBeNull();
    expect(a.flags).toEqual([{ code: 'incomplete', unanswered: ['green', 'digital', 'international'], missing: [] }]);
  });

  it('flags disagreement when a spread reaches the call setting', () => {
    const call = makeCall();
    const app = makeApp();
    const scores = [
      ...scoresFor(1, app.id, { green: 1, digital: 3, international: 5 }),
      ...scoresFor(2, app.id, { green: 3, digital: 4, international: 5 }),
      ...scoresFor(3, app.id, { green: 2, digital: 4, international: 2 }),
    ];
    const [a] = aggregate(call, [app], scores, [], panel);
    expect(a.criteria.map((c) => c.spread)).toEqual([2, 1, 3]);
    expect(a.flags).toEqual([
      { code: 'disagreement', criterion: 'green', spread: 2 },
      { code: 'disagreement', criterion: 'international', spread: 3 },
    ]);
    const [b] = aggregate(makeCall({ disagreement: 3 }), [app], scores, [], panel);
    expect(b.flags).toEqual([{ code: 'disagreement', criterion: 'international', spread: 3 }]);
  });

  it('measures spreads of decimal scores exactly', () => {
    // 3.3 − 1.3 is 1.9999999999999998 in floating point
    expect(3.3 - 1.3).toBeLessThan(2);
    const call = makeCall({ criteria: [makeCriterion('green')] });
    const app = makeApp();
    const scores = [makeScore(1, app.id, 'green', 3.3), makeScore(2, app.id, 'green', 1.3)];
    const [a] = aggregate(call, [app], scores, [], panel.slice(0, 2));
    expect(a.criteria[0].spread).toBe(2);
    expect(a.criteria[0].mean).toEqual(rat(23, 10));
    expect(a.flags).toEqual([{ code: 'disagreement', criterion: 'green', spread: 2 }]);
  });

  it('flags a criterion mean below its minimum', () => {
    const call = makeCall({ criteria: [makeCriterion('green', { min: 3 }), makeCriterion('digital', { min: 2 })] });
    const app = makeApp();
    const scores = [...scoresFor(1, app.id, { green: 3, digital: 3 }), ...scoresFor(2, app.id, { green: 2, digital: 2 })];
    const [a] = aggregate(call, [app], scores, [], panel.slice(0, 2));
    expect(a.flags).toEqual([{ code: 'criterion-minimum', criterion: 'green', mean: rat(5, 2), min: 3 }]);
  });

  it('computes an exact 3.5 where floating point gives 3.4999999999999996', () => {
    const call = makeCall({
      criteria: [makeCriterion('green', { weight: 0.1 }), makeCriterion('digital', { weight: 0.2 }), makeCriterion('international', { weight: 0.7 })],
    });
    expect((0.1 * 4 + 0.2 * 5 + 0.7 * 3) / (0.1 + 0.2 + 0.7)).toBeLessThan(3.5);
    const app = makeApp();
    const [a] = aggregate(call, [app], scoresFor(1, app.id, { green: 4, digital: 5, international: 3 }), [], [makeEvaluator(1)]);
    expect(a.weighted).toEqual(rat(7, 2));
  });

  it('handles decimal scores exactly', () => {
    const call = makeCall({
      criteria: [makeCriterion('green', { weight: 0.1 }), makeCriterion('digital', { weight: 0.2 }), makeCriterion('international', { weight: 0.7 })],
    });
    const app = makeApp();
    const scores = [...scoresFor(1, app.id, { green: 3.5, digital: 4.5, international: 2.5 }), ...scoresFor(2, app.id, { green: 4.5, digital: 5.5, international: 3.5 })];
    const [a] = aggregate(call, [app], scores, [], panel.slice(0, 2));
    // means 4, 5, 3 → exactly 3.5
    expect(a.criteria.map((c) => c.mean)).toEqual([rat(4), rat(5), rat(3)]);
    expect(a.weighted).toEqual(rat(7, 2));
  });

  it('agrees with a plain rational computation of Σ wᵢ·meanᵢ / Σ wᵢ', () => {
    const weight = fc.constantFrom(0.1, 0.2, 0.25, 0.7, 1, 1.5, 3, 0.001, 999.999);
    const value = fc.oneof(fc.integer({ min: -3, max: 7 }), fc.constantFrom(0.5, 2.25, 6.1), fc.constant(null));
    fc.assert(
      fc.property(fc.array(weight, { minLength: 1, maxLength: 4 }), fc.array(fc.array(value, { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (ws, rows) => {
        const call = makeCall({ criteria: ws.map((w, i) => makeCriterion(`c${i}`, { weight: w, allowNA: true })) });
        const app = makeApp();
        const scores = rows.flatMap((row, e) => ws.map((_, ci) => makeScore(e + 1, app.id, `c${ci}`, row[ci])));
        const [a] = aggregate(call, [app], scores, [], []);
        let num: Rational = rat(0);
        let den: Rational = rat(0);
        ws.forEach((w, ci) => {
          const vs = rows.map((r) => r[ci]).filter((v): v is number => v !== null);
          if (!vs.length) return;
          const mean = div(vs.map(fromDecimal).reduce(add), rat(vs.length));
          expect(a.criteria[ci].mean).toEqual(mean);
          num = add(num, mul(fromDecimal(w), mean));
          den = add(den, fromDecimal(w));
        });
        expect(a.weighted).toEqual(den.n === 0n ? null : div(num, den));
      }),
      { numRuns: 300 },
    );
  });

  it('gives every application of a large list the result it gets on its own (equal statistics are shared, never mixed up)', () => {
    const value = fc.oneof(
      fc.integer({ min: -3, max: 7 }),
      fc.constantFrom(200, -150, 127, -128, 2.5), // outside what is shared, on its edges, not whole
      fc.constant(null),
    );
    const appScores = fc.array(fc.array(fc.option(value, { nil: undefined }), { minLength: 3, maxLength: 3 }), { minLength: 0, maxLength: 4 });
    fc.assert(
      fc.property(
        fc.array(appScores, { minLength: 2, maxLength: 12 }),
        fc.constantFrom(1, 2, 2.5),
        fc.option(fc.constantFrom(2, 3.5), { nil: undefined }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 11 })), { maxLength: 4 }),
        (perApp, disagreement, min, conflictPairs) => {
          const call = makeCall({
            disagreement,
            criteria: [makeCriterion('green', { weight: 2, min }), makeCriterion('digital', { allowNA: true }), makeCriterion('international')],
          });
          const apps = perApp.map(() => makeApp());
          const scores = perApp.flatMap((rows, ai) =>
            rows.flatMap((row, e) => row.flatMap((v, ci) => (v === undefined ? [] : [makeScore(e + 1, apps[ai].id, call.criteria[ci].key, v)]))),
          );
          const conflicts = conflictPairs.filter(([, ai]) => ai < apps.length).map(([e, ai]) => makeConflict(e, apps[ai].id));
          const panel4 = [1, 2, 3, 4].map((id) => makeEvaluator(id));
          const all = aggregate(call, apps, scores, conflicts, panel4);
          apps.forEach((app, ai) => {
            const alone = aggregate(call, [app], scores.filter((s) => s.applicationId === app.id), conflicts, panel4)[0];
            expect(all[ai]).toEqual(alone);
          });
          // what is shared between applications cannot be changed through one of them
          for (const a of all) for (const c of a.criteria) if (Object.isFrozen(c)) expect(() => Object.assign(c, { n: -1 })).toThrow(TypeError);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds applications and evaluators by id however far apart the ids are', () => {
    const call = makeCall();
    const run = (appIds: number[], evIds: number[]) => {
      const apps = appIds.map((id) => makeApp({ id }));
      const scores = apps.flatMap((a, i) => [
        ...scoresFor(evIds[0], a.id, { green: i + 1, digital: 2, international: null }),
        ...scoresFor(evIds[1], a.id, { green: 5, digital: i }),
      ]);
      // evaluator 3 is conflicted on the second application and owes scores on the others
      return aggregate(call, apps, scores, [makeConflict(evIds[2], apps[1].id)], evIds.map((id) => makeEvaluator(id)));
    };
    const near = run([11, 12, 13], [1, 2, 3]);
    const far = run([5, 2 ** 40, 7], [2 ** 33, 4, 9 ** 9]); // too far apart for a lookup array: a Map
    const ids = (x: typeof near) => x.map((a) => ({ ...a, applicationId: 0, conflicted: a.conflicted.length, missing: a.missing.length, flags: a.flags.map((f) => f.code) }));
    expect(ids(far)).toEqual(ids(near));
    expect(far.map((a) => a.missing.length)).toEqual([4, 1, 4]); // evaluator 3 owes all three, evaluator 2 internationalisation
  });

  it('lets a later row replace an earlier one and ignores scores it has no use for', () => {
    const call = makeCall({ criteria: [makeCriterion('green')] });
    const app = makeApp();
    const other = makeApp();
    const scores = [
      makeScore(1, app.id, 'green', 1),
      makeScore(1, app.id, 'green', 4), // re-scored
      makeScore(1, app.id, 'colour', 0), // not a criterion of the call
      makeScore(1, other.id, 'green', 0), // not among the applications given
    ];
    const [a] = aggregate(call, [app], scores, [], [makeEvaluator(1)]);
    expect(a.criteria[0]).toMatchObject({ n: 1, mean: rat(4) });
    expect(countedScores(call, [app], scores, [])).toEqual([scores[1]]);
  });

  it('returns one result per application, in the order given', () => {
    const call = makeCall();
    const apps = [makeApp(), makeApp(), makeApp()];
    const res = aggregate(call, apps, [], [], []);
    expect(res.map((r) => r.applicationId)).toEqual(apps.map((a) => a.id));
    expect(res.every((r) => r.incomplete && r.weighted === null)).toBe(true);
  });
});

describe('countedScores', () => {
  it('gives the same rows for objects and for a table, and keeps the newest of repeated rows', () => {
    const score = fc.record({
      e: fc.integer({ min: 1, max: 3 }),
      a: fc.integer({ min: 0, max: 3 }),
      c: fc.constantFrom('green', 'digital', 'international', 'other'),
      v: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(score, { maxLength: 40 }), fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 3 })), { maxLength: 3 }), (rows, pairs) => {
        const call = makeCall();
        const apps = [makeApp(), makeApp(), makeApp()]; // index 3: an application not in the list
        const id = (a: number) => (a < 3 ? apps[a].id : -7);
        const scores = rows.map((r) => makeScore(r.e, id(r.a), r.c, r.v));
        const conflicts = pairs.map(([e, a]) => makeConflict(e, id(a)));
        const counted = countedScores(call, apps, scores, conflicts);
        const table = countedScoreTable(call, apps, toScoreTable(scores), conflicts);
        expect(Array.from({ length: table.length }, (_, i) => scoreAt(table, i))).toEqual(counted.map(({ evaluatorId, applicationId, criterion, value }) => ({ evaluatorId, applicationId, criterion, value })));
        // the plain model: the last row per (application, evaluator, criterion) of the call, not conflicted
        const last = new Map<string, (typeof scores)[number]>();
        for (const s of scores) {
          if (!apps.some((a) => a.id === s.applicationId) || s.criterion === 'other') continue;
          if (conflicts.some((c) => c.evaluatorId === s.evaluatorId && c.applicationId === s.applicationId)) continue;
          last.set(`${s.applicationId}/${s.evaluatorId}/${s.criterion}`, s);
        }
        expect(new Set(counted)).toEqual(new Set(last.values()));
        expect(counted).toEqual([...counted].sort(scoreOrder));
      }),
      { numRuns: 300 },
    );
  });

  it('drops conflicted evaluators', () => {
    const call = makeCall({ criteria: [makeCriterion('green')] });
    const app = makeApp();
    const scores = [makeScore(1, app.id, 'green', 3), makeScore(2, app.id, 'green', 4)];
    expect(countedScores(call, [app], scores, [makeConflict(2, app.id)])).toEqual([scores[0]]);
  });
});
