/** Parsing of option values; a bad value is a usage error (exit 2) naming the option. */
import { UsageError } from '../core/errors.js';
import { parseAmount } from '../core/amount.js';

export function parseNumberFlag(option: string, value: string, opts: { integer?: boolean } = {}): number {
  const v = Number(value.trim().replace(',', '.'));
  if (value.trim() === '' || !Number.isFinite(v) || (opts.integer && !Number.isInteger(v))) {
    throw new UsageError(opts.integer ? 'usage.integer' : 'usage.number', { option, value });
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
