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
        const ctx = await rt.open({ access: 'read' });
        const { resolveCall } = await import('../../services/calls.js');
        const call = await resolveCall(ctx, rt.opts.call);
        const items = await svc.listApplicationsWithStatus(ctx, call, status);
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
        const ctx = await rt.open({ access: 'read' });
        const { resolveCall } = await import('../../services/calls.js');
        const call = await resolveCall(ctx, rt.opts.call);
        const { showApplication } = await import('../../services/applications.js');
        const detail = await showApplication(ctx, call, ref);
        const r = await import('../render/applications.js');
        if (rt.out.json) rt.out.data(r.applicationDetailJson(detail));
        else rt.deps.stdout.write(r.renderApplicationDetail(rt.out, call, detail));
      }),
    );
  examples(show, 'help.applications.show.examples');

  // the formal check and withdrawals (services/case.ts has the model)
  const standing = (name: 'withdraw' | 'ineligible' | 'restore', status: 'withdrawn' | 'ineligible' | 'active') => {
    const cmd = apps.command(name).description(t(`help.case.${name}`)).argument('<ref>', t('help.applications.show.ref'));
    if (name === 'withdraw') cmd.option('--note <text>', t('help.case.note'));
    if (name === 'ineligible') cmd.requiredOption('--reason <text>', t('help.case.reason'));
    cmd.action(
      action(async (rt, ref, opts: { note?: string; reason?: string }) => {
        const ctx = await rt.open();
        const { resolveCall } = await import('../../services/calls.js');
        const { setApplicationState } = await import('../../services/case.js');
        const call = await resolveCall(ctx, rt.opts.call);
        const r = await setApplicationState(ctx, call, ref, status, opts.note ?? opts.reason ?? null);
        if (rt.out.json) {
          rt.out.data({ call: call.slug, ref: r.ref, status: { old: r.old, new: r.new }, reason: r.new === 'active' ? null : r.new, note: r.note, decisionRemoved: r.decisionRemoved && { ...r.decisionRemoved, granted: r.decisionRemoved.granted / 100 }, stale: r.staleRun });
          return;
        }
        rt.out.line(t(`case.${name}_done`, { ref: r.ref }));
        if (r.decisionRemoved) rt.out.warn(t('case.decision_removed', { ref: r.ref, status: t(`status.${r.decisionRemoved.status}`) }));
        if (r.staleRun) rt.out.info(t('case.stale_hint'));
      }),
    );
    examples(cmd, `help.case.${name}.examples`);
  };
  standing('withdraw', 'withdrawn');
  standing('ineligible', 'ineligible');
  standing('restore', 'active');
  const history = apps
    .command('history')
    .description(t('help.applications.history'))
    .argument('<orgnr|ref>', t('help.applications.history.key'))
    .action(
      action(async (rt, key) => {
        const ctx = await rt.open({ access: 'read' });
        const { resolveCall } = await import('../../services/calls.js');
        const { undertakingHistory } = await import('../../services/state-aid.js');
        const h = await undertakingHistory(ctx, key, () => resolveCall(ctx, rt.opts.call));
        const r = await import('../render/history.js');
        if (rt.out.json) rt.out.data(r.historyJson(h));
        else rt.deps.stdout.write(r.renderHistory(rt.out, h));
      }),
    );
  examples(history, 'help.applications.history.examples');
}
