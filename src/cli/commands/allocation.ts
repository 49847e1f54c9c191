import { type Command, option } from './typed.js';
import type { Registrar } from '../main.js';
import { kronerListOption, kronerOption, oreOption, tierKronerOption } from '../flags.js';

/** `klynge rank`, `klynge allocate`, `klynge decide`. */
export function registerAllocation(program: Command, { t, action, examples }: Registrar): void {
  const rankCmd = program
    .command('rank')
    .description(t('help.rank'))
    .action(
      action(async (rt) => {
        const ctx = await rt.open({ access: 'read' });
        const { resolveCall } = await import('../../services/calls.js');
        const { rankCall } = await import('../../services/allocation.js');
        const call = await resolveCall(ctx, rt.opts.call);
        const { ranked, data } = await rankCall(ctx, call);
        const r = await import('../render/ranking.js');
        if (rt.out.json) rt.out.data(r.rankJson(call, ranked, data.applications, data.panel, data.aid));
        else if (ranked.length === 0) rt.out.info(t('applications.none', { call: call.slug }));
        else rt.deps.stdout.write(r.renderRank(rt.out, call, ranked, data.applications, data.panel, data.aid));
      }),
    );
  examples(rankCmd, 'help.rank.examples');

  const alloc = program
    .command('allocate')
    .description(t('help.allocate'))
    .addOption(option('--dry-run', t('help.allocate.dry_run')).conflicts('commit'))
    .addOption(option('--budget <kroner>', t('help.allocate.budget')).argParser(kronerOption('--budget')))
    .option('--tier-budget <tier=kroner>', t('help.allocate.tier_budget'), tierKronerOption('--tier-budget'))
    .option('--commit', t('help.allocate.commit'))
    .addOption(option('--what-if <kroner,...>', t('help.allocate.what_if')).argParser(kronerListOption('--what-if')).conflicts(['commit', 'budget']))
    .action(
      action(async (rt, opts) => {
        const budgetKr = opts.budget;
        const tierKr = opts.tierBudget ?? {};
        const ctx = await rt.open();
        const { resolveCall } = await import('../../services/calls.js');
        const svc = await import('../../services/allocation.js');
        const r = await import('../render/ranking.js');
        let call = await resolveCall(ctx, rt.opts.call);
        if (opts.whatIf !== undefined) {
          const rows = await svc.whatIf(ctx, call, opts.whatIf, tierKr);
          if (rt.out.json) rt.out.data(r.whatIfJson(call, rows));
          else rt.deps.stdout.write(r.renderWhatIf(rt.out, call, rows));
          return;
        }
        const overrides = svc.budgetOverrides(call, budgetKr, tierKr);
        const budgetGiven = Object.keys(overrides).length > 0;
        // a what-if budget is never stored unless asked for with --commit; then it becomes the call's budget
        const dryRun = !!opts.dryRun || (budgetGiven && !opts.commit);
        const committed = budgetGiven && !dryRun ? await svc.allocateWithBudgets(ctx, call, overrides) : null;
        const run = committed ?? (await svc.runAllocation(ctx, call, { dryRun, overrides }));
        if (committed) call = committed.call;
        const names = new Map(run.ranking.data.panel.map((e) => [e.id, e.name]));
        if (rt.out.json) {
          rt.out.data(r.allocationJson(call, run.result, { stored: run.stored, run: run.runId, inputsHash: run.hash, moves: r.movesJson(run.moves) }));
        } else {
          rt.deps.stdout.write(r.renderAllocation(rt.out, call, run.result, run.ranking.data.applications, run.ranking.ranked));
          rt.out.line('');
          rt.out.line(run.stored ? t('allocate.stored', { run: run.runId, changed: run.changed, hash: run.hash.slice(0, 12) }) : t('allocate.not_stored'));
          r.renderMoves(rt.out, call, run.moves);
        }
        if (committed && committed.changes.length) {
          const { callBudgetChanges } = await import('../render/call.js');
          rt.out.info(t('callupdate.budget_committed', { slug: call.slug, changes: callBudgetChanges(rt.out, committed.changes) }));
        }
        // nobody to score at all is one thing to say, not a warning per application
        if (run.ranking.data.panel.length === 0 && run.ranking.ranked.some((x) => x.incomplete)) {
          const { allEvaluators } = await import('../../services/scoring.js');
          const registered = (await allEvaluators(ctx)).length;
          rt.out.warn(t(registered === 0 ? 'allocate.no_evaluators' : 'allocate.no_scores', { call: call.slug, count: registered }));
          return;
        }
        for (const ra of run.ranking.ranked.filter((x) => x.incomplete)) {
          const f = ra.aggregate.flags.find((x) => x.code === 'incomplete');
          if (f) rt.out.warn(`${ra.ref}: ${r.flagText(call, f, rt.out, names, ra.ref)}`);
        }
      }),
    );
  examples(alloc, 'help.allocate.examples');

  const decide = program
    .command('decide')
    .description(t('help.decide'))
    .argument('<ref>', t('help.applications.show.ref'))
    .addOption(option('--grant <kroner>', t('help.decide.grant')).argParser(oreOption('--grant')).conflicts(['reject', 'clear']))
    .option('--tier <key>', t('help.decide.tier'))
    .addOption(option('--reject', t('help.decide.reject')).conflicts('clear'))
    .option('--clear', t('help.decide.clear'))
    .option('--note <text>', t('help.decide.note'))
    .addOption(option('--override-state-aid', t('help.decide.override_state_aid')).conflicts(['reject', 'clear']))
    .action(
      action(async (rt, ref, opts) => {
        const { UsageError } = await import('../../core/errors.js');
        // two of them are refused by commander (.conflicts); none at all is refused here
        if (opts.grant === undefined && !opts.reject && !opts.clear) throw new UsageError('usage.decide_one');
        if (opts.reject && !opts.note?.trim()) throw new UsageError('usage.reject_note');
        if (opts.overrideStateAid && !opts.note?.trim()) throw new UsageError('usage.override_state_aid_note');
        const amount = opts.grant ?? 0;
        const ctx = await rt.open();
        const { resolveCall } = await import('../../services/calls.js');
        const { decide: decideSvc } = await import('../../services/allocation.js');
        const call = await resolveCall(ctx, rt.opts.call);
        const res = await decideSvc(
          ctx,
          call,
          ref,
          opts.clear ? { kind: 'clear' } : opts.reject ? { kind: 'reject', note: opts.note!.trim() } : { kind: 'grant', amount, tier: opts.tier, note: opts.note?.trim(), overrideStateAid: !!opts.overrideStateAid },
        );
        for (const w of res.warnings) rt.out.warn(t(w.code, w.params));
        if (rt.out.json) rt.out.data({ ref, status: res.status, tier: res.tier?.key ?? null, granted: res.granted / 100, manual: res.status !== null });
        else if (res.status === null) rt.out.line(t('decide.cleared', { ref }));
        else {
          const { tierName } = await import('../render/ranking.js');
          rt.out.line(t(res.status === 'rejected' ? 'decide.rejected' : 'decide.granted', { ref, amount: { money: res.granted }, tier: tierName(call, res.tier?.key ?? null, rt.out) }));
        }
      }),
    );
  examples(decide, 'help.decide.examples');
}
