/** Dates as they come out of case systems and spreadsheets, normalised to ISO 8601. */
import { ok, fail, type ParseResult } from './parse-result.js';

// `2021-09-15`, `2021-09-15 13:00:00`, `2021-09-15T13:00`, optional fractional seconds
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:[.,]\d+)?)?)?$/;
// `15.09.2021`, `5.9.2021`, `15/09/2021`, `15-09-2021`, with an optional `13:00` or `kl. 13.00`
const NORWEGIAN = /^(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?:,?\s+(?:kl\.?\s*)?(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?$/i;
const TWO_DIGIT_YEAR = /^(?:\d{1,2}([./-])\d{1,2}\1\d{2}|\d{2}-\d{1,2}-\d{1,2})(?:[T ,].*)?$/i;

/** Parse a date (optionally with a time) into `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS`. */
export function parseDate(text: string): ParseResult<string> {
  const value = text;
  const s = text.trim().replace(/[\u00a0\u2009\u202f]/g, ' ');
  if (s === '') return fail('date.empty', { value });

  let y: string, mo: string, d: string, h: string | undefined, mi: string | undefined, se: string | undefined;
  const iso = ISO.exec(s);
  const nb = iso ? null : NORWEGIAN.exec(s);
  if (iso) [, y, mo, d, h, mi, se] = iso;
  else if (nb) [, d, , mo, y, h, mi, se] = nb;
  else if (TWO_DIGIT_YEAR.test(s)) return fail('date.two-digit-year', { value });
  else return fail('date.not-a-date', { value });

  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return fail('date.impossible', { value });
  const date = `${y}-${pad(month)}-${pad(day)}`;
  if (h === undefined) return ok(date);

  const hour = Number(h);
  const minute = Number(mi);
  const second = se === undefined ? 0 : Number(se);
  if (hour > 23 || minute > 59 || second > 59) return fail('date.bad-time', { value });
  return ok(`${date}T${pad(hour)}:${pad(minute)}:${pad(second)}`);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const pad = (n: number) => String(n).padStart(2, '0');
