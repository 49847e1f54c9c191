import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogKeys, formatMoney, hasMessage, translator } from '../../src/io/i18n/index.js';

const SRC = path.resolve(__dirname, '..', '..', 'src');
const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));

describe('the message catalogue', () => {
  it('has the same keys in nb and en, with the same placeholders', () => {
    expect(catalogKeys('nb').sort()).toEqual(catalogKeys('en').sort());
    const en = translator('en');
    const nb = translator('nb');
    for (const key of catalogKeys('en')) {
      // unfilled placeholders are left as {name}: compare which ones each language uses
      const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(new Set(holes(nb(key))), key).toEqual(new Set(holes(en(key))));
    }
  });

  it('has every message key the source code uses', () => {
    const used = new Set<string>();
    for (const f of files(SRC)) {
      const text = fs.readFileSync(f, 'utf8');
      for (const m of text.matchAll(/(?:UserError|UsageError|NotFoundError|ValidationError\([^,]+,)\(?\s*'([a-z][\w.-]+)'/g)) used.add(m[1]);
      for (const m of text.matchAll(/\bt\('([a-z][\w.-]+)'/g)) used.add(m[1]);
      for (const m of text.matchAll(/\bfail(?:<[^>]*>)?\('([a-z][\w.-]+)'/g)) used.add(m[1]);
      for (const m of text.matchAll(/code: '([a-z][\w.-]+)'/g)) used.add(m[1]);
    }
    const missing = [...used].filter((k) => !hasMessage(k) && !['disagreement', 'incomplete', 'criterion-minimum', 'usage.subcommand'].includes(k));
    expect(missing).toEqual([]);
    expect(used.size).toBeGreaterThan(100);
  });

  it('formats money per language, exact to the øre', () => {
    expect(formatMoney(800_000_000, 'nb')).toBe('8 000 000 kr');
    expect(formatMoney(800_000_000, 'en')).toBe('NOK 8,000,000');
    expect(formatMoney(132_907_380, 'nb')).toBe('1 329 073,80 kr');
    expect(formatMoney(132_907_380, 'en')).toBe('NOK 1,329,073.80');
    expect(formatMoney(5, 'nb')).toBe('0,05 kr');
  });

  it('chooses singular or plural', () => {
    expect(translator('en')('applications.count', { count: 1 })).toBe('1 application');
    expect(translator('nb')('applications.count', { count: 2 })).toBe('2 søknader');
  });
});
