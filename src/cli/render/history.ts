/** An undertaking across calls and years: `klynge applications history`. */
import { formatMoney } from '../../io/i18n/index.js';
import type { Output } from '../../io/output.js';
import { renderTable } from '../../io/table.js';
import { safe } from '../../io/text.js';
import type { UndertakingHistory } from '../../services/state-aid.js';
import { formatDate, statusText } from './applications.js';
import { kr } from './units.js';

export function historyJson(h: UndertakingHistory): unknown {
  return {
    orgNumber: h.orgNumber,
    applicant: h.applicant,
    applications: h.applications.map((a) => ({ ...a, requested: kr(a.requested), granted: kr(a.granted) })),
    otherAid: h.otherAid.map((a) => ({ ...a, amount: a.amount / 100 })),
    period: h.period && { ...h.period, ceiling: kr(h.period.ceiling), other: kr(h.period.other), own: kr(h.period.own), headroom: kr(h.period.headroom) },
  };
}

export function renderHistory(out: Output, h: UndertakingHistory): string {
  const { t, lang, c } = out;
  const lines = [c.bold(`${safe(h.applicant)} (${t('card.orgnr')} ${h.orgNumber.replace(/^(\d{3})(\d{3})(\d{3})$/, '$1 $2 $3')})`), ''];
  if (h.applications.length) {
    lines.push(
      renderTable(
        out,
        [
          { header: t('col.year'), align: 'right' },
          { header: t('history.col.call') },
          { header: t('col.ref') },
          { header: t('col.requested'), align: 'right' },
          { header: t('col.granted'), align: 'right' },
          { header: t('col.status'), words: true },
          { header: t('history.col.basis') },
        ],
        h.applications.map((a) => [
          String(a.year),
          safe(a.call),
          safe(a.ref),
          formatMoney(a.requested, lang),
          formatMoney(a.granted, lang),
          a.status ? statusText(out, a.status) : '–',
          a.basis ?? '–',
        ]),
      ).trimEnd(),
    );
  }
  if (h.otherAid.length) {
    lines.push('', c.bold(t('history.other_aid')));
    for (const a of h.otherAid) {
      const amount = a.currency === 'NOK' ? formatMoney(a.amount, lang) : `EUR ${(a.amount / 100).toFixed(2)}`;
      lines.push(`  ${formatDate(a.date, lang)}  ${amount}  ${safe(a.giver)}  ${a.basis}`);
    }
  }
  if (h.period) {
    const p = h.period;
    lines.push(
      '',
      t('history.period', {
        call: p.call,
        from: formatDate(p.from, lang),
        to: formatDate(p.to, lang),
        other: { money: p.other },
        own: { money: p.own },
        ceiling: { money: p.ceiling },
        headroom: { money: p.headroom },
      }),
    );
  }
  return lines.join('\n') + '\n';
}
