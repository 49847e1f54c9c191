import { describe, expect, it } from 'vitest';
import { allocate, allocator, type ManualDecision } from '../../src/core/allocate.js';
import type { CallDefinition } from '../../src/core/call.js';
import { UserError } from '../../src/core/errors.js';
import { inputsHasher } from '../../src/core/inputs-hash.js';
import { sha256 } from '../../src/services/hash.js';
import { rat } from '../../src/core/rational.js';
import { pickRows, toScoreTable } from '../../src/core/score-table.js';
import type { Application, Decision, Score } from '../../src/core/types.js';
import { flatScores, kr, makeApp, makeCall, makeCriterion, makeScore, makeTier, rankAll, scoresFor } from '../helpers/builders.js';

const inputsHash = inputsHasher(sha256);

function run(call: CallDefinition, apps: Application[], scores: Score[], manual: ManualDecision[] = [], budgets?: Record<string, number>) {
  return allocate({ call, ranked: rankAll(call, apps, scores), manual, budgets });
}

const twoTiers = () =>
  makeCall({
    threshold: 2.5,
    tiers: [
      makeTier('main', { budget: kr(1000), threshold: 3.5, maxGrant: kr(600), partial: true, minGrant: kr(200) }),
      makeTier('pre', { budget: kr(300), threshold: 2.5, maxGrant: kr(100) }),
    ],
  });

