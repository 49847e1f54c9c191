/**
 * A signal during the interactive scorer (SIGTERM, or SIGINT outside the prompt's raw mode)
 * ends the session; before it ends, the scorer says whether the application at hand was saved.
 */
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { QUIT } from '../../src/cli/score-flow.js';
import type { SignalSource } from '../../src/cli/runtime.js';
import type { StopSignal } from '../../src/core/errors.js';
import type { Choice } from '../../src/io/prompter.js';
import { klynge } from '../helpers/cli.js';
import { ScriptedPrompter, type Step } from '../helpers/fake-prompter.js';
import { sampleDb } from '../helpers/workspace.js';

const FIRST = '21/04102-1';

/** The scripted prompter, with a signal sent when a select matching `at` is asked; the process then ends (the prompt rejects). */
class SignalledPrompter extends ScriptedPrompter {
  constructor(steps: Step[], private readonly at: RegExp, private readonly send: () => void) {
    super(steps);
  }
  override async select<T>(opts: { message: string; choices: Choice<T>[]; default?: T }): Promise<T> {
    if (this.at.test(opts.message)) {
      this.send();
      const e = new Error('the process ended on the signal');
      e.name = 'ExitPromptError';
      throw e;
    }
    return super.select(opts);
  }
}

async function scoreWithSignal(db: string, steps: Step[], at: RegExp) {
  const listeners: ((s: StopSignal) => boolean | void)[] = [];
  const signals: SignalSource = { listen: (l) => (listeners.push(l), () => {}) };
  const p = new SignalledPrompter(steps, at, () => listeners.forEach((l) => l('SIGTERM')));
  let stderr = '';
  const code = await run(['--db', db, 'score', '--evaluator', 'kari nordmann'], {
    stdout: { write: () => true, isTTY: true, columns: 100 },
    stderr: { write: (s: string) => ((stderr += s), true), isTTY: true },
    stdinIsTTY: true,
    env: { KLYNGE_LANG: 'en', KLYNGE_ACTOR: 'tester', NO_COLOR: '1' },
    cwd: process.cwd(),
    prompter: async () => p,
    signals,
    version: '0.0.0-test',
  });
  return { code, stderr, heard: listeners.length };
}

const scoreFirst: Step[] = [
  { select: /Which application/, answer: FIRST },
  { confirm: /conflict of interest/, answer: false },
  { select: /^1\/3 Green transition/, answer: '4' },
  { input: /^Justification for Green transition/, answer: '' },
  { select: /^2\/3 Digitalisation/, answer: '3' },
  { input: /^Justification for Digitalisation/, answer: '' },
  { select: /^3\/3 Internationalisation/, answer: '2' },
  { input: /^Justification for Internationalisation/, answer: '' },
  { input: /^Overall justification/, answer: 'Godt forankret' },
];

const scoresOf = async (db: string) => JSON.parse((await klynge(['--db', db, '--json', 'applications', 'show', FIRST])).stdout).scores as unknown[];

describe('klynge score and signals', () => {
  it('a signal at the save question: says the application was not saved, and it is not', async () => {
    const w = await sampleDb();
    await klynge(['--db', w.db, 'evaluator', 'add', 'Kari Nordmann']);
    const r = await scoreWithSignal(w.db, scoreFirst, /Save these scores/);
    expect(r.heard).toBe(1);
    expect(r.stderr).toContain(`Stopped (SIGTERM) at the save question: ${FIRST} was not saved. 0 applications saved before it are kept.`);
    expect(await scoresOf(w.db)).toEqual([]);
  });

  it('a signal after saving: says the application was saved, and it is', async () => {
    const w = await sampleDb();
    await klynge(['--db', w.db, 'evaluator', 'add', 'Kari Nordmann']);
    const r = await scoreWithSignal(w.db, [...scoreFirst, { select: /Save these scores/, answer: 'save' }, { select: /What next/, answer: QUIT }], /What next/);
    expect(r.stderr).toContain(`Stopped (SIGTERM): ${FIRST} was saved, 1 application in all this session; nothing unconfirmed was saved.`);
    expect(await scoresOf(w.db)).toHaveLength(3);
  });
});
