/** E-mail addresses: a shape check, not a deliverability check. */
import { ok, fail, type ParseResult } from './parse-result.js';

const SHAPE = /^[^\s@<>()[\]\\,;:"]+@(?:[a-z0-9\u00c0-\u024f](?:[a-z0-9\u00c0-\u024f-]*[a-z0-9\u00c0-\u024f])?\.)+[a-z\u00c0-\u024f]{2,}$/i;

/** Check that `text` looks like one e-mail address (`ola@klynge.no`); returns it trimmed. */
export function parseEmail(text: string): ParseResult<string> {
  const value = text;
  const s = text.trim().replace(/^mailto:/i, '');
  if (s === '') return fail('email.empty', { value });
  // two addresses in one cell is a common spreadsheet habit; say so instead of "invalid"
  if ((s.match(/@/g) ?? []).length > 1 && /[\s,;]/.test(s)) return fail('email.multiple', { value });
  if (!SHAPE.test(s)) return fail('email.invalid', { value });
  const local = s.slice(0, s.lastIndexOf('@'));
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return fail('email.invalid', { value });
  return ok(s);
}
