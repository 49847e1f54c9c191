/** Norwegian organisation numbers (*organisasjonsnummer*): nine digits, mod-11 check digit. */
import { ok, fail, type ParseResult } from './parse-result.js';

const WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2];

/** Parse `912 345 678`, `NO 912345678 MVA` and the like into the nine digits, checking the check digit. */
export function parseOrgNumber(text: string): ParseResult<string> {
  const value = text;
  const s = text
    .trim()
    .replace(/^no(?=[\s\u00a0\u2009\u202f\d])/i, '')
    .replace(/mva$/i, '')
    .replace(/[\s\u00a0\u2009\u202f]/g, '');
  if (text.trim() === '') return fail('orgnr.empty', { value });
  if (!/^\d+$/.test(s)) return fail('orgnr.not-digits', { value });
  if (s.length !== 9) return fail('orgnr.length', { value, length: s.length });
  const expected = orgNumberCheckDigit(s.slice(0, 8));
  if (expected === null) return fail('orgnr.invalid', { value });
  if (expected !== Number(s[8])) return fail('orgnr.check-digit', { value });
  return ok(s);
}

/**
 * The mod-11 check digit for the first eight digits, or null when the remainder
 * is 1: no organisation number can start with those eight digits.
 */
export function orgNumberCheckDigit(first8: string): number | null {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(first8[i]) * WEIGHTS[i];
  const r = sum % 11;
  if (r === 0) return 0;
  if (r === 1) return null;
  return 11 - r;
}
