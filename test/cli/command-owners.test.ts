/**
 * A command line that names a command registers only that command's group (start-up
 * time). The table of which registration brings which command must match what the
 * registrations really add, and the help of a lone group must be the help it has among all.
 */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMAND_LIST, COMMAND_OWNERS, COMMANDS } from '../../src/cli/commands/index.js';
import { createProgram, ownerOf, programHelpOnly } from '../../src/cli/main.js';
import { typed } from '../../src/cli/commands/typed.js';
import { ROOT } from '../helpers/cli.js';

const sink = { write: () => true };
const deps = { stdout: sink, stderr: sink, stdinIsTTY: false, env: {}, cwd: ROOT, version: '0' };

const namesOf = (c: Command) => c.commands.flatMap((x) => [x.name(), ...x.aliases()]);

describe('registering only the command asked for', () => {
  it('knows which registration brings every top-level command and alias, and nothing else', () => {
    const program = createProgram(deps, { exitCode: 0 }, 'en');
    const all = namesOf(program).filter((n) => n !== 'help');
    expect(Object.keys(COMMAND_OWNERS).sort()).toEqual([...all].sort());
    for (const register of COMMANDS) {
      const alone = new Command('klynge');
      register(typed(alone), { t: (k) => k, action: () => async () => {}, examples: (c) => c });
      for (const name of namesOf(alone)) expect(COMMAND_OWNERS[name], name).toBe(register);
    }
  });

  it('finds the command past global options, and registers everything for help, version or an unknown word', () => {
    expect(ownerOf(['call', 'list'])).toBe(COMMAND_OWNERS.call);
    expect(ownerOf(['--db', 'k.db', '--lang', 'nb', '--json', 'allocate', '--dry-run'])).toBe(COMMAND_OWNERS.allocate);
    expect(ownerOf(['--db=k.db', 'apps', 'list'])).toBe(COMMAND_OWNERS.applications);
    expect(ownerOf(['--db', 'call', 'report', 'summary'])).toBe(COMMAND_OWNERS.report); // 'call' is --db's value here
    expect(ownerOf(['call', '--help'])).toBe(COMMAND_OWNERS.call); // the group's own help
    for (const argv of [[], ['--help'], ['-h', 'call'], ['--version'], ['help', 'call'], ['cal', 'list'], ['--', 'call']]) expect(ownerOf(argv), argv.join(' ')).toBeUndefined();
  });

  it('gives each command the same help alone as among all the others', () => {
    const full = createProgram(deps, { exitCode: 0 }, 'nb');
    const helpOf = (c: Command) => {
      let text = '';
      c.configureOutput({ writeOut: (s) => (text += s) });
      c.outputHelp();
      return text;
    };
    for (const name of Object.keys(COMMAND_OWNERS)) {
      const alone = createProgram(deps, { exitCode: 0 }, 'nb', [name]);
      const a = alone.commands.find((c) => c.name() === name || c.aliases().includes(name))!;
      const b = full.commands.find((c) => c.name() === name || c.aliases().includes(name))!;
      expect(helpOf(a), name).toBe(helpOf(b));
      for (const sub of b.commands) expect(helpOf(a.commands.find((c) => c.name() === sub.name())!), `${name} ${sub.name()}`).toBe(helpOf(sub));
    }
  });

  it('lists the commands for klynge --help exactly as the commands themselves would', () => {
    const helpOf = (c: Command) => {
      let text = '';
      c.configureOutput({ writeOut: (s) => (text += s) });
      c.outputHelp();
      return text;
    };
    for (const lang of ['en', 'nb'] as const) {
      const full = helpOf(createProgram(deps, { exitCode: 0 }, lang));
      expect(full).toMatch(lang === 'nb' ? /import \[valg\] <fil>/ : /import \[options\] <file>/);
      for (const argv of [['--help'], ['-h'], ['--db', 'k.db', '--lang', lang, '--help']]) {
        expect(programHelpOnly(argv), argv.join(' ')).toBe(true);
        expect(helpOf(createProgram(deps, { exitCode: 0 }, lang, argv)), `${lang}: ${argv.join(' ')}`).toBe(full);
      }
    }
    expect(COMMAND_LIST.map((c) => c.name)).toEqual(createProgram(deps, { exitCode: 0 }, 'en').commands.map((c) => c.name()).filter((n) => n !== 'help'));
    for (const argv of [[], ['call', '--help'], ['help'], ['--help', 'call'], ['--', '--help']]) expect(programHelpOnly(argv), argv.join(' ')).toBe(false);
  });
});
