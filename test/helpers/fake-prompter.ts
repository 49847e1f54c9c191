/**
 * A strict scripted prompter: answers are consumed in order, each step names the
 * kind of prompt and a pattern its message must match, and any unexpected prompt
 * fails the test (gh's prompter mock, changesets' mockUserResponses).
 */
import type { Choice, Prompter } from '../../src/io/prompter.js';

export type Step =
  | { select: RegExp; answer: unknown; expectDefault?: unknown }
  | { confirm: RegExp; answer: boolean }
  | { input: RegExp; answer: string; expectDefault?: string }
  | { interrupt: 'select' | 'confirm' | 'input'; at: RegExp };

export class ScriptedPrompter implements Prompter {
  readonly shown: string[] = [];
  readonly asked: { kind: string; message: string; default?: unknown; choices?: Choice<unknown>[] }[] = [];
  private i = 0;
  constructor(private readonly steps: Step[]) {}

  private next(kind: 'select' | 'confirm' | 'input', message: string): Step {
    const step = this.steps[this.i++];
    if (!step) throw new Error(`unexpected ${kind} prompt after the script ended: "${message}"`);
    if ('interrupt' in step) {
      if (step.interrupt !== kind || !step.at.test(message)) throw new Error(`expected ${step.interrupt} ${step.at} to interrupt, got ${kind} "${message}"`);
      const e = new Error('User force closed the prompt with SIGINT');
      e.name = 'ExitPromptError';
      throw e;
    }
    const pattern = (step as Record<string, unknown>)[kind] as RegExp | undefined;
    if (!pattern) throw new Error(`expected step ${this.i} to be ${Object.keys(step)[0]}, got ${kind} "${message}"`);
    if (!pattern.test(message)) throw new Error(`step ${this.i}: ${kind} "${message}" does not match ${pattern}`);
    return step;
  }

  async select<T>(opts: { message: string; choices: Choice<T>[]; default?: T }): Promise<T> {
    this.asked.push({ kind: 'select', message: opts.message, default: opts.default, choices: opts.choices as Choice<unknown>[] });
    const step = this.next('select', opts.message) as { answer: unknown; expectDefault?: unknown };
    if ('expectDefault' in step && step.expectDefault !== opts.default) throw new Error(`select "${opts.message}": default ${String(opts.default)}, expected ${String(step.expectDefault)}`);
    if (!opts.choices.some((c) => c.value === step.answer && !c.disabled)) {
      throw new Error(`select "${opts.message}": ${String(step.answer)} is not a choice (${opts.choices.map((c) => String(c.value)).join(', ')})`);
    }
    return step.answer as T;
  }

  async confirm(opts: { message: string; default?: boolean }): Promise<boolean> {
    this.asked.push({ kind: 'confirm', message: opts.message, default: opts.default });
    return (this.next('confirm', opts.message) as { answer: boolean }).answer;
  }

  async input(opts: { message: string; default?: string; required?: boolean }): Promise<string> {
    this.asked.push({ kind: 'input', message: opts.message, default: opts.default });
    const step = this.next('input', opts.message) as { answer: string; expectDefault?: string };
    if (step.expectDefault !== undefined && step.expectDefault !== opts.default) throw new Error(`input "${opts.message}": default "${opts.default}", expected "${step.expectDefault}"`);
    const answer = step.answer === '' && opts.default ? opts.default : step.answer;
    if (opts.required && !answer.trim()) throw new Error(`input "${opts.message}" is required`);
    return answer;
  }

  show(text: string): void {
    this.shown.push(text);
  }

  /** every scripted step was used */
  get finished(): boolean {
    return this.i === this.steps.length;
  }
}
