import type { Command } from './typed.js';
import type { Registrar } from '../main.js';
import { integerOption } from '../flags.js';

/**
 * `klynge assign`: panels (*fagpanel*). The whole call over named evaluators
 * (`--evaluators "A, B" --per-application N`, `--replace` to spread anew), one evaluator on or
 * off one application (`REF --evaluator NAME [--unassign]`), or `--list`.
 */
export function registerAssign(program: Command, { t, action, examples }: Registrar): void {
  const assign = program
    .command('assign')
    .description(t('help.assign'))
    .argument('[ref]', t('help.assign.ref'))
    .option('--evaluators <names>', t('help.assign.evaluators'))
    .option('--per-application <n>', t('help.assign.per_application'), integerOption('--per-application', 1))
    .option('--evaluator <name>', t('help.assign.evaluator'))
    .option('--unassign', t('help.assign.unassign'))
    .option('--replace', t('help.assign.replace'))
    .option('--list', t('help.assign.list'))
    .action(
      action(async (rt, ref, opts) => {
        const { UsageError } = await import('../../core/errors.js');
        const { resolveCall } = await import('../../services/calls.js');
        if (opts.list) {
          const extra = ref !== undefined ? ref : (['--evaluators', '--per-application', '--evaluator', '--unassign', '--replace'] as const).find((o) => opts[flagKey(o)] !== undefined);
          if (extra !== undefined) throw new UsageError('usage.assign_list_alone', { option: extra });
          const ctx = await rt.open({ access: 'read' });
          const call = await resolveCall(ctx, rt.opts.call);
          const { listAssignments } = await import('../../services/panels.js');
          const rows = await listAssignments(ctx, call);
          if (rt.out.json) rt.out.data({ call: call.slug, assignments: rows });
          else if (rows.length === 0) rt.out.info(t('panels.none_yet', { call: call.slug }));
          else {
            const { renderAssignmentList } = await import('../render/panels.js');
            rt.deps.stdout.write(renderAssignmentList(rt.out, rows));
          }
          return;
        }
        if (ref !== undefined) {
          const whole = (['--evaluators', '--per-application', '--replace'] as const).find((o) => opts[flagKey(o)] !== undefined);
          if (whole) throw new UsageError('usage.assign_whole_call', { option: whole });
          if (opts.evaluator === undefined) throw new UsageError('usage.assign_one_needs_evaluator', { ref });
          const ctx = await rt.open();
          const call = await resolveCall(ctx, rt.opts.call);
          const { assignOne } = await import('../../services/panels.js');
          const r = await assignOne(ctx, call, ref, opts.evaluator, !!opts.unassign);
          if (rt.out.json) rt.out.data({ call: call.slug, ref: r.ref, evaluator: r.evaluator, unassigned: !!opts.unassign, panel: r.panel });
          else rt.out.line(t(opts.unassign ? 'panels.one_unassigned' : 'panels.one_assigned', { name: r.evaluator, ref: r.ref, panel: r.panel.length ? r.panel.join(', ') : t('panels.panel_empty') }));
          return;
        }
        if (opts.unassign) throw new UsageError('usage.assign_unassign_needs_ref');
        if (opts.evaluators === undefined) throw new UsageError('usage.assign_mode');
        if (opts.evaluator !== undefined) throw new UsageError('usage.assign_mode');
        if (opts.perApplication === undefined) throw new UsageError('usage.assign_per_needed');
        const { assignPanels, panelNames } = await import('../../services/panels.js');
        const names = panelNames(opts.evaluators);
        const ctx = await rt.open();
        const call = await resolveCall(ctx, rt.opts.call);
        const r = await assignPanels(ctx, call, names, opts.perApplication, !!opts.replace);
        if (rt.out.json) {
          rt.out.data({ call: call.slug, ...r });
          return;
        }
        const apps = new Set(r.added.map((a) => a.ref)).size;
        rt.out.line(t('panels.assigned', { apps, per: r.perApplication, count: r.evaluators.length, added: r.added.length }));
        if (r.replaced) rt.out.info(t('panels.replaced', { count: r.replaced }));
        for (const l of r.load) rt.out.line(`  ${t('panels.load', { evaluator: l.evaluator, count: l.applications })}`);
        for (const s of r.short) rt.out.warn(t('panels.short', s));
        if (r.staleRun) rt.out.warn(t('panels.stale'));
      }),
    );
  examples(assign, 'help.assign.examples');
}

const FLAG_KEYS = { '--evaluators': 'evaluators', '--per-application': 'perApplication', '--evaluator': 'evaluator', '--unassign': 'unassign', '--replace': 'replace' } as const;
const flagKey = (o: keyof typeof FLAG_KEYS) => FLAG_KEYS[o];
