/** The call's state-aid block, the exact conversions and the ceiling in the allocation. */
import { describe, expect, it } from 'vitest';
import { allocate } from '../../src/core/allocate.js';
import { callToJson, validateCallDefinition } from '../../src/core/call.js';
import { aidUsed, centsToOre, oreToEur, ceilingOre, periodStart, type AllocationAid, type DeMinimis } from '../../src/core/state-aid.js';
import { flatScores, kr, makeApp, makeCall, makeTier, rankAll } from '../helpers/builders.js';

const base = { slug: 'x-2022', name: 'X', year: 2022, tiers: [{ key: 'main', name: 'Main', budget: 1000 }] };
const validate = (stateAid: unknown) => validateCallDefinition({ ...base, stateAid });

describe('the call’s stateAid block', () => {
  it('takes de minimis with its rate and grant date, filling in the ceiling and the period', () => {
    const r = validate({ basis: 'de-minimis', eurRate: 10.2345, grantDate: '2022-12-01' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.call.stateAid).toEqual({ basis: 'de-minimis', ceilingCents: 20_000_000, periodYears: 3, eurRate: 10.2345, grantDate: '2022-12-01' });
    // Regulation 2023/2831 from 2024: EUR 300 000
    const r24 = validate({ basis: 'de-minimis', eurRate: 11.5, grantDate: '2024-01-01' });
    expect(r24.ok && r24.call.stateAid?.ceilingCents).toBe(30_000_000);
    // round trip as the caseworker wrote it
    expect(r.call && callToJson(r.call).stateAid).toEqual({ basis: 'de-minimis', ceilingEur: 200_000, periodYears: 3, eurRate: 10.2345, grantDate: '2022-12-01' });
  });

  it('takes gber and none without the de minimis fields', () => {
    expect(validate({ basis: 'gber' })).toMatchObject({ ok: true, call: { stateAid: { basis: 'gber' } } });
    expect(validate({ basis: 'none' })).toMatchObject({ ok: true, call: { stateAid: { basis: 'none' } } });
  });

  it('names every problem by its path', () => {
    const r = validate({ basis: 'de-minimis', ceilingEur: 1.5, periodYears: 0, eurRate: 10.1234567, grantDate: '01.12.2022', extra: 1 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.path, i.code])).toEqual([
      ['stateAid.extra', 'call.unknown_key'],
      ['stateAid.grantDate', 'call.iso_date'],
      ['stateAid.eurRate', 'call.eur_rate_decimals'],
      ['stateAid.ceilingEur', 'call.not_integer'],
      ['stateAid.periodYears', 'call.too_small'],
    ]);
    const missing = validate({ basis: 'de-minimis' });
    expect(!missing.ok && missing.issues.map((i) => [i.path, i.code])).toEqual([
      ['stateAid.grantDate', 'call.required'],
      ['stateAid.eurRate', 'call.required'],
    ]);
    const other = validate({ basis: 'gber', eurRate: 11 });
    expect(!other.ok && other.issues.map((i) => [i.path, i.code])).toEqual([['stateAid.eurRate', 'call.state_aid_only_de_minimis']]);
    const bad = validate({ basis: 'bagatell' });
    expect(!bad.ok && bad.issues.map((i) => [i.path, i.code])).toEqual([['stateAid.basis', 'call.state_aid_basis']]);
    const impossible = validate({ basis: 'de-minimis', eurRate: 10, grantDate: '2022-02-30' });
    expect(!impossible.ok && impossible.issues.map((i) => i.path)).toEqual(['stateAid.grantDate']);
  });
});

describe('exact conversion', () => {
  it('converts EUR cents to øre at the rate as written, rounding as stated', () => {
    // 0.1 is not a binary float: the rate is taken as the decimal written
    expect(centsToOre(100, 10.1, 'down')).toBe(1010);
    expect(centsToOre(1, 10.2345, 'down')).toBe(10);
    expect(centsToOre(1, 10.2345, 'up')).toBe(11);
    expect(centsToOre(20_000_000, 10.2345, 'down')).toBe(204_690_000);
    const s: DeMinimis = { basis: 'de-minimis', ceilingCents: 20_000_000, periodYears: 3, eurRate: 11.5, grantDate: '2022-12-01' };
    expect(ceilingOre(s)).toBe(kr(2_300_000));
  });

  it('counts the period back from the grant date, the grant date included', () => {
    expect(periodStart('2022-12-01', 3)).toBe('2019-12-02');
    expect(periodStart('2024-02-29', 3)).toBe('2021-03-01');
    const s: DeMinimis = { basis: 'de-minimis', ceilingCents: 20_000_000, periodYears: 3, eurRate: 10, grantDate: '2022-12-01' };
    const used = aidUsed(
      s,
      [
        { orgNumber: 'a', date: '2019-12-01', amount: 1 }, // the day before the period
        { orgNumber: 'a', date: '2019-12-02', amount: 10 },
        { orgNumber: 'a', date: '2022-12-01', amount: 100 },
        { orgNumber: 'a', date: '2022-12-02', amount: 1000 }, // after the grant date
      ],
      new Map([
        ['a', 50], // declared less than the extract shows: the extract counts
        ['b', 70],
      ]),
      [{ orgNumber: 'b', date: '2021-12-01', amount: 5 }],
    );
    expect(Object.fromEntries(used)).toEqual({ a: { other: 110, own: 0 }, b: { other: 70, own: 5 } });
  });
});

