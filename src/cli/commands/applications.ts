import type { Command } from './typed.js';
import type { Registrar } from '../main.js';

/** `klynge applications list | show REF` */
export function registerApplications(program: Command, { t, action, examples }: Registrar): void {
  const apps = program.command('applications').alias('apps').description(t('help.applications'));
  examples(apps, 'help.applications.examples');

  const list = apps
    .command('list')
    .description(t('help.applications.list'))
    .option('--status <status>', t('help.applications.list.status'))
    .action(
      action(async (rt, opts) => {
        const svc = await import('../../services/applications.js');
        const status = opts.status === undefined ? undefined : svc.parseStatusFilter(opts.status);
        const ctx = await rt.open();
        const { resolveCall } = await import('../../services/calls.js');
        const call = resolveCall(ctx.db, rt.opts.call);
        const items = svc.listApplicationsWithStatus(ctx, call, status);
        const r = await import('../render/applications.js');
        if (rt.out.json) rt.out.data(r.applicationListJson(call, items));
        else if (items.length === 0) rt.out.info(t(status ? 'applications.none_status' : 'applications.none', { status: status ?? '', call: call.slug }));
        else rt.deps.stdout.write(r.renderApplicationList(rt.out, items));
      }),
    );
  examples(list, 'help.applications.list.examples');

  const show = apps
    .command('show')
    .description(t('help.applications.show'))
    .argument('<ref>', t('help.applications.show.ref'))
    .action(
      action(async (rt, ref) => {
        const ctx = await rt.open();
        const { resolveCall } = await import('../../services/calls.js');
        const call = resolveCall(ctx.db, rt.opts.call);
        const { showApplication } = await import('../../services/applications.js');
        const detail = showApplication(ctx, call, ref);
        const r = await import('../render/applications.js');
        if (rt.out.json) rt.out.data(r.applicationDetailJson(detail));
        else rt.deps.stdout.write(r.renderApplicationDetail(rt.out, call, detail));
      }),
    );
  examples(show, 'help.applications.show.examples');
}
