import { type Command, option } from './typed.js';
import type { Registrar } from '../main.js';
import { budgetByTierOption, integerOption, kronerOption, numberOption } from '../flags.js';

/** `klynge call create | list | show | update | use` */
export function registerCall(program: Command, { t, action, examples }: Registrar): void {
  const call = program.command('call').description(t('help.call'));
  examples(call, 'help.call.examples');

  const create = call
    .command('create')
    .description(t('help.call.create'))
    .addOption(option('--file <call.json>', t('help.call.create.file')).conflicts(['name', 'year', 'budget']))
    .option('--name <name>', t('help.call.create.name'))
    .option('--year <year>', t('help.call.create.year'), integerOption('--year'))
    .option('--budget <kroner>', t('help.call.create.budget'), kronerOption('--budget'))
    .option('--slug <slug>', t('help.call.create.slug'))
    .option('--threshold <score>', t('help.call.create.threshold'), numberOption('--threshold'))
    .action(
      action(async (rt, opts) => {
        const svc = await import('../../services/calls.js');
        let input: unknown;
        let source: string;
        if (opts.file) {
          const { readTextFile } = await import('../../io/files.js');
          source = opts.file;
          input = svc.parseCallFile(readTextFile(opts.file, rt.deps.cwd), opts.file);
        } else {
          const { UsageError } = await import('../../core/errors.js');
          if (opts.name === undefined || opts.year === undefined || opts.budget === undefined) throw new UsageError('usage.call_create_needs');
          const { defaultCallInput } = await import('../../core/call.js');
          input = defaultCallInput({ slug: opts.slug, name: opts.name, year: opts.year, budgetKr: opts.budget, threshold: opts.threshold });
          source = 'flags';
        }
        const ctx = await rt.open({ create: true });
        const created = await svc.createCall(ctx, input, source);
        if (rt.out.json) {
          const { callToJson } = await import('../../core/call.js');
          rt.out.data({ call: { ...callToJson(created), status: created.status } });
        } else rt.out.line(t('call.created', { slug: created.slug, name: created.name }));
      }),
    );
  examples(create, 'help.call.create.examples');

  const list = call
    .command('list')
    .description(t('help.call.list'))
    .action(
      action(async (rt) => {
        const ctx = await rt.open({ access: 'read' });
        const { listCallSummaries } = await import('../../services/calls.js');
        const { renderCallList, callListJson } = await import('../render/call.js');
        const listing = await listCallSummaries(ctx);
        if (rt.out.json) rt.out.data(callListJson(listing));
        else if (listing.calls.length === 0) rt.out.info(t('call.none'));
        else rt.deps.stdout.write(renderCallList(rt.out, listing));
      }),
    );
  examples(list, 'help.call.list.examples');

  const show = call
    .command('show')
    .description(t('help.call.show'))
    .argument('[slug]', t('help.call.show.slug'))
    .action(
      action(async (rt, slug) => {
        const ctx = await rt.open({ access: 'read' });
        const { showCall } = await import('../../services/calls.js');
        const { renderCall, callJson } = await import('../render/call.js');
        const s = await showCall(ctx, slug ?? rt.opts.call);
        if (rt.out.json) rt.out.data(callJson(s));
        else rt.deps.stdout.write(renderCall(rt.out, s));
      }),
    );
  examples(show, 'help.call.show.examples');

  const update = call
    .command('update')
    .description(t('help.call.update'))
    .argument('[slug]', t('help.call.update.slug'))
    .option('--file <call.json>', t('help.call.update.file'))
    .option('--budget <tier=kroner>', t('help.call.update.budget'), budgetByTierOption('--budget'))
    .option('--threshold <score>', t('help.call.update.threshold'), numberOption('--threshold'))
    .action(
      action(async (rt, slug, opts) => {
        const { UsageError } = await import('../../core/errors.js');
        if (opts.file === undefined && opts.budget === undefined && opts.threshold === undefined) throw new UsageError('usage.call_update_needs');
        const svc = await import('../../services/calls.js');
        let definition: unknown;
        if (opts.file !== undefined) {
          const { readTextFile } = await import('../../io/files.js');
          definition = svc.parseCallFile(readTextFile(opts.file, rt.deps.cwd), opts.file);
        }
        const ctx = await rt.open();
        const current = await svc.resolveCall(ctx, slug ?? rt.opts.call);
        // a bare amount is the first tier's
        const budgets = opts.budget && Object.fromEntries(Object.entries(opts.budget).map(([k, v]) => [k || current.tiers[0].key, v]));
        const r = await svc.updateCall(ctx, current, { definition, budgets, threshold: opts.threshold }, opts.file ?? 'flags');
        const { callToJson } = await import('../../core/call.js');
        if (rt.out.json) rt.out.data({ call: { ...callToJson(r.call), status: r.call.status }, changes: r.changes });
        else if (r.changes.length === 0) rt.out.line(t('callupdate.unchanged', { slug: r.call.slug }));
        else {
          const { renderCallChanges } = await import('../render/call.js');
          rt.out.line(t('callupdate.done', { slug: r.call.slug, count: r.changes.length }));
          rt.deps.stdout.write(renderCallChanges(rt.out, r.changes));
        }
      }),
    );
  examples(update, 'help.call.update.examples');

  const use = call
    .command('use')
    .description(t('help.call.use'))
    .argument('[slug]', t('help.call.use.slug'))
    .option('--clear', t('help.call.use.clear'))
    .action(
      action(async (rt, slug, opts) => {
        const { UsageError } = await import('../../core/errors.js');
        if (slug === undefined && !opts.clear) throw new UsageError('usage.call_use_needs');
        if (slug !== undefined && opts.clear) throw new UsageError('usage.call_use_needs');
        const ctx = await rt.open();
        const { useCall } = await import('../../services/calls.js');
        const r = await useCall(ctx, slug ?? null);
        if (rt.out.json) rt.out.data({ default: r.new, previous: r.old });
        else rt.out.line(r.new === null ? t('calluse.cleared') : t('calluse.done', { slug: r.new }));
        // KLYNGE_CALL still wins over the stored default: say so, or the choice seems not to work
        const env = rt.deps.env.KLYNGE_CALL?.trim();
        if (env && env !== r.new) rt.out.warn(t('calluse.env_wins', { env }));
      }),
    );
  examples(use, 'help.call.use.examples');
}
