/**
 * Text for the terminal, in one place: how wide a string shows, wrapping and
 * truncation by what the terminal draws (grapheme clusters, East Asian widths,
 * combining marks of decomposed text), making data harmless before it meets a
 * terminal, and money and numbers in the language's style.
 */
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';

// what needs no width tables (making data harmless, money, numbers) lives in text-plain.ts, which the
// message catalogue and the error boundary load at start-up; string-width and wrap-ansi cost ~80 ms to load
export * from './text-plain.js';

/** Columns a string takes on a terminal (colour codes take none; "Å" is one, composed or not). */
export function displayWidth(s: string): number {
  return stringWidth(s);
}

/** The widest line of a (multi-line) string. */
export function blockWidth(s: string): number {
  let w = 0;
  for (const line of s.split('\n')) w = Math.max(w, stringWidth(line));
  return w;
}

/**
 * Wrap to `width` columns at spaces, keeping the author's line breaks; colour
 * codes do not count and survive. `hard` breaks a word longer than the width.
 */
export function wrap(s: string, width: number, opts: { hard?: boolean } = {}): string {
  return wrapAnsi(s, Math.max(1, width), { hard: opts.hard ?? false, trim: true, wordWrap: true });
}

/** Wrap with a first-line prefix and a prefix for the lines after it (a hanging indent). */
export function wrapIndent(s: string, width: number, first = '', rest = first): string {
  const inner = Math.max(1, width - Math.max(displayWidth(first), displayWidth(rest)));
  return wrap(s, inner, { hard: true })
    .split('\n')
    .map((l, i) => (i === 0 ? first : rest) + l)
    .join('\n');
}

let segmenter: Intl.Segmenter | undefined;
const graphemes = (s: string): string[] => [...(segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' })).segment(s)].map((x) => x.segment);

/** Cut plain text to `width` columns with an ellipsis, never inside a grapheme ("Å" stays "Å", composed or not). */
export function truncate(s: string, width: number): string {
  if (displayWidth(s) <= width) return s;
  if (width <= 1) return '…';
  let out = '';
  let w = 0;
  for (const g of graphemes(s)) {
    const gw = displayWidth(g);
    if (w + gw > width - 1) break;
    out += g;
    w += gw;
  }
  return out + '…';
}

/** Longest longest-unbreakable piece (word) of a text: the narrowest a column can be without breaking words. */
export function longestWord(s: string): number {
  let w = 0;
  for (const word of s.split(/\s+/)) w = Math.max(w, displayWidth(word));
  return w;
}

