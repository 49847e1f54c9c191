/**
 * Where text goes: stdout is data, stderr is talk. Colour is resolved once from
 * --no-color, NO_COLOR, FORCE_COLOR and the terminal, and handed down as one chalk.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { Lang } from '../core/call.js';
import { type Formatter, translator } from './i18n/index.js';

/** A stream we write to (process.stdout or a test capture). */
export interface Sink {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface OutputOptions {
  lang: Lang;
  json: boolean;
  /** false when --no-color was given */
  color: boolean;
  env: Record<string, string | undefined>;
}

/** Decide the colour level once (chalk itself ignores NO_COLOR: chalk#547). */
export function colorLevel(sink: Sink, opts: { color: boolean; env: Record<string, string | undefined> }): 0 | 1 | 2 | 3 {
  const { env } = opts;
  if (!opts.color) return 0;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    if (force === '2') return 2;
    if (force === '3') return 3;
    return 1;
  }
  if (!sink.isTTY) return 0;
  if (env.TERM === 'dumb') return 0;
  if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return 3;
  return /256/.test(env.TERM ?? '') ? 2 : 1;
}

export class Output {
  readonly t: Formatter;
  /** colour for stdout */
  readonly c: ChalkInstance;
  /** colour for stderr */
  readonly ce: ChalkInstance;
  constructor(
    readonly stdout: Sink,
    readonly stderr: Sink,
    readonly opts: OutputOptions,
  ) {
    this.t = translator(opts.lang);
    this.c = new Chalk({ level: colorLevel(stdout, opts) });
    this.ce = new Chalk({ level: colorLevel(stderr, opts) });
  }
  get lang(): Lang {
    return this.opts.lang;
  }
  get json(): boolean {
    return this.opts.json;
  }
  /** stdout is a terminal: tables with alignment, colour allowed */
  get tty(): boolean {
    return !!this.stdout.isTTY;
  }
  /** terminal width, or a generous default when piped */
  get width(): number {
    const w = this.stdout.columns;
    return w && w > 20 ? w : 120;
  }
  /** a line of data on stdout (suppressed under --json: there stdout holds only the document) */
  line(s = ''): void {
    if (!this.opts.json) this.stdout.write(s + '\n');
  }
  /** the JSON document on stdout */
  data(value: unknown): void {
    this.stdout.write(JSON.stringify(value, null, 2) + '\n');
  }
  /** talk on stderr: progress, notes */
  info(s: string): void {
    this.stderr.write(s + '\n');
  }
  warn(s: string): void {
    this.stderr.write(this.ce.yellow(this.t('label.warning')) + ' ' + s + '\n');
  }
  error(s: string): void {
    this.stderr.write(this.ce.red(this.t('label.error')) + ' ' + s + '\n');
  }
}
