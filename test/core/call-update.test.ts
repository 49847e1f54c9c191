import { describe, expect, it } from 'vitest';
import { callToJson } from '../../src/core/call.js';
import { planCallUpdate } from '../../src/core/call-update.js';
import { makeCall } from '../helpers/builders.js';

describe('planCallUpdate', () => {
  it('budgets (kroner) and the threshold change on the stored call; the changes come by path', () => {
    const call = makeCall();
    const p = planCallUpdate(call, { budgets: { main: call.tiers[0].budget / 100 + 1000 }, threshold: 3 });
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.call.tiers[0].budget).toBe(call.tiers[0].budget + 100_000);
    expect(p.changes).toEqual([
      { path: 'threshold', old: 2.5, new: 3 },
      { path: 'tiers[0].budget', old: call.tiers[0].budget / 100, new: call.tiers[0].budget / 100 + 1000 },
    ]);
    expect(p.locked).toEqual([]);
  });

  it('the same definition again changes nothing', () => {
    const call = makeCall();
    const p = planCallUpdate(call, { definition: callToJson(call) });
    expect(p).toMatchObject({ ok: true, changes: [], locked: [] });
  });

  it('criteria, weights, n/a, minimums and the scale range are locked; names, labels and tiers are not', () => {
    const call = makeCall();
    const def = structuredClone(callToJson(call)) as { criteria: Record<string, unknown>[]; scale: { max: number; labels: Record<string, string> }; tiers: Record<string, unknown>[] };
    def.criteria[0].weight = 2;
    def.criteria[1].allowNA = true;
    def.criteria[2].name = 'Internasjonalt';
    def.scale.labels = { '5': 'top' };
    def.tiers[0].threshold = 3;
    const p = planCallUpdate(call, { definition: def });
    if (!p.ok) throw new Error('expected a plan');
    expect(p.locked.map((c) => c.path)).toEqual(['criteria[0].weight', 'criteria[1].allowNA']);
    expect(p.changes.map((c) => c.path).sort()).toEqual(['criteria[0].weight', 'criteria[1].allowNA', 'criteria[2].name', 'scale.labels.5', 'tiers[0].threshold']);
    def.scale.max = 7;
    const q = planCallUpdate(call, { definition: def });
    if (!q.ok) throw new Error('expected a plan');
    expect(q.locked.map((c) => c.path)).toContain('scale.max');
  });

  it('an element added or removed is one change of its own, by index', () => {
    const call = makeCall();
    const def = structuredClone(callToJson(call)) as { tiers: Record<string, unknown>[]; criteria: unknown[] };
    def.tiers.push({ key: 'pre', name: 'Forprosjekt', budget: 600_000, partial: false });
    def.criteria.pop();
    const p = planCallUpdate(call, { definition: def });
    if (!p.ok) throw new Error('expected a plan');
    expect(p.changes.map((c) => [c.path, c.old === null, c.new === null])).toEqual([
      ['criteria[2]', false, true],
      ['tiers[1]', true, false],
    ]);
    expect(p.locked.map((c) => c.path)).toEqual(['criteria[2]']);
  });

  it('refuses another slug, an unknown tier, and whatever call create refuses, by path', () => {
    const call = makeCall();
    expect(planCallUpdate(call, { definition: { ...callToJson(call), slug: 'other' } })).toEqual({ ok: false, issues: [{ path: 'slug', code: 'callupdate.slug_differs', params: { slug: call.slug } }] });
    expect(planCallUpdate(call, { budgets: { pre: 5 } })).toMatchObject({ ok: false, issues: [{ code: 'callupdate.unknown_tier', params: { tier: 'pre', known: 'main' } }] });
    expect(planCallUpdate(call, { threshold: 6 })).toMatchObject({ ok: false, issues: [{ path: 'threshold', code: 'call.too_large' }] });
    expect(planCallUpdate(call, { definition: [] })).toMatchObject({ ok: false, issues: [{ code: 'call.not_object' }] });
  });
});
