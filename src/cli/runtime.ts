/**
 * What a command action gets: resolved global options, the output, and a way to
 * open the database. Heavy modules (better-sqlite3, services) are loaded here,
 * on demand, so `klynge --help` does not pay for them.
 */
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import type { Lang } from '../core/call.js';
import type { StopSignal } from '../core/errors.js';
import type { ServiceContext } from '../services/context.js';
import type { OpenOptions } from '../db/open.js';
import { type DbTarget, isPgTarget, parsePgTarget, redact } from '../db/target.js';
import { Output, type Sink } from '../io/output.js';
import type { Prompter } from '../io/prompter.js';

export { resolveLang } from './lang.js';

export interface CliDeps {
  stdout: Sink;
  stderr: Sink;
  stdinIsTTY: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
  now?: () => Date;
  /** the interactive prompter; tests inject a scripted fake */
  prompter?: () => Promise<Prompter>;
  /** SIGINT and SIGTERM as the real binary receives them; absent in tests that send none */
  signals?: SignalSource;
  version: string;
}

/**
 * Where a command hears SIGINT and SIGTERM. A listener that returns true takes the signal
 * over (it will end the command itself, and say how it ended); when none does, the process
 * ends as the signal's default does, after every listener has had its say.
 */
export interface SignalSource {
  listen(listener: (signal: StopSignal) => boolean | void): () => void;
}

export interface GlobalOptions {
  db?: string;
  call?: string;
  json?: boolean;
  lang?: string;
  color?: boolean;
}

export class Runtime {
  readonly out: Output;
  private ctx: ServiceContext | undefined;
  constructor(
    readonly deps: CliDeps,
    readonly opts: GlobalOptions,
    readonly lang: Lang,
  ) {
    this.out = new Output(deps.stdout, deps.stderr, { lang, json: !!opts.json, color: opts.color !== false, env: deps.env });
  }

  /** what --db (else KLYNGE_DB, else ./klynge.db) names: a SQLite file or a PostgreSQL database */
  get target(): DbTarget {
    const given = this.opts.db ?? this.deps.env.KLYNGE_DB ?? 'klynge.db';
    return isPgTarget(given) ? parsePgTarget(given, this.deps.env) : { kind: 'sqlite', file: this.dbPath };
  }

  /** the database file: --db, else KLYNGE_DB, else ./klynge.db */
  get dbPath(): string {
    const p = this.opts.db ?? this.deps.env.KLYNGE_DB ?? 'klynge.db';
    return path.resolve(this.deps.cwd, p);
  }

  /** the database path as the user would recognise it */
  get dbLabel(): string {
    const given = this.opts.db ?? this.deps.env.KLYNGE_DB ?? './klynge.db';
    // a connection string is shown without its password
    return isPgTarget(given) ? redact(given) : given;
  }

  get actor(): string {
    const env = this.deps.env;
    if (env.KLYNGE_ACTOR) return env.KLYNGE_ACTOR;
    try {
      return os.userInfo().username;
    } catch {
      return env.USER ?? 'unknown';
    }
  }

  /** Hear SIGINT/SIGTERM while the command runs (see SignalSource); returns how to stop listening. */
  onSignal(listener: (signal: StopSignal) => boolean | void): () => void {
    return this.deps.signals?.listen(listener) ?? (() => {});
  }

  now(): Date {
    return (this.deps.now ?? (() => new Date()))();
  }

  /**
   * Open the database (creating it when asked) and build the service context. A command that
   * only reads says `access: 'read'`: it never creates or migrates a file. Backup and the bulk
   * imports ask `verify: 'pages'`, a full check for damage before they write.
   */
  async open(opts: Pick<OpenOptions, 'create' | 'readonly' | 'access' | 'asIs' | 'verify'> = {}): Promise<ServiceContext & { created: boolean; migrated: number[] }> {
    const target = this.target;
    if (target.kind === 'postgres' && target.passwordInUrl) this.out.warn(this.out.t('db.pg_password_in_url'));
    const { store, created, migrated } =
      target.kind === 'postgres'
        ? await (await import('../db/pg/pg-store.js')).openPgStore(target, this.deps.env, { ...opts, now: () => this.now() })
        : (await import('../db/sqlite-store.js')).openSqliteStore(this.dbPath, { ...opts, now: () => this.now() });
    // KLYNGE_CALL chooses the call when no --call is given (services/calls.ts resolveCall)
    const callFromEnv = this.deps.env.KLYNGE_CALL?.trim() || undefined;
    this.ctx = { store, actor: this.actor, now: () => this.now(), version: this.deps.version, ...(callFromEnv !== undefined ? { callFromEnv } : {}) };
    return { ...this.ctx, created, migrated };
  }

  /**
   * Open another database than --db (`klynge db copy --from … --to …`): a file path (relative to
   * the working folder) or a PostgreSQL connection string. The caller closes it.
   */
  async openOther(given: string, opts: Pick<OpenOptions, 'create' | 'access'>): Promise<ServiceContext & { created: boolean; label: string; kind: 'sqlite' | 'postgres' }> {
    const now = () => this.now();
    const base = { actor: this.actor, now, version: this.deps.version };
    if (isPgTarget(given)) {
      const t = parsePgTarget(given, this.deps.env);
      const { store, created } = await (await import('../db/pg/pg-store.js')).openPgStore(t, this.deps.env, { ...opts, now });
      return { ...base, store, created, label: t.label, kind: 'postgres' };
    }
    const { store, created } = (await import('../db/sqlite-store.js')).openSqliteStore(path.resolve(this.deps.cwd, given), { ...opts, now });
    return { ...base, store, created, label: given, kind: 'sqlite' };
  }

  async close(): Promise<void> {
    const ctx = this.ctx;
    this.ctx = undefined;
    await ctx?.store.close();
  }
}

/** The global options of a command, wherever they were given on the line. */
export function globalsOf(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}
