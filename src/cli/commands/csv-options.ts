import type { Command } from './typed.js';
import type { Formatter } from '../../io/i18n/index.js';
import type { OptionValues } from '@commander-js/extra-typings';

/**
 * The options every CSV-reading command shares: --map (repeatable), --delimiter,
 * --encoding. Kept apart from csv-source.ts so registering commands loads no reader.
 */
export function csvFileOptions<Args extends unknown[], Opts extends OptionValues, Globals extends OptionValues>(cmd: Command<Args, Opts, Globals>, t: Formatter) {
  return cmd
    .option('--map <field=column>', t('help.import.map'), (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--delimiter <d>', t('help.import.delimiter'))
    .option('--encoding <e>', t('help.import.encoding'));
}
