/** Temporary databases with the sample call, built through the real commands. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import { DATA, klyngeOk, tmpDir } from './cli.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

export function workspace(): { dir: string; db: string } {
  const dir = tmpDir();
  dirs.push(dir);
  return { dir, db: path.join(dir, 'k.db') };
}

/** A database with the sample call and no applications. */
export async function callDb(): Promise<{ dir: string; db: string }> {
  const w = workspace();
  await klyngeOk(['--db', w.db, 'call', 'create', '--file', path.join(DATA, 'call.json')]);
  return w;
}

/** A database with the sample call and its ten applications (no scores). */
export async function sampleDb(opts: { scores?: boolean; conflicts?: boolean } = {}): Promise<{ dir: string; db: string }> {
  const w = await callDb();
  const run = (args: string[]) => klyngeOk(['--db', w.db, ...args]);
  await run(['import', path.join(DATA, 'applications.csv')]);
  if (opts.scores) await run(['score', 'import', path.join(DATA, 'scores.csv'), '--add-evaluators']);
  if (opts.conflicts) await run(['conflict', 'declare', '21/04125-1', '--evaluator', 'Ingrid Berg', '--reason', 'Styremedlem i Oslo Cancer Cluster']);
  return w;
}