describe('allocate', () => {
  it('grants in rank order, capping at maxGrant, and moves on to the next tier', () => {
    const call = twoTiers();
    const a = makeApp({ ref: 'a', requested: kr(500) });
    const b = makeApp({ ref: 'b', requested: kr(900) });
    const c = makeApp({ ref: 'c', requested: kr(80) });
    const scores = [...flatScores(call, 1, a.id, 5), ...flatScores(call, 1, b.id, 4), ...flatScores(call, 1, c.id, 3)];
    const res = run(call, [a, b, c], scores);
    expect(res.decisions.map((d) => [d.ref, d.rank, d.tier, d.granted, d.status, d.reason, d.manual])).toEqual([
      ['a', 1, 'main', kr(500), 'granted', 'granted', false],
      ['b', 2, 'main', kr(500), 'partially granted', 'partial-remainder', false],
      ['c', 3, 'pre', kr(80), 'granted', 'granted', false],
    ]);
    expect(res.tiers).toEqual([
      { key: 'main', budget: kr(1000), granted: kr(1000), left: 0 },
      { key: 'pre', budget: kr(300), granted: kr(80), left: kr(220) },
    ]);
    expect(res.decisions[0]).toMatchObject({ applicationId: a.id, requested: kr(500), score: rat(5) });
  });

  it('caps a grant at the tier’s maxGrant', () => {
    const call = twoTiers();
    const a = makeApp({ requested: kr(700) });
    const res = run(call, [a], flatScores(call, 1, a.id, 4));
    expect(res.decisions[0]).toMatchObject({ tier: 'main', granted: kr(600), status: 'partially granted', reason: 'capped-max-grant' });
  });

  it('gives the remainder of a partial tier only if it is at least minGrant, else tries the next tier', () => {
    const call = twoTiers();
    const a = makeApp({ ref: 'a', requested: kr(600) });
    const b = makeApp({ ref: 'b', requested: kr(250) });
    const c = makeApp({ ref: 'c', requested: kr(300) });
    const scores = [...flatScores(call, 1, a.id, 5), ...scoresFor(1, b.id, { green: 5, digital: 5, international: 4 }), ...flatScores(call, 1, c.id, 4)];
    const res = run(call, [a, b, c], scores, [], { main: kr(1000) });
    // a: 600 (400 left), b: 250 (150 left), c: 150 < minGrant 200 → pre, capped at 100
    expect(res.decisions.map((d) => [d.ref, d.tier, d.granted, d.reason])).toEqual([
      ['a', 'main', kr(600), 'granted'],
      ['b', 'main', kr(250), 'granted'],
      ['c', 'pre', kr(100), 'capped-max-grant'],
    ]);
  });

  it('never gives a partial remainder of zero', () => {
    const call = makeCall({ tiers: [makeTier('main', { budget: kr(100), threshold: 2.5, partial: true })] });
    const a = makeApp({ ref: 'a', requested: kr(100) });
    const b = makeApp({ ref: 'b', requested: kr(100) });
    const res = run(call, [a, b], [...flatScores(call, 1, a.id, 5), ...flatScores(call, 1, b.id, 4)]);
    expect(res.decisions.map((d) => [d.ref, d.granted, d.reason])).toEqual([
      ['a', kr(100), 'granted'],
      ['b', 0, 'budget-exhausted'],
    ]);
  });

  it('puts on the reserve list (budget-exhausted) what reached a tier threshold when no tier had the money', () => {
    const call = twoTiers();
    const a = makeApp({ ref: 'a', requested: kr(600) });
    const b = makeApp({ ref: 'b', requested: kr(100) });
    const scores = [...flatScores(call, 1, a.id, 5), ...flatScores(call, 1, b.id, 3)];
    const res = run(call, [a, b], scores, [], { main: kr(600), pre: kr(50) });
    expect(res.decisions[1]).toMatchObject({ ref: 'b', tier: null, granted: 0, status: 'reserve', reason: 'budget-exhausted' });
  });

  it('rejects below the call threshold, and a tier threshold lower than the call’s does not help', () => {
    const call = makeCall({ threshold: 3, tiers: [makeTier('main', { threshold: 1 })] });
    const a = makeApp();
    const res = run(call, [a], scoresFor(1, a.id, { green: 3, digital: 3, international: 2 }));
    expect(res.decisions[0]).toMatchObject({ rank: 1, granted: 0, status: 'rejected', reason: 'below-threshold', tier: null });
  });

  it('rejects one that reaches the call threshold but no tier’s with below-tier-thresholds', () => {
    const call = makeCall({ threshold: 2, tiers: [makeTier('main', { threshold: 4 }), makeTier('pre', { threshold: 3 })] });
    const a = makeApp();
    const res = run(call, [a], flatScores(call, 1, a.id, 2));
    expect(res.decisions[0]).toMatchObject({ status: 'rejected', reason: 'below-tier-thresholds' });
  });

  it('rejects a criterion mean below its minimum, naming the criterion', () => {
    const call = makeCall({ criteria: [makeCriterion('green'), makeCriterion('digital', { min: 2 }), makeCriterion('international', { min: 3 })] });
    const a = makeApp();
    const res = run(call, [a], scoresFor(1, a.id, { green: 5, digital: 5, international: 2 }));
    expect(res.decisions[0]).toMatchObject({ status: 'rejected', reason: 'criterion-minimum:international', granted: 0 });
  });

  it('does not fail a minimum on a criterion everyone judged n/a', () => {
    const call = makeCall({ criteria: [makeCriterion('green', { min: 3, allowNA: true }), makeCriterion('digital')] });
    const a = makeApp();
    const res = run(call, [a], scoresFor(1, a.id, { green: null, digital: 4 }));
    expect(res.decisions[0]).toMatchObject({ status: 'granted', reason: 'granted' });
  });

  it('leaves incomplete applications pending, never rejected for lack of scores', () => {
    const call = twoTiers();
    const a = makeApp({ ref: 'b-complete' });
    const b = makeApp({ ref: 'a-incomplete' });
    const res = run(call, [a, b], [...flatScores(call, 1, a.id, 1), ...scoresFor(1, b.id, { green: 5 })]);
    expect(res.decisions.map((d) => [d.ref, d.rank, d.status, d.reason, d.granted])).toEqual([
      ['b-complete', 1, 'rejected', 'below-threshold', 0],
      ['a-incomplete', null, 'pending', 'incomplete', 0],
    ]);
  });

  it('takes manual decisions first: locked, their money out of their tier', () => {
    const call = twoTiers();
    const a = makeApp({ ref: 'a', requested: kr(600) });
    const b = makeApp({ ref: 'b', requested: kr(600) });
    const c = makeApp({ ref: 'c', requested: kr(700) });
    const scores = [...flatScores(call, 1, a.id, 5), ...flatScores(call, 1, b.id, 4), ...flatScores(call, 1, c.id, 4)];
    const manual: ManualDecision[] = [
      { applicationId: c.id, tier: 'main', granted: kr(700) }, // lowest ranked, above maxGrant: a caseworker may
      { applicationId: a.id, tier: null, granted: 0, status: 'rejected' }, // a manual rejection just stands
    ];
    const res = run(call, [a, b, c], scores, manual);
    expect(res.decisions.map((d) => [d.ref, d.tier, d.granted, d.status, d.reason, d.manual])).toEqual([
      ['a', null, 0, 'rejected', 'manual', true],
      ['b', 'main', kr(300), 'partially granted', 'partial-remainder', false],
      ['c', 'main', kr(700), 'granted', 'manual', true],
    ]);
    expect(res.tiers[0]).toEqual({ key: 'main', budget: kr(1000), granted: kr(1000), left: 0 });
  });

  it('ignores stored decisions the allocator made itself', () => {
    const call = twoTiers();
    const a = makeApp({ requested: kr(100) });
    const stored: Decision = { applicationId: a.id, tier: 'main', granted: kr(5), status: 'partially granted', reason: 'partial-remainder', manual: false, note: null };
    const res = run(call, [a], flatScores(call, 1, a.id, 4), [stored]);
    expect(res.decisions[0]).toMatchObject({ granted: kr(100), reason: 'granted', manual: false });
  });

  it('lets a manual decision on an incomplete application stand', () => {
    const call = twoTiers();
    const a = makeApp({ requested: kr(100) });
    const res = run(call, [a], [], [{ applicationId: a.id, tier: 'pre', granted: kr(50) }]);
    expect(res.decisions[0]).toMatchObject({ rank: null, tier: 'pre', granted: kr(50), status: 'partially granted', reason: 'manual', manual: true });
  });

  it('compares exactly: a weighted 3.5 that floating point makes 3.4999999999999996 reaches a 3.5 threshold', () => {
    const weights = [0.1, 0.2, 0.7];
    const means = [4, 5, 3];
    const float = means.reduce((s, m, i) => s + weights[i] * m, 0) / weights.reduce((s, w) => s + w, 0);
    expect(float).toBe(3.4999999999999996);
    expect(float).toBeLessThan(3.5);

    const call = makeCall({
      criteria: [makeCriterion('green', { weight: 0.1 }), makeCriterion('digital', { weight: 0.2 }), makeCriterion('international', { weight: 0.7 })],
      threshold: 3.5,
      tiers: [makeTier('main', { threshold: 3.5 })],
    });
    const a = makeApp();
    const scores = [...scoresFor(1, a.id, { green: 4, digital: 5, international: 3 }), ...scoresFor(2, a.id, { green: 4, digital: 5, international: 3 })];
    const res = run(call, [a], scores);
    expect(res.decisions[0].score).toEqual(rat(7, 2));
    expect(res.decisions[0]).toMatchObject({ status: 'granted', reason: 'granted', tier: 'main' });
  });

  it('orders decisions by rank, unranked last by ref', () => {
    const call = twoTiers();
    const apps = [makeApp({ ref: 'x' }), makeApp({ ref: 'q' }), makeApp({ ref: 'b' }), makeApp({ ref: 'k' })];
    const scores = [...flatScores(call, 1, apps[0].id, 3), ...flatScores(call, 1, apps[2].id, 4)];
    const res = run(call, apps, scores);
    expect(res.decisions.map((d) => [d.ref, d.rank])).toEqual([
      ['b', 1],
      ['x', 2],
      ['k', null],
      ['q', null],
    ]);
  });

  it('answers what-if questions with budget overrides, without changing the call', () => {
    const call = twoTiers();
    const apps = [makeApp({ ref: 'a', requested: kr(600) }), makeApp({ ref: 'b', requested: kr(600) })];
    const scores = apps.flatMap((a, i) => flatScores(call, 1, a.id, 5 - i));
    const run1 = allocator(call, rankAll(call, apps, scores));
    expect(run1().decisions.map((d) => d.granted)).toEqual([kr(600), kr(400)]);
    expect(run1({ main: kr(1200) }).decisions.map((d) => d.granted)).toEqual([kr(600), kr(600)]);
    expect(run1({ main: kr(700) }).decisions.map((d) => [d.tier, d.granted])).toEqual([
      ['main', kr(600)],
      ['pre', kr(100)],
    ]);
    expect(run1({ main: 0, pre: 0 }).decisions.map((d) => d.reason)).toEqual(['budget-exhausted', 'budget-exhausted']);
    expect(run1().tiers[0].budget).toBe(kr(1000));
    expect(call.tiers[0].budget).toBe(kr(1000));
  });

  it('refuses budgets for unknown tiers or of invalid amounts, and manual money without a tier', () => {
    const call = twoTiers();
    const a = makeApp();
    const ranked = rankAll(call, [a], flatScores(call, 1, a.id, 4));
    expect(() => allocate({ call, ranked, budgets: { nope: 1 } })).toThrow(UserError);
    expect(() => allocate({ call, ranked, budgets: { main: -1 } })).toThrow(/allocate.bad_budget/);
    expect(() => allocate({ call, ranked, manual: [{ applicationId: a.id, tier: null, granted: 5 }] })).toThrow(/allocate.manual_tier_required/);
    expect(() => allocate({ call, ranked, manual: [{ applicationId: a.id, tier: 'gone', granted: 5 }] })).toThrow(/allocate.manual_unknown_tier/);
    // a decision on an application that is not in the list is ignored
    expect(allocate({ call, ranked, manual: [{ applicationId: 999, tier: 'main', granted: kr(1000) }] }).tiers[0].granted).toBe(kr(600));
  });
});

