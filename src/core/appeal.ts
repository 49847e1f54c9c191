/**
 * The appeal deadline (*klagefrist*). Forvaltningsloven § 29: three weeks from the day the
 * applicant was notified of the decision. A deadline in weeks ends on the same weekday as
 * the day it started; one that ends on a Saturday, a Sunday or a public holiday runs to the
 * next working day (domstolloven §§ 148–149, which the administration applies to its own
 * deadlines). Dates are `YYYY-MM-DD`, computed in UTC so no time zone moves a day.
 */

const DAY_MS = 86_400_000;

const toDay = (iso: string): number => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS;
const fromDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** Easter Sunday of a year (the Gregorian computus, Meeus/Jones/Butcher), as a day number. */
function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** Norway's public holidays (*helligdager* and the two national days off) of a year that fall on weekdays or not. */
export function publicHolidays(year: number): Map<string, string> {
  const easter = easterSunday(year);
  const fixed = (m: number, d: number) => Date.UTC(year, m - 1, d) / DAY_MS;
  const days: [number, string][] = [
    [fixed(1, 1), 'Første nyttårsdag'],
    [easter - 3, 'Skjærtorsdag'],
    [easter - 2, 'Langfredag'],
    [easter, 'Første påskedag'],
    [easter + 1, 'Andre påskedag'],
    [fixed(5, 1), 'Offentlig høytidsdag'],
    [fixed(5, 17), 'Grunnlovsdag'],
    [easter + 39, 'Kristi himmelfartsdag'],
    [easter + 49, 'Første pinsedag'],
    [easter + 50, 'Andre pinsedag'],
    [fixed(12, 25), 'Første juledag'],
    [fixed(12, 26), 'Andre juledag'],
  ];
  return new Map(days.map(([d, name]) => [fromDay(d), name]));
}

/** Saturday, Sunday or a public holiday. */
export function isNonWorkingDay(iso: string): boolean {
  const weekday = new Date(toDay(iso) * DAY_MS).getUTCDay();
  return weekday === 0 || weekday === 6 || publicHolidays(Number(iso.slice(0, 4))).has(iso);
}

export interface AppealDeadline {
  /** the last day an appeal is in time */
  deadline: string;
  /** three weeks from notification, before moving past a day off */
  nominal: string;
  /** the days off the deadline was moved past (empty when it fell on a working day) */
  movedPast: string[];
}

/** The deadline for an appeal against a decision the applicant was notified of on `notified`. */
export function appealDeadline(notified: string, weeks = 3): AppealDeadline {
  const nominal = fromDay(toDay(notified) + weeks * 7);
  const movedPast: string[] = [];
  let deadline = nominal;
  while (isNonWorkingDay(deadline)) {
    movedPast.push(deadline);
    deadline = fromDay(toDay(deadline) + 1);
  }
  return { deadline, nominal, movedPast };
}

/** Whether an appeal received (or posted, fvl. § 30) on `received` is in time; days late when not. */
export function appealInTime(notified: string, received: string, weeks = 3): { inTime: boolean; daysLate: number } & AppealDeadline {
  const d = appealDeadline(notified, weeks);
  const late = toDay(received) - toDay(d.deadline);
  return { ...d, inTime: late <= 0, daysLate: Math.max(0, late) };
}
