/**
 * `klynge export --format state-aid`: one row per grant with what the state-aid register asks
 * for — recipient, grant date, amount in NOK and EUR, instrument, basis, purpose, region, scheme.
 */
import { UserError } from '../../core/errors.js';
import { isDeMinimis, oreToEur } from '../../core/state-aid.js';
import { csvWriter } from '../../io/csv-write.js';
import type { ExportSource } from '../../services/export.js';
import type { RowCount } from './export.js';
import { kr } from './units.js';

export const STATE_AID_COLUMNS = [
  'recipient_org_number',
  'recipient_name',
  'grant_date',
  'amount_nok',
  'amount_eur',
  'eur_rate',
  'instrument',
  'aid_basis',
  'purpose',
  'region',
  'granting_authority',
  'scheme',
  'ref',
] as const;

const REGION_KEYS = new Set(['region', 'nuts', 'nuts-region', 'nuts_region']);

/** An application's region from an extra column of its import (`region`, `NUTS`), if it has one. */
function regionOf(extra: Record<string, string> | undefined): string | null {
  for (const [k, v] of Object.entries(extra ?? {})) if (REGION_KEYS.has(k.trim().toLowerCase()) && v.trim()) return v.trim();
  return null;
}

/** The grants of the call as rows for the register (granted and partially granted only). */
export async function* exportStateAid(src: ExportSource, count: RowCount): AsyncGenerator<string> {
  const { call } = src;
  if (src.decisions === 0) throw new UserError('export.no_decisions', { call: call.slug });
  const s = call.stateAid;
  const deMinimis = isDeMinimis(s) ? s : undefined;
  const w = csvWriter([...STATE_AID_COLUMNS]);
  yield w.head;
  for await (const r of src.rows()) {
    const d = r.decision;
    if (!d || !(d.status === 'granted' || d.status === 'partially granted') || d.granted <= 0) continue;
    const a = r.application;
    count.rows++;
    yield w.line([
      a.orgNumber,
      a.applicant,
      // the day the undertaking got the right to the aid: the call's grant date, else the decision's
      deMinimis?.grantDate ?? (d.decidedAt ? d.decidedAt.slice(0, 10) : null),
      kr(d.granted),
      deMinimis ? oreToEur(d.granted, deMinimis.eurRate) : null,
      deMinimis ? deMinimis.eurRate : null,
      'tilskudd',
      s?.basis ?? null,
      a.title,
      // the application's own region (a `region` column in its import) before the call's
      regionOf(a.extra) ?? s?.region ?? null,
      call.funder?.name ?? null,
      call.name,
      a.ref,
    ]);
  }
}
