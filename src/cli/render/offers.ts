/** Rendering the offers of a call (`klynge offer list`). */
import type { Call } from '../../core/call.js';
import { formatMoney } from '../../io/i18n/index.js';
import type { Output } from '../../io/output.js';
import { renderTable } from '../../io/table.js';
import { safe } from '../../io/text.js';
import type { Offer } from '../../services/offers.js';
import { formatDate } from './applications.js';
import { tierName } from './ranking.js';

export function renderOfferList(out: Output, call: Call, offers: Offer[]): string {
  const { t, lang } = out;
  const date = (d: string | null) => (d === null ? '–' : formatDate(d, lang));
  const state = (o: Offer) => {
    const s = t(`offer.state.${o.state}`);
    return o.state === 'expired' ? out.c.yellow(s) : o.state === 'declined' ? out.c.dim(s) : o.state === 'accepted' ? out.c.green(s) : s;
  };
  const count = (s: Offer['state']) => offers.filter((o) => o.state === s).length;
  const table = renderTable(
    out,
    [
      { header: t('col.rank'), align: 'right' },
      { header: t('col.ref') },
      { header: t('col.applicant'), wrap: true },
      { header: t('col.tier'), words: true },
      { header: t('col.granted'), align: 'right' },
      { header: t('offer.col.state'), words: true },
      { header: t('offer.col.offered') },
      { header: t('offer.col.deadline') },
      { header: t('offer.col.answered') },
    ],
    offers.map((o) => [o.rank === null ? '–' : String(o.rank), safe(o.ref), safe(o.applicant), tierName(call, o.tier, out), formatMoney(o.granted, lang), state(o), date(o.offeredOn), date(o.deadline), date(o.answeredOn)]),
  );
  return table + t('offer.summary', { count: offers.length, offered: count('offered'), accepted: count('accepted'), declined: count('declined'), expired: count('expired') }) + '\n';
}
