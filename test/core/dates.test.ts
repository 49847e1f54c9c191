import { describe, it, expect } from 'vitest';
import { parseDate } from '../../src/core/dates.js';
import { fields } from '../../src/io/i18n/catalog-fields.js';

function expectExplained(r: { ok: boolean; code?: string; params?: Record<string, unknown> }) {
  expect(r.ok).toBe(false);
  for (const lang of ['en', 'nb'] as const) {
    const template = fields[lang][r.code!];
    expect(template, `${lang} ${r.code}`).toBeDefined();
    for (const [, name] of template.matchAll(/\{(\w+)\}/g)) expect(r.params).toHaveProperty(name);
  }
}

describe('parseDate', () => {
  it.each([
    ['2021-09-15', '2021-09-15'],
    ['2021-9-5', '2021-09-05'],
    ['2021-09-15 13:00:00', '2021-09-15T13:00:00'],
    ['2021-09-15T13:00', '2021-09-15T13:00:00'],
    ['2021-09-15T13:00:07.250', '2021-09-15T13:00:07'],
    ['15.09.2021', '2021-09-15'],
    ['5.9.2021', '2021-09-05'],
    ['15.09.2021 13:00', '2021-09-15T13:00:00'],
    ['15.09.2021 kl. 13.00', '2021-09-15T13:00:00'],
    ['15.09.2021 9:05:30', '2021-09-15T09:05:30'],
    ['15/09/2021', '2021-09-15'],
    ['15-09-2021', '2021-09-15'],
    [' 29.02.2024 ', '2024-02-29'],
    ['29.02.2000', '2000-02-29'],
    ['31.12.2021 23:59', '2021-12-31T23:59:00'],
  ])('%j is %s', (text, iso) => {
    expect(parseDate(text)).toEqual({ ok: true, value: iso });
  });

  it.each([
    ['31.02.2021', 'date.impossible'],
    ['29.02.2021', 'date.impossible'],
    ['29.02.1900', 'date.impossible'],
    ['31.04.2021', 'date.impossible'],
    ['15.13.2021', 'date.impossible'],
    ['2021-13-01', 'date.impossible'],
    ['2021-00-10', 'date.impossible'],
    ['00.09.2021', 'date.impossible'],
    ['15.09.21', 'date.two-digit-year'],
    ['15/09/21', 'date.two-digit-year'],
    ['21-09-15', 'date.two-digit-year'],
    ['15.09.21 13:00', 'date.two-digit-year'],
    ['15.09.2021 24:00', 'date.bad-time'],
    ['2021-09-15T13:60', 'date.bad-time'],
    ['', 'date.empty'],
    ['i går', 'date.not-a-date'],
    ['44454', 'date.not-a-date'],
    ['15.09/2021', 'date.not-a-date'],
    ['September 15, 2021', 'date.not-a-date'],
  ])('%j is refused with %s', (text, code) => {
    const r = parseDate(text);
    expect(r).toMatchObject({ ok: false, code });
    expectExplained(r);
  });

  it('asks for four digits when the year has two', () => {
    expect(fields.en['date.two-digit-year']).toMatch(/four digits/);
    expect(fields.nb['date.two-digit-year']).toMatch(/fire sifre/);
  });
});
