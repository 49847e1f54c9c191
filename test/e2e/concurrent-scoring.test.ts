import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { klynge } from '../helpers/cli.js';
import { ON_PG, pgCount } from '../helpers/pg.js';
import { workspace } from '../helpers/workspace.js';

function runWriter(db: string, evaluator: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(__dirname, '..', 'helpers', 'write-scores.mjs'), db, evaluator], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('two evaluators scoring at once', () => {
  it('two processes writing 200 scores each to one database: 400 rows, no error', async () => {
    const { dir, db } = workspace();
    const call = {
      slug: 'samtidig-2025',
      name: 'Concurrency',
      year: 2025,
      criteria: [
        { key: 'green', name: 'Grønn' },
        { key: 'digital', name: 'Digital' },
      ],
      tiers: [{ key: 'main', name: 'Hoved', budget: 1000000 }],
    };
    fs.writeFileSync(path.join(dir, 'call.json'), JSON.stringify(call));
    const rows = ['Saksnummer;Søker;Prosjektnavn;Søkt beløp'];
    for (let i = 1; i <= 100; i++) rows.push(`25/${String(i).padStart(5, '0')}-1;Klynge ${i};Prosjekt ${i};100 000`);
    fs.writeFileSync(path.join(dir, 'apps.csv'), rows.join('\n'));
    expect((await klynge(['--db', db, 'call', 'create', '--file', path.join(dir, 'call.json')])).code).toBe(0);
    expect((await klynge(['--db', db, 'import', path.join(dir, 'apps.csv')])).code).toBe(0);
    expect((await klynge(['--db', db, 'evaluator', 'add', 'Kari Nordmann'])).code).toBe(0);
    expect((await klynge(['--db', db, 'evaluator', 'add', 'Ola Hansen'])).code).toBe(0);

    const [a, b] = await Promise.all([runWriter(db, 'Kari Nordmann'), runWriter(db, 'Ola Hansen')]);
    expect(a).toEqual({ code: 0, stdout: '200', stderr: '' });
    expect(b).toEqual({ code: 0, stdout: '200', stderr: '' });

    const list = JSON.parse((await klynge(['--db', db, '--json', 'evaluator', 'list'])).stdout);
    expect(list.evaluators.map((e: { name: string; scored: number }) => [e.name, e.scored])).toEqual([
      ['Kari Nordmann', 100],
      ['Ola Hansen', 100],
    ]);
    if (ON_PG) {
      expect(await pgCount(db, 'scores')).toBe(400);
      expect(await pgCount(db, 'audit_log', `action = 'score'`)).toBe(200);
      return;
    }
    const Database = (await import('better-sqlite3')).default;
    const conn = new Database(db, { readonly: true });
    expect(conn.prepare('SELECT count(*) FROM scores').pluck().get()).toBe(400);
    expect(conn.prepare(`SELECT count(*) FROM audit_log WHERE action = 'score'`).pluck().get()).toBe(200);
    conn.close();
  });
});
