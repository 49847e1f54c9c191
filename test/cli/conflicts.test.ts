import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { klynge } from '../helpers/cli.js';
import { sampleDb } from '../helpers/workspace.js';

describe('conflicts of interest (inhabilitet)', () => {
  it('scores given before the declaration stop counting but stay in the audit log', async () => {
    const { db } = await sampleDb({ scores: true });
    const before = JSON.parse((await klynge(['--db', db, '--json', 'rank'])).stdout);
    const kong = (r: { applications: { ref: string; criteria: Record<string, { n: number; mean: number }> }[] }) => r.applications.find((a) => a.ref === '21/04118-1')!;
    expect(kong(before).criteria.green.n).toBe(3);

    const d = await klynge(['--db', db, 'conflict', 'declare', '21/04118-1', '--evaluator', 'Ola Hansen', '--reason', 'Tidligere ansatt hos søker']);
    expect(d.code).toBe(0);
    expect(d.stderr).toMatch(/3 scores Ola Hansen gave earlier no longer count; they stay in the audit log/);

    const after = JSON.parse((await klynge(['--db', db, '--json', 'rank'])).stdout);
    expect(kong(after).criteria.green.n).toBe(2);
    const log = JSON.parse((await klynge(['--db', db, '--json', 'log', '21/04118-1'])).stdout).entries;
    const decl = log.find((e: { action: string }) => e.action === 'conflict.declare');
    expect(decl.details.scoresNoLongerCounted).toHaveLength(3);
    // the rows themselves are kept, only left out of the means
    const conn = new Database(db, { readonly: true });
    expect(conn.prepare(`SELECT count(*) FROM scores s JOIN evaluators e ON e.id = s.evaluator_id JOIN applications a ON a.id = s.application_id WHERE e.name = 'Ola Hansen' AND a.ref = '21/04118-1'`).pluck().get()).toBe(3);
    conn.close();
  });

  it('a second declaration, a missing reason, an unknown evaluator or application are refused', async () => {
    const { db } = await sampleDb({ scores: true, conflicts: true });
    const again = await klynge(['--db', db, 'conflict', 'declare', '21/04125-1', '--evaluator', 'Ingrid Berg', '--reason', 'x']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already declared a conflict of interest on 21\/04125-1/);
    expect((await klynge(['--db', db, 'conflict', 'declare', '21/04125-1', '--evaluator', 'Ingrid Berg'])).code).toBe(2);
    const nobody = await klynge(['--db', db, 'conflict', 'declare', '21/04125-1', '--evaluator', 'Nils', '--reason', 'x']);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toMatch(/No evaluator "Nils"/);
    const noapp = await klynge(['--db', db, 'conflict', 'declare', '21/04125', '--evaluator', 'Ingrid Berg', '--reason', 'x']);
    expect(noapp.code).toBe(1);
    expect(noapp.stderr).toMatch(/No application "21\/04125" in this call\. Did you mean one of: 21\/04125-1\?/);
  });
});

describe('klynge check', () => {
  it('exits 1 when a foreign key is broken', async () => {
    const { db } = await sampleDb({ scores: true });
    expect((await klynge(['--db', db, 'check'])).code).toBe(0);
    const conn = new Database(db);
    conn.pragma('foreign_keys = OFF');
    conn.prepare(`INSERT INTO scores (evaluator_id, application_id, criterion, value, scored_at) VALUES (999, 999, 'green', 3, 'x')`).run();
    conn.close();
    const r = await klynge(['--db', db, 'check']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ foreign keys: 2 broken references/);
  });
});
