/** Ranking without withdrawn and ineligible applications: nobody is waited for on their account. */
import { describe, expect, it } from 'vitest';
import { klyngeOk } from '../helpers/cli.js';
import { sampleDb } from '../helpers/workspace.js';

type Ranked = { ref: string; rank: number | null; flags: { code: string; missing?: { evaluator: string | null }[] }[] };
const waitingFor = (a: Ranked) => [...new Set(a.flags.flatMap((f) => (f.missing ?? []).map((m) => m.evaluator)))];

describe('ranking with applications out of the competition', () => {
  it('an evaluator whose only scores are on a withdrawn application is not waited for on the others (rank and export)', async () => {
    const { db } = await sampleDb();
    const run = (args: string[]) => klyngeOk(['--db', db, ...args]);
    await run(['evaluator', 'add', 'Per Ukjent']);
    await run(['score', 'set', '21/04102-1', '--evaluator', 'Per Ukjent', 'green=1', 'digital=1', 'international=1']);
    const rank = async () => JSON.parse((await run(['--json', 'rank'])).stdout).applications as Ranked[];
    // Per takes part: every other application now waits for him
    expect(waitingFor((await rank()).find((a) => a.ref === '21/04117-1')!)).toEqual(['Per Ukjent']);
    await run(['applications', 'withdraw', '21/04102-1']);
    const after = await rank();
    expect(after.map((a) => a.ref)).not.toContain('21/04102-1');
    expect(after).toHaveLength(9);
    // still not scored, but waiting for nobody in particular
    expect(after.every((a) => a.flags.some((f) => f.code === 'incomplete') && waitingFor(a).length === 0)).toBe(true);
    // the export ranks the same way, the withdrawn one last
    const exp = JSON.parse((await run(['export', '--format', 'json'])).stdout).applications as { ref: string; rank: number | null; flags: unknown[] }[];
    expect(exp.map((a) => a.ref)).toEqual([...after.map((a) => a.ref), '21/04102-1']);
    expect(exp.find((a) => a.ref === '21/04117-1')!.flags).toEqual(after.find((a) => a.ref === '21/04117-1')!.flags);
  });
});
