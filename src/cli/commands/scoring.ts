import type { Command } from './typed.js';
import type { Registrar } from '../main.js';
import { csvFileOptions } from './csv-options.js';
import { emailOption } from '../flags.js';
import type { Runtime } from '../runtime.js';
import type { ScoringState } from '../score-flow.js';

const evaluatorName = (rt: Runtime, flag?: string) => flag ?? rt.deps.env.KLYNGE_EVALUATOR;

/** The evaluator a command acts for (`--evaluator` or KLYNGE_EVALUATOR), or the usage error saying how to give one. */
async function requiredEvaluator(rt: Runtime, flag?: string): Promise<string> {
  const name = evaluatorName(rt, flag);
  if (name) return name;
  const { UsageError } = await import('../../core/errors.js');
  throw new UsageError('usage.evaluator_needed');
}

/** `klynge evaluator`, `klynge conflict declare`, `klynge score` (interactive, set, import). */
export function registerScoring(program: Command, { t, action, examples }: Registrar): void {
  const evaluator = program.command('evaluator').description(t('help.evaluator'));
  examples(evaluator, 'help.evaluator.examples');
  const add = evaluator
    .command('add')
    .description(t('help.evaluator.add'))
    .argument('<name>', t('help.evaluator.add.name'))
    .option('--email <address>', t('help.evaluator.add.email'), emailOption)
    .action(
      action(async (rt, name, opts) => {
        const email = opts.email ?? null;
        const ctx = await rt.open({ create: true });
        const { addEvaluator } = await import('../../services/scoring.js');
        const e = await addEvaluator(ctx, name, email);
        if (rt.out.json) rt.out.data({ evaluator: e });
        else rt.out.line(t('evaluator.added', { name: e.name }));
      }),
    );
  examples(add, 'help.evaluator.add.examples');

  const list = evaluator
    .command('list')
    .description(t('help.evaluator.list'))
    .action(
      action(async (rt) => {
        const ctx = await rt.open({ access: 'read' });
        const { resolveCall } = await import('../../services/calls.js');
        const { evaluatorProgress } = await import('../../services/scoring.js');
        const call = await resolveCall(ctx, rt.opts.call);
        const rows = await evaluatorProgress(ctx, call);
        if (rt.out.json) {
          rt.out.data({ call: call.slug, evaluators: rows.map((r) => ({ name: r.evaluator.name, email: r.evaluator.email, scored: r.scored, partial: r.partial, conflicts: r.conflicts, remaining: r.remaining, total: r.total })) });
          return;
        }
        if (rows.length === 0) {
          rt.out.info(t('evaluator.none_yet'));
          return;
        }
        const { renderEvaluatorList } = await import('../render/reports.js');
        rt.deps.stdout.write(renderEvaluatorList(rt.out, rows));
      }),
    );
  examples(list, 'help.evaluator.list.examples');

  const rename = evaluator
    .command('rename')
    .description(t('help.case.evaluator.rename'))
    .argument('<old>', t('help.case.evaluator.old'))
    .argument('<new>', t('help.case.evaluator.new'))
    .action(
      action(async (rt, oldName, newName) => {
        const ctx = await rt.open();
        const { renameEvaluator } = await import('../../services/case.js');
        const r = await renameEvaluator(ctx, oldName, newName);
        if (rt.out.json) rt.out.data({ evaluator: { old: r.old, new: r.new } });
        else rt.out.line(t('case.evaluator.renamed', { old: r.old, new: r.new }));
      }),
    );
  examples(rename, 'help.case.evaluator.rename.examples');

  const remove = evaluator
    .command('remove')
    .description(t('help.case.evaluator.remove'))
    .argument('<name>', t('help.evaluator.add.name'))
    .option('--drop-scores', t('help.case.evaluator.drop_scores'))
    .action(
      action(async (rt, name, opts) => {
        const ctx = await rt.open();
        const { removeEvaluator } = await import('../../services/case.js');
        const r = await removeEvaluator(ctx, name, !!opts.dropScores);
        if (rt.out.json) rt.out.data({ evaluator: r.name, scoresDropped: r.scoresDropped, conflictsRemoved: r.conflictsRemoved, assignmentsRemoved: r.assignmentsRemoved, calls: r.calls });
        else {
          rt.out.line(t('case.evaluator.removed', { name: r.name }));
          if (r.scoresDropped) rt.out.warn(t('case.evaluator.scores_dropped', { count: r.scoresDropped, calls: r.calls.join(', ') }));
          if (r.conflictsRemoved) rt.out.info(t('case.evaluator.conflicts_removed', { count: r.conflictsRemoved }));
          if (r.assignmentsRemoved) rt.out.warn(t('case.evaluator.assignments_removed', { name: r.name, count: r.assignmentsRemoved }));
        }
      }),
    );
  examples(remove, 'help.case.evaluator.remove.examples');

  const conflict = program.command('conflict').description(t('help.conflict'));
  examples(conflict, 'help.conflict.examples');
  const declare = conflict
    .command('declare')
    .description(t('help.conflict.declare'))
    .argument('<ref>', t('help.applications.show.ref'))
    .option('--evaluator <name>', t('help.score.evaluator'))
    .requiredOption('--reason <text>', t('help.conflict.reason'))
    .action(
      action(async (rt, ref, opts) => {
        const name = await requiredEvaluator(rt, opts.evaluator);
        const ctx = await rt.open();
        const { resolveCall } = await import('../../services/calls.js');
        const { declareConflict } = await import('../../services/scoring.js');
        const call = await resolveCall(ctx, rt.opts.call);
        const r = await declareConflict(ctx, call, ref, name, opts.reason);
        if (rt.out.json) rt.out.data({ ref, evaluator: r.evaluator.name, reason: opts.reason.trim(), scoresNoLongerCounted: r.earlierScores });
        else {
          rt.out.line(t('conflict.declared', { name: r.evaluator.name, ref }));
          if (r.earlierScores) rt.out.warn(t('conflict.earlier_scores', { count: r.earlierScores, name: r.evaluator.name }));
        }
      }),
    );
  examples(declare, 'help.conflict.declare.examples');

  const cimport = conflict
    .command('import')
    .description(t('help.case.conflict.import'))
    .argument('<file>', t('help.import.file'))
    .option('--dry-run', t('help.import.dry_run'))
    .option('--add-evaluators', t('help.case.add_evaluators'));
  csvFileOptions(cimport, t).action(
    action(async (rt, file, flags) => {
      const { openCallCsv } = await import('../csv-source.js');
      const { map, ctx, call, src } = await openCallCsv(rt, file, flags);
      const { readConflictRows } = await import('../../services/conflict-rows.js');
      const { rows, issues, columns } = await readConflictRows(src, map);
      const { importConflicts } = await import('../../services/case.js');
      const r = await importConflicts(ctx, call, src.file, rows, issues, { dryRun: !!flags.dryRun, addEvaluators: !!flags.addEvaluators, columns });
      if (rt.out.json) rt.out.data({ file, call: call.slug, dryRun: !!flags.dryRun, ...r });
      else {
        rt.out.line(t(flags.dryRun ? 'case.conflict.import_dry' : 'case.conflict.import_done', { file, rows: r.rows, declared: r.declared, already: r.already }));
        if (r.scoresNoLongerCounted) rt.out.warn(t('case.conflict.import_earlier', { count: r.scoresNoLongerCounted }));
        if (r.evaluatorsAdded.length) rt.out.line(t(flags.dryRun ? 'score.import_would_add' : 'score.import_added', { names: r.evaluatorsAdded.join(', ') }));
      }
    }),
  );
  examples(cimport, 'help.case.conflict.import.examples');

  const clist = conflict
    .command('list')
    .description(t('help.case.conflict.list'))
    .action(
      action(async (rt) => {
        const ctx = await rt.open({ access: 'read' });
        const { resolveCall } = await import('../../services/calls.js');
        const { listConflicts } = await import('../../services/case.js');
        const call = await resolveCall(ctx, rt.opts.call);
        const rows = await listConflicts(ctx, call);
        if (rt.out.json) rt.out.data({ call: call.slug, conflicts: rows });
        else if (rows.length === 0) rt.out.info(t('case.conflict.none_yet', { call: call.slug }));
        else {
          const { renderConflictList } = await import('../render/case.js');
          rt.deps.stdout.write(renderConflictList(rt.out, rows));
        }
      }),
    );
  examples(clist, 'help.case.conflict.list.examples');

  const cwithdraw = conflict
    .command('withdraw')
    .description(t('help.case.conflict.withdraw'))
    .argument('<ref>', t('help.applications.show.ref'))
    .option('--evaluator <name>', t('help.score.evaluator'))
    .requiredOption('--reason <text>', t('help.case.conflict.withdraw_reason'))
    .action(
      action(async (rt, ref, opts) => {
        const name = await requiredEvaluator(rt, opts.evaluator);
        const ctx = await rt.open();
        const { resolveCall } = await import('../../services/calls.js');
        const { withdrawConflict } = await import('../../services/case.js');
        const call = await resolveCall(ctx, rt.opts.call);
        const r = await withdrawConflict(ctx, call, ref, name, opts.reason);
        if (rt.out.json) rt.out.data({ call: call.slug, ref: r.ref, evaluator: r.evaluator, reason: opts.reason.trim(), scoresCountAgain: r.scoresCountAgain });
        else {
          rt.out.line(t('case.conflict.withdrawn', { name: r.evaluator, ref: r.ref }));
          if (r.scoresCountAgain) rt.out.warn(t('case.conflict.scores_count_again', { count: r.scoresCountAgain, name: r.evaluator }));
        }
      }),
    );
  examples(cwithdraw, 'help.case.conflict.withdraw.examples');

  const score = program
    .command('score')
    .description(t('help.score'))
    .option('--evaluator <name>', t('help.score.evaluator'))
    .action(
      action(async (rt, opts) => {
        const { UsageError } = await import('../../core/errors.js');
        if (!rt.deps.stdinIsTTY || !rt.deps.stdout.isTTY || rt.out.json) throw new UsageError('score.no_terminal');
        const ctx = await rt.open();
        const { resolveCall } = await import('../../services/calls.js');
        const { allEvaluators, evaluatorNamed } = await import('../../services/scoring.js');
        const call = await resolveCall(ctx, rt.opts.call);
        const { promptWords, scoringSession } = await import('../score-flow.js');
        const p = rt.deps.prompter ? await rt.deps.prompter() : new (await import('../../io/prompts.js')).InquirerPrompter((s) => rt.deps.stdout.write(s), promptWords(t));
        let name = evaluatorName(rt, opts.evaluator);
        if (name) name = (await evaluatorNamed(ctx, name)).name;
        else {
          const all = await allEvaluators(ctx);
          if (all.length === 0) throw new UsageError('score.no_evaluators');
          name = await p.select({ message: t('scoring.who'), choices: all.map((e) => ({ value: e.name, name: e.name })) });
        }
        // a signal (SIGTERM, or SIGINT outside the prompt's raw mode) ends the session: say what was saved
        const state: ScoringState = { saved: 0 };
        rt.onSignal((signal) => {
          if (state.confirming) rt.out.info(t('scoring.signal_unsaved', { signal, ref: state.confirming, count: state.saved }));
          else if (state.lastSaved) rt.out.info(t('scoring.signal_saved', { signal, ref: state.lastSaved, count: state.saved }));
          else rt.out.info(t('scoring.signal_nothing', { signal }));
        });
        const saved = await scoringSession({ ctx, call, evaluator: name, out: rt.out, p, state });
        rt.out.info(t('scoring.bye', { count: saved }));
      }),
    );
  examples(score, 'help.score.examples');

  const set = score
    .command('set')
    .description(t('help.score.set'))
    .argument('<ref>', t('help.applications.show.ref'))
    .argument('<criterion=value...>', t('help.score.set.values'))
    .option('--evaluator <name>', t('help.score.evaluator'))
    .option('--comment <text>', t('help.score.set.comment'))
    .option('--off-panel', t('help.score.off_panel'))
    .action(
      action(async (rt, ref, pairs, opts) => {
        // the parent's --evaluator may have been given before "set"
        const name = await requiredEvaluator(rt, opts.evaluator ?? (rt.opts as { evaluator?: string }).evaluator);
        const { UsageError } = await import('../../core/errors.js');
        const svc = await import('../../services/scoring.js');
        const values: Record<string, number | null> = {};
        const given = new Map<string, string>(); // criterion → the pair that gave it
        for (const pair of pairs) {
          const m = /^([^=]+)=(.*)$/.exec(pair);
          if (m && /^\s*[+-]?\d+[.,]\d+\s*$/.test(m[2])) throw new UsageError('usage.score_whole', { pair });
          const v = m ? svc.parseScoreText(m[2]) : undefined;
          if (!m || v === undefined) throw new UsageError('usage.score_pair', { pair });
          const key = m[1].trim();
          // green=3 green=4 is a slip, not a correction: keeping the last one would hide it
          const first = given.get(key);
          if (first !== undefined) throw new UsageError('usage.score_twice', { criterion: key, first, pair });
          given.set(key, pair);
          values[key] = v;
        }
        const ctx = await rt.open();
        const { resolveCall } = await import('../../services/calls.js');
        const call = await resolveCall(ctx, rt.opts.call);
        const r = await svc.saveScores(ctx, call, ref, name, values, opts.comment ?? '', undefined, !!opts.offPanel);
        // the name as stored ("kari nordmann" typed is Kari Nordmann)
        const stored = (await ctx.store.evaluators.get(name)).name;
        if (rt.out.json) rt.out.data({ ref, evaluator: stored, changed: r.changed, justified: r.justified, unchanged: r.unchanged });
        else rt.out.line(t(r.justified ? 'score.set_done_justified' : 'score.set_done', { ref, name: stored, changed: r.changed.length, justified: r.justified, unchanged: r.unchanged }));
      }),
    );
  examples(set, 'help.score.set.examples');

  const imp = score
    .command('import')
    .description(t('help.score.import'))
    .argument('<file>', t('help.import.file'))
    .option('--dry-run', t('help.import.dry_run'))
    .option('--add-evaluators', t('help.case.add_evaluators'))
    .option('--off-panel', t('help.score.off_panel'));
  csvFileOptions(imp, t).action(
      action(async (rt, file, flags) => {
        const { openCallCsv } = await import('../csv-source.js');
        const { map, ctx, call, src } = await openCallCsv(rt, file, flags);
        const { readScoreRows } = await import('../../services/score-rows.js');
        const { rows, issues, columns } = await readScoreRows(src, map);
        const { importScores } = await import('../../services/scoring.js');
        const r = await importScores(ctx, call, src.file, rows, issues, !!flags.dryRun, columns, !!flags.addEvaluators, !!flags.offPanel);
        if (rt.out.json) rt.out.data({ file, call: call.slug, dryRun: !!flags.dryRun, ...r });
        else {
          rt.out.line(
            t(flags.dryRun ? 'score.import_dry' : r.justified ? 'score.import_done_justified' : 'score.import_done', {
              file,
              rows: r.rows,
              changed: r.changed,
              justified: r.justified,
              unchanged: r.unchanged,
              applications: r.applications,
            }),
          );
          if (r.evaluatorsAdded.length) rt.out.line(t(flags.dryRun ? 'score.import_would_add' : 'score.import_added', { names: r.evaluatorsAdded.join(', ') }));
          if (r.onExcluded) rt.out.warn(t('case.score_import_excluded', { count: r.onExcluded }));
          if (r.offPanel) rt.out.warn(t('score.import_off_panel', { count: r.offPanel }));
        }
      }),
    );
  examples(imp, 'help.score.import.examples');
}
