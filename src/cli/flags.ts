/** Parsing of option values; a bad value is a usage error (exit 2) naming the option. */
import { UsageError } from '../core/errors.js';
import { parseAmount } from '../core/amount.js';
import { parseEmail } from '../core/email.js';
import { parseDate } from '../core/dates.js';

export function parseNumberFlag(option: string, value: string, opts: { integer?: boolean; code?: string } = {}): number {
  const v = Number(value.trim().replace(',', '.'));
  if (value.trim() === '' || !Number.isFinite(v) || (opts.integer && !Number.isInteger(v))) {
    throw new UsageError(opts.code ?? (opts.integer ? 'usage.integer' : 'usage.number'), { option, value });
  }
  return v;
}

/** Kroner as a caseworker writes them (`8000000`, `8 000 000`, `8 mill` is not accepted) → whole kroner. */
export function parseKronerFlag(option: string, value: string): number {
  const r = parseAmount(value);
  if (!r.ok) throw new UsageError('usage.kroner', { option, value });
  if (r.value % 100 !== 0) throw new UsageError('usage.whole_kroner', { option, value });
  return r.value / 100;
}

/** An argParser for an option in kroner: a bad value is a usage error naming the option. */
export const kronerOption =
  (option: string) =>
  (value: string): number =>
    parseKronerFlag(option, value);

/** A date written YYYY-MM-DD (a real day of the calendar) for `option`; else a usage error naming it. */
export function parseIsoDateFlag(option: string, value: string): string {
  const r = parseDate(value);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value.trim()) || !r.ok) throw new UsageError('usage.iso_date', { option, value });
  return r.value;
}

/** An argParser for a whole number; with `min` 1, a count ("1 or more"). */
export const integerOption =
  (option: string, min?: 1) =>
  (value: string): number => {
    const v = parseNumberFlag(option, value, { integer: true, code: min === 1 ? 'usage.positive_integer' : undefined });
    if (min !== undefined && v < min) throw new UsageError('usage.positive_integer', { option, value });
    return v;
  };

/** An argParser for a repeatable `key=kroner` option (`--tier-budget pre=600000`), collected by key. */
export const tierKronerOption =
  (option: string) =>
  (value: string, previous: Record<string, number> | undefined): Record<string, number> => {
    const m = /^([^=]+)=(.+)$/.exec(value);
    if (!m) throw new UsageError('usage.tier_budget', { value });
    return { ...previous, [m[1].trim()]: parseKronerFlag(option, m[2]) };
  };

/** An argParser for a list of amounts in kroner, `6000000,8000000` (or `;` between them). */
export const kronerListOption =
  (option: string) =>
  (value: string): number[] =>
    value.split(/[,;]/).map((s) => parseKronerFlag(option, s));

/** An argParser for an amount in kroner and øre (`2 500 000`, `1 329 073,80`) → øre. */
export const oreOption =
  (option: string) =>
  (value: string): number => {
    const a = parseAmount(value);
    if (!a.ok) throw new UsageError('usage.kroner', { option, value });
    return a.value;
  };

/** An argParser for a number (`3.5`, `3,5`). */
export const numberOption =
  (option: string) =>
  (value: string): number =>
    parseNumberFlag(option, value);

/**
 * An argParser for a choice among `allowed`, case-insensitive (`--format CSV` works); any other
 * value is a usage error listing them. Not commander's `.choices()`: its message is English only
 * and its match case-sensitive.
 */
export const choiceOption =
  <const T extends string>(allowed: readonly T[]) =>
  (value: string): T => {
    const v = value.toLowerCase();
    if (!(allowed as readonly string[]).includes(v)) throw new UsageError('usage.format', { format: value, formats: allowed.join(', ') });
    return v as T;
  };

/** An argParser for an e-mail address, checked as the import checks them. */
export function emailOption(value: string): string {
  const r = parseEmail(value);
  if (!r.ok) throw new UsageError(r.code, { ...r.params, value });
  return r.value;
}

/**
 * An argParser for a repeatable `--budget TIER=KRONER` (`call update`); a bare amount is the
 * first tier's, keyed '' until the call is known.
 */
export const budgetByTierOption =
  (option: string) =>
  (value: string, previous: Record<string, number> | undefined): Record<string, number> => {
    const m = /^([a-z][\w-]*)\s*=\s*(.+)$/i.exec(value.trim());
    const [key, amount] = m ? [m[1], m[2]] : ['', value];
    if (previous && key in previous) throw new UsageError('usage.budget_repeated', { option, tier: key || '1' });
    return { ...previous, [key]: parseKronerFlag(option, amount) };
  };
