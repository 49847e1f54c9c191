import { describe, it, expect } from 'vitest';
import { parsePartners } from '../../src/core/partners.js';

describe('parsePartners', () => {
  it('splits on | in any file', () => {
    expect(parsePartners('Blå Vekst | Kystnæringsklyngen|Matklynge Øst', ';')).toEqual(['Blå Vekst', 'Kystnæringsklyngen', 'Matklynge Øst']);
  });

  it('splits on line breaks (LF, CRLF, CR)', () => {
    expect(parsePartners('A\nB\r\nC\rD', ',')).toEqual(['A', 'B', 'C', 'D']);
  });

  it('splits on , in a ; file and on ; in a , file, but not on the file delimiter', () => {
    expect(parsePartners('A, B', ';')).toEqual(['A', 'B']);
    expect(parsePartners('A; B', ',')).toEqual(['A', 'B']);
    expect(parsePartners('Klynge A; avd. B', ';')).toEqual(['Klynge A; avd. B']);
    expect(parsePartners('Klynge A, avd. B', ',')).toEqual(['Klynge A, avd. B']);
  });

  it('splits on both , and ; in a tab file', () => {
    expect(parsePartners('A, B; C', '\t')).toEqual(['A', 'B', 'C']);
  });

  it('trims, drops empty names and placeholder dashes, strips list bullets', () => {
    expect(parsePartners('  A  ||\n\n B\u00a0 | - C\n• D\n-', ';')).toEqual(['A', 'B', 'C', 'D']);
    expect(parsePartners('', ';')).toEqual([]);
    expect(parsePartners('   ', ';')).toEqual([]);
    expect(parsePartners('-', ';')).toEqual([]);
  });

  it('removes repeats ignoring case and spacing, keeping the first spelling and the order', () => {
    expect(parsePartners('Blå Vekst | Matklynge | BLÅ VEKST | blå  vekst | Matklynge Øst', ';')).toEqual(['Blå Vekst', 'Matklynge', 'Matklynge Øst']);
  });

  it('keeps names with a hyphen inside', () => {
    expect(parsePartners('Nord-Norge Klynge | Sør-Vest', ';')).toEqual(['Nord-Norge Klynge', 'Sør-Vest']);
  });
});
