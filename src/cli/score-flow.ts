/**
 * The interactive scoring walk-through (SPEC §5): pick an application, read its
 * card, answer the conflict question, score each criterion, justify, confirm.
 * One application is saved in one transaction on confirm; anything before that
 * lives only in memory, so quitting or Ctrl-C loses only the unconfirmed one.
 */
import { type Call, localText } from '../core/call.js';
import type { Prompter, Choice } from '../io/prompter.js';
import type { Output } from '../io/output.js';
import { type Formatter, formatNumber } from '../io/i18n/index.js';
import type { PromptWords } from '../io/prompts.js';
import type { ServiceContext } from '../services/context.js';
import { listApplicationsWithStatus } from '../services/applications.js';
import { assignedTo } from '../services/panels.js';
import { reopenedByAppeal } from '../services/appeals.js';
import { type Mark, type ScoreValue, conflictReason, declareConflict, earlierAnswers, evaluatorNamed, evaluatorProgressOf, saveScores, scoringMarks } from '../services/scoring.js';
import { formatDate, renderCard } from './render/applications.js';
import { displayWidth, safe, truncate, wrapIndent } from '../io/text.js';
import type { Application } from '../core/types.js';

/** The prompts' words in the user's language: hints that say what each list's keys do. */
export function promptWords(t: Formatter): PromptWords {
  return {
    keys: t('prompt.hint.keys'),
    filter: t('prompt.hint.filter'),
    arrows: t('prompt.hint.arrows'),
    noMatch: t('prompt.no_match'),
    required: t('scoring.required'),
    yes: t('yes.word'),
    no: t('no.word'),
  };
}

/** The value of the Quit choice (not a possible case number). */
export const QUIT = '\u0000quit';
const NA = 'na';


interface Env {
  ctx: ServiceContext;
  call: Call;
  evaluator: string;
  out: Output;
  p: Prompter;
  /** where the session is, for whoever must say what a signal interrupted */
  state?: ScoringState;
}

/** What a signal would interrupt: the application at the save question, and what was saved. */
export interface ScoringState {
  /** the application whose summary asks save/edit/discard right now (nothing of it saved yet) */
  confirming?: string;
  /** the application saved last, and how many were saved in the session */
  lastSaved?: string;
  saved: number;
}

/** Withdrawn and ineligible applications are not offered to evaluators. */
const offered = (a: { status: string }): boolean => a.status !== 'withdrawn' && a.status !== 'ineligible';

/** Run the session until the evaluator quits. Returns how many applications were saved. */
export async function scoringSession(env: Env): Promise<number> {
  const { ctx, call, p, out } = env;
  const { t } = out;
  const evaluator = await evaluatorNamed(ctx, env.evaluator);
  // with panels (issue 14 item 4) only the applications assigned to this evaluator are offered
  const mine = await assignedTo(ctx, call, evaluator.id);
  const offeredHere = (a: { id: number; status: string }) => offered(a) && (mine === null || mine.has(a.id));
  let saved = 0;
  let pick: string | undefined;
  for (;;) {
    const apps = (await listApplicationsWithStatus(ctx, call)).filter(offeredHere);
    if (apps.length === 0) {
      p.show(t('scoring.no_applications', { call: call.slug }));
      return saved;
    }
    const byId = await scoringMarks(ctx, call, evaluator.id);
    const marks = new Map<string, Mark>(apps.map((a) => [a.ref, byId.get(a.id) ?? 'todo']));
    const prog = await evaluatorProgressOf(ctx, call, evaluator);
    p.show('\n' + out.c.bold(t('scoring.header', { name: evaluator.name, call: call.name })) + '  ' + t('scoring.progress', { scored: prog.scored, conflicts: prog.conflicts, remaining: prog.remaining }));
    // what the marks before each application mean, on a line of its own so the question fits 80 columns
    p.show(out.c.dim(t('scoring.legend')));
    // an upheld appeal re-opens an application: it is marked, and offered first
    const reopened = await reopenedByAppeal(ctx, call, evaluator.id);
    const nextTodo = apps.find((a) => reopened.has(a.id)) ?? apps.find((a) => marks.get(a.ref) === 'todo' || marks.get(a.ref) === 'partial');
    if (!pick) pick = nextTodo?.ref;
    const symbol: Record<Mark, string> = { done: '✓', partial: '◐', conflict: '✗', todo: '·' };
    const choices: Choice<string>[] = apps.map((a) => ({
      value: a.ref,
      name: truncate(
        safe(`${symbol[marks.get(a.ref)!]} ${a.ref}  ${reopened.has(a.id) ? `[${t('appeal.marker', { date: formatDate(reopened.get(a.id)!, out.lang) })}] ` : ''}${a.applicant} — ${a.title}`.replace(/\s*\n\s*/g, ' ')),
        out.width - 4,
      ),
    }));
    // typing filters the list (a case number, an applicant): Quit stays whatever is typed
    choices.push({ value: QUIT, name: t('scoring.quit'), pinned: true });
    const ref = await p.select({ message: t('scoring.pick'), choices, default: pick ?? QUIT, pageSize: 15, filter: true });
    if (ref === QUIT) return saved;
    let current = apps.find((a) => a.ref === ref)!;
    // score it, then ask what next: the next one to do, the list, or quit
    for (;;) {
      if ((await scoreOne(env, evaluator.id, current)) === 'saved') saved++;
      const now = await scoringMarks(ctx, call, evaluator.id);
      const remaining = (await listApplicationsWithStatus(ctx, call)).filter((a) => offeredHere(a) && a.ref !== current.ref && ['todo', 'partial'].includes(now.get(a.id) ?? 'todo'));
      const next = remaining[0];
      if (!next) p.show(t('scoring.all_done'));
      const what = await p.select({
        message: t('scoring.what_now'),
        choices: [
          ...(next ? [{ value: 'next', name: t('scoring.next', { ref: next.ref, applicant: next.applicant }), key: t('scoring.key.next') }] : []),
          { value: 'list', name: t('scoring.back_to_list'), key: t('scoring.key.list') },
          { value: QUIT, name: t('scoring.quit'), key: t('scoring.key.quit') },
        ],
        default: next ? 'next' : 'list',
      });
      if (what === QUIT) return saved;
      if (what === 'list') {
        pick = next?.ref;
        break;
      }
      current = next!;
    }
  }
}

