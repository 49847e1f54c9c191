import type { Command } from './typed.js';
import type { Registrar } from '../main.js';
import { choiceOption, parseIsoDateFlag } from '../flags.js';

export const LETTER_FORMATS = ['docx', 'html', 'md', 'csv'] as const;


/**
 * `klynge letters --out DIR [--ref REF] [--format docx|html|md|csv] [--date D] [--template FILE.docx] [--with-comments]`,
 * `klynge letters --list` and `klynge letters template --out FILE.docx`: decision letters (*vedtaksbrev*).
 */
export function registerLetters(program: Command, { t, action, examples }: Registrar): void {
  const letters = program
    .command('letters')
    .description(t('help.letters'))
    .option('--out <dir>', t('help.letters.out'))
    .option('--ref <ref>', t('help.letters.ref'))
    .option('--format <format>', t('help.letters.format'), choiceOption(LETTER_FORMATS))
    .option('--date <date>', t('help.letters.date'))
    .option('--accept-by <date>', t('help.letters.accept_by'))
    .option('--template <file>', t('help.letters.template'))
    .option('--with-comments', t('help.letters.with_comments'))
    .option('--force', t('help.letters.force'))
    .option('--list', t('help.letters.list'))
    .action(
      action(async (rt, opts) => {
        const flow = await import('../letters-flow.js');
        const date = opts.date === undefined ? undefined : parseIsoDateFlag('--date', opts.date);
        const acceptBy = opts.acceptBy === undefined ? undefined : parseIsoDateFlag('--accept-by', opts.acceptBy);
        if (opts.list) await flow.listLetterRecords(rt, opts);
        else await flow.writeLetters(rt, { ...opts, date, acceptBy });
      }),
    );
  examples(letters, 'help.letters.examples');

  const template = letters
    .command('template')
    .description(t('help.letters.template_cmd'))
    .option('--out <file>', t('help.letters.template_out'))
    .option('--force', t('help.letters.template_force'))
    .action(
      action(async (rt, opts) => {
        // `letters template --out F`: commander hands --out (and --force) to `letters`, which
        // declares them too; the global view of the options has them either way
        const all = rt.opts as { out?: string; force?: boolean };
        const out = opts.out ?? all.out;
        if (out === undefined) {
          const { UsageError } = await import('../../core/errors.js');
          throw new UsageError('usage.letters_template_out');
        }
        const flow = await import('../letters-flow.js');
        await flow.writeTemplate(rt, { out, force: opts.force ?? all.force });
      }),
    );
  examples(template, 'help.letters.template.examples');
}
