import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/db/sqlite-store.js';
import { resolveCall } from '../../src/services/calls.js';
import { allocationReport } from '../../src/services/reports.js';
import { klynge } from '../helpers/cli.js';
import { sampleDb } from '../helpers/workspace.js';

const ctxOf = (db: string) => ({ store: openSqliteStore(db).store, actor: 'test', now: () => new Date(), version: 'test' });
const essentials = (rep: Awaited<ReturnType<typeof allocationReport>>) =>
  rep.rows.map((r) => ({ ref: r.application.ref, rank: r.rank, score: r.score && `${r.score.n}/${r.score.d}`, tier: r.tier, granted: r.granted, status: r.status, manual: r.manual }));

describe('the allocation report from stored decisions', () => {
  it('gives the same table as ranking again, with a manual decision among them', async () => {
    const { db } = await sampleDb({ scores: true, conflicts: true });
    await klynge(['--db', db, 'decide', '21/04130-2', '--grant', '500000', '--tier', 'pre', '--note', 'Strategisk']);
    await klynge(['--db', db, 'allocate']);
    const ctx = ctxOf(db);
    const call = await resolveCall(ctx, undefined);
    const stored = await allocationReport(ctx, call, { fromDecisions: true, texts: false, comments: false });
    const ranked = await allocationReport(ctx, call, { fromDecisions: false, texts: false, comments: false });
    expect(stored.rows[0].ranked).toBeUndefined(); // it really took the stored path
    expect(essentials(stored)).toEqual(essentials(ranked));
    expect(stored.tiers).toEqual(ranked.tiers);
    expect(stored.stale).toBe(false);
    await ctx.store.close();
  });

  it('is stale after a score or a conflict, not after a changed comment alone', async () => {
    const { db } = await sampleDb({ scores: true });
    await klynge(['--db', db, 'allocate']);
    const stale = async () => {
      const ctx = ctxOf(db);
      const r = (await allocationReport(ctx, await resolveCall(ctx, undefined), { fromDecisions: true })).stale;
      await ctx.store.close();
      return r;
    };
    expect(await stale()).toBe(false);
    await klynge(['--db', db, 'score', 'set', '21/04117-1', '--evaluator', 'Kari Nordmann', 'green=5', '--comment', 'Ny begrunnelse']);
    expect(await stale()).toBe(false); // the value was 5 already: only the comment changed
    await klynge(['--db', db, 'conflict', 'declare', '21/04117-1', '--evaluator', 'Ola Hansen', '--reason', 'Inhabil']);
    expect(await stale()).toBe(true);
    await klynge(['--db', db, 'allocate']);
    expect(await stale()).toBe(false);
  });
});