describe('inputsHash', () => {
  const call = twoTiers();
  const apps = [makeApp({ ref: 'a' }), makeApp({ ref: 'b' })];
  const scores = [...flatScores(call, 1, apps[0].id, 4), ...flatScores(call, 2, apps[1].id, 3)];
  const manual: ManualDecision[] = [
    { applicationId: apps[0].id, tier: 'main', granted: kr(10) },
    { applicationId: apps[1].id, tier: null, granted: 0 },
  ];
  const base = inputsHash(call, scores, manual, { pre: kr(5) }, apps);

  it('is a SHA-256 hex that does not depend on input order', () => {
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(inputsHash(call, [...scores].reverse(), [...manual].reverse(), { pre: kr(5) }, [...apps].reverse())).toBe(base);
  });

  it('is the same whether the scores come as objects or as a table (in any order)', () => {
    expect(inputsHash(call, toScoreTable(scores), manual, { pre: kr(5) }, apps)).toBe(base);
    expect(inputsHash(call, toScoreTable([...scores].reverse()), manual, { pre: kr(5) }, apps)).toBe(base);
    // a table may know criterion keys no row uses: they do not count
    const wider = toScoreTable([...scores, makeScore(1, apps[0].id, 'aaa-unused', 1)]);
    expect(inputsHash(call, pickRows(wider, Array.from({ length: scores.length }, (_, i) => i)), manual, { pre: kr(5) }, apps)).toBe(base);
  });

  it('ignores what does not affect the outcome: comments, names', () => {
    const renamed = { ...call, name: 'Annet navn', criteria: call.criteria.map((c) => ({ ...c, name: 'x' })) };
    expect(inputsHash(renamed, scores.map((s) => ({ ...s, comment: 'endret' })), manual, { pre: kr(5) }, apps)).toBe(base);
  });

  it('changes when anything that matters changes', () => {
    const variants = [
      inputsHash(call, scores.map((s, i) => (i === 0 ? { ...s, value: 5 } : s)), manual, { pre: kr(5) }, apps),
      inputsHash(call, scores.slice(1), manual, { pre: kr(5) }, apps),
      inputsHash(call, scores, manual.slice(1), { pre: kr(5) }, apps),
      inputsHash(call, scores, manual, { pre: kr(6) }, apps),
      inputsHash(call, scores, manual, {}, apps),
      inputsHash(call, scores, manual, { pre: kr(5) }, [apps[0], { ...apps[1], requested: 1 }]),
      inputsHash({ ...call, tiers: [...call.tiers].reverse() }, scores, manual, { pre: kr(5) }, apps),
      inputsHash({ ...call, threshold: 3 }, scores, manual, { pre: kr(5) }, apps),
      inputsHash({ ...call, criteria: call.criteria.map((c, i) => (i ? c : { ...c, weight: 2 })) }, scores, manual, { pre: kr(5) }, apps),
      // n/a is not 0; a score moved to another criterion, evaluator or application is another input
      inputsHash(call, scores.map((s, i) => (i === 0 ? { ...s, value: null } : s)), manual, { pre: kr(5) }, apps),
      inputsHash(call, scores.map((s, i) => (i === 0 ? { ...s, value: 0 } : s)), manual, { pre: kr(5) }, apps),
      inputsHash(call, scores.map((s, i) => (i === 0 ? { ...s, criterion: 'other' } : s)), manual, { pre: kr(5) }, apps),
      inputsHash(call, scores.map((s, i) => (i === 0 ? { ...s, evaluatorId: 9 } : s)), manual, { pre: kr(5) }, apps),
      inputsHash(call, scores.map((s, i) => (i === 0 ? { ...s, applicationId: apps[1].id } : s)), manual, { pre: kr(5) }, apps),
      inputsHash(call, scores, manual, { pre: kr(5) }, [apps[0], { ...apps[1], submitted: '2021-03-01' }]),
      inputsHash(call, scores, manual, { pre: kr(5) }, [apps[0], { ...apps[1], ref: 'c' }]),
    ];
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
  });
});

describe('a manual grant above the request (the request was lowered after the decision)', () => {
  it('is refused with the case number, so it is never published', () => {
    const call = makeCall();
    const a = makeApp({ ref: '21/001', requested: kr(100) });
    expect(() => run(call, [a], flatScores(call, 1, a.id, 4), [{ applicationId: a.id, tier: call.tiers[0].key, granted: kr(150) }])).toThrow(
      expect.objectContaining({ code: 'allocate.manual_over_request', params: expect.objectContaining({ ref: '21/001' }) }),
    );
  });
});
