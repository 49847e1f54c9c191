import { describe, it, expect } from 'vitest';
import { parseEmail } from '../../src/core/email.js';
import { fields } from '../../src/io/i18n/catalog-fields.js';

describe('parseEmail', () => {
  it.each([
    ['ola@klynge.no', 'ola@klynge.no'],
    ['  kari.nordmann@havbruk.example.no ', 'kari.nordmann@havbruk.example.no'],
    ['post+søknad@klynge.no', 'post+søknad@klynge.no'],
    ['mailto:ola@klynge.no', 'ola@klynge.no'],
    ['Ola@Bærum-klynge.no', 'Ola@Bærum-klynge.no'],
  ])('%j is %s', (text, email) => {
    expect(parseEmail(text)).toEqual({ ok: true, value: email });
  });

  it.each([
    ['', 'email.empty'],
    ['ola', 'email.invalid'],
    ['ola@', 'email.invalid'],
    ['@klynge.no', 'email.invalid'],
    ['ola@klynge', 'email.invalid'],
    ['ola@@klynge.no', 'email.invalid'],
    ['ola nordmann@klynge.no', 'email.invalid'],
    ['ola@klynge..no', 'email.invalid'],
    ['ola.@klynge.no', 'email.invalid'],
    ['ola@-klynge.no', 'email.invalid'],
    ['Ola <ola@klynge.no>', 'email.invalid'],
    ['ola@klynge.no; kari@klynge.no', 'email.multiple'],
    ['ola@klynge.no, kari@klynge.no', 'email.multiple'],
  ])('%j is refused with %s', (text, code) => {
    const r = parseEmail(text);
    expect(r).toMatchObject({ ok: false, code });
    if (r.ok) return;
    for (const lang of ['en', 'nb'] as const) {
      expect(fields[lang][r.code]).toBeDefined();
      for (const [, name] of fields[lang][r.code].matchAll(/\{(\w+)\}/g)) expect(r.params).toHaveProperty(name);
    }
  });
});
