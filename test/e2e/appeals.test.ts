/**
 * `klynge appeal register | decide | list` through the binary: the three weeks of
 * forvaltningsloven § 29 counted from the letter (or a date given, or the call's), moved past
 * days off; an upheld appeal re-opens the application (an ineligible one restored, a manual
 * decision cleared) and leaves the stored allocation out of date; every refusal leaves the
 * database byte for byte as it was.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA, klyngeBin, klyngeOk as ok } from '../helpers/cli.js';
import { binJson, expectRefused } from '../helpers/refusal.js';
import { sampleDb } from '../helpers/workspace.js';

type Row = { ref: string; status: string; reason: string | null; granted: number; manual: boolean };
const allocation = (db: string) => binJson(db, ['report', 'allocation']) as { stale: boolean; applications: Row[]; excluded: { ref: string; status: string }[] };
const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Oslo' });

/** The sample scored and allocated, with letters dated 15 November 2021 (a Monday). */
async function lettered() {
  const w = await sampleDb({ scores: true });
  await ok(['--db', w.db, 'allocate']);
  await ok(['--db', w.db, 'letters', '--out', 'brev', '--format', 'md', '--date', '2021-11-15'], { cwd: w.dir });
  return w;
}

describe('klynge appeal (binary)', () => {
  it('register: three weeks from the letter; in time on the last day, late the day after, and said so', async () => {
    const { db } = await lettered();
    const inTime = binJson(db, ['appeal', 'register', '21/04121-1', '--received', '2021-12-06']);
    expect(inTime).toEqual({
      call: 'viken-2021',
      ref: '21/04121-1',
      received: '2021-12-06',
      notified: '2021-11-15',
      notifiedFrom: 'letter',
      letterDate: '2021-11-15',
      deadline: '2021-12-06',
      nominal: '2021-12-06',
      movedPast: [],
      inTime: true,
      daysLate: 0,
      appealed: { status: 'rejected', tier: null, granted: 0 },
    });
    const late = klyngeBin(['--db', db, 'appeal', 'register', '21/04130-2', '--received', '2021-12-07', '--note', 'Brev fra daglig leder']);
    expect(late.code, late.stderr).toBe(0);
    expect(late.stdout).toBe(
      [
        '21/04130-2: the appeal received 2021-12-07 is registered.',
        'Notified of the decision: 2021-11-15 (the date of the decision letter).',
        'Deadline: 2021-12-06 (three weeks from notification, forvaltningsloven § 29).',
        'It came 1 day late. It is registered as late; the funder may still consider it (forvaltningsloven § 31).',
        'Decide it with `klynge appeal decide 21/04130-2 --upheld|--rejected --note "…"`.',
        '',
      ].join('\n'),
    );
    const nb = klyngeBin(['--db', db, '--lang', 'nb', 'appeal', 'list']);
    expect(nb.stdout).toContain('21/04130-2\tRomerike Logistikklynge (fiktiv)\t07.12.2021\t15.11.2021\t06.12.2021\t1 dag for sent\tåpen\t–\tBrev fra daglig leder\n');
    expect(nb.stdout).toContain('2 klager: 2 åpne, 0 tatt til følge, 0 ikke tatt til følge; 1 kom for sent.');
    const log = binJson(db, ['log', '21/04130-2']) as { entries: { action: string; actor: string; details: Record<string, unknown> }[] };
    expect(log.entries.find((e) => e.action === 'appeal.register')?.details).toMatchObject({ received: '2021-12-07', notified: '2021-11-15', notifiedFrom: 'letter', deadline: '2021-12-06', inTime: false, daysLate: 1 });
  });

  it('a deadline on a day off runs to the next working day; a date given counts over the letter; the call\'s date where no letter went out', async () => {
    const { db } = await lettered();
    // notified Saturday 13 November 2021: three weeks end on Saturday 4 December, so Monday 6 December
    const given = binJson(db, ['appeal', 'register', '21/04121-1', '--received', '2021-12-06', '--notified', '2021-11-13']);
    expect(given).toMatchObject({ notified: '2021-11-13', notifiedFrom: 'given', letterDate: '2021-11-15', nominal: '2021-12-04', movedPast: ['2021-12-04', '2021-12-05'], deadline: '2021-12-06', inTime: true });
    const text = klyngeBin(['--db', db, 'appeal', 'register', '21/04102-1', '--received', '2021-12-06', '--notified', '2021-11-13']);
    expect(text.stdout).toContain('The newest decision letter is dated 2021-11-15; the date given counts.');
    expect(text.stdout).toContain('Three weeks end on 2021-12-04; neither that day nor 2021-12-05 is a working day (weekends or public holidays), so the deadline moves to the next working day.');

    // no letters: the call's notified date (Christmas: 3 December + 3 weeks = 24 December, a Friday and a working day)
    const w = await sampleDb({ scores: true });
    await ok(['--db', w.db, 'allocate']);
    const call = JSON.parse(fs.readFileSync(path.join(DATA, 'call.json'), 'utf8')) as Record<string, unknown>;
    const file = path.join(w.dir, 'call.json');
    fs.writeFileSync(file, JSON.stringify({ ...call, notified: '2021-12-03' }));
    await ok(['--db', w.db, 'call', 'update', '--file', file]);
    expect(binJson(w.db, ['appeal', 'register', '21/04130-2', '--received', '2021-12-27'])).toMatchObject({ notifiedFrom: 'call', notified: '2021-12-03', deadline: '2021-12-24', inTime: false, daysLate: 3 });
  });

  it('upheld on an application found ineligible: restored, offered to evaluators, ranked again by the next allocate', async () => {
    const { db, dir } = await sampleDb({ scores: true });
    await ok(['--db', db, 'applications', 'ineligible', '21/04133-1', '--reason', 'Mangler samarbeidsklynge']);
    await ok(['--db', db, 'allocate']);
    await ok(['--db', db, 'letters', '--out', 'brev', '--format', 'md', '--date', '2021-11-15'], { cwd: dir });
    expect(allocation(db).excluded.map((x) => [x.ref, x.status])).toEqual([['21/04133-1', 'ineligible']]);
    const reg = binJson(db, ['appeal', 'register', '21/04133-1', '--received', '2021-11-30']);
    expect(reg).toMatchObject({ inTime: true, appealed: { status: 'ineligible', tier: null, granted: 0 } });
    const r = binJson(db, ['appeal', 'decide', '21/04133-1', '--upheld', '--note', 'Samarbeidsklyngen ble oversett i den formelle kontrollen'], { KLYNGE_ACTOR: 'saksbehandler' });
    expect(r).toEqual({ call: 'viken-2021', ref: '21/04133-1', outcome: 'upheld', decidedOn: today, note: 'Samarbeidsklyngen ble oversett i den formelle kontrollen', restored: true, clearedManual: null, staleRun: true, needsPanel: false, answered: null });
    const stale = allocation(db);
    expect(stale.stale).toBe(true);
    expect(stale.excluded).toEqual([]);
    const list = binJson(db, ['applications', 'list']) as { applications: { ref: string; status: string }[] };
    expect(list.applications.find((a) => a.ref === '21/04133-1')?.status).not.toBe('ineligible');
    await ok(['--db', db, 'allocate']);
    const after = allocation(db);
    expect(after.stale).toBe(false);
    expect(after.applications.find((a) => a.ref === '21/04133-1')).toMatchObject({ status: 'partially granted', granted: 200_000 });
    const log = binJson(db, ['log', '21/04133-1']) as { entries: { action: string; actor: string }[] };
    expect(log.entries.filter((e) => ['application.restore', 'appeal.decide'].includes(e.action)).map((e) => [e.action, e.actor])).toEqual([
      ['application.restore', 'saksbehandler'],
      ['appeal.decide', 'saksbehandler'],
    ]);
  });

  it('upheld on a manual rejection clears it; the next allocate gives the allocator\'s decision back', async () => {
    const { db } = await sampleDb({ scores: true });
    await ok(['--db', db, 'decide', '21/04117-1', '--reject', '--note', 'Ikke klyngesamarbeid']);
    await ok(['--db', db, 'allocate']);
    expect(allocation(db).applications.find((a) => a.ref === '21/04117-1')).toMatchObject({ status: 'rejected', manual: true });
    await ok(['--db', db, 'appeal', 'register', '21/04117-1', '--received', '2021-11-30', '--notified', '2021-11-20']);
    const r = klyngeBin(['--db', db, 'appeal', 'decide', '21/04117-1', '--upheld', '--note', 'Samarbeidet er dokumentert']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`21/04117-1: the appeal is upheld (${today}). The application is open again.`);
    expect(r.stdout).toContain('The manual decision on it (rejected, NOK 0) is cleared (the log keeps it).');
    await ok(['--db', db, 'allocate']);
    expect(allocation(db).applications.find((a) => a.ref === '21/04117-1')).toMatchObject({ status: 'granted', granted: 2_800_000, manual: false });
  });

  it('rejected: closed, and sent on to the appeal body; the allocation still stands', async () => {
    const { db } = await lettered();
    await ok(['--db', db, 'appeal', 'register', '21/04130-2', '--received', '2021-12-01']);
    const r = klyngeBin(['--db', db, '--lang', 'nb', 'appeal', 'decide', '21/04130-2', '--rejected', '--note', 'Ingen nye opplysninger', '--date', '2021-12-10']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('21/04130-2: klagen er ikke tatt til følge (10.12.2021). Send den med saksdokumentene til klageinstansen for endelig avgjørelse (forvaltningsloven § 33).\n');
    expect(allocation(db).stale).toBe(false);
    const list = binJson(db, ['appeal', 'list']) as { appeals: { ref: string; state: string; decidedOn: string; decisionNote: string }[] };
    expect(list.appeals).toEqual([expect.objectContaining({ ref: '21/04130-2', state: 'rejected', decidedOn: '2021-12-10', decisionNote: 'Ingen nye opplysninger' })]);
  });

  it('refusals: exit code, one message, the database unchanged', async () => {
    const { db } = await lettered();
    await ok(['--db', db, 'appeal', 'register', '21/04130-2', '--received', '2021-12-01']);
    expectRefused(db, ['appeal', 'register', '21/04130-2', '--received', '2021-12-02'], 1, '21/04130-2 has an open appeal already (received 2021-12-01). Decide it first with `klynge appeal decide 21/04130-2 --upheld|--rejected --note "…"`.');
    expectRefused(db, ['appeal', 'register', '21/04121-1', '--received', '2099-01-01'], 1, `The date for --received, 2099-01-01, is after today (${today}).`);
    expectRefused(db, ['appeal', 'register', '21/04121-1', '--received', '2021-11-10'], 1, 'The appeal on 21/04121-1 is dated 2021-11-10, before the applicant was notified (2021-11-15, the date of the decision letter).');
    expectRefused(db, ['appeal', 'register', '21/04121-1', '--received', '1.12.2021'], 2, /--received/);
    expectRefused(db, ['appeal', 'register', '21/04121-1'], 2, /--received/);
    expectRefused(db, ['appeal', 'register', '21/99999-1', '--received', '2021-12-01'], 1, /21\/99999-1/);
    expectRefused(db, ['appeal', 'decide', '21/04130-2', '--upheld'], 2, 'Say why with --note "…"');
    expectRefused(db, ['appeal', 'decide', '21/04130-2', '--upheld', '--rejected', '--note', 'x'], 2, 'Give exactly one of --upheld and --rejected.');
    expectRefused(db, ['appeal', 'decide', '21/04130-2', '--note', 'x'], 2, 'Give exactly one of --upheld and --rejected.');
    expectRefused(db, ['appeal', 'decide', '21/04121-1', '--rejected', '--note', 'x'], 1, '21/04121-1 has no appeal registered. Register it first with `klynge appeal register 21/04121-1 --received YYYY-MM-DD`.');
    expectRefused(db, ['appeal', 'decide', '21/04130-2', '--rejected', '--note', 'x', '--date', '2021-11-30'], 1, 'The date 2021-11-30 is before the appeal on 21/04130-2 came (2021-12-01).');
    await ok(['--db', db, 'appeal', 'decide', '21/04130-2', '--rejected', '--note', 'Ingen nye opplysninger', '--date', '2021-12-10']);
    expectRefused(db, ['appeal', 'decide', '21/04130-2', '--upheld', '--note', 'x'], 1, 'The appeal on 21/04130-2 is decided already (not upheld, 2021-12-10).');
    expectRefused(db, ['--json', 'appeal', 'decide', '21/04130-2', '--upheld', '--note', 'x'], 1, /decided already/);
    await ok(['--db', db, 'applications', 'withdraw', '21/04102-1', '--note', 'trukket']);
    expectRefused(db, ['appeal', 'register', '21/04102-1', '--received', '2021-12-01'], 1, '21/04102-1 was withdrawn by the applicant, so there is no decision to appeal.');
  });

  it('counts from a letter about the decision appealed only: a grant letter does not start the deadline of a later dismissal', async () => {
    const { db } = await lettered();
    await ok(['--db', db, 'applications', 'ineligible', '21/04117-1', '--reason', 'Mangler signert partnererklæring']);
    // its only letter told of a grant; nothing has told it of the dismissal yet
    expectRefused(db, ['appeal', 'register', '21/04117-1', '--received', '2021-12-01'], 1, 'No date to count the three weeks from for 21/04117-1: klynge has written no letter about the decision it has now. Give the day the applicant was notified with --notified YYYY-MM-DD');
    const r = binJson(db, ['appeal', 'register', '21/04117-1', '--received', '2021-12-01', '--notified', '2021-11-29']) as { notifiedFrom: string; inTime: boolean; letterDate: string | null };
    expect(r).toMatchObject({ notifiedFrom: 'given', inTime: true, letterDate: null });
  });

  it('upheld on an answered offer: says the answer stays locked and how to take it back', async () => {
    const { db } = await lettered();
    await ok(['--db', db, 'offer', 'accept', '21/04118-1']);
    await ok(['--db', db, 'appeal', 'register', '21/04118-1', '--received', '2021-12-01']);
    const r = klyngeBin(['--db', db, 'appeal', 'decide', '21/04118-1', '--upheld', '--note', 'Budsjettet var feil lest']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('The applicant has accepted the offer of NOK 3,000,000, and an accepted offer stays as it was offered: allocate will not change it. To allocate it anew, take the answer back first with `klynge offer undo 21/04118-1`.');
  });

  it('no decision yet, or nothing to count from: refused with what to do', async () => {
    const { db } = await sampleDb({ scores: true });
    expectRefused(db, ['appeal', 'register', '21/04130-2', '--received', '2021-12-01', '--notified', '2021-11-15'], 1, '21/04130-2 has no decision to appeal yet: the stored allocation has none for it. Run `klynge allocate` (and write the letters) first.');
    await ok(['--db', db, 'allocate']);
    expectRefused(db, ['appeal', 'register', '21/04130-2', '--received', '2021-12-01'], 1, 'Give the day the applicant was notified with --notified YYYY-MM-DD, write the letters with `klynge letters`, or set "notified" on the call');
    expectRefused(db, ['--lang', 'nb', 'appeal', 'register', '21/04130-2', '--received', '2021-12-01'], 1, 'Ingen dato å regne de tre ukene fra for 21/04130-2');
    const none = klyngeBin(['--db', db, 'appeal', 'list']);
    expect(none.code).toBe(0);
    expect(none.stderr).toContain('No appeals are registered for viken-2021.');
  });
});
