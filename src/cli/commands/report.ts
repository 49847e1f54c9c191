import type { Command } from './typed.js';
import type { Registrar } from '../main.js';
import type { Runtime } from '../runtime.js';
import { choiceOption, integerOption } from '../flags.js';

const TABULAR = ['text', 'csv', 'md'] as const;


/** `klynge report allocation | summary | scores | evaluators` */
export function registerReport(program: Command, { t, action, examples }: Registrar): void {
  const report = program.command('report').description(t('help.report'));
  examples(report, 'help.report.examples');

  const open = async (rt: Runtime) => {
    const ctx = await rt.open({ access: 'read' });
    const { resolveCall } = await import('../../services/calls.js');
    return { ctx, call: await resolveCall(ctx, rt.opts.call) };
  };

  const allocation = report
    .command('allocation')
    .description(t('help.report.allocation'))
    .option('--format <format>', t('help.report.format_tabular'), choiceOption(TABULAR))
    .option('--excel', t('help.report.excel'))
    .action(
      action(async (rt, opts) => {
        const f = opts.format ?? 'text';
        const { ctx, call } = await open(rt);
        const { allocationReport } = await import('../../services/reports.js');
        const rep = await allocationReport(ctx, call, { requireDecisions: true, texts: false, comments: false, fromDecisions: true });
        const r = await import('../render/reports.js');
        r.warnIfStale(rt.out, rep);
        if (rt.out.json) rt.out.data(r.allocationReportJson(rep));
        else rt.deps.stdout.write(f === 'csv' ? await r.allocationReportCsv(rt.out, rep, { excel: opts.excel }) : f === 'md' ? r.allocationReportMd(rt.out, rep) : r.renderAllocationReport(rt.out, rep));
      }),
    );
  examples(allocation, 'help.report.allocation.examples');

  const summary = report
    .command('summary')
    .description(t('help.report.summary'))
    .option('--format <format>', t('help.report.format_summary'), choiceOption(['text', 'md', 'html'] as const))
    .action(
      action(async (rt, opts) => {
        const f = opts.format ?? 'text';
        const { ctx, call } = await open(rt);
        const { awardSummary } = await import('../../services/reports.js');
        const s = await awardSummary(ctx, call);
        const r = await import('../render/summary.js');
        const { warnIfStale } = await import('../render/reports.js');
        warnIfStale(rt.out, s);
        if (rt.out.json) rt.out.data({ ...(r.summaryJson(s) as object), stale: s.stale });
        else rt.deps.stdout.write(r.renderSummary(rt.out, s, f));
      }),
    );
  examples(summary, 'help.report.summary.examples');

  const scores = report
    .command('scores')
    .description(t('help.report.scores'))
    .option('--format <format>', t('help.report.format_tabular'), choiceOption(TABULAR))
    .option('--excel', t('help.report.excel'))
    .action(
      action(async (rt, opts) => {
        const f = opts.format ?? 'text';
        const { ctx, call } = await open(rt);
        const { allocationReport } = await import('../../services/reports.js');
        const rep = await allocationReport(ctx, call, { texts: false, comments: false });
        const r = await import('../render/reports.js');
        if (rt.out.json) rt.out.data(r.scoresReportJson(rep));
        else rt.deps.stdout.write(await r.scoresReport(rt.out, rep, f, { excel: opts.excel }));
      }),
    );
  examples(scores, 'help.report.scores.examples');

  const evaluators = report
    .command('evaluators')
    .description(t('help.report.evaluators'))
    .option('--format <format>', t('help.report.format_tabular'), choiceOption(TABULAR))
    .option('--excel', t('help.report.excel'))
    .action(
      action(async (rt, opts) => {
        const f = opts.format ?? 'text';
        const { ctx, call } = await open(rt);
        const { evaluatorReport } = await import('../../services/reports.js');
        const rep = await evaluatorReport(ctx, call);
        const r = await import('../render/reports.js');
        if (rt.out.json) rt.out.data(r.evaluatorReportJson(call, rep));
        else rt.deps.stdout.write(await r.evaluatorsReport(rt.out, call, rep, f, { excel: opts.excel }));
      }),
    );
  examples(evaluators, 'help.report.evaluators.examples');

  const history = report
    .command('history')
    .description(t('help.report.history'))
    .option('--years <n>', t('help.report.history.years'), integerOption('--years', 1))
    .option('--format <format>', t('help.report.format_tabular'), choiceOption(['text', 'csv'] as const))
    .option('--excel', t('help.report.excel'))
    .action(
      action(async (rt, opts) => {
        const ctx = await rt.open({ access: 'read' });
        const { historyReport } = await import('../../services/state-aid.js');
        const rows = await historyReport(ctx, { years: opts.years });
        const r = await import('../render/history.js');
        if (rt.out.json) rt.out.data(r.historyReportJson(rows, opts.years));
        else rt.deps.stdout.write(opts.format === 'csv' ? await r.historyReportCsv(rows, { excel: opts.excel }) : r.renderHistoryReport(rt.out, rows));
      }),
    );
  examples(history, 'help.report.history.examples');
}
