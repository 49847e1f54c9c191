import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoneyIntl } from '../../src/io/text-plain.js';
import { displayWidth, formatFigure, formatMoney, formatNumber, safe, stripControls, truncate, wrap, wrapIndent } from '../../src/io/text.js';

const NFD = 'Ålesund Bærekraft'.normalize('NFD');

describe('text: width, wrapping, truncation by what the terminal shows', () => {
  it('a decomposed letter is one column, like the composed one; colour takes none', () => {
    expect(NFD.length).toBeGreaterThan('Ålesund Bærekraft'.length);
    expect(displayWidth(NFD)).toBe(displayWidth('Ålesund Bærekraft'));
    expect(displayWidth('\x1b[31mrød\x1b[39m')).toBe(3);
    expect(displayWidth('漢字')).toBe(4);
  });

  it('truncate never splits a grapheme: "Å" stays "Å", composed or not', () => {
    for (const a of ['Å', 'Å'.normalize('NFD')]) {
      const cut = truncate(`${a}${a}${a}${a}`, 3);
      expect(cut).toBe(`${a}${a}…`);
      expect(displayWidth(cut)).toBe(3);
    }
    expect(truncate('kort', 10)).toBe('kort');
    expect(truncate('abc', 1)).toBe('…');
  });

  it('wrap breaks at spaces within the width, keeps line breaks and colour, and breaks a long word only when told', () => {
    const lines = wrap(`${NFD} og ${NFD}`, 18).split('\n');
    expect(lines.every((l) => displayWidth(l) <= 18)).toBe(true);
    // wrap-ansi hands text back composed (NFC): it shows the same, in the same columns
    expect(lines.join(' ')).toBe(`${NFD} og ${NFD}`.normalize('NFC'));
    expect(wrap('a\nb', 10)).toBe('a\nb');
    expect(wrap('internasjonalisering', 8)).toBe('internasjonalisering');
    expect(wrap('internasjonalisering', 8, { hard: true }).split('\n').every((l) => displayWidth(l) <= 8)).toBe(true);
    expect(wrapIndent('en to tre fire fem', 8, '• ', '  ')).toBe('• en to\n  tre\n  fire\n  fem');
  });
});

describe('text: data made harmless for a terminal', () => {
  it('shows every control character as a picture and leaves the rest alone', () => {
    expect(safe('\x1b[2J\x1b]0;t\x07x')).toBe('␛[2J␛]0;t␇x');
    // a C1 control is ESC and its 7-bit twin: 0x9b is a CSI
    expect(safe('\x9b31m\x90')).toBe('␛[31m␛P');
    expect(safe('a\r\nb\rc\x7f\x00')).toBe('a\nb␍c␡␀');
    expect(safe('Søker\tÆ\nlinje 2')).toBe('Søker\tÆ\nlinje 2');
    expect(safe(safe('\x1b[2J'))).toBe('␛[2J');
  });

  it('stripControls drops sequences whole (for published text), keeping line breaks', () => {
    expect(stripControls('A\x1b[31mB\x1b]0;title\x07C\x9b2JD\x00\x7f\r\nE')).toBe('ABCD\nE');
  });
});

describe('text: money and numbers as klynge has always printed them', () => {
  it('money in nb and en, øre only when there are some', () => {
    expect(formatMoney(800_000_000, 'nb')).toBe('8 000 000 kr');
    expect(formatMoney(800_000_000, 'en')).toBe('NOK 8,000,000');
    expect(formatMoney(132_907_380, 'nb')).toBe('1 329 073,80 kr');
    expect(formatMoney(132_907_380, 'en')).toBe('NOK 1,329,073.80');
    expect(formatMoney(5, 'nb')).toBe('0,05 kr');
    expect(formatMoney(0, 'en')).toBe('NOK 0');
    expect(formatMoney(-150_000, 'nb')).toBe('−1 500 kr');
    expect(formatMoney(-150_000, 'en')).toBe('-NOK 1,500');
  });

  it('money by hand equals money by Intl.NumberFormat, for any whole number of øre', () => {
    const ore = fc.oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: -1e13, max: 1e13 }), fc.constantFrom(0, 1, 99, 100, 101, 99_999, 100_000, 1e12));
    fc.assert(
      fc.property(ore, fc.constantFrom('nb' as const, 'en' as const), (x, lang) => {
        expect(formatMoney(x, lang)).toBe(formatMoneyIntl(x, lang));
      }),
      { numRuns: 5000 },
    );
  });

  it('numbers with the decimal mark of the language, figures grouped', () => {
    expect(formatNumber(3.6667, 'nb')).toBe('3,67');
    expect(formatNumber(3.5, 'en', 1)).toBe('3.5');
    expect(formatNumber(-1.5, 'nb')).toBe('-1,50');
    expect(formatFigure(7.9, 'nb')).toBe('7,9');
    expect(formatFigure(43, 'en')).toBe('43');
    expect(formatFigure(1200, 'nb')).toBe('1 200');
    expect(formatFigure(1200, 'en')).toBe('1,200');
  });
});
