import type { Command } from './typed.js';
import type { Registrar } from '../main.js';
import { integerOption } from '../flags.js';

/** `klynge log [REF]`: the audit log. */
export function registerLog(program: Command, { t, action, examples }: Registrar): void {
  const cmd = program
    .command('log')
    .description(t('help.log'))
    .argument('[ref]', t('help.log.ref'))
    .option('--limit <n>', t('help.log.limit'), integerOption('--limit', 1))
    .action(
      action(async (rt, ref, opts) => {
        const ctx = await rt.open();
        const { auditLog } = await import('../../services/audit.js');
        const entries = auditLog(ctx, { call: rt.opts.call, ref, limit: opts.limit });
        if (rt.out.json) {
          const { auditJson } = await import('../render/audit.js');
          rt.out.data({ entries: entries.map(auditJson) });
          return;
        }
        if (entries.length === 0) {
          rt.out.info(t('log.empty'));
          return;
        }
        const { renderTable } = await import('../../io/table.js');
        const { describeAudit } = await import('../render/audit.js');
        rt.deps.stdout.write(
          renderTable(
            rt.out,
            [{ header: t('col.time') }, { header: t('col.actor') }, { header: t('col.action') }, { header: t('col.ref') }, { header: t('col.details'), shrink: true, minWidth: 20 }],
            entries.map((e) => [e.at.replace('T', ' ').slice(0, 19), e.actor, t(`action.${e.action}`), e.ref ?? '', describeAudit(e, rt.out)]),
          ),
        );
      }),
    );
  examples(cmd, 'help.log.examples');
}
