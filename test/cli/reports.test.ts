import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { klynge } from '../helpers/cli.js';
import { sampleDb } from '../helpers/workspace.js';

async function decided() {
  const w = await sampleDb({ scores: true, conflicts: true });
  const r = await klynge(['--db', w.db, 'allocate']);
  if (r.code !== 0) throw new Error(r.stderr);
  return w;
}

describe('klynge report allocation', () => {
  it('refuses before an allocation is stored, saying what to run', async () => {
    const { db } = await sampleDb({ scores: true });
    const r = await klynge(['--db', db, 'report', 'allocation']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/No allocation is stored for viken-2021 yet\. Run "klynge allocate" first/);
  });

  it('piped: plain tab-separated rows with totals per tier and budget left, no colour or box art', async () => {
    const { db } = await decided();
    const r = await klynge(['--db', db, 'report', 'allocation'], { env: { FORCE_COLOR: undefined } });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0].split('\t')).toEqual(['Rank', 'Ref', 'Applicant', 'Project', 'Result', 'Tier', 'Granted', 'Requested', 'Status']);
    expect(lines[1].split('\t')).toEqual(['1', '21/04117-1', 'Circular Packaging Cluster', 'Emballasje og bygg – sirkulær ressursutnyttelse og emballering av trematerialer i bygg', '4.00', 'Main project', 'NOK 2,800,000', 'NOK 2,800,000', 'granted · offered']);
    expect(lines[11]).toBe('\t\t\t\t\tTotal\tNOK 8,500,000\tNOK 43,000,000\t');
    expect(lines.slice(13)).toEqual([
      'Tier\tFunded\tBudget\tGranted\tLeft',
      'Main project\t3\tNOK 8,000,000\tNOK 7,900,000\tNOK 100,000',
      'Pre-project\t3\tNOK 600,000\tNOK 600,000\tNOK 0',
      'Total\t6\tNOK 8,600,000\tNOK 8,500,000\tNOK 100,000',
    ]);
    expect(r.stdout).not.toMatch(/\x1b\[|─|│/);
  });

  it('on a terminal: aligned, coloured, score bars, long titles wrapped whole to fit the width (nb)', async () => {
    const { db } = await decided();
    const r = await klynge(['--db', db, '--lang', 'nb', 'report', 'allocation'], { tty: true, columns: 150, env: { FORCE_COLOR: '1' } });
    expect(r.code).toBe(0);
    const plain = r.stdout.replace(/\x1b\[[0-9;]*m/g, '');
    for (const line of plain.split('\n')) expect([...line].length).toBeLessThanOrEqual(150);
    expect(r.stdout).toMatch(/\x1b\[/);
    expect(plain).toMatch(/Klyngesatsing 2021 · fordeling/);
    // the title is wider than its column: it wraps onto more lines of its cell, never cut with …
    expect(plain).not.toContain('…');
    expect(plain).toMatch(/Emballasje og bygg/);
    expect(plain).toMatch(/trematerialer i bygg/);
    expect(plain).toMatch(/4,00 +████ +Hovedprosjekt +2 800 000 kr +2 800 000 kr +innvilget/);
    expect(plain).toMatch(/Sum +8 500 000 kr +43 000 000 kr/);
    expect(plain).toMatch(/Hovedprosjekt +3 +8 000 000 kr +7 900 000 kr +100 000 kr/);
  });

  it('--format csv parses back, --format md is a Markdown table, --json has tiers and every application', async () => {
    const { db } = await decided();
    const csv = parse((await klynge(['--db', db, 'report', 'allocation', '--format', 'csv'])).stdout, { columns: true }) as Record<string, string>[];
    expect(csv).toHaveLength(10);
    expect(csv[1]).toMatchObject({ rank: '2', ref: '21/04118-1', granted: '3000000', requested: '4500000', status: 'partially granted', reason: 'capped-max-grant' });
    const md = (await klynge(['--db', db, 'report', 'allocation', '--format', 'md'])).stdout;
    expect(md).toMatch(/^# Klyngesatsing 2021 – allocation\n\n\| Rank \| Ref \|/);
    expect(md).toContain('| ---: | --- |');
    const json = JSON.parse((await klynge(['--db', db, '--json', 'report', 'allocation'])).stdout);
    expect(json.tiers).toEqual([
      { key: 'main', budget: 8000000, granted: 7900000, left: 100000, funded: 3 },
      { key: 'pre', budget: 600000, granted: 600000, left: 0, funded: 3 },
    ]);
    expect(json.applications).toHaveLength(10);
    expect((await klynge(['--db', db, 'report', 'allocation', '--format', 'pdf'])).code).toBe(2);
  });
});

describe('klynge report scores and evaluators', () => {
  it('scores: means, spreads, n and the disagreement flag, in en and nb', async () => {
    const { db } = await decided();
    const en = (await klynge(['--db', db, 'report', 'scores'])).stdout;
    const sol = en.split('\n').find((l) => l.includes('21/04134-1'))!;
    expect(sol.split('\t')).toEqual(['5', '21/04134-1', 'Solenergiklyngen', '4.00 (n=3)', '2.00 (n=3)', '3.00 ±2 (n=3)', '3.00', 'Evaluators disagree on Internationalisation: 2 points between the highest and the lowest score.']);
    const nb = (await klynge(['--db', db, '--lang', 'nb', 'report', 'scores'])).stdout;
    expect(nb).toMatch(/Stort sprik i vurderingene av Internasjonalisering: 2 poeng/);
    expect(nb).toMatch(/i\.r\. \(n=0, i\.r\. 3\)/);
    const csv = parse((await klynge(['--db', db, 'report', 'scores', '--format', 'csv'])).stdout, { columns: true }) as Record<string, string>[];
    expect(csv.find((r) => r.ref === '21/04134-1')).toMatchObject({ international_mean: '3', international_spread: '2', flags: 'disagreement:international' });
  });

  it('evaluators: progress, who lacks what, and the conflict', async () => {
    const { db } = await sampleDb({ scores: true, conflicts: true });
    await klynge(['--db', db, 'evaluator', 'add', 'Per Olsen']);
    await klynge(['--db', db, 'score', 'set', '21/04117-1', '--evaluator', 'Per Olsen', 'green=3']);
    const json = JSON.parse((await klynge(['--db', db, '--json', 'report', 'evaluators'])).stdout);
    const per = json.evaluators.find((e: { name: string }) => e.name === 'Per Olsen');
    expect(per).toMatchObject({ scored: 0, started: 1, remaining: 10 });
    expect(per.lacking[0]).toEqual({ ref: '21/04102-1', criteria: ['green', 'digital', 'international'] });
    expect(per.lacking.find((l: { ref: string }) => l.ref === '21/04117-1')).toEqual({ ref: '21/04117-1', criteria: ['digital', 'international'] });
    expect(json.conflicts).toEqual([{ evaluator: 'Ingrid Berg', ref: '21/04125-1', reason: 'Styremedlem i Oslo Cancer Cluster' }]);
    const tty = await klynge(['--db', db, '--lang', 'nb', 'report', 'evaluators'], { tty: true, columns: 200 });
    expect(tty.stdout).toMatch(/Per Olsen +0\/10 +1 +0 +10 +.*21\/04117-1 \(Digitalisering, Internasjonalisering\)/);
    expect(tty.stdout).toMatch(/Inhabilitet\n {2}Ingrid Berg · 21\/04125-1: Styremedlem i Oslo Cancer Cluster/);
  });
});

describe('CSV for a Norwegian Excel', () => {
  it('report allocation --format csv --excel: semicolons, decimal comma, BOM', async () => {
    const { db } = await decided();
    const r = await klynge(['--db', db, 'report', 'allocation', '--format', 'csv', '--excel']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('\ufeffrank;ref;applicant;title;score;tier;granted;requested;status;reason;manual;offer;reserve_place\r\n')).toBe(true);
    expect(r.stdout).toContain('2;21/04118-1;Kongsbergklyngen AS;AI-Lab Viken;3,89;main;3000000;4500000;partially granted;capped-max-grant;no;offered;\r\n');
    const scores = await klynge(['--db', db, 'report', 'scores', '--format', 'csv', '--excel']);
    expect(scores.stdout).toMatch(/^\ufeffrank;ref;applicant;green_mean;/);
    expect(scores.stdout).toContain(';21/04118-1;Kongsbergklyngen AS;3,33;');
  });

  it('under --lang nb the reasons are words too, in report allocation and export alike; a withdrawn application says so', async () => {
    const { db } = await decided();
    expect((await klynge(['--db', db, 'applications', 'withdraw', '21/04140-1'])).code).toBe(0);
    expect((await klynge(['--db', db, 'allocate'])).code).toBe(0);
    const r = await klynge(['--db', db, '--lang', 'nb', 'report', 'allocation', '--format', 'csv', '--excel']);
    expect(r.stdout).toContain('2;21/04118-1;Kongsbergklyngen AS;AI-Lab Viken;3,89;Hovedprosjekt;3000000;4500000;delvis innvilget;begrenset til høyeste tilskudd for nivået;nei;tilbudt;\r\n');
    expect(r.stdout).toContain(';21/04140-1;Drammensfjorden Maritime Klynge (fiktiv);');
    expect(r.stdout).toMatch(/;trukket;trukket;nei;;/);
    const e = await klynge(['--db', db, '--lang', 'nb', 'export', '--format', 'csv', '--excel']);
    expect(e.stdout).toContain(';delvis innvilget;begrenset til høyeste tilskudd for nivået;nei;');
    expect(e.stdout).not.toMatch(/;capped-max-grant;|;budget-exhausted;|;below-threshold;/);
    // without --excel, the codes a script reads
    const plain = await klynge(['--db', db, '--lang', 'nb', 'report', 'allocation', '--format', 'csv']);
    expect(plain.stdout).toContain(',partially granted,capped-max-grant,');
  });
});
