/**
 * The program: commander set up once, commands registered from src/cli/commands,
 * and the one place where errors become a message and an exit code.
 *
 * Exit codes: 0 success; 1 the command failed (bad data, rule violated, not found);
 * 2 usage error; 130 interrupted (SIGINT); 143 stopped by SIGTERM.
 */
import { Command as CommandClass, CommanderError, Help } from 'commander';
import type { Command, Help as HelpType } from 'commander';
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Issue } from '../core/errors.js';
import { type Formatter, hasMessage, translator } from '../io/i18n/index.js';
import type { Output } from '../io/output.js';
import { safe } from '../io/text-plain.js';
import type { CliDeps, Runtime } from './runtime.js';
import type { Register } from './commands/index.js';
import { resolveLang } from './lang.js';
import { COMMAND_LIST, COMMAND_OWNERS, COMMANDS } from './commands/index.js';
import { typed } from './commands/typed.js';

export type { CliDeps } from './runtime.js';

/** What a command file gets to register itself. */
export interface Registrar {
  t: Formatter;
  /**
   * Wrap an action: builds the runtime, runs, closes the database; the return value is the
   * exit code. `args` are the command's arguments and options as commander parsed them, typed
   * from the command's declaration (@commander-js/extra-typings); commander's own last
   * argument, the command, is taken off.
   */
  action<A extends unknown[]>(fn: (rt: Runtime, ...args: A) => Promise<number | void>): (...args: [...A, unknown]) => Promise<void>;
  /** add localized examples below a command's help */
  examples<C extends CommandUnknownOpts>(cmd: C, key: string): C;
}

interface RunState {
  exitCode: number;
  rt?: Runtime;
}

/** The global options, valid for every command (the README lists them). */
const GLOBAL_OPTIONS: readonly { flags: string; help: string }[] = [
  { flags: '--db <file>', help: 'help.opt.db' },
  { flags: '--call <slug>', help: 'help.opt.call' },
  { flags: '--json', help: 'help.opt.json' },
  { flags: '--lang <lang>', help: 'help.opt.lang' },
  { flags: '--no-color', help: 'help.opt.color' },
];

/** Global options whose value is the next word (`--db k.db`): that word names no command. */
const VALUED = new Set(GLOBAL_OPTIONS.filter((o) => o.flags.includes(' <')).map((o) => o.flags.split(' ')[0]));

/** The words and options of a command line in order; a global option's value is left out. */
function* commandLine(argv: readonly string[]): Generator<{ word: string } | { option: string }> {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('-')) {
      yield { word: a };
      continue;
    }
    yield { option: a };
    if (VALUED.has(a)) i++; // its value
  }
}

/** The first command word, and the options written before it. */
function firstWord(argv: readonly string[]): { word: string | undefined; before: string[] } {
  const before: string[] = [];
  for (const t of commandLine(argv)) {
    if ('word' in t) return { word: t.word, before };
    before.push(t.option);
  }
  return { word: undefined, before };
}

/**
 * The registration a command line needs on its own, when it names a known command and
 * asks for no help or version before it (those list every command); undefined: register them all.
 * A help flag after the command shows only that command's help: its group alone is enough.
 */
export function ownerOf(argv: readonly string[]): Register | undefined {
  const { word, before } = firstWord(argv);
  if (word === undefined || before.some((a) => a === '-h' || a === '--help' || a === '-V' || a === '--version' || a === '--')) return undefined;
  // `help`, a typo: everything, for the help and the suggestions
  return Object.hasOwn(COMMAND_OWNERS, word) ? COMMAND_OWNERS[word] : undefined;
}

/** `klynge --help` with no command named: the program's own help, a list of the commands. */
export function programHelpOnly(argv: readonly string[]): boolean {
  const { word, before } = firstWord(argv);
  return word === undefined && !before.includes('--') && (before.includes('-h') || before.includes('--help'));
}

