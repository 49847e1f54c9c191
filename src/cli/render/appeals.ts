/** Rendering appeals (`klynge appeal register | decide | list`). */
import { formatMoney } from '../../io/i18n/index.js';
import type { Output } from '../../io/output.js';
import { renderTable } from '../../io/table.js';
import { safe } from '../../io/text.js';
import type { AppealDecided, AppealRegistered, AppealRow } from '../../services/appeals.js';
import { formatDate } from './applications.js';

/** What `appeal register` says: received, notified and from where, the deadline, in time or late. */
export function renderRegistered(out: Output, r: AppealRegistered): string {
  const { t, lang } = out;
  const d = (iso: string) => formatDate(iso, lang);
  const lines = [t('appeal.registered', { ref: r.ref, received: d(r.received) }), t('appeal.notified_line', { notified: d(r.notified), from: t(`appeal.from.${r.notifiedFrom}`) })];
  if (r.notifiedFrom === 'given' && r.letterDate !== null && r.letterDate !== r.notified) lines.push(t('appeal.letter_differs', { letter: d(r.letterDate) }));
  lines.push(t('appeal.deadline_line', { deadline: d(r.deadline) }));
  // the day three weeks end, and (when there are more) the days off after it
  if (r.movedPast.length === 1) lines.push(t('appeal.moved', { nominal: d(r.nominal) }));
  else if (r.movedPast.length) lines.push(t('appeal.moved_many', { nominal: d(r.nominal), rest: r.movedPast.slice(1).map(d).join(', ') }));
  lines.push(r.inTime ? out.c.green(t('appeal.in_time')) : out.c.yellow(t(r.daysLate === 1 ? 'appeal.late.one' : 'appeal.late.other', { days: r.daysLate })));
  lines.push(t('appeal.next', { ref: r.ref }));
  return lines.join('\n') + '\n';
}

/** What `appeal decide` says: upheld (and what it re-opened) or sent on to the appeal body. */
export function renderDecided(out: Output, r: AppealDecided): string {
  const { t, lang } = out;
  const date = formatDate(r.decidedOn, lang);
  if (r.outcome === 'rejected') return t('appeal.rejected_done', { ref: r.ref, date }) + '\n';
  const lines = [t('appeal.upheld_done', { ref: r.ref, date })];
  if (r.restored) lines.push(t(r.needsPanel ? 'appeal.restored_panel' : 'appeal.restored', { ref: r.ref }));
  else if (r.needsPanel) lines.push(t('appeal.needs_panel', { ref: r.ref }));
  if (r.clearedManual) lines.push(t('appeal.cleared_manual', { status: t(`status.${r.clearedManual.status}`), granted: formatMoney(r.clearedManual.granted, lang) }));
  // an answered offer binds the allocator: the appeal changes nothing there until the answer is taken back
  if (r.answered) lines.push(t(`appeal.answered_${r.answered.state}`, { ref: r.ref, granted: formatMoney(r.answered.granted, lang) }));
  lines.push(t('appeal.reopened_next'));
  return lines.join('\n') + '\n';
}

/** `appeal list`: one row per appeal, oldest received first, and a count. */
export function renderAppealList(out: Output, rows: AppealRow[]): string {
  const { t, lang } = out;
  const d = (iso: string | null) => (iso === null ? '–' : formatDate(iso, lang));
  const state = (a: AppealRow) => {
    const s = t(`appeal.state.${a.state}`);
    return a.state === 'open' ? out.c.yellow(s) : a.state === 'upheld' ? out.c.green(s) : s;
  };
  const table = renderTable(
    out,
    [
      { header: t('col.ref') },
      { header: t('col.applicant'), wrap: true },
      { header: t('appeal.col.received') },
      { header: t('appeal.col.notified') },
      { header: t('appeal.col.deadline') },
      { header: t('appeal.col.in_time'), words: true },
      { header: t('appeal.col.state'), words: true },
      { header: t('appeal.col.decided') },
      { header: t('appeal.col.note'), wrap: true },
    ],
    rows.map((a) => [
      safe(a.ref),
      safe(a.applicant),
      d(a.received),
      d(a.notified),
      d(a.deadline),
      a.inTime ? t('appeal.yes') : out.c.yellow(t('appeal.late_days', { days: a.daysLate })),
      state(a),
      d(a.decidedOn),
      safe(a.decisionNote ?? a.note ?? ''),
    ]),
  );
  const n = (s: AppealRow['state']) => rows.filter((a) => a.state === s).length;
  return table + t('appeal.list_summary', { count: rows.length, open: n('open'), upheld: n('upheld'), rejected: n('rejected'), late: rows.filter((a) => !a.inTime).length }) + '\n';
}