/** Score one application. Nothing is written before the evaluator confirms. */
async function scoreOne(env: Env, evaluatorId: number, app: Application): Promise<'saved' | 'discarded' | 'conflict'> {
  const { ctx, call, p, out } = env;
  const { t, lang } = out;
  p.show('\n' + renderCard(out, app) + '\n');
  const conflict = await conflictReason(ctx, evaluatorId, app.id);
  if (conflict !== null) {
    p.show(out.c.yellow(t('scoring.already_conflicted', { reason: conflict })));
    return 'conflict';
  }
  const hasConflict = await p.confirm({ message: t('scoring.conflict_question'), default: false });
  if (hasConflict) {
    const reason = await p.input({ message: t('scoring.conflict_reason'), required: true });
    const sure = await p.confirm({ message: t('scoring.conflict_confirm', { ref: app.ref }), default: true });
    if (!sure) return 'discarded';
    await declareConflict(ctx, call, app.ref, env.evaluator, reason);
    p.show(t('scoring.conflict_saved', { ref: app.ref }));
    return 'conflict';
  }
  const earlier = await earlierAnswers(ctx, call, app.ref, env.evaluator);
  const values: Record<string, ScoreValue> = { ...earlier.values };
  // each criterion's own justification (optional), beside the overall one
  const own: Record<string, string> = { ...earlier.own };
  if (Object.keys(earlier.values).length) p.show(out.c.dim(t('scoring.earlier')));
  const askCriterion = async (i: number) => {
    const cr = call.criteria[i];
    const choices: Choice<string>[] = [];
    for (let v = call.scale.max; v >= call.scale.min; v--) {
      const label = localText(call.scale.labels[String(v)], lang);
      // single-key picks work for scales of one-digit values
      choices.push({ value: String(v), name: label ? `${v} – ${safe(label)}` : String(v), key: v >= 0 && v <= 9 ? String(v) : undefined });
    }
    if (cr.allowNA) choices.push({ value: NA, name: t('scoring.na'), key: 'n' });
    const prior = values[cr.key];
    // a new criterion starts on no score (a stray Enter gives nothing); a re-opened one on the earlier answer
    const def = prior === undefined ? undefined : prior === null ? NA : String(prior);
    const weight = cr.weight === 1 ? '' : ' ' + t('scoring.weight', { weight: cr.weight });
    const desc = cr.description ? ` — ${safe(localText(cr.description, lang))}` : '';
    const answer = await p.select({
      message: `${i + 1}/${call.criteria.length} ${safe(localText(cr.name, lang))}${weight}${desc}`,
      choices,
      default: def,
    });
    values[cr.key] = answer === NA ? null : Number(answer);
    own[cr.key] = (await p.input({ message: t('scoring.criterion_justification', { criterion: localText(cr.name, lang) }), default: own[cr.key] ?? '' })).trim();
  };
  for (let i = 0; i < call.criteria.length; i++) await askCriterion(i);
  // the overall justification is required unless every criterion has its own
  const askOverall = async (current: string) => {
    const allOwn = call.criteria.every((c) => own[c.key]);
    return (await p.input({ message: t(allOwn ? 'scoring.overall_optional' : 'scoring.overall_required'), default: current, required: !allOwn })).trim();
  };
  let justification = await askOverall(earlier.overall);

  for (;;) {
    p.show('\n' + summaryText(env, values, own, justification));
    if (env.state) env.state.confirming = app.ref;
    const choice = await p.select({
      message: t('scoring.confirm'),
      // keys from the catalogue: the first letter of each word in the user's language
      choices: [
        { value: 'save', name: t('scoring.save'), key: t('scoring.key.save') },
        { value: 'edit', name: t('scoring.edit_criterion'), key: t('scoring.key.edit') },
        { value: 'justify', name: t('scoring.edit_overall'), key: t('scoring.key.justify') },
        { value: 'discard', name: t('scoring.discard'), key: t('scoring.key.discard') },
      ],
      default: 'save',
    });
    if (choice === 'save') {
      // each criterion keeps its own justification, or the overall one where it has none (as score import keeps one per criterion)
      const comments = Object.fromEntries(call.criteria.map((c) => [c.key, own[c.key] || justification]));
      const r = await saveScores(ctx, call, app.ref, env.evaluator, values, comments, justification || null);
      if (env.state) Object.assign(env.state, { confirming: undefined, lastSaved: app.ref, saved: env.state.saved + 1 });
      p.show(out.c.green('✓ ') + t(r.changed.length || r.unchanged === 0 ? 'scoring.saved' : 'scoring.saved_unchanged', { ref: app.ref }));
      return 'saved';
    }
    if (env.state) env.state.confirming = undefined;
    if (choice === 'discard') {
      p.show(t('scoring.discarded', { ref: app.ref }));
      return 'discarded';
    }
    if (choice === 'justify') {
      justification = await askOverall(justification);
      continue;
    }
    const which = await p.select({
      message: t('scoring.which'),
      choices: call.criteria.map((c, i) => ({ value: String(i), name: safe(localText(c.name, lang)), key: String(i + 1) })),
    });
    await askCriterion(Number(which));
    // an overall justification left out because every criterion had its own is needed again when one has none
    if (!justification && !call.criteria.every((c) => own[c.key])) justification = await askOverall(justification);
  }
}