/** Build the commander program. No side effects until it is parsed. `argv`: register only what it needs. */
export function createProgram(deps: CliDeps, state: RunState = { exitCode: 0 }, lang = resolveLang([], deps.env), argv?: readonly string[]): Command {
  const t = translator(lang);
  const program = new CommandClass('klynge');
  program
    .description(t('help.program'))
    .version(deps.version, '-V, --version', t('help.opt.version'))
    .helpOption('-h, --help', t('help.opt.help'))
    .helpCommand('help [command]', t('help.opt.help'))
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => deps.stdout.write(s),
      writeErr: (s) => deps.stderr.write(s),
      // commander's own error text is replaced by ours in run()
      outputError: () => {},
    });
  for (const o of GLOBAL_OPTIONS) program.option(o.flags, t(o.help));
  const listOnly = argv !== undefined && programHelpOnly(argv);
  const help = localHelp(lang, listOnly); // one for every command
  program.configureHelp(help);
  program.addHelpText('after', '\n' + t('help.program.after'));

  const reg: Registrar = {
    t,
    action:
      <A extends unknown[]>(fn: (rt: Runtime, ...args: A) => Promise<number | void>) =>
      async (...args: [...A, unknown]) => {
        const cmd = args[args.length - 1] as Command;
        // the runtime (colour, output, database) is loaded only when a command runs, not for --help
        const { Runtime, globalsOf } = await import('./runtime.js');
        const rt = new Runtime(deps, globalsOf(cmd), lang);
        if (rt.opts.lang !== undefined && rt.opts.lang !== 'nb' && rt.opts.lang !== 'en') {
          const { UsageError } = await import('../core/errors.js');
          throw new UsageError('usage.lang', { lang: rt.opts.lang });
        }
        state.rt = rt;
        // a terminal gets fitted tables; piped output (tab-separated) never loads them
        if (rt.out.tty) await (await import('../io/table.js')).loadTerminalTables();
        try {
          const code = await fn(rt, ...(args.slice(0, -1) as A));
          if (typeof code === 'number') state.exitCode = code;
        } finally {
          await rt.close();
        }
      },
    examples: (cmd, key) => cmd.addHelpText('after', '\n' + t('help.examples') + '\n' + t(key)),
  };
  if (listOnly) {
    // only listed, never run: the help shows each as COMMAND_LIST says
    for (const c of COMMAND_LIST) {
      const cmd = program.command(c.name).description(t(c.description));
      if (c.alias) cmd.alias(c.alias);
    }
  } else {
    const only = argv === undefined ? undefined : ownerOf(argv);
    for (const register of only ? [only] : COMMANDS) register(typed(program), reg);
  }
  // subcommands inherit the error handling and output of the root
  const propagate = (c: Command): void => {
    for (const sub of c.commands) {
      sub.exitOverride().configureOutput({ writeOut: (s) => deps.stdout.write(s), writeErr: (s) => deps.stderr.write(s), outputError: () => {} });
      sub.configureHelp(help);
      propagate(sub);
    }
  };
  propagate(program);
  return program;
}

/** The Norwegian words for the placeholders of klynge's arguments and options (an unknown one stays as it is). */
const PLACEHOLDERS_NB: Readonly<Record<string, string>> = {
  file: 'fil',
  ref: 'saksnummer',
  name: 'navn',
  names: 'navn',
  date: 'dato',
  text: 'tekst',
  'field=column': 'felt=kolonne',
  'criterion=value...': 'kriterium=verdi...',
  'tier=kroner': 'nivå=kroner',
  'orgnr|ref': 'orgnr|saksnummer',
  db: 'database',
  dir: 'mappe',
  year: 'år',
  old: 'gammelt',
  new: 'nytt',
  key: 'nøkkel',
  prefix: 'prefiks',
  score: 'poeng',
  command: 'kommando',
  lang: 'språk',
  d: 'tegn',
  e: 'tegnsett',
};

/** An argument or option placeholder in Norwegian: `file` → `fil`, `<file>` → `<fil>`. */
export function placeholderNb(term: string): string {
  const m = /^([<[]?)(.*?)([>\]]?)$/.exec(term)!;
  return m[1] + (PLACEHOLDERS_NB[m[2]] ?? m[2]) + m[3];
}

