/** The real process: wires stdin/stdout/stderr, signals and the exit code to run(). */
import { createRequire } from 'node:module';
import { isatty } from 'node:tty';
import type { StopSignal } from '../core/errors.js';
import { translator } from '../io/i18n/index.js';
import { resolveLang } from './lang.js';
import type { SignalSource } from './runtime.js';
import { run } from './main.js';

/** the version, put in by the bundler (scripts/bundle.mjs); read from package.json otherwise */
declare const KLYNGE_VERSION: string | undefined;

export function main(): void {
  // the shipped program is a minified bundle: stack traces (KLYNGE_DEBUG=1) map back to src/
  if (process.env.KLYNGE_DEBUG === '1') process.setSourceMapsEnabled(true);
  const version = typeof KLYNGE_VERSION === 'string' ? KLYNGE_VERSION : (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
  const argv = process.argv.slice(2);
  const t = translator(resolveLang(argv, process.env));
  const signals = processSignals(() => process.stderr.write(t('interrupted') + '\n'));
  // a closed pipe (klynge ... | head) is not an error
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
  });
  // nor is a closed stderr: there is no one left to tell, and the command goes on to its end
  process.stderr.on('error', () => {});

  let finished = false;
  // The command's promise waits on something that will never come (a thread that stopped
  // answering) and nothing else is left to run: Node would end with exit code 0 and no word.
  process.on('beforeExit', () => {
    if (finished) return;
    finished = true;
    process.stderr.write(`${t('unfinished')}\n`);
    process.exitCode = 1;
  });
  const fatal = (e: unknown) => {
    finished = true;
    process.stderr.write(`${t('unfinished')}\n${process.env.KLYNGE_DEBUG === '1' ? ((e as Error)?.stack ?? String(e)) + '\n' : ''}`);
    process.exit(1);
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);

  run(argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    // not process.stdin.isTTY: that builds the stdin stream, which most commands never read
    stdinIsTTY: isatty(0),
    env: process.env,
    cwd: process.cwd(),
    signals,
    version,
  }).then(
    (code) => {
      finished = true;
      process.exitCode = code;
    },
    (e: unknown) => {
      finished = true;
      process.stderr.write(`klynge: ${(e as Error)?.stack ?? String(e)}\n`);
      process.exitCode = 1;
    },
  );
}

/**
 * SIGINT and SIGTERM for the commands that listen (see SignalSource). Installed for every
 * command, so one that does not listen ends as it always did — the signal is raised again
 * with its default action once no listener has taken it over — but with a word.
 */
function processSignals(unheard: () => void): SignalSource {
  const listeners = new Set<(signal: StopSignal) => boolean | void>();
  const onSignal = (signal: StopSignal) => {
    let taken = false;
    for (const l of [...listeners]) if (l(signal) === true) taken = true;
    if (taken) return;
    // a command that does not listen has only transactions that roll back when the process ends
    if (listeners.size === 0) unheard();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (process.stderr.isTTY) process.stderr.write('\x1b[?25h'); // a prompt or progress bar may have hidden the cursor
    process.kill(process.pid, signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
