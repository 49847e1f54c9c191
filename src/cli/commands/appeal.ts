import type { Command } from './typed.js';
import type { Registrar } from '../main.js';
import { parseIsoDateFlag } from '../flags.js';

/**
 * `klynge appeal register REF --received D [--notified D] [--note T]`,
 * `klynge appeal decide REF --upheld|--rejected --note T [--date D]` and `klynge appeal list`:
 * appeals (*klage*) against decisions, forvaltningsloven §§ 28–33.
 */
export function registerAppeal(program: Command, { t, action, examples }: Registrar): void {
  const appeal = program.command('appeal').description(t('help.appeal'));
  const register = appeal
    .command('register')
    .description(t('help.appeal.register'))
    .argument('<ref>', t('help.appeal.ref'))
    .requiredOption('--received <date>', t('help.appeal.received'))
    .option('--notified <date>', t('help.appeal.notified'))
    .option('--note <text>', t('help.appeal.note'))
    .action(
      action(async (rt, ref, opts) => {
        const received = parseIsoDateFlag('--received', opts.received);
        const notified = opts.notified === undefined ? undefined : parseIsoDateFlag('--notified', opts.notified);
        const ctx = await rt.open();
        const { resolveCall } = await import('../../services/calls.js');
        const call = await resolveCall(ctx, rt.opts.call);
        const { registerAppeal: register } = await import('../../services/appeals.js');
        const r = await register(ctx, call, ref, { received, notified, note: opts.note });
        if (rt.out.json) {
          rt.out.data({ call: call.slug, ...r, appealed: { ...r.appealed, granted: r.appealed.granted / 100 } });
          return;
        }
        const { renderRegistered } = await import('../render/appeals.js');
        rt.deps.stdout.write(renderRegistered(rt.out, r));
      }),
    );
  examples(register, 'help.appeal.register.examples');
  const decide = appeal
    .command('decide')
    .description(t('help.appeal.decide'))
    .argument('<ref>', t('help.appeal.ref'))
    .option('--upheld', t('help.appeal.upheld'))
    .option('--rejected', t('help.appeal.rejected'))
    .option('--note <text>', t('help.appeal.decide_note'))
    .option('--date <date>', t('help.appeal.date'))
    .action(
      action(async (rt, ref, opts) => {
        const { UsageError } = await import('../../core/errors.js');
        if (!!opts.upheld === !!opts.rejected) throw new UsageError('usage.appeal_outcome');
        const date = opts.date === undefined ? undefined : parseIsoDateFlag('--date', opts.date);
        if (!opts.note?.trim()) throw new UsageError('appeal.note_required');
        const ctx = await rt.open();
        const { resolveCall } = await import('../../services/calls.js');
        const call = await resolveCall(ctx, rt.opts.call);
        const { decideAppeal } = await import('../../services/appeals.js');
        const r = await decideAppeal(ctx, call, ref, opts.upheld ? 'upheld' : 'rejected', { note: opts.note, date });
        if (rt.out.json) {
          rt.out.data({
            call: call.slug,
            ...r,
            clearedManual: r.clearedManual && { ...r.clearedManual, granted: r.clearedManual.granted / 100 },
            answered: r.answered && { ...r.answered, granted: r.answered.granted / 100 },
          });
          return;
        }
        const { renderDecided } = await import('../render/appeals.js');
        rt.deps.stdout.write(renderDecided(rt.out, r));
      }),
    );
  examples(decide, 'help.appeal.decide.examples');
  const list = appeal
    .command('list')
    .description(t('help.appeal.list'))
    .action(
      action(async (rt) => {
        const ctx = await rt.open({ access: 'read' });
        const { resolveCall } = await import('../../services/calls.js');
        const call = await resolveCall(ctx, rt.opts.call);
        const { listAppeals } = await import('../../services/appeals.js');
        const rows = await listAppeals(ctx, call);
        if (rt.out.json) {
          rt.out.data({ call: call.slug, appeals: rows.map((a) => ({ ref: a.ref, applicant: a.applicant, received: a.received, notified: a.notified, notifiedFrom: a.notifiedFrom, deadline: a.deadline, inTime: a.inTime, daysLate: a.daysLate, appealed: { status: a.appealedStatus, tier: a.appealedTier, granted: a.appealedGranted / 100 }, state: a.state, decidedOn: a.decidedOn, note: a.note, decisionNote: a.decisionNote, registeredBy: a.registeredBy, decidedBy: a.decidedBy })) });
          return;
        }
        if (rows.length === 0) {
          rt.out.info(t('appeal.none_yet', { call: call.slug }));
          return;
        }
        const { renderAppealList } = await import('../render/appeals.js');
        rt.deps.stdout.write(renderAppealList(rt.out, rows));
      }),
    );
  examples(list, 'help.appeal.list.examples');
  examples(appeal, 'help.appeal.examples');
}