describe('allocate with the de minimis ceiling', () => {
  const call = makeCall({
    tiers: [makeTier('main', { budget: kr(3000), threshold: 3.5, maxGrant: kr(1500), partial: true, minGrant: kr(500) }), makeTier('pre', { budget: kr(400), threshold: 2.5, maxGrant: kr(200) })],
  });
  const a = makeApp({ ref: 'a', orgNumber: '111', requested: kr(1500) });
  const b = makeApp({ ref: 'b', orgNumber: '222', requested: kr(1500) });
  const c = makeApp({ ref: 'c', orgNumber: '333', requested: kr(1500) });
  const d = makeApp({ ref: 'd', orgNumber: '111', requested: kr(200) });
  const scores = [...flatScores(call, 1, a.id, 5), ...flatScores(call, 1, b.id, 4), ...flatScores(call, 1, c.id, 4), ...flatScores(call, 1, d.id, 3)];
  const ranked = rankAll(call, [a, b, c, d], scores);
  const aid: AllocationAid = {
    ceiling: kr(2000),
    undertakingOf: new Map([a, b, c, d].map((x) => [x.id, x.orgNumber!])),
    used: new Map([
      ['111', { other: kr(400), own: 0 }], // headroom 1600: a gets its 1500 in full
      ['222', { other: kr(800), own: kr(500) }], // headroom 700: capped
      ['333', { other: kr(1000), own: kr(600) }], // headroom 400 < minGrant: nothing in main, 200 in pre
    ]),
  };

  it('caps at the headroom where the tier allows partial grants, refuses below minGrant, counts this call’s other grants', () => {
    const r = allocate({ call, ranked, aid });
    expect(r.decisions.map((x) => [x.ref, x.tier, x.granted, x.reason])).toEqual([
      ['a', 'main', kr(1500), 'granted'],
      ['b', 'main', kr(700), 'state-aid-capped'],
      ['c', 'pre', kr(200), 'capped-max-grant'],
      // 111 has 400 + 1500 of 2000: 100 left, less than d's 200 and pre allows no partial grant
      ['d', null, 0, 'state-aid-ceiling'],
    ]);
    expect(r.decisions[1].aid).toEqual({ ceiling: kr(2000), other: kr(800), own: kr(500), thisCall: 0, headroom: kr(700) });
    expect(r.decisions[3].aid).toEqual({ ceiling: kr(2000), other: kr(400), own: 0, thisCall: kr(1500), headroom: kr(100) });
    // the money b could not take went on down the ranking: main spent 2200, 800 left
    expect(r.tiers[0]).toMatchObject({ granted: kr(2200), left: kr(800) });
  });

  it('refused for the ceiling in one tier and for money in another: on the reserve list, in line for the other tier’s money', () => {
    const tight = makeCall({
      tiers: [makeTier('main', { budget: kr(3000), threshold: 3.5, maxGrant: kr(1500), partial: true, minGrant: kr(500) }), makeTier('pre', { budget: kr(200), threshold: 2.5, maxGrant: kr(200) })],
    });
    const c2 = makeApp({ ref: 'c', orgNumber: '333', requested: kr(1500) });
    const e = makeApp({ ref: 'e', orgNumber: '444', requested: kr(1500) });
    const rk = rankAll(tight, [c2, e], [...flatScores(tight, 1, c2.id, 5), ...flatScores(tight, 1, e.id, 4)]);
    const aid2: AllocationAid = {
      ceiling: kr(2000),
      undertakingOf: new Map([c2, e].map((x) => [x.id, x.orgNumber!])),
      used: new Map([
        ['333', { other: kr(1000), own: kr(600) }], // headroom 400 < minGrant: nothing in main, 200 in pre
        ['444', { other: kr(1700), own: 0 }], // headroom 300: nothing in main; pre's 200 would fit, but c took it
      ]),
    };
    const r = allocate({ call: tight, ranked: rk, aid: aid2 });
    expect(r.decisions.map((x) => [x.ref, x.tier, x.granted, x.status, x.reason])).toEqual([
      ['c', 'pre', kr(200), 'partially granted', 'capped-max-grant'],
      ['e', null, 0, 'reserve', 'budget-exhausted'],
    ]);
    // with more pre-project money, e gets it
    const more = allocate({ call: tight, ranked: rk, aid: aid2, budgets: { pre: kr(400) } });
    expect(more.decisions.map((x) => [x.ref, x.tier, x.granted])).toEqual([
      ['c', 'pre', kr(200)],
      ['e', 'pre', kr(200)],
    ]);
  });

  it('is today’s allocation without aid', () => {
    const r = allocate({ call, ranked });
    expect(r.decisions.map((x) => [x.ref, x.granted, x.reason])).toEqual([
      ['a', kr(1500), 'granted'],
      ['b', kr(1500), 'granted'],
      ['c', kr(200), 'capped-max-grant'],
      ['d', kr(200), 'granted'],
    ]);
  });
});

describe('EUR in the register export', () => {
  it('converts øre to euros at the rate as written, half up to the cent', () => {
    expect(oreToEur(kr(1_200_000), 10)).toBe(120_000);
    // 100 000 kr at 11.5 = 8 695.652… → 8 695.65
    expect(oreToEur(kr(100_000), 11.5)).toBe(8695.65);
    // 1 øre at 10: 0.1 cent → 0.00; 5 øre: 0.5 cent → 0.01 (half up)
    expect(oreToEur(1, 10)).toBe(0);
    expect(oreToEur(5, 10)).toBe(0.01);
  });
});
