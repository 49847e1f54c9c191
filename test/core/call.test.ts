import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { callToJson, defaultCallInput, slugify, validateCallDefinition } from '../../src/core/call.js';

const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'calls', name), 'utf8'));
const sample = () => JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'data', 'call.json'), 'utf8'));

describe('validateCallDefinition', () => {
  it('accepts the bundled sample call and converts kroner to øre', () => {
    const r = validateCallDefinition(sample());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.call.tiers.map((t) => [t.key, t.budget])).toEqual([
      ['main', 800_000_000],
      ['pre', 60_000_000],
    ]);
    expect(r.call.criteria.map((c) => c.key)).toEqual(['green', 'digital', 'international']);
  });

  it('takes four criteria, a 1–7 scale and three tiers the same way as the default', () => {
    const r = validateCallDefinition(fixture('four-criteria.json'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.call.scale).toMatchObject({ min: 1, max: 7 });
    expect(r.call.criteria).toHaveLength(4);
    expect(r.call.criteria[0]).toMatchObject({ key: 'green', min: 3, allowNA: false, weight: 2 });
    expect(r.call.criteria[2]).toMatchObject({ key: 'international', allowNA: true, weight: 1.5 });
    expect(r.call.tiers.map((t) => t.key)).toEqual(['main', 'pre', 'network']);
    // a tier without its own threshold uses the call's
    expect(r.call.tiers[2].threshold).toBe(4);
    expect(r.call.tieBreak).toEqual(['criteria-in-order', 'submitted-asc', 'requested-asc', 'ref']);
  });

  it('reports every problem in one run, each by its path', () => {
    const r = validateCallDefinition(fixture('three-mistakes.json'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.path, i.code])).toEqual([
      ['tiebreak', 'call.unknown_key'],
      ['criteria[0].weight', 'call.not_positive'],
      ['tiers[1].budget', 'call.kroner'],
    ]);
  });

  it('rejects unknown keys at every level instead of ignoring them', () => {
    const input = sample();
    input.tiers[0].maxgrant = 5;
    input.criteria[1].wieght = 2;
    input.scale.lables = {};
    const r = validateCallDefinition(input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.path).sort()).toEqual(['criteria[1].wieght', 'scale.lables', 'tiers[0].maxgrant']);
  });

  it('checks cross-field rules: scale order, duplicate keys, maxGrant over budget, thresholds on the scale', () => {
    const r = validateCallDefinition({
      slug: 'x-2025',
      name: 'x',
      year: 2025,
      scale: { min: 0, max: 5 },
      criteria: [
        { key: 'a', name: 'A', min: 9 },
        { key: 'a', name: 'A2' },
      ],
      threshold: 6,
      tiers: [{ key: 'main', name: 'M', budget: 100, maxGrant: 200, minGrant: 50 }],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => `${i.path} ${i.code}`)).toEqual([
      'criteria[0].min call.too_large',
      'criteria[1].key call.duplicate_key',
      'threshold call.too_large',
      'tiers[0].maxGrant call.max_over_budget',
      'tiers[0].minGrant call.min_without_partial',
    ]);
  });

  it('rejects fractional kroner, a non-object and a missing tier list', () => {
    const r = validateCallDefinition({ slug: 'x', name: 'x', year: 2025, tiers: [{ key: 'm', name: 'M', budget: 10.5 }] });
    expect(!r.ok && r.issues.map((i) => i.path)).toEqual(['tiers[0].budget']);
    expect(validateCallDefinition([]).ok).toBe(false);
    const r2 = validateCallDefinition({ slug: 'x', name: 'x', year: 2025 });
    expect(!r2.ok && r2.issues.map((i) => `${i.path} ${i.code}`)).toEqual(['tiers call.required']);
  });

  it('round-trips through callToJson', () => {
    const r = validateCallDefinition(fixture('four-criteria.json'));
    if (!r.ok) throw new Error('fixture invalid');
    const again = validateCallDefinition(callToJson(r.call));
    expect(again).toEqual(r);
  });
});

describe('defaultCallInput', () => {
  it('gives the three default criteria and one tier with the whole budget', () => {
    const r = validateCallDefinition(defaultCallInput({ name: 'Klyngesatsing', year: 2022, budgetKr: 8_000_000 }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.call.slug).toBe('klyngesatsing-2022');
    expect(r.call.criteria.map((c) => c.key)).toEqual(['green', 'digital', 'international']);
    expect(r.call.tiers).toEqual([{ key: 'main', name: { nb: 'Hovedprosjekt', en: 'Main project' }, budget: 800_000_000, threshold: 2.5, partial: true }]);
  });

  it('does not repeat the year already in the name', () => {
    const r = validateCallDefinition(defaultCallInput({ name: 'Klyngesatsing 2025', year: 2025, budgetKr: 1000 }));
    expect(r.ok && r.call.slug).toBe('klyngesatsing-2025');
  });

  it('slugify folds Norwegian letters', () => {
    expect(slugify('Grønn Næring – Østfold 2023')).toBe('gronn-naering-ostfold-2023');
  });
});

describe('weights', () => {
  it('takes three decimals exactly (1.005 is not 1004.9999… per mille)', () => {
    const r = validateCallDefinition({ slug: 'w-2025', name: 'w', year: 2025, criteria: [{ key: 'a', name: 'A', weight: 1.005 }, { key: 'b', name: 'B', weight: 0.0005 }], tiers: [{ key: 'm', name: 'M', budget: 10 }] });
    expect(!r.ok && r.issues.map((i) => `${i.path} ${i.code}`)).toEqual(['criteria[1].weight call.weight_decimals']);
  });
});
