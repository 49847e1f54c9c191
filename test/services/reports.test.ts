import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { resolveCall } from '../../src/services/calls.js';
import { allocationReport } from '../../src/services/reports.js';
import { klynge } from '../helpers/cli.js';
import { sampleDb } from '../helpers/workspace.js';

const ctxOf = (db: string) => ({ db: openDatabase(db).db, actor: 'test', now: () => new Date(), version: 'test' });
const essentials = (rep: ReturnType<typeof allocationReport>) =>
  rep.rows.map((r) => ({ ref: r.application.ref, rank: r.rank, score: r.score && `${r.score.n}/${r.score.d}`, tier: r.tier, granted: r.granted, status: r.status, manual: r.manual }));

describe('the allocation report from stored decisions', () => {
  it('gives the same table as ranking again, with a manual decision among them', async () => {
    const { db } = await sampleDb({ scores: true, conflicts: true });
    await klynge(['--db', db, 'decide', '21/04130-2', '--grant', '500000', '--tier', 'pre', '--note', 'Strategisk']);
    await klynge(['--db', db, 'allocate']);
    const ctx = ctxOf(db);
    const call = resolveCall(ctx.db, undefined);
    const stored = allocationReport(ctx, call, { fromDecisions: true, texts: false, comments: false });
    const ranked = allocationReport(ctx, call, { fromDecisions: false, texts: false, comments: false });
    expect(stored.rows[0].ranked).toBeUndefined(); // it really took the stored path
    expect(essentials(stored)).toEqual(essentials(ranked));
    expect(stored.tiers).toEqual(ranked.tiers);
    expect(stored.stale).toBe(false);
    ctx.db.close();
  });

  it('is stale after a score or a conflict, not after a changed comment alone', async () => {
    const { db } = await sampleDb({ scores: true });
    await klynge(['--db', db, 'allocate']);
    const stale = () => {
      const ctx = ctxOf(db);
      const r = allocationReport(ctx, resolveCall(ctx.db, undefined), { fromDecisions: true }).stale;
      ctx.db.close();
      return r;
    };
    expect(stale()).toBe(false);
    await klynge(['--db', db, 'score', 'set', '21/04117-1', '--evaluator', 'Kari Nordmann', 'green=5', '--comment', 'Ny begrunnelse']);
    expect(stale()).toBe(false); // the value was 5 already: only the comment changed
    await klynge(['--db', db, 'conflict', 'declare', '21/04117-1', '--evaluator', 'Ola Hansen', '--reason', 'Inhabil']);
    expect(stale()).toBe(true);
    await klynge(['--db', db, 'allocate']);
    expect(stale()).toBe(false);
  });
});
