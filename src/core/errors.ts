/**
 * Typed errors. The core and services throw these with a message code and
 * parameters; only src/cli/main.ts turns them into words (nb or en) and an exit code.
 */

export type Params = Record<string, unknown>;

/** One problem found while validating input, located by a path or a file line. */
export interface Issue {
  code: string;
  params: Params;
  /** JSON path in a call file, e.g. `tiers[1].budget`. */
  path?: string;
  /** File and physical line (1-based) for CSV input. */
  file?: string;
  line?: number;
  column?: string;
  value?: string;
}

/** A failure the user can fix: exit code 1, one clear message. */
export class UserError extends Error {
  readonly exitCode: number = 1;
  constructor(readonly code: string, readonly params: Params = {}) {
    super(code);
    this.name = 'UserError';
  }
}

/** Something asked for does not exist (call, application, evaluator). */
export class NotFoundError extends UserError {
  constructor(code: string, params: Params = {}) {
    super(code, params);
    this.name = 'NotFoundError';
  }
}

/** Bad command-line usage: exit code 2. */
export class UsageError extends UserError {
  override readonly exitCode = 2;
  constructor(code: string, params: Params = {}) {
    super(code, params);
    this.name = 'UsageError';
  }
}

/** Input with one or more problems, all reported together. */
export class ValidationError extends UserError {
  constructor(readonly issues: Issue[], code = 'validation.failed', params: Params = {}) {
    super(code, { count: issues.length, ...params });
    this.name = 'ValidationError';
  }
}

/** A signal that ends a command: SIGINT (Ctrl-C) or SIGTERM (kill, a service manager). */
export type StopSignal = 'SIGINT' | 'SIGTERM';

/**
 * A command stopped by a signal before it wrote anything: the message says so, the exit code
 * is the shell's for the signal (130, 143).
 */
export class SignalError extends UserError {
  override readonly exitCode: number;
  constructor(readonly signal: StopSignal, code: string, params: Params = {}) {
    super(code, { signal, ...params });
    this.name = 'SignalError';
    this.exitCode = signal === 'SIGINT' ? 130 : 143;
  }
}

/** The user interrupted (Ctrl-C): exit code 130. */
export class InterruptedError extends Error {
  readonly exitCode = 130;
  constructor() {
    super('interrupted');
    this.name = 'InterruptedError';
  }
}
