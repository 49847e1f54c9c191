/**
 * Exact fractions for scores and thresholds. Means of small integers are
 * rationals; comparing them as floats could reject an exact 3.5 as 3.4999….
 */

export interface Rational {
  /** numerator */
  n: bigint;
  /** denominator, always > 0 */
  d: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** Build a reduced fraction n/d. */
export function rat(n: bigint | number, d: bigint | number = 1n): Rational {
  let nn = BigInt(n);
  let dd = BigInt(d);
  if (dd === 0n) throw new RangeError('zero denominator');
  if (dd < 0n) {
    nn = -nn;
    dd = -dd;
  }
  const g = gcd(nn, dd) || 1n;
  return { n: nn / g, d: dd / g };
}

/** Exact value of a finite decimal number as written (0.1 → 1/10, not the binary float). */
export function fromDecimal(x: number): Rational {
  if (!Number.isFinite(x)) throw new RangeError('not finite');
  if (Number.isInteger(x)) return rat(BigInt(x));
  // Shortest round-trip decimal text is exactly what the user typed in JSON.
  const s = x.toString();
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/i.exec(s);
  if (!m) throw new RangeError(`cannot read ${s}`);
  const [, sign, int, frac = '', exp = '0'] = m;
  let digits = BigInt(int + frac);
  const scale = frac.length - Number(exp);
  if (sign) digits = -digits;
  if (scale <= 0) return rat(digits * 10n ** BigInt(-scale));
  return rat(digits, 10n ** BigInt(scale));
}

export const add = (a: Rational, b: Rational): Rational => rat(a.n * b.d + b.n * a.d, a.d * b.d);
export const mul = (a: Rational, b: Rational): Rational => rat(a.n * b.n, a.d * b.d);
export const div = (a: Rational, b: Rational): Rational => rat(a.n * b.d, a.d * b.n);
export const sub = (a: Rational, b: Rational): Rational => rat(a.n * b.d - b.n * a.d, a.d * b.d);

/** -1, 0 or 1 as a < b, a = b, a > b. */
export function cmp(a: Rational, b: Rational): number {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** Nearest float, for display and JSON only — never for comparisons. */
export function toNumber(a: Rational): number {
  return Number(a.n) / Number(a.d);
}

/** Rounded to `places` decimals (half away from zero), for output. */
export function round(a: Rational, places = 2): number {
  const f = 10n ** BigInt(places);
  const scaled = a.n * f * 2n;
  const q = scaled / a.d;
  const r = q >= 0n ? (q + 1n) / 2n : (q - 1n) / 2n;
  return Number(r) / Number(f);
}
