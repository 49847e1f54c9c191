/** The appeal deadline: three weeks, moved past weekends and Norwegian public holidays. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appealDeadline, appealInTime, isNonWorkingDay, publicHolidays } from '../../src/core/appeal.js';

describe('publicHolidays', () => {
  it('puts Easter where the almanac has it', () => {
    // Easter Sundays from the Norwegian almanac
    for (const [year, easter] of [
      [2021, '2021-04-04'],
      [2024, '2024-03-31'],
      [2025, '2025-04-20'],
      [2026, '2026-04-05'],
      [2027, '2027-03-28'],
    ] as const) {
      expect(publicHolidays(year).get(easter)).toBe('Første påskedag');
    }
    const h2026 = publicHolidays(2026);
    expect(h2026.get('2026-04-02')).toBe('Skjærtorsdag');
    expect(h2026.get('2026-05-14')).toBe('Kristi himmelfartsdag');
    expect(h2026.get('2026-05-25')).toBe('Andre pinsedag');
    expect(h2026.size).toBe(12);
  });
});

describe('appealDeadline', () => {
  it('is three weeks later on the same weekday when that is a working day', () => {
    expect(appealDeadline('2021-12-01')).toEqual({ deadline: '2021-12-22', nominal: '2021-12-22', movedPast: [] });
    // Christmas Eve is a working day in law
    expect(appealDeadline('2021-12-03').deadline).toBe('2021-12-24');
  });

  it('moves past weekends and holidays to the next working day', () => {
    expect(appealDeadline('2021-12-04')).toEqual({ deadline: '2021-12-27', nominal: '2021-12-25', movedPast: ['2021-12-25', '2021-12-26'] });
    expect(appealDeadline('2026-03-12')).toEqual({
      deadline: '2026-04-07',
      nominal: '2026-04-02',
      movedPast: ['2026-04-02', '2026-04-03', '2026-04-04', '2026-04-05', '2026-04-06'],
    });
    expect(appealDeadline('2027-04-26').deadline).toBe('2027-05-18'); // 17 May on a Monday
  });

  it('always ends on a working day, at least three weeks and at most a week and a half later', () => {
    const day = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 11, 31) }).map((ms) => new Date(ms).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, (notified) => {
        const { deadline, nominal, movedPast } = appealDeadline(notified);
        const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;
        expect(days(notified, nominal)).toBe(21);
        expect(isNonWorkingDay(deadline)).toBe(false);
        expect(days(nominal, deadline)).toBe(movedPast.length);
        expect(movedPast.every(isNonWorkingDay)).toBe(true);
        expect(movedPast.length).toBeLessThanOrEqual(5);
      }),
    );
  });
});

describe('appealInTime', () => {
  it('counts the deadline day itself as in time, and says how late a late one is', () => {
    expect(appealInTime('2021-12-01', '2021-12-22')).toMatchObject({ inTime: true, daysLate: 0 });
    expect(appealInTime('2021-12-01', '2021-12-23')).toMatchObject({ inTime: false, daysLate: 1 });
    expect(appealInTime('2021-12-04', '2021-12-27')).toMatchObject({ inTime: true, deadline: '2021-12-27' });
  });
});
