import type { Command } from 'commander';
import type { Registrar } from '../main.js';

/** `klynge call create | list | show` */
export function registerCall(program: Command, { t, action, examples }: Registrar): void {
  const call = program.command('call').description(t('help.call'));
  examples(call, 'help.call.examples');

  const create = call
    .command('create')
    .description(t('help.call.create'))
    .option('--file <call.json>', t('help.call.create.file'))
    .option('--name <name>', t('help.call.create.name'))
    .option('--year <year>', t('help.call.create.year'))
    .option('--budget <kroner>', t('help.call.create.budget'))
    .option('--slug <slug>', t('help.call.create.slug'))
    .option('--threshold <score>', t('help.call.create.threshold'))
    .action(
      action(async (rt, opts: { file?: string; name?: string; year?: string; budget?: string; slug?: string; threshold?: string }) => {
        const { UsageError } = await import('../../core/errors.js');
        const flags = opts.name !== undefined || opts.year !== undefined || opts.budget !== undefined;
        if (opts.file && flags) throw new UsageError('usage.call_file_or_flags');
        if (!opts.file && !(opts.name && opts.year && opts.budget)) throw new UsageError('usage.call_create_needs');
        const svc = await import('../../services/calls.js');
        let input: unknown;
        let source: string;
        if (opts.file) {
          const { readTextFile } = await import('../../io/files.js');
          source = opts.file;
          input = svc.parseCallFile(readTextFile(opts.file, rt.deps.cwd), opts.file);
        } else {
          const { parseKronerFlag, parseNumberFlag } = await import('../flags.js');
          const year = parseNumberFlag('--year', opts.year!, { integer: true });
          const budgetKr = parseKronerFlag('--budget', opts.budget!);
          const threshold = opts.threshold === undefined ? undefined : parseNumberFlag('--threshold', opts.threshold);
          const { defaultCallInput } = await import('../../core/call.js');
          input = defaultCallInput({ slug: opts.slug, name: opts.name!, year, budgetKr, threshold });
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
        const ctx = await rt.open({ access: 'read' });
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
      action(async (rt, slug: string | undefined) => {
        const ctx = await rt.open({ access: 'read' });
        const { showCall } = await import('../../services/calls.js');
        const { renderCall, callJson } = await import('../render/call.js');
        const s = showCall(ctx, slug ?? rt.opts.call);
        if (rt.out.json) rt.out.data(callJson(s));
        else rt.deps.stdout.write(renderCall(rt.out, s));
      }),
    );
  examples(show, 'help.call.show.examples');
}
