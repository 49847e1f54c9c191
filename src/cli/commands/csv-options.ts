import type { Command } from 'commander';
import type { Formatter } from '../../io/i18n/index.js';

/**
 * The options every CSV-reading command shares: --map (repeatable), --delimiter,
 * --encoding. Kept apart from csv-source.ts so registering commands loads no reader.
 */
export function csvFileOptions(cmd: Command, t: Formatter): Command {
  return cmd
    .option('--map <field=column>', t('help.import.map'), (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--delimiter <d>', t('help.import.delimiter'))
    .option('--encoding <e>', t('help.import.encoding'));
}
