/**
 * Options are declared once, typed, and checked by commander: options that cannot go together
 * (`.conflicts()`), values parsed where they are declared (kroner, whole numbers, e-mail,
 * formats). Each refusal is a usage error (exit 2) in the user's language, with the database
 * untouched.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { reportError } from '../../src/cli/main.js';
import { Output } from '../../src/io/output.js';
import { klynge } from '../helpers/cli.js';
import { sampleDb } from '../helpers/workspace.js';

const digest = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

const REFUSED: { args: string[]; en: RegExp; nb: RegExp }[] = [
  { args: ['allocate', '--commit', '--dry-run'], en: /--commit and --dry-run contradict each other/, nb: /--commit og --dry-run motsier hverandre/ },
  { args: ['allocate', '--dry-run', '--commit'], en: /--commit and --dry-run contradict each other/, nb: /--commit og --dry-run motsier hverandre/ },
  { args: ['allocate', '--what-if', '6000000,8000000', '--budget', '9000000'], en: /--what-if compares budgets and stores nothing/, nb: /--what-if sammenligner rammer/ },
  { args: ['decide', '21/04117-1', '--grant', '100000', '--reject', '--note', 'x'], en: /Give exactly one of --grant KR, --reject or --clear/, nb: /Oppgi nøyaktig ett av --grant KR, --reject eller --clear/ },
  { args: ['decide', '21/04117-1', '--reject', '--clear', '--note', 'x'], en: /Give exactly one of/, nb: /Oppgi nøyaktig ett av/ },
  { args: ['decide', '21/04117-1'], en: /Give exactly one of/, nb: /Oppgi nøyaktig ett av/ },
  { args: ['call', 'create', '--file', 'call.json', '--year', '2022'], en: /Give either --file or --name\/--year\/--budget, not both/, nb: /Bruk enten --file eller/ },
  { args: ['allocate', '--budget', '8,000'], en: /--budget must be an amount in kroner/, nb: /--budget må være et beløp i kroner/ },
  { args: ['allocate', '--tier-budget', 'pre'], en: /--tier-budget "pre" must be tier=kroner/, nb: /--tier-budget «pre» må være nivå=kroner/ },
  { args: ['log', '--limit', '0'], en: /--limit must be a whole number of 1 or more, not "0"/, nb: /--limit må være et heltall på 1 eller mer/ },
  { args: ['log', '--limit', 'ti'], en: /--limit must be a whole number of 1 or more, not "ti"/, nb: /--limit må være et heltall på 1 eller mer/ },
  { args: ['call', 'create', '--name', 'X', '--year', '2022.5', '--budget', '100'], en: /--year must be a whole number, not "2022.5"/, nb: /--year må være et heltall/ },
  { args: ['evaluator', 'add', 'Per', '--email', 'per@'], en: /e-mail|address/i, nb: /e-post|adresse/i },
  { args: ['report', 'allocation', '--format', 'pdf'], en: /Unknown format "pdf": use one of text, csv, md/, nb: /Ukjent format «pdf»: bruk en av text, csv, md/ },
  { args: ['report', 'summary', '--format', 'csv'], en: /Unknown format "csv": use one of text, md, html/, nb: /Ukjent format «csv»/ },
];

describe('options checked where they are declared', () => {
  it.each(REFUSED)('$args.0 $args.1 $args.2 … is a usage error in English and Norwegian, the database untouched', async ({ args, en, nb }) => {
    const { db } = await sampleDb({ scores: true });
    const before = digest(db);
    for (const [lang, pattern] of [
      ['en', en],
      ['nb', nb],
    ] as const) {
      const r = await klynge(['--db', db, '--lang', lang, ...args]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr).not.toMatch(/cannot be used with option|Allowed choices/); // never commander's English
      expect(r.stdout).toBe('');
      const json = await klynge(['--db', db, '--lang', lang, '--json', ...args]);
      expect(json.code).toBe(2);
      expect(JSON.parse(json.stdout).error.exitCode).toBe(2);
    }
    expect(digest(db)).toBe(before);
  });

  it('a pair of options with no message of its own still says which two, in the user language', () => {
    for (const [lang, pattern] of [
      ['en', /^error: --beta and --alpha cannot be used together: choose one\./],
      ['nb', /^feil: --beta og --alpha kan ikke brukes sammen: velg ett av dem\./],
    ] as const) {
      let err = '';
      const out = new Output({ write: () => true }, { write: (s: string) => ((err += s), true) }, { lang, json: false, color: false, env: {} });
      const code = reportError(new CommanderError(2, 'commander.conflictingOption', "error: option '--beta <x>' cannot be used with option '--alpha'"), out, false);
      expect(code).toBe(2);
      expect(err).toMatch(pattern);
    }
  });

  it('parsed values reach the command: formats in any case, kroner with spaces, a what-if list', async () => {
    const { db } = await sampleDb({ scores: true });
    await klynge(['--db', db, 'allocate']);
    const csv = await klynge(['--db', db, 'report', 'allocation', '--format', 'CSV']);
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\n')[0]).toMatch(/^rank,ref,/);
    const wi = await klynge(['--db', db, '--json', 'allocate', '--what-if', '6 000 000;8000000', '--tier-budget', 'pre=400 000']);
    expect(wi.code, wi.stderr).toBe(0);
    const rows = JSON.parse(wi.stdout).rows ?? JSON.parse(wi.stdout).whatIf ?? JSON.parse(wi.stdout);
    expect(JSON.stringify(rows)).toMatch(/6000000/);
    expect(JSON.stringify(rows)).toMatch(/8000000/);
    const log = await klynge(['--db', db, '--json', 'log', '--limit', '2']);
    expect(JSON.parse(log.stdout).entries).toHaveLength(2);
  });
});

describe('a missing argument', () => {
  it('is named by what it is, in the language of the user', async () => {
    const en = await klynge(['import']);
    expect(en.code).toBe(2);
    expect(en.stderr).toBe('error: Missing the CSV file (the argument <file>). See "klynge import --help".\n');
    const nb = await klynge(['--lang', 'nb', 'decide']);
    expect(nb.stderr).toBe('feil: Mangler saksnummeret (argumentet <saksnummer>). Se «klynge decide --help».\n');
  });
});

describe('help in Norwegian', () => {
  it('has Norwegian placeholders and [valg], and its columns still line up', async () => {
    for (const args of [['--help'], ['import', '--help'], ['score', 'set', '--help'], ['decide', '--help'], ['db', 'copy', '--help'], ['report', '--help']]) {
      const r = await klynge(['--lang', 'nb', ...args]);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout, args.join(' ')).not.toMatch(/\[options\]|<file>|<ref>|<field=column>|<name>|<date>|<text>/);
    }
    const help = (await klynge(['--lang', 'nb', 'import', '--help'])).stdout;
    expect(help).toMatch(/^Bruk: klynge import \[valg\] <fil>$/m);
    // every option's description starts in one column
    const starts = help
      .split('\n')
      .filter((l) => /^ {2}-/.test(l))
      .map((l) => /^ {2}\S.*?\s{2,}\S/.exec(l)![0].length);
    expect(new Set(starts).size).toBe(1);
    expect(help).toContain('--map <felt=kolonne>');
  });
});
