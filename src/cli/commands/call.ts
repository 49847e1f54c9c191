import { type Command, option } from './typed.js';
import type { Registrar } from '../main.js';
import { integerOption, kronerOption, numberOption } from '../flags.js';

/** `klynge call create | list | show` */
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
        const created = svc.createCall(ctx, input, source);
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
        const ctx = await rt.open();
        const { listCallSummaries } = await import('../../services/calls.js');
        const { renderCallList, callListJson } = await import('../render/call.js');
        const calls = listCallSummaries(ctx);
        if (rt.out.json) rt.out.data(callListJson(calls));
        else if (calls.length === 0) rt.out.info(t('call.none'));
        else rt.deps.stdout.write(renderCallList(rt.out, calls));
      }),
    );
  examples(list, 'help.call.list.examples');

  const show = call
    .command('show')
    .description(t('help.call.show'))
    .argument('[slug]', t('help.call.show.slug'))
    .action(
      action(async (rt, slug) => {
        const ctx = await rt.open();
        const { showCall } = await import('../../services/calls.js');
        const { renderCall, callJson } = await import('../render/call.js');
        const s = showCall(ctx, slug ?? rt.opts.call);
        if (rt.out.json) rt.out.data(callJson(s));
        else rt.deps.stdout.write(renderCall(rt.out, s));
      }),
    );
  examples(show, 'help.call.show.examples');
}
