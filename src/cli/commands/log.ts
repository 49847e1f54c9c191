import type { Command } from 'commander';
import type { Registrar } from '../main.js';

/** `klynge log [REF]`: the audit log. */
export function registerLog(program: Command, { t, action, examples }: Registrar): void {
  const cmd = program
    .command('log')
    .description(t('help.log'))
    .argument('[ref]', t('help.log.ref'))
    .option('--limit <n>', t('help.log.limit'))
    .action(
      action(async (rt, ref: string | undefined, opts: { limit?: string }) => {
        const ctx = await rt.open();
        const { UsageError } = await import('../../core/errors.js');
        const limit = opts.limit === undefined ? undefined : Number(opts.limit);
        if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new UsageError('usage.positive_integer', { option: '--limit', value: opts.limit });
        const { auditLog } = await import('../../services/audit.js');
        const entries = auditLog(ctx, { call: rt.opts.call, ref, limit });
        if (rt.out.json) {
          const { auditJson } = await import('../render/audit.js');
          rt.out.data({ entries: entries.map(auditJson) });
          return;
        }
        if (entries.length === 0) {
          rt.out.info(t('log.empty'));
          return;
        }
        const { renderLog } = await import('../render/audit.js');
        rt.deps.stdout.write(renderLog(rt.out, entries));
      }),
    );
  examples(cmd, 'help.log.examples');
}