/** The evaluator's own weighted result: Σ w·v / Σ w over the criteria not answered n/a. */
export function ownResult(call: Call, values: Record<string, ScoreValue>): number | null {
  let sw = 0;
  let s = 0;
  for (const c of call.criteria) {
    const v = values[c.key];
    if (v === null || v === undefined) continue;
    sw += c.weight;
    s += c.weight * v;
  }
  return sw === 0 ? null : s / sw;
}

function summaryText(env: Env, values: Record<string, ScoreValue>, own: Record<string, string>, justification: string): string {
  const { call, out } = env;
  const { t, lang } = out;
  const lines = [out.c.bold(t('scoring.summary'))];
  const name = (c: Call['criteria'][number]) => safe(localText(c.name, lang));
  // padded by what the terminal shows: a decomposed "ø" is one column, not two
  const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - displayWidth(s)));
  const w = Math.max(...call.criteria.map((c) => displayWidth(name(c))), displayWidth(t('scoring.result')));
  for (const c of call.criteria) {
    const v = values[c.key];
    const label = v === null ? t('score.na') : safe(`${v} ${localText(call.scale.labels[String(v)], lang)}`.trim());
    lines.push(`  ${pad(name(c), w)}  ${label}`);
    // the criterion's own justification under it, wrapped to the terminal
    const indent = ' '.repeat(w + 4);
    if (own[c.key]) lines.push(out.c.dim(wrapIndent(`“${safe(own[c.key])}”`, out.width, indent, indent)));
  }
  const r = ownResult(call, values);
  lines.push(`  ${pad(t('scoring.result'), w)}  ${r === null ? '–' : formatNumber(r, lang)}`);
  lines.push(wrapIndent(`${t('scoring.overall_short')}: ${justification ? safe(justification) : '–'}`, out.width, '  ', '    '));
  return lines.join('\n');
}
