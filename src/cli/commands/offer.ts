import type { Command } from './typed.js';
import type { Registrar } from '../main.js';
import { parseIsoDateFlag } from '../flags.js';


/**
 * `klynge offer accept|decline REF [--date D] [--note T]`, `klynge offer undo REF` and
 * `klynge offer list`: the applicants' answers to the grants of the stored allocation.
 */
export function registerOffer(program: Command, { t, action, examples }: Registrar): void {
  const offer = program.command('offer').description(t('help.offer'));
  for (const state of ['accepted', 'declined'] as const) {
    const name = state === 'accepted' ? 'accept' : 'decline';
    const cmd = offer
      .command(name)
      .description(t(`help.offer.${name}`))
      .argument('<ref>', t('help.offer.ref'))
      .option('--date <date>', t('help.offer.date'))
      .option('--note <text>', t('help.offer.note'))
      .action(
        action(async (rt, ref, opts) => {
          const date = opts.date === undefined ? undefined : parseIsoDateFlag('--date', opts.date);
          const ctx = await rt.open();
          const { resolveCall } = await import('../../services/calls.js');
          const call = await resolveCall(ctx, rt.opts.call);
          const { answerOffer } = await import('../../services/offers.js');
          const r = await answerOffer(ctx, call, ref, state, { date, note: opts.note });
          if (rt.out.json) {
            rt.out.data({ call: call.slug, ref: r.ref, state: r.state, tier: r.tier, granted: r.granted / 100, date: r.answeredOn, deadline: r.deadline, late: r.late, clearedManual: r.clearedManual });
            return;
          }
          const { tierName } = await import('../render/ranking.js');
          const { formatDate } = await import('../render/applications.js');
          rt.out.line(t(state === 'accepted' ? 'offer.accepted' : 'offer.declined', { ref: r.ref, amount: { money: r.granted }, tier: tierName(call, r.tier, rt.out), date: formatDate(r.answeredOn, rt.out.lang) }));
          if (r.late) rt.out.warn(t('offer.late', { deadline: formatDate(r.deadline!, rt.out.lang) }));
          if (r.clearedManual) rt.out.info(t('offer.cleared_manual', { ref: r.ref }));
        }),
      );
    examples(cmd, `help.offer.${name}.examples`);
  }
  const undo = offer
    .command('undo')
    .description(t('help.offer.undo'))
    .argument('<ref>', t('help.offer.ref'))
    .option('--note <text>', t('help.offer.note'))
    .action(
      action(async (rt, ref, opts) => {
        const ctx = await rt.open();
        const { resolveCall } = await import('../../services/calls.js');
        const call = await resolveCall(ctx, rt.opts.call);
        const { undoAnswer } = await import('../../services/offers.js');
        const was = await undoAnswer(ctx, call, ref, opts.note);
        if (rt.out.json) rt.out.data({ call: call.slug, ref: was.ref, undone: { state: was.state, date: was.answeredOn } });
        else {
          const { formatDate } = await import('../render/applications.js');
          rt.out.line(t('offer.undone', { ref: was.ref, state: t(`offer.state.${was.state}`), date: formatDate(was.answeredOn, rt.out.lang) }));
        }
      }),
    );
  examples(undo, 'help.offer.undo.examples');
  const list = offer
    .command('list')
    .description(t('help.offer.list'))
    .action(
      action(async (rt) => {
        const ctx = await rt.open({ access: 'read' });
        const { resolveCall } = await import('../../services/calls.js');
        const call = await resolveCall(ctx, rt.opts.call);
        const { listOffers } = await import('../../services/offers.js');
        const offers = await listOffers(ctx, call);
        if (rt.out.json) {
          rt.out.data({ call: call.slug, offers: offers.map((o) => ({ ...o, granted: o.granted / 100, requested: o.requested / 100 })) });
          return;
        }
        if (offers.length === 0) {
          rt.out.info(t('offer.none_yet', { call: call.slug }));
          return;
        }
        const { renderOfferList } = await import('../render/offers.js');
        rt.deps.stdout.write(renderOfferList(rt.out, call, offers));
      }),
    );
  examples(list, 'help.offer.list.examples');
  examples(offer, 'help.offer.examples');
}
