import type { Command } from './typed.js';
import type { Registrar } from '../main.js';
import { csvFileOptions } from './csv-options.js';

/** `klynge aid import FILE.csv`: other givers' state aid, for the de minimis ceiling. */
export function registerAid(program: Command, { t, action, examples }: Registrar): void {
  const aid = program.command('aid').description(t('help.aid'));
  examples(aid, 'help.aid.examples');
  const imp = csvFileOptions(aid.command('import').description(t('help.aid.import')).argument('<file>', t('help.import.file')).option('--dry-run', t('help.aid.import.dry_run')), t).action(
    action(async (rt, file, flags) => {
      const { parseMapFlags, openSource } = await import('../csv-source.js');
      const map = parseMapFlags(flags.map);
      const ctx = await rt.open({ verify: 'pages' });
      const src = await openSource(rt, file, flags);
      const { importAid } = await import('../../services/aid-import.js');
      const { formatCents } = await import('../../io/text-plain.js');
      const r = await importAid(ctx, src, { dryRun: !!flags.dryRun, map });
      if (rt.out.json) rt.out.data(r);
      else rt.out.line(t(r.dryRun ? 'aid.import.dry_run' : 'aid.import.done', { count: r.rows, file, deMinimis: r.deMinimis, nok: { money: r.total.NOK }, eur: formatCents(r.total.EUR, rt.lang) }));
    }),
  );
  examples(imp, 'help.aid.import.examples');
}
