/** An undertaking across calls and years: `klynge applications history`. */
import { formatMoney } from '../../io/i18n/index.js';
import type { Output } from '../../io/output.js';
import { renderTable } from '../../io/table.js';
import { safe } from '../../io/text.js';
import type { HistoryRow, UndertakingHistory } from '../../services/state-aid.js';
import type { CsvOptions } from '../../io/csv-write.js';
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

/** `klynge report history`: one row per undertaking and year. */
export function historyReportJson(rows: HistoryRow[], years: number | undefined): unknown {
  return {
    years: years ?? null,
    undertakings: new Set(rows.map((r) => r.orgNumber)).size,
    repeatApplicants: new Set(rows.filter((r) => r.repeat).map((r) => r.orgNumber)).size,
    rows: rows.map((r) => ({ ...r, requested: kr(r.requested), granted: kr(r.granted), deMinimis: kr(r.deMinimis), headroom: kr(r.headroom) })),
  };
}

export async function historyReportCsv(rows: HistoryRow[], csv: CsvOptions = {}): Promise<string> {
  const { toCsv } = await import('../../io/csv-write.js');
  return toCsv(
    ['org_number', 'applicant', 'year', 'calls', 'requested', 'granted', 'repeat', 'de_minimis_in_period', 'headroom'],
    rows.map((r) => [r.orgNumber, r.applicant, r.year, r.calls.join(' '), kr(r.requested), kr(r.granted), r.repeat ? 'yes' : 'no', kr(r.deMinimis), kr(r.headroom)]),
    csv,
  );
}

export function renderHistoryReport(out: Output, rows: HistoryRow[]): string {
  const { t, lang } = out;
  const money = (v: number | null) => (v === null ? '–' : formatMoney(v, lang));
  const table = renderTable(
    out,
    [
      { header: t('history.col.org') },
      { header: t('col.applicant'), wrap: true },
      { header: t('col.year'), align: 'right' },
      { header: t('history.col.calls'), wrap: true },
      { header: t('col.requested'), align: 'right' },
      { header: t('col.granted'), align: 'right' },
      { header: t('history.col.de_minimis'), align: 'right' },
      { header: t('history.col.headroom'), align: 'right' },
    ],
    rows.map((r) => [r.orgNumber, safe(r.applicant) + (r.repeat ? ' *' : ''), String(r.year), safe(r.calls.join(', ')), money(r.requested), money(r.granted), money(r.deMinimis), money(r.headroom)]),
  );
  const repeat = new Set(rows.filter((r) => r.repeat).map((r) => r.orgNumber)).size;
  return table + t('history.repeat_note', { count: repeat, total: new Set(rows.map((r) => r.orgNumber)).size }) + '\n';
}
