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
        const { resolveCall, listCalls } = await import('../../db/calls.js');
        const { listAudit } = await import('../../db/audit.js');
        const { UsageError } = await import('../../core/errors.js');
        const limit = opts.limit === undefined ? undefined : Number(opts.limit);
        if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new UsageError('usage.positive_integer', { option: '--limit', value: opts.limit });
        // with several calls and no --call, the whole log is shown (it is the database's log)
        const callId = rt.opts.call !== undefined || (ref !== undefined && listCalls(ctx.db).length === 1) ? resolveCall(ctx.db, rt.opts.call).id : undefined;
        if (ref !== undefined) {
          // a case number nobody has heard of is an error, not an empty log
          const { getApplication } = await import('../../db/applications.js');
          const call = resolveCall(ctx.db, rt.opts.call);
          getApplication(ctx.db, call.id, ref);
        }
        const entries = listAudit(ctx.db, { callId, ref, limit });
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
