import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseAmount } from '../../src/core/amount.js';
import { fields } from '../../src/io/i18n/catalog-fields.js';
import { translator } from '../../src/io/i18n/index.js';

/** The code has a message in both languages, and the params fill every placeholder. */
function expectExplained(r: { ok: boolean; code?: string; params?: Record<string, unknown> }) {
  expect(r.ok).toBe(false);
  for (const lang of ['en', 'nb'] as const) {
    const template = fields[lang][r.code!];
    expect(template, `${lang} ${r.code}`).toBeDefined();
    for (const [, name] of template.matchAll(/\{(\w+)\}/g)) expect(r.params, `${r.code} needs {${name}}`).toHaveProperty(name);
  }
}

describe('parseAmount', () => {
  it.each([
    ['1500000', 150000000],
    ['1 500 000', 150000000],
    ['1\u00a0500\u00a0000', 150000000],
    ['1\u2009500\u2009000', 150000000],
    ['1\u202f500\u202f000', 150000000],
    ['1.500.000', 150000000],
    ['1 500 000,00', 150000000],
    ['kr 1 500 000,-', 150000000],
    ['kr. 1 500 000', 150000000],
    ['NOK 1,500,000', 150000000],
    ['NOK1500000', 150000000],
    ['1 500 000 NOK', 150000000],
    ['8000000.0', 800000000],
    ['1 329 073,80', 132907380],
    ['1500000 kr', 150000000],
    ['1500000kr', 150000000],
    ['1 500 000,5', 150000050],
    ['1.500.000,00', 150000000],
    ['1,500,000.00', 150000000],
    ['1.500.000,-', 150000000],
    ['  750000  ', 75000000],
    ['12,5', 1250],
    ['1500,', 150000],
    [',50', 50],
    ['0,01', 1],
    ['999', 99900],
    ['1234', 123400],
    ['12345.6', 1234560],
    ['9 999 999 999 999,99', 999999999999999],
  ])('%j is %d øre', (text, ore) => {
    expect(parseAmount(text)).toEqual({ ok: true, value: ore });
  });

  it('keeps øre exact where floats would not (0.29 * 100 = 28.999…)', () => {
    expect(parseAmount('0,29')).toEqual({ ok: true, value: 29 });
    expect(parseAmount('1 329 073,80')).toEqual({ ok: true, value: 132907380 });
    expect(parseAmount('4,35')).toEqual({ ok: true, value: 435 });
  });

  it.each([
    ['1,500', 'amount.ambiguous'],
    ['1.500', 'amount.ambiguous'],
    ['kr 2,750', 'amount.ambiguous'],
    ['-1500', 'amount.negative'],
    ['−1 500', 'amount.negative'],
    ['kr -1500', 'amount.negative'],
    ['-kr 1500', 'amount.negative'],
    ['0', 'amount.zero'],
    ['0,00', 'amount.zero'],
    ['kr 0,-', 'amount.zero'],
    ['', 'amount.empty'],
    ['   ', 'amount.empty'],
    ['abc', 'amount.not-a-number'],
    ['kr', 'amount.not-a-number'],
    ['1,5 mill', 'amount.not-a-number'],
    ['1500 EUR', 'amount.not-a-number'],
    ['1500-', 'amount.not-a-number'],
    ['1500,505', 'amount.too-many-decimals'],
    ['1 500 000,000', 'amount.too-many-decimals'],
    ['8000000.000', 'amount.too-many-decimals'],
    ['15 00', 'amount.grouping'],
    ['1.50.000', 'amount.grouping'],
    ['1,500.000,00', 'amount.grouping'],
    ['1 500.000,00', 'amount.grouping'],
    ['1.5,0.0', 'amount.grouping'],
    ['99999999999999', 'amount.too-large'],
  ])('%j is refused with %s', (text, code) => {
    const r = parseAmount(text);
    expect(r).toMatchObject({ ok: false, code });
    expectExplained(r);
  });

  it('keeps negative, zero, empty and non-numbers apart', () => {
    const codes = ['-5', '0', '', 'x'].map((t) => {
      const r = parseAmount(t);
      return r.ok ? 'ok' : r.code;
    });
    expect(new Set(codes).size).toBe(4);
  });

  it('explains an ambiguous amount with both readings', () => {
    const r = parseAmount('1,500');
    expect(r).toMatchObject({ ok: false, code: 'amount.ambiguous', params: { value: '1,500', whole: '1500', grouped: '1 500', decimal: '1,50' } });
    if (r.ok) return;
    const en = translator('en')(r.code, r.params);
    expect(en).toContain('Write 1500 or 1 500 for 1500 kroner, or 1,50');
    expect(translator('nb')(r.code, r.params)).toContain('Skriv 1500 eller 1 500 for 1500 kroner, eller 1,50');
  });

  it('reads every form in the amounts fixture', () => {
    const text = readFileSync(new URL('../fixtures/applications-amounts.csv', import.meta.url), 'utf8');
    const rows = text.trim().split('\n').slice(1).map((l) => l.split(';'));
    expect(rows.length).toBeGreaterThan(15);
    for (const [, , , amount, expected] of rows) {
      const r = parseAmount(amount);
      if (/^\d+$/.test(expected)) expect(r, amount).toEqual({ ok: true, value: Number(expected) });
      else expect(r, amount).toMatchObject({ ok: false, code: expected });
    }
  });
});
