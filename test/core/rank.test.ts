import { describe, expect, it } from 'vitest';
import { aggregate } from '../../src/core/aggregate.js';
import { rank } from '../../src/core/rank.js';
import { rat } from '../../src/core/rational.js';
import { flatScores, kr, makeApp, makeCall, makeCriterion, makeEvaluator, rankAll, scoresFor } from '../helpers/builders.js';

describe('rank', () => {
  it('orders by weighted result, highest first, ranks 1..n', () => {
    const call = makeCall();
    const apps = [makeApp({ ref: 'a' }), makeApp({ ref: 'b' }), makeApp({ ref: 'c' })];
    const scores = [...flatScores(call, 1, apps[0].id, 2), ...flatScores(call, 1, apps[1].id, 5), ...flatScores(call, 1, apps[2].id, 3)];
    const ranked = rankAll(call, apps, scores);
    expect(ranked.map((r) => [r.ref, r.rank])).toEqual([
      ['b', 1],
      ['c', 2],
      ['a', 3],
    ]);
    expect(ranked[0].score).toEqual(rat(5));
    expect(ranked.every((r) => r.tieBrokenBy === null)).toBe(true);
  });

  it('treats results equal as fractions as a tie, whatever floating point says', () => {
    const call = makeCall({
      criteria: [makeCriterion('green', { weight: 0.1 }), makeCriterion('digital', { weight: 0.2 }), makeCriterion('international', { weight: 0.7 })],
    });
    const a = makeApp({ ref: 'b-first-by-float' });
    const b = makeApp({ ref: 'a-first-by-green' });
    const w = [0.1, 0.2, 0.7];
    const float = (m: number[]) => (w[0] * m[0] + w[1] * m[1] + w[2] * m[2]) / (w[0] + w[1] + w[2]);
    // floating point would put `a` above `b`…
    expect(float([3.5, 3.5, 3.5])).toBeGreaterThan(float([4, 5, 3]));
    const scores = [
      ...flatScores(call, 1, a.id, 3),
      ...flatScores(call, 2, a.id, 4), // means 3.5 / 3.5 / 3.5
      ...scoresFor(1, b.id, { green: 4, digital: 5, international: 3 }),
      ...scoresFor(2, b.id, { green: 4, digital: 5, international: 3 }),
    ];
    const ranked = rankAll(call, [a, b], scores);
    // …but both are exactly 7/2, and green (4 > 3.5) settles it
    expect(ranked.map((r) => r.ref)).toEqual(['a-first-by-green', 'b-first-by-float']);
    expect(ranked.map((r) => r.score)).toEqual([rat(7, 2), rat(7, 2)]);
    expect(ranked.map((r) => r.tieBrokenBy)).toEqual(['criteria-in-order', 'criteria-in-order']);
  });

  it('settles ties by each step of the chain and records which one', () => {
    const call = makeCall({
      criteria: [makeCriterion('green'), makeCriterion('digital')],
      tieBreak: ['criteria-in-order', 'requested-asc', 'submitted-asc', 'ref'],
    });
    const apps = [
      makeApp({ ref: 'r5', requested: kr(200), submitted: '2021-09-01' }),
      makeApp({ ref: 'r4', requested: kr(200), submitted: null }),
      makeApp({ ref: 'r3', requested: kr(100), submitted: null }),
      makeApp({ ref: 'r2', requested: kr(200), submitted: '2021-09-01' }),
      makeApp({ ref: 'r1', requested: kr(500), submitted: null }),
    ];
    const scores = [
      ...scoresFor(1, apps[0].id, { green: 3, digital: 3 }),
      ...scoresFor(1, apps[1].id, { green: 3, digital: 3 }),
      ...scoresFor(1, apps[2].id, { green: 3, digital: 3 }),
      ...scoresFor(1, apps[3].id, { green: 3, digital: 3 }),
      ...scoresFor(1, apps[4].id, { green: 4, digital: 2 }), // same 3, better green
    ];
    const ranked = rankAll(call, apps, scores);
    expect(ranked.map((r) => r.ref)).toEqual(['r1', 'r3', 'r2', 'r5', 'r4']);
    expect(ranked.map((r) => r.tie)).toEqual([
      { above: null, below: 'criteria-in-order' },
      { above: 'criteria-in-order', below: 'requested-asc' },
      { above: 'requested-asc', below: 'ref' },
      { above: 'ref', below: 'submitted-asc' }, // submitted, null last
      { above: 'submitted-asc', below: null },
    ]);
    expect(ranked.map((r) => r.tieBrokenBy)).toEqual(['criteria-in-order', 'criteria-in-order', 'requested-asc', 'ref', 'submitted-asc']);
  });

  it('follows the call’s own order of steps', () => {
    const call = makeCall({ criteria: [makeCriterion('green'), makeCriterion('digital')], tieBreak: ['requested-asc', 'criteria-in-order', 'ref'] });
    const a = makeApp({ ref: 'a', requested: kr(300) });
    const b = makeApp({ ref: 'b', requested: kr(100) });
    const scores = [...scoresFor(1, a.id, { green: 5, digital: 1 }), ...scoresFor(1, b.id, { green: 1, digital: 5 })];
    expect(rankAll(call, [a, b], scores).map((r) => [r.ref, r.tieBrokenBy])).toEqual([
      ['b', 'requested-asc'],
      ['a', 'requested-asc'],
    ]);
  });

  it('puts a criterion with no mean after one with a mean when comparing criteria', () => {
    const call = makeCall({ criteria: [makeCriterion('green', { allowNA: true }), makeCriterion('digital')] });
    const a = makeApp({ ref: 'a' });
    const b = makeApp({ ref: 'b' });
    const scores = [...scoresFor(1, a.id, { green: null, digital: 3 }), ...scoresFor(1, b.id, { green: 3, digital: 3 })];
    const ranked = rankAll(call, [a, b], scores);
    expect(ranked.map((r) => [r.ref, r.tieBrokenBy])).toEqual([
      ['b', 'criteria-in-order'],
      ['a', 'criteria-in-order'],
    ]);
  });

  it('uses ref when the call forgot it, with plain string order', () => {
    const call = makeCall({ tieBreak: ['requested-asc'] });
    const apps = [makeApp({ ref: 'b' }), makeApp({ ref: 'B' }), makeApp({ ref: 'a' })];
    const scores = apps.flatMap((a) => flatScores(call, 1, a.id, 3));
    expect(rankAll(call, apps, scores).map((r) => [r.ref, r.tieBrokenBy])).toEqual([
      ['B', 'ref'],
      ['a', 'ref'],
      ['b', 'ref'],
    ]);
  });

  it('leaves incomplete applications unranked, last, by ref', () => {
    const call = makeCall();
    const apps = [makeApp({ ref: 'z' }), makeApp({ ref: 'm' }), makeApp({ ref: 'c' }), makeApp({ ref: 'a' })];
    const scores = [
      ...flatScores(call, 1, apps[0].id, 1),
      ...scoresFor(1, apps[1].id, { green: 5 }),
      ...flatScores(call, 1, apps[3].id, 2),
    ];
    const ranked = rankAll(call, apps, scores);
    expect(ranked.map((r) => [r.ref, r.rank, r.incomplete])).toEqual([
      ['a', 1, false],
      ['z', 2, false],
      ['c', null, true],
      ['m', null, true],
    ]);
  });

  it('ranks an application judged n/a on everything last among the ranked', () => {
    const call = makeCall({ criteria: [makeCriterion('green', { allowNA: true })] });
    const a = makeApp({ ref: 'a' });
    const b = makeApp({ ref: 'b' });
    const scores = [...scoresFor(1, a.id, { green: null }), ...scoresFor(1, b.id, { green: 0 })];
    const ranked = rankAll(call, [a, b], scores);
    expect(ranked.map((r) => [r.ref, r.rank, r.score])).toEqual([
      ['b', 1, rat(0)],
      ['a', 2, null],
    ]);
  });

  it('does not depend on the order of its inputs', () => {
    const call = makeCall();
    const apps = Array.from({ length: 30 }, (_, i) => makeApp({ ref: `r${i}`, requested: kr(100 * (i % 3)) }));
    const scores = apps.flatMap((a, i) => [...flatScores(call, 1, a.id, i % 4), ...flatScores(call, 2, a.id, (i * 7) % 6)]);
    const panel = [makeEvaluator(1), makeEvaluator(2)];
    const one = rank(call, aggregate(call, apps, scores, [], panel), apps);
    const rev = [...apps].reverse();
    const two = rank(call, aggregate(call, rev, [...scores].reverse(), [], panel), rev);
    expect(two).toEqual(one);
  });
});
