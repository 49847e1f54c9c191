import { describe, it, expect } from 'vitest';
import { parseOrgNumber, orgNumberCheckDigit } from '../../src/core/org-number.js';
import { fields } from '../../src/io/i18n/catalog-fields.js';

function expectExplained(r: { ok: boolean; code?: string; params?: Record<string, unknown> }) {
  expect(r.ok).toBe(false);
  for (const lang of ['en', 'nb'] as const) {
    const template = fields[lang][r.code!];
    expect(template, `${lang} ${r.code}`).toBeDefined();
    for (const [, name] of template.matchAll(/\{(\w+)\}/g)) expect(r.params).toHaveProperty(name);
  }
}

describe('parseOrgNumber', () => {
  it.each([
    ['974760673', '974760673'],
    ['974 760 673', '974760673'],
    ['974\u00a0760\u00a0673', '974760673'],
    [' NO 974 760 673 MVA ', '974760673'],
    ['NO974760673MVA', '974760673'],
    ['no 974760673 mva', '974760673'],
    ['987654325', '987654325'],
    ['923456783', '923456783'],
    ['998877660', '998877660'], // remainder 0: check digit 0
    ['812345672', '812345672'],
  ])('%j is %s', (text, digits) => {
    expect(parseOrgNumber(text)).toEqual({ ok: true, value: digits });
  });

  it.each([
    ['974760674', 'orgnr.check-digit'],
    ['987654321', 'orgnr.check-digit'],
    ['974 760 670', 'orgnr.check-digit'],
    ['912345678', 'orgnr.invalid'], // weighted sum leaves remainder 1: no check digit exists
    ['91234567', 'orgnr.length'],
    ['9747606731', 'orgnr.length'],
    ['97476O673', 'orgnr.not-digits'],
    ['974-760-673', 'orgnr.not-digits'],
    ['', 'orgnr.empty'],
    ['  ', 'orgnr.empty'],
  ])('%j is refused with %s', (text, code) => {
    const r = parseOrgNumber(text);
    expect(r).toMatchObject({ ok: false, code });
    expectExplained(r);
  });

  it('says the check digit is wrong, in both languages', () => {
    const r = parseOrgNumber('974760674');
    expect(r.ok).toBe(false);
    expect(fields.en['orgnr.check-digit']).toMatch(/check digit/);
    expect(fields.nb['orgnr.check-digit']).toMatch(/kontrollsiffer/);
  });

  it('computes the mod-11 check digit with weights 3 2 7 6 5 4 3 2', () => {
    expect(orgNumberCheckDigit('97476067')).toBe(3);
    expect(orgNumberCheckDigit('99887766')).toBe(0);
    expect(orgNumberCheckDigit('91234567')).toBeNull();
    // every other last digit of a valid number is refused
    for (let d = 0; d <= 9; d++) expect(parseOrgNumber(`97476067${d}`).ok).toBe(d === 3);
  });
});