/** Help text in the user's language; commander's own headings are English. `listed`: commands from COMMAND_LIST. */
function localHelp(lang: 'nb' | 'en', listed = false): Partial<HelpType> {
  const base = new Help();
  const plain = (cmd: Command, helper: HelpType) => base.formatHelp(cmd, helper).replace(/ \(default: \[\]\)/g, '');
  const terms = listed ? new Map(COMMAND_LIST.map((c) => [c.name, c.term])) : undefined;
  const term: Partial<HelpType> = terms ? { subcommandTerm: (cmd) => terms.get(cmd.name()) ?? base.subcommandTerm(cmd) } : {};
  if (lang === 'en') return { ...term, formatHelp: plain };
  // the placeholders of arguments and options (<file>, <field=column>) and [options], in the terms
  // commander measures its columns by, so the help stays aligned
  const nb = (text: string) => text.replace(/([<[])([\w.=|,]+?(?:\.\.\.)?)([>\]])/g, (m, open: string, word: string, close: string) => (word === 'options' ? '[valg]' : open + placeholderNb(word) + close));
  return {
    ...term,
    argumentTerm: (arg) => placeholderNb(base.argumentTerm(arg)),
    optionTerm: (option) => nb(base.optionTerm(option)),
    subcommandTerm: (cmd) => nb(terms?.get(cmd.name()) ?? base.subcommandTerm(cmd)),
    commandUsage: (cmd) => nb(base.commandUsage(cmd)),
    formatHelp: (cmd, helper) =>
      plain(cmd, helper)
        .replace(/^Usage:/m, 'Bruk:')
        .replace(/\[command\]/g, '[kommando]')
        .replace(/^Options:/m, 'Valg:')
        .replace(/^Commands:/m, 'Kommandoer:')
        .replace(/^Arguments:/m, 'Argumenter:')
        .replace(/\(default: /g, '(standard: '),
  };
}

/** Run klynge with these arguments (without `node` and the script). Returns the exit code. */
export async function run(argv: string[], deps: CliDeps): Promise<number> {
  const lang = resolveLang(argv, deps.env);
  const state: RunState = { exitCode: 0 };
  const program = createProgram(deps, state, lang, argv);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return state.exitCode;
  } catch (e) {
    // help and version are not errors: nothing more to load
    if (e instanceof CommanderError && HELP_CODES.has(e.code)) return 0;
    // `klynge help call` asked for help: not an error
    if (e instanceof CommanderError && e.code === 'commander.help' && e.exitCode === 0) return 0;
    // a group without its subcommand (klynge report): commander has printed the help; a usage error
    if (e instanceof CommanderError && e.code === 'commander.help') {
      if (argv.includes('--json')) deps.stdout.write(JSON.stringify({ error: { code: 'usage.subcommand', exitCode: 2 } }, null, 2) + '\n');
      return 2;
    }
    const { Output } = await import('../io/output.js');
    const out = state.rt?.out ?? new Output(deps.stdout, deps.stderr, { lang, json: argv.includes('--json'), color: !argv.includes('--no-color'), env: deps.env });
    await state.rt?.close();
    return reportError(e, out, deps.env.KLYNGE_DEBUG === '1', argv, program);
  }
}

const HELP_CODES = new Set(['commander.helpDisplayed', 'commander.version']);

const COMMANDER_CODES: Record<string, string> = {
  'commander.unknownCommand': 'usage.unknown_command',
  'commander.unknownOption': 'usage.unknown_option',
  'commander.missingArgument': 'usage.missing_argument',
  'commander.optionMissingArgument': 'usage.option_missing_argument',
  'commander.missingMandatoryOptionValue': 'usage.missing_mandatory',
  'commander.excessArguments': 'usage.excess_arguments',
  'commander.invalidArgument': 'usage.invalid_argument',
  'commander.conflictingOption': 'usage.conflicting_option',
};

/**
 * Options that cannot be used together are declared with commander's `.conflicts()`; where a
 * pair deserves more than "not together", its message says what to do instead (by the two
 * long option names, in alphabetical order).
 */
const CONFLICT_MESSAGES: Readonly<Record<string, string>> = {
  '--commit --dry-run': 'usage.commit_dry_run',
  '--budget --what-if': 'usage.what_if_alone',
  '--commit --what-if': 'usage.what_if_alone',
  '--clear --grant': 'usage.decide_one',
  '--clear --reject': 'usage.decide_one',
  '--grant --reject': 'usage.decide_one',
  '--budget --file': 'usage.call_file_or_flags',
  '--file --name': 'usage.call_file_or_flags',
  '--file --year': 'usage.call_file_or_flags',
};

