/**
 * Amounts as caseworkers type them, in Norwegian and English forms, turned into
 * integer øre. The conversion works on digit strings only: no float ever holds money.
 */
import { ok, fail, type ParseResult } from './parse-result.js';

/** Spaces that appear as thousands separators: ordinary, no-break, thin and narrow no-break. */
const SPACE = /[ \u00a0\u2009\u202f]/g;

// Largest whole-krone part we accept: 13 digits keeps øre below Number.MAX_SAFE_INTEGER.
const MAX_KRONE_DIGITS = 13;

/** Parse an amount in kroner (`1 500 000`, `kr 1 500 000,-`, `NOK 1,500,000`, `1 329 073,80`) into øre. */
export function parseAmount(text: string): ParseResult<number> {
  const ore = plainOre(text);
  return ore > 0 ? ok(ore) : parseAmountInFull(text);
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isGroupSpace = (c: number) => c === 0x20 || c === 0xa0 || c === 0x2009 || c === 0x202f;

/**
 * The forms nearly every amount has, read directly: digits, optionally grouped in threes by
 * spaces, and one or two decimals after `,` or `.` (`2500000`, `2 500 000`, `2 500 000,00`).
 * -1 for anything else (and 0 for zero): those go to the full parser, which explains them.
 */
function plainOre(s: string): number {
  const n = s.length;
  let i = 0;
  let whole = 0;
  let digits = 0;
  for (; i < n && isDigit(s.charCodeAt(i)); i++, digits++) whole = whole * 10 + s.charCodeAt(i) - 0x30;
  if (digits === 0) return -1;
  if (i < n && isGroupSpace(s.charCodeAt(i))) {
    if (digits > 3) return -1;
    while (i < n && isGroupSpace(s.charCodeAt(i))) {
      i++;
      for (let k = 0; k < 3; k++, i++, digits++) {
        const c = s.charCodeAt(i); // NaN past the end: not a digit
        if (!isDigit(c)) return -1;
        whole = whole * 10 + c - 0x30;
      }
    }
  }
  // at most 13 digits and two decimals: well within the integers a double holds exactly
  if (digits > MAX_KRONE_DIGITS) return -1;
  const ore = whole * 100;
  if (i === n) return ore;
  const mark = s.charCodeAt(i);
  if (mark !== 0x2c && mark !== 0x2e) return -1;
  const d1 = s.charCodeAt(i + 1);
  const d2 = s.charCodeAt(i + 2);
  if (n - i === 2 && isDigit(d1)) return ore + (d1 - 0x30) * 10;
  if (n - i === 3 && isDigit(d1) && isDigit(d2)) return ore + (d1 - 0x30) * 10 + (d2 - 0x30);
  return -1;
}

function parseAmountInFull(text: string): ParseResult<number> {
  const value = text;
  let s = text.trim();
  if (s === '') return fail('amount.empty', { value });

  // Sign and currency may come in any order around the number: `-kr 5`, `kr -5`, `5 kr`.
  let negative = false;
  let before: string;
  do {
    before = s;
    s = s
      .replace(/^(kr\.?|nok)(?=[\s\d.,\-−–]|$)\s*/i, '')
      .replace(/\s*(kr\.?|nok)$/i, '')
      .replace(/[.,]\s*[-–—]$/, '') // `1 500 000,-` means whole kroner
      .trim();
    if (/^[-−–]/.test(s)) {
      negative = true;
      s = s.slice(1).trim();
    }
  } while (s !== before);

  if (!/^[\d.,\u0020\u00a0\u2009\u202f]+$/.test(s) || !/\d/.test(s)) return fail('amount.not-a-number', { value });

  const split = splitDecimal(s);
  if (!split.ok) return fail(split.code, { value, ...split.params });
  const { whole, decimals } = split.value;

  if (decimals.length > 2) return fail('amount.too-many-decimals', { value, decimals: decimals.length });

  const wholeDigits = whole.replace(/^0+(?=\d)/, '');
  if (wholeDigits.length > MAX_KRONE_DIGITS) return fail('amount.too-large', { value });

  // Concatenating digit strings gives the exact number of øre.
  const ore = Number((wholeDigits || '0') + decimals.padEnd(2, '0'));
  if (ore === 0) return fail('amount.zero', { value });
  if (negative) return fail('amount.negative', { value });
  return ok(ore);
}

/** Split the number part into whole kroner and decimal digits, checking the grouping. */
function splitDecimal(s: string): ParseResult<{ whole: string; decimals: string }> {
  const hasSpace = /[ \u00a0\u2009\u202f]/.test(s);
  const seps = [...s].filter((c) => c === '.' || c === ',');
  const lastSepAt = Math.max(s.lastIndexOf('.'), s.lastIndexOf(','));

  if (seps.length === 0) return grouped(s, ' ').ok ? ok({ whole: s.replace(SPACE, ''), decimals: '' }) : fail('amount.grouping');

  const last = s[lastSepAt];
  const head = s.slice(0, lastSepAt).trim();
  const tail = s.slice(lastSepAt + 1).trim();
  const kinds = new Set(seps);

  if (kinds.size === 2) {
    // `1.500.000,00` or `1,500,000.00`: the last separator is the decimal mark,
    // every other one is the other kind and groups thousands.
    const thousands = last === ',' ? '.' : ',';
    if (head.includes(last) || hasSpace) return fail('amount.grouping');
    if (!/^\d*$/.test(tail)) return fail('amount.grouping');
    const g = grouped(head, thousands);
    if (!g.ok) return g;
    return ok({ whole: g.value, decimals: tail });
  }

  if (seps.length > 1) {
    // `1.500.000` or `1,500,000`: repeated separator can only group thousands.
    const g = grouped(s, last);
    if (!g.ok) return g;
    return ok({ whole: g.value, decimals: '' });
  }

  // Exactly one separator.
  if (!/^\d*$/.test(tail)) return fail('amount.grouping');
  if (tail.length === 3 && /^\d{1,3}$/.test(head)) {
    // `1,500` / `1.500`: fifteen hundred, or one and a half? Refuse to guess.
    const whole = head + tail;
    return fail('amount.ambiguous', {
      whole,
      grouped: `${head} ${tail}`,
      decimal: `${head},${tail.slice(0, 2)}`,
    });
  }
  const g = grouped(head, ' ');
  if (!g.ok) return g;
  if (head === '' && tail === '') return fail('amount.grouping');
  return ok({ whole: g.value, decimals: tail });
}

/**
 * Check that `s` is digits, optionally grouped in threes by `sep` (or by spaces),
 * and return the bare digits. `1 500 000` and `1.500.000` pass; `15 00` does not.
 */
function grouped(s: string, sep: string): ParseResult<string> {
  const normalized = s.replace(SPACE, ' ');
  const parts = sep === ' ' ? normalized.split(' ') : normalized.split(sep);
  if (parts.length === 1) return /^\d*$/.test(parts[0]) ? ok(parts[0]) : fail('amount.grouping');
  if (!/^\d{1,3}$/.test(parts[0])) return fail('amount.grouping');
  for (const p of parts.slice(1)) if (!/^\d{3}$/.test(p)) return fail('amount.grouping');
  return ok(parts.join(''));
}
