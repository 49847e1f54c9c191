/**
 * The part of the text module (text.ts) that every run needs, so it loads
 * nothing heavy: making data harmless before it meets a terminal, and money and
 * numbers in the language's style with Intl.NumberFormat. Import it through
 * text.ts, except at start-up (the catalogue, the error boundary).
 */
import { stripVTControlCharacters } from 'node:util';
import type { Lang } from '../core/call.js';

/** Colour codes and every other terminal sequence removed (for width, plain output). */
export function stripAnsi(s: string): string {
  return stripVTControlCharacters(s);
}

// C0 controls but tab and line feed, DEL, and the C1 controls (0x80–0x9f; 0x9b alone is a CSI)
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Text from data (an applicant, a title, a ref, a name) made harmless for a
 * terminal while staying readable: every control character is shown as its
 * Unicode control picture — ESC as `␛`, BEL as `␇`, CR as `␍` — and a C1
 * control as `␛` and its 7-bit twin (0x9b, a CSI, shows as `␛[`), so
 * `ESC[2J` prints as the four characters `␛[2J` and clears nothing. Line feeds
 * and tabs stay (multi-line summaries); CRLF becomes LF.
 */
export function safe(s: string): string {
  return s.replace(/\r\n/g, '\n').replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return '\u241b' + String.fromCharCode(code - 0x40);
  });
}

/** Whether a string holds anything a terminal would act on (an escape, BEL, a C1 control). */
export function hasControls(s: string): boolean {
  CONTROL.lastIndex = 0;
  return CONTROL.test(s);
}

/**
 * Drop terminal sequences and control characters, keeping line breaks and tabs:
 * for text that is published (the award summary), where a `␛` would be noise.
 */
export function stripControls(s: string): string {
  return stripVTControlCharacters(s.replace(/\r\n?/g, '\n')).replace(CONTROL, '');
}

/**
 * Our own output may carry our colours (SGR, `ESC[…m`) and nothing else: any
 * other sequence, or a control byte outside one, came from data that slipped
 * past `safe` and is shown as a control picture.
 */
export function onlyColour(s: string): string {
  if (!hasControls(s)) return s;
  return s
    .split(/(\x1b\[[0-9;]*m)/)
    .map((part, i) => (i % 2 === 1 ? part : safe(part)))
    .join('');
}

// ---------------------------------------------------------------- numbers and money

const formats = new Map<string, Intl.NumberFormat>();
function numberFormat(lang: Lang, decimals: number, grouping: boolean): Intl.NumberFormat {
  const key = `${lang}:${decimals}:${grouping}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'nb' ? 'nb-NO' : 'en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals, useGrouping: grouping });
    formats.set(key, f);
  }
  return f;
}

// nb groups with a no-break space; klynge prints a plain one (greppable, and as the summary has always written it)
const plainSpaces = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

/**
 * Format an amount in øre: `8 000 000 kr` (nb) / `NOK 8,000,000` (en); øre only when there are some.
 * Written out by hand from the integer's digits: the first Intl.NumberFormat of a run costs
 * 10–17 ms of ICU start-up, a tenth of `klynge call list`, which prints only amounts.
 * `formatMoneyIntl` is the reference it is property-tested equal to (test/io/text.test.ts).
 */
export function formatMoney(ore: number, lang: Lang): string {
  if (!Number.isSafeInteger(ore)) return formatMoneyIntl(ore, lang);
  const abs = Math.abs(ore);
  const kroner = String(Math.floor(abs / 100));
  const [group, mark] = lang === 'nb' ? [' ', ','] : [',', '.'];
  let n = '';
  for (let i = 0; i < kroner.length; i++) {
    if (i > 0 && (kroner.length - i) % 3 === 0) n += group;
    n += kroner[i];
  }
  const cents = abs % 100;
  if (cents) n += mark + String(cents).padStart(2, '0');
  if (lang === 'nb') return `${ore < 0 ? '−' : ''}${n} kr`;
  return `${ore < 0 ? '-' : ''}NOK ${n}`;
}

/** formatMoney by Intl.NumberFormat: the reference, and the way for an amount that is not a whole number of øre. */
export function formatMoneyIntl(ore: number, lang: Lang): string {
  const abs = Math.abs(ore);
  const n = plainSpaces(numberFormat(lang, abs % 100 ? 2 : 0, true).format(abs / 100));
  if (lang === 'nb') return `${ore < 0 ? '−' : ''}${n} kr`;
  return `${ore < 0 ? '-' : ''}NOK ${n}`;
}

/** An amount in cents of another currency (EUR) without its sign: grouped, with cents only when there are some: 10 000 / 10,000; 1 250,50. */
export function formatCents(cents: number, lang: Lang): string {
  return plainSpaces(numberFormat(lang, cents % 100 ? 2 : 0, true).format(cents / 100)).replace('\u2212', '-');
}

/** Names in a sentence: "A, B og C" / "A, B, and C" (`and`), "A eller B" / "A or B" (`or`). */
export function listOf(items: readonly string[], lang: Lang, kind: 'and' | 'or'): string {
  return new Intl.ListFormat(lang === 'nb' ? 'nb' : 'en', { type: kind === 'or' ? 'disjunction' : 'conjunction' }).format(items);
}

/** A plain number with the language's decimal mark and a fixed number of decimals: 3,67 (nb) / 3.67 (en). */
export function formatNumber(x: number, lang: Lang, decimals = 2): string {
  // no grouping: scores, weights and thresholds are small, and "1234,5" stays what it always was
  return plainSpaces(numberFormat(lang, decimals, false).format(x)).replace('\u2212', '-');
}

/** A figure with at most one decimal and the thousands grouped: 2,1 / 2.1; 43; 1 200. */
export function formatFigure(x: number, lang: Lang): string {
  const key = `fig:${lang}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'nb' ? 'nb-NO' : 'en-US', { minimumFractionDigits: 0, maximumFractionDigits: 1 });
    formats.set(key, f);
  }
  return plainSpaces(f.format(x));
}
