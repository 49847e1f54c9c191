/** Run klynge in-process (createProgram + run) or as a child process, against temporary databases. */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from '../../src/cli/main.js';
import type { Prompter } from '../../src/io/prompter.js';

export const ROOT = path.resolve(__dirname, '..', '..');
export const BIN = path.join(ROOT, 'bin', 'klynge.js');
export const DATA = path.join(ROOT, 'data');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** pretend stdout/stdin are a terminal of this width */
  tty?: boolean;
  columns?: number;
  prompter?: Prompter;
  now?: () => Date;
}

/** A fresh temporary folder, removed by the caller's afterEach if wanted. */
export function tmpDir(prefix = 'klynge-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

const BASE_ENV = { KLYNGE_LANG: 'en', KLYNGE_ACTOR: 'tester', NO_COLOR: undefined, FORCE_COLOR: undefined, KLYNGE_DB: undefined, KLYNGE_EVALUATOR: undefined, KLYNGE_CALL: undefined };

/** Run the program in this process with captured output. */
export async function klynge(args: string[], opts: RunOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: { write: (s: string) => ((stdout += s), true), isTTY: !!opts.tty, columns: opts.columns ?? (opts.tty ? 100 : undefined) },
    stderr: { write: (s: string) => ((stderr += s), true), isTTY: !!opts.tty },
    stdinIsTTY: !!opts.tty,
    env: { ...BASE_ENV, ...opts.env },
    cwd: opts.cwd ?? process.cwd(),
    now: opts.now,
    prompter: opts.prompter ? async () => opts.prompter! : undefined,
    version: '0.0.0-test',
  });
  return { code, stdout, stderr };
}

/** `klynge` that must succeed: a failure throws with its exit code and stderr. */
export async function klyngeOk(args: string[], opts: RunOptions = {}): Promise<CliResult> {
  const r = await klynge(args, opts);
  if (r.code !== 0) throw new Error(`klynge ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r;
}

/** The child's environment: ours, the test defaults, the test's own; a variable set to undefined is left out. */
function childEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...BASE_ENV, ...extra })) if (v !== undefined) env[k] = v;
  return env;
}

/** Spawn bin/klynge.js (the compiled program) and wait for it. */
export function klyngeBin(args: string[], opts: { env?: Record<string, string | undefined>; cwd?: string; input?: string } = {}): CliResult {
  const env = childEnv(opts.env);
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env, input: opts.input ?? '', encoding: 'utf8' });
  return { code: r.status ?? (r.signal === 'SIGINT' ? 130 : -1), stdout: r.stdout, stderr: r.stderr };
}

/** Spawn without waiting (for kill tests and concurrency). */
export function spawnBin(args: string[], opts: { env?: Record<string, string | undefined>; cwd?: string } = {}) {
  const env = childEnv(opts.env);
  return spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
}
