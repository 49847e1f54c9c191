import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../../src/cli/main.js';
import { ROOT } from '../helpers/cli.js';

const sink = { write: () => true };
const deps = { stdout: sink, stderr: sink, stdinIsTTY: false, env: {}, cwd: ROOT, version: '0' };

function allCommands(cmd: Command, prefix = ''): { name: string; cmd: Command }[] {
  return cmd.commands
    .filter((c) => c.name() !== 'help')
    .flatMap((c) => {
      const name = `${prefix}${c.name()}`;
      return [{ name, cmd: c }, ...allCommands(c, `${name} `)];
    });
}

describe('help and docs', () => {
  for (const lang of ['en', 'nb'] as const) {
    it(`every command has a description and examples (${lang})`, () => {
      const program = createProgram(deps, { exitCode: 0 }, lang);
      for (const { name, cmd } of allCommands(program)) {
        // a missing catalogue entry would come back as its key (help.xyz)
        expect(cmd.description(), name).not.toMatch(/^$|^help\./);
        let help = '';
        cmd.configureOutput({ writeOut: (s) => (help += s) });
        cmd.outputHelp();
        expect(help, `${name} has examples`).toMatch(lang === 'nb' ? /Eksempler:\n\s+\$ klynge/ : /Examples:\n\s+\$ klynge/);
      }
    });
  }

  it('every command appears in the README', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const program = createProgram(deps, { exitCode: 0 }, 'en');
    for (const { name } of allCommands(program)) expect(readme, name).toContain(`klynge ${name}`);
  });
});
