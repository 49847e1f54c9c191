/** Panel assignment: even, deterministic, never to a conflicted evaluator. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AssignInput, assignPanel, type Assignment } from '../../src/core/assign.js';

const world = fc
  .record({ nApps: fc.integer({ min: 0, max: 40 }), nEval: fc.integer({ min: 1, max: 7 }), per: fc.integer({ min: 1, max: 4 }) })
  .chain(({ nApps, nEval, per }) =>
    fc.record({
      applications: fc.constant(Array.from({ length: nApps }, (_, i) => ({ id: 100 + i, ref: `21/${String(4100 + ((i * 7) % 97)).padStart(5, '0')}-${i}` }))),
      evaluators: fc.constant(Array.from({ length: nEval }, (_, i) => ({ id: 1 + i, name: `Vurderer ${String.fromCharCode(65 + ((i * 3) % 26))}${i}` }))),
      conflicts: fc.uniqueArray(fc.record({ applicationId: fc.integer({ min: 100, max: 100 + Math.max(0, nApps - 1) }), evaluatorId: fc.integer({ min: 1, max: nEval }) }), {
        maxLength: nApps === 0 ? 0 : Math.min(20, nApps),
        selector: (c) => `${c.applicationId}:${c.evaluatorId}`,
      }),
      perApplication: fc.constant(per),
    }),
  );

const key = (a: Assignment) => `${a.applicationId}:${a.evaluatorId}`;

/** a shuffle decided by fast-check, so a failure can be replayed */
const shuffled = <T>(xs: readonly T[], seeds: number[]): T[] => {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = (seeds[i % Math.max(1, seeds.length)] ?? 0) % (i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
};

describe('assignPanel', () => {
  it('never assigns a conflicted evaluator, never twice, and gives each application what it can have', () => {
    fc.assert(
      fc.property(world, (w: AssignInput) => {
        const r = assignPanel(w);
        const conflicted = new Set(w.conflicts.map(key));
        expect(r.added.filter((a) => conflicted.has(key(a)))).toEqual([]);
        expect(new Set(r.added.map(key)).size).toBe(r.added.length);
        for (const app of w.applications) {
          const free = w.evaluators.filter((e) => !conflicted.has(key({ applicationId: app.id, evaluatorId: e.id }))).length;
          const got = r.added.filter((a) => a.applicationId === app.id).length;
          expect(got).toBe(Math.min(w.perApplication, free));
          expect(r.short.some((s) => s.applicationId === app.id)).toBe(got < w.perApplication);
        }
      }),
    );
  });

  it('spreads evenly: without conflicts no evaluator has more than one application above another', () => {
    fc.assert(
      fc.property(world, (w) => {
        const r = assignPanel({ ...w, conflicts: [] });
        const loads = w.evaluators.map((e) => r.added.filter((a) => a.evaluatorId === e.id).length);
        expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
        expect([...r.load.values()].reduce((s, x) => s + x, 0)).toBe(w.applications.length * Math.min(w.perApplication, w.evaluators.length));
      }),
    );
  });

  it('does not depend on the order of its input', () => {
    fc.assert(
      fc.property(world, fc.array(fc.nat(), { minLength: 1, maxLength: 50 }), (w, seeds) => {
        const again = assignPanel({ ...w, applications: shuffled(w.applications, seeds), evaluators: shuffled(w.evaluators, [...seeds].reverse()), conflicts: shuffled(w.conflicts, seeds) });
        expect(again.added).toEqual(assignPanel(w).added);
      }),
    );
  });

  it('keeps assignments made by hand and counts them toward both sides', () => {
    const applications = [
      { id: 1, ref: 'A' },
      { id: 2, ref: 'B' },
      { id: 3, ref: 'C' },
    ];
    const evaluators = [
      { id: 10, name: 'Kari' },
      { id: 11, name: 'Ola' },
      { id: 12, name: 'Per' },
    ];
    const r = assignPanel({ applications, evaluators, conflicts: [], perApplication: 1, kept: [{ applicationId: 1, evaluatorId: 10 }] });
    // A already has Kari; B and C go to the two who have nothing yet
    expect(r.added.find((a) => a.applicationId === 1)).toBeUndefined();
    expect(r.added.map((a) => a.evaluatorId).sort()).toEqual([11, 12]);
    expect(r.load.get(10)).toBe(1);
  });

  it('serves the most constrained application first, so it is not left short', () => {
    // B can only go to Kari; served in ref order, A would take Kari at per=1 only if she were least loaded first
    const r = assignPanel({
      applications: [
        { id: 1, ref: 'A' },
        { id: 2, ref: 'B' },
      ],
      evaluators: [
        { id: 10, name: 'Kari' },
        { id: 11, name: 'Ola' },
      ],
      conflicts: [{ applicationId: 2, evaluatorId: 11 }],
      perApplication: 1,
    });
    expect(r.short).toEqual([]);
    expect(r.added).toEqual([
      { applicationId: 1, evaluatorId: 11 },
      { applicationId: 2, evaluatorId: 10 },
    ]);
  });
});