/** The message key for commander's "option '--a' cannot be used with option '--b'". */
function conflictKey(message: string): string {
  const names = [...message.matchAll(/'(--[\w-]+)/g)].map((m) => m[1]).sort();
  return CONFLICT_MESSAGES[names.join(' ')] ?? 'usage.conflicting_option';
}

const MAX_ISSUES = 100;

/** Turn any error into one clear message on stderr (and JSON on stdout under --json) and an exit code. */
/** `klynge report summary` from the arguments, for the help hint: only words that are commands. */
function commandPath(program: Command | undefined, argv: string[]): string {
  return ['klynge', ...commandsOf(program, argv).map((c) => c.name())].join(' ');
}

/** The commands the arguments name, outermost first. */
function commandsOf(program: Command | undefined, argv: string[]): Command[] {
  const found: Command[] = [];
  let cmd = program;
  for (const t of commandLine(argv)) {
    if (!('word' in t)) continue;
    const sub: Command | undefined = cmd?.commands.find((c) => c.name() === t.word || c.aliases().includes(t.word));
    if (!sub) break;
    found.push(sub);
    cmd = sub;
  }
  return found;
}

/** What a missing argument is, in the user's language: its description in the command's help. */
function argumentDescription(program: Command | undefined, argv: string[], name: string): string | undefined {
  const cmd = commandsOf(program, argv).at(-1);
  return cmd?.registeredArguments.find((a) => a.name() === name)?.description || undefined;
}

export function reportError(e: unknown, out: Output, debug: boolean, argv: string[] = [], program?: Command): number {
  const t = out.t;
  if (e instanceof CommanderError) {
    if (HELP_CODES.has(e.code)) return 0;
    const key = e.code === 'commander.conflictingOption' ? conflictKey(e.message) : COMMANDER_CODES[e.code];
    const quoted = [...e.message.matchAll(/'([^']+)'/g)].map((m) => m[1]);
    const [a, b] = quoted.map((q) => /--[\w-]+/.exec(q)?.[0] ?? q);
    // commander repeats what was typed: an argument may hold an escape (text.ts `safe` shows it harmlessly)
    const described = e.code === 'commander.missingArgument' ? argumentDescription(program, argv, quoted[0] ?? '') : undefined;
    const msg = key
      ? t(described ? 'usage.missing_argument_described' : key, { name: out.lang === 'nb' ? placeholderNb(quoted[0] ?? '') : (quoted[0] ?? ''), description: described, a, b, detail: e.message.replace(/^error: /, '') })
      : safe(e.message.replace(/^error: /, ''));
    const hint = /\(Did you mean (.+)\?\)/.exec(e.message);
    out.error(msg + (hint ? ' ' + t('usage.did_you_mean', { name: hint[1] }) : '') + ' ' + t('usage.see_help', { command: commandPath(program, argv) }));
    if (out.json) out.data({ error: { code: e.code, message: msg, exitCode: 2 } });
    return 2;
  }
  const err = e as { name?: string; code?: string; params?: Record<string, unknown>; issues?: Issue[]; exitCode?: number; message?: string; stack?: string };
  if (err?.name === 'ExitPromptError' || err?.name === 'InterruptedError' || err?.name === 'AbortPromptError') {
    out.info(t('interrupted'));
    return 130;
  }
  if (err && typeof err.code === 'string' && typeof err.exitCode === 'number' && err.params) {
    const msg = t(err.code, err.params);
    out.error(msg);
    const lines = (err.issues ?? []).slice(0, MAX_ISSUES).map((i) => formatIssue(i, t));
    for (const l of lines) out.info('  ' + l);
    // the issues an error carries may be capped (the import keeps 1000): params.count is the total
    const kept = err.issues?.length ?? 0;
    const total = kept > 0 && typeof err.params.count === 'number' ? Math.max(kept, err.params.count) : kept;
    const more = total - lines.length;
    if (more > 0) out.info('  ' + t('issues.more', { count: more }));
    if (debug && err.stack) out.info(err.stack);
    if (out.json) out.data({ error: { code: err.code, message: msg, issues: (err.issues ?? []).map((i) => ({ ...i, message: formatIssue(i, t) })), exitCode: err.exitCode } });
    return err.exitCode;
  }
  if (err?.code === 'SQLITE_BUSY' || err?.code === 'SQLITE_LOCKED') {
    out.error(t('db.busy'));
    return 1;
  }
  if (err?.code === 'SQLITE_CORRUPT' || err?.code === 'SQLITE_NOTADB') {
    out.error(t('db.corrupt', { reason: err.message ?? '' }));
    if (debug && err.stack) out.info(err.stack);
    return 1;
  }
  if (err?.code === 'SQLITE_FULL') {
    // the disk filled while writing: SQLite rolled the transaction back
    out.error(t('db.full_while_writing', { reason: err.message ?? '' }));
    return 1;
  }
  if (err?.code === 'SQLITE_READONLY' || err?.code === 'SQLITE_CANTOPEN') {
    out.error(t('db.readonly', { reason: err.message ?? '' }));
    return 1;
  }
  if (err?.code === 'EPIPE') return 0;
  out.error(t('internal', { message: err?.message ?? String(e) }));
  if (debug && err?.stack) out.info(err.stack);
  return 1;
}

/** `file:line: column "x": message` or `path: message` */
export function formatIssue(i: Issue, t: Formatter): string {
  let loc = '';
  if (i.file && i.line !== undefined) loc = `${safe(i.file)}:${i.line}: `;
  else if (i.file) loc = `${safe(i.file)}: `;
  if (i.path) loc += `${safe(i.path)}: `;
  if (i.column !== undefined) loc += t('issue.column', { column: i.column }) + ': ';
  const params: Record<string, unknown> = { value: i.value ?? '', column: i.column ?? '', ...i.params };
  // a field named by its key (requested) reads as words (søkt beløp); the --map example keeps the key
  if (typeof params.field === 'string' && hasMessage(`field.${params.field}`)) params.field = t(`field.${params.field}`);
  return loc + t(i.code, params);
}
