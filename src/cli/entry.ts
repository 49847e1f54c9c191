/** The real process: wires stdin/stdout/stderr and the exit code to run(). */
import { createRequire } from 'node:module';
import { isatty } from 'node:tty';

/** the version, put in by the bundler (scripts/bundle.mjs); read from package.json otherwise */
declare const KLYNGE_VERSION: string | undefined;
import { run } from './main.js';

export function main(): void {
  // the shipped program is a minified bundle: stack traces (KLYNGE_DEBUG=1) map back to src/
  if (process.env.KLYNGE_DEBUG === '1') process.setSourceMapsEnabled(true);
  const version = typeof KLYNGE_VERSION === 'string' ? KLYNGE_VERSION : (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
  // a closed pipe (klynge ... | head) is not an error
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
  });
  run(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    // not process.stdin.isTTY: that builds the stdin stream, which most commands never read
    stdinIsTTY: isatty(0),
    env: process.env,
    cwd: process.cwd(),
    version,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`klynge: ${(e as Error)?.stack ?? String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
