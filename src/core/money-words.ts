/**
 * Amounts as a press release rounds them: "43 millioner kroner", "nærmere 8
 * millioner kroner", "om lag 2,5 millioner kroner". Pure and language-free: it
 * returns a code and a number; the renderer turns it into words via the catalogue.
 * Works on integer øre throughout; only the returned `value` may carry one decimal.
 */

/** How the rounded figure relates to the exact one. */
export type MoneyApprox = 'exact' | 'nearly' | 'over' | 'about';

export interface MoneyWords {
  /** `millions`: value is in millions of kroner (at most one decimal); `kroner`: value is whole kroner */
  kind: 'millions' | 'kroner';
  value: number;
  /** exact: the value is the amount; nearly: a little below it; over: a little above it; about: rounded */
  approx: MoneyApprox;
}

const ORE_PER_KRONE = 100;
const MILLION = 1_000_000 * ORE_PER_KRONE;
const TENTH = MILLION / 10;
const THOUSAND = 1_000 * ORE_PER_KRONE;

/** Round a non-negative integer to the nearest multiple of `unit` (half up). */
const roundTo = (x: number, unit: number): number => Math.floor((x + unit / 2) / unit) * unit;

/**
 * Within this share of the round figure, say "nearly"/"over" it rather than
 * giving a decimal: 7 900 000 is "nearly 8 million" (1.25 % off), 2 100 000 is
 * "2.1 million" (5 % off). Expressed as 1/40 = 2.5 %, compared in integers.
 */
const CLOSE_DENOMINATOR = 40;

/**
 * The words-ready shape of an amount in øre. Negative amounts are described by
 * their size (the caller says "minus" if it ever needs to). With `snap: false`
 * there is no "nearly"/"over": 7 900 000 stays 7.9 million (for a figure in a box).
 */
export function moneyWords(ore: number, opts: { snap?: boolean } = {}): MoneyWords {
  const snap = opts.snap ?? true;
  if (!Number.isSafeInteger(ore)) throw new RangeError(`amount in øre must be a safe integer, got ${ore}`);
  const abs = Math.abs(ore);
  if (abs < MILLION) {
    // under a million: whole thousands are exact; otherwise round to the thousand
    if (abs % THOUSAND === 0 || abs < THOUSAND) {
      if (abs % ORE_PER_KRONE === 0) return { kind: 'kroner', value: abs / ORE_PER_KRONE, approx: 'exact' };
      return { kind: 'kroner', value: Math.round(abs / ORE_PER_KRONE), approx: 'about' };
    }
    const r = roundTo(abs, THOUSAND);
    if (r >= MILLION) return { kind: 'millions', value: 1, approx: 'nearly' };
    return { kind: 'kroner', value: r / ORE_PER_KRONE, approx: snap ? close(abs, r) : 'about' };
  }
  const whole = roundTo(abs, MILLION);
  if (whole === abs) return { kind: 'millions', value: whole / MILLION, approx: 'exact' };
  const diff = abs - whole;
  if (snap && Math.abs(diff) * CLOSE_DENOMINATOR <= whole) return { kind: 'millions', value: whole / MILLION, approx: diff < 0 ? 'nearly' : 'over' };
  const tenths = roundTo(abs, TENTH);
  const value = tenths / TENTH / 10; // tenths/TENTH is an integer; one division by ten for the decimal
  return { kind: 'millions', value, approx: tenths === abs ? 'exact' : 'about' };
}

/** nearly/over when within the close margin of the round figure, else about. */
function close(exact: number, rounded: number): MoneyApprox {
  const diff = exact - rounded;
  if (diff === 0) return 'exact';
  if (Math.abs(diff) * CLOSE_DENOMINATOR <= rounded) return diff < 0 ? 'nearly' : 'over';
  return 'about';
}
