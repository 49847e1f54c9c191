import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { klyngeBin, tmpDir } from '../helpers/cli.js';
import { ON_PG } from '../helpers/pg.js';
import { dbDigest } from '../helpers/refusal.js';
import { newDb } from '../helpers/workspace.js';

type Decision = { rank: number; ref: string; applicant: string; tier: string | null; granted: number; status: string };

describe('klynge demo', () => {
  it('--json: the outcome matches the county’s 2021 decision', () => {
    const r = klyngeBin(['demo', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ call: 'viken-2021', applications: 10, requested: 43_000_000, evaluators: ['Kari Nordmann', 'Ola Hansen', 'Ingrid Berg'], conflicts: 1 });
    const apps: Decision[] = out.allocation.applications;
    const inTier = (tier: string) => apps.filter((a) => a.tier === tier && a.granted > 0).map((a) => a.applicant);
    expect(inTier('main')).toEqual(['Circular Packaging Cluster', 'Kongsbergklyngen AS', 'Norway Health Tech']);
    expect(inTier('pre').sort()).toEqual(['Smart Energi Markets', 'Solenergiklyngen', 'Viken Teknologiklynge']);
    const mainTotal = apps.filter((a) => a.tier === 'main').reduce((s, a) => s + a.granted, 0);
    expect(mainTotal).toBeLessThanOrEqual(8_000_000);
    expect(mainTotal).toBeGreaterThanOrEqual(7_500_000); // "nærmere 8 millioner kroner"
    const rejected = apps.filter((a) => a.status === 'rejected');
    expect(rejected).toHaveLength(4);
    expect(rejected.every((a) => a.applicant.endsWith('(fiktiv)'))).toBe(true);
    expect(out.allocation.tiers.map((t: { key: string; granted: number }) => [t.key, t.granted])).toEqual([
      ['main', 7_900_000],
      ['pre', 600_000],
    ]);
  });

  it('prints the allocation table and the award summary in Norwegian', () => {
    const r = klyngeBin(['demo', '--lang', 'nb']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Circular Packaging Cluster\t.*\t2 800 000 kr\t2 800 000 kr\tinnvilget/);
    expect(r.stdout).toContain('Totalt kom det inn 10 søknader til en verdi av 43 millioner kroner.');
    expect(r.stdout).toContain('Tre klynger tildeles nå nærmere 8 millioner kroner');
    expect(r.stderr).toMatch(/Demodatabasen var midlertidig og er slettet\. For å beholde en og se deg rundt: klynge --db demo\.db demo/);
  });

  it('removes its throw-away folder when it ends; with --db it keeps the database it was given', () => {
    const tmp = tmpDir();
    try {
      const r = klyngeBin(['demo', '--json'], { env: { TMPDIR: tmp } });
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ database: null, kept: false });
      expect(fs.readdirSync(tmp)).toEqual([]);
      // the command the last line names works as printed, and keeps what it made (on PostgreSQL: in the database given, no file)
      const db = ON_PG ? newDb(tmp) : 'demo.db';
      const kept = klyngeBin(['--db', db, 'demo'], { env: { TMPDIR: tmp }, cwd: tmp });
      expect(kept.code).toBe(0);
      expect(kept.stderr).toContain(`The demo database is ${db}. Look around with: klynge --db ${db} rank`);
      expect(fs.readdirSync(tmp)).toEqual(ON_PG ? [] : ['demo.db']);
      const rank = klyngeBin(['--db', db, '--json', 'rank'], { cwd: tmp });
      expect(rank.code).toBe(0);
      expect(JSON.parse(rank.stdout).applications).toHaveLength(10);
      // never into a database that exists (on PostgreSQL: one with klynge's schema), which is left as it was
      const before = dbDigest(ON_PG ? db : path.join(tmp, db));
      const again = klyngeBin(['--db', db, 'demo'], { cwd: tmp });
      expect(again.code).toBe(1);
      expect(again.stderr).toContain(`error: ${db} ${ON_PG ? 'has a klynge schema already' : 'already exists'}; the demo only builds a new database.`);
      expect(dbDigest(ON_PG ? db : path.join(tmp, db))).toBe(before);
      // --json names the database it kept
      const other = ON_PG ? newDb(tmp) : 'other.db';
      const json = klyngeBin(['--db', other, '--json', 'demo'], { cwd: tmp });
      expect(json.code, json.stderr).toBe(0);
      expect(JSON.parse(json.stdout)).toMatchObject({ database: ON_PG ? other : path.join(tmp, other), kept: true });
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
