/**
 * `klynge offer accept | decline | undo | list` and the reserve list through the binary: a
 * declined grant's money goes to the reserve list in rank order on the next allocate, an
 * accepted offer stays as it was offered, the allocation table shows each offer's state; every
 * refusal leaves the database byte for byte as it was.
 */
import { describe, expect, it } from 'vitest';
import { klyngeBin, klyngeOk as ok } from '../helpers/cli.js';
import { binJson, expectRefused } from '../helpers/refusal.js';
import { sampleDb } from '../helpers/workspace.js';

type Row = { ref: string; status: string; reason: string | null; tier: string | null; granted: number; rank: number | null; offer: string | null; reservePlace: number | null };
type OfferRow = { ref: string; state: string; tier: string | null; granted: number; offeredOn: string | null; answeredOn: string | null; deadline: string | null };

const rows = (db: string) => (binJson(db, ['report', 'allocation']) as { applications: Row[] }).applications;
const byRef = (db: string) => new Map(rows(db).map((r) => [r.ref, r]));
const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Oslo' });

/** The sample, scored, with the main project budget cut to 5.5 MNOK so one qualified application is left on the reserve list. */
async function withReserve() {
  const w = await sampleDb({ scores: true });
  await ok(['--db', w.db, 'call', 'update', '--budget', 'main=5500000']);
  await ok(['--db', w.db, 'allocate']);
  return w;
}

describe('offers and the reserve list (binary)', () => {
  it('a qualified application the money did not reach is on the reserve list, in every report', async () => {
    const { db } = await withReserve();
    const r = byRef(db);
    expect(r.get('21/04126-1')).toMatchObject({ status: 'reserve', reason: 'budget-exhausted', granted: 0, rank: 6, reservePlace: 1, offer: null });
    expect(r.get('21/04130-2')).toMatchObject({ status: 'rejected', reason: 'below-threshold', reservePlace: null });
    expect([...r.values()].filter((x) => x.offer === 'offered').map((x) => x.ref)).toEqual(['21/04117-1', '21/04118-1', '21/04125-1', '21/04133-1', '21/04134-1']);

    const table = klyngeBin(['--db', db, 'report', 'allocation']);
    expect(table.stdout).toMatch(/21\/04126-1\t.*\treserve list no\. 1\n/);
    expect(table.stdout).toMatch(/21\/04117-1\t.*\tgranted · offered\n/);
    const csv = klyngeBin(['--db', db, 'report', 'allocation', '--format', 'csv']);
    expect(csv.stdout.split('\r\n')[0]).toBe('rank,ref,applicant,title,score,tier,granted,requested,status,reason,manual,offer,reserve_place');
    expect(csv.stdout).toContain(',reserve,budget-exhausted,no,,1\r\n');
    const nb = klyngeBin(['--db', db, '--lang', 'nb', 'report', 'summary']);
    expect(nb.stdout).toContain('Én søknad som oppfyller kravene, står på venteliste og får tilbud dersom midler blir ledige.');
    const listed = binJson(db, ['applications', 'list', '--status', 'venteliste']) as { applications: { ref: string }[] };
    expect(listed.applications.map((a) => a.ref)).toEqual(['21/04126-1']);
    const exported = klyngeBin(['--db', db, 'export', '--format', 'csv']);
    expect(exported.stdout).toMatch(/21\/04126-1,[^]*?,reserve,budget-exhausted,false,/);
  });

  it('decline frees the money: the next allocate moves the reserve up, keeps the accepted offer, says who moved', async () => {
    const { db } = await withReserve();
    const before = byRef(db);
    expect(before.get('21/04118-1')).toMatchObject({ status: 'partially granted', granted: 2_700_000, tier: 'main' });

    const acc = binJson(db, ['offer', 'accept', '21/04118-1', '--note', 'signert aksept'], { KLYNGE_ACTOR: 'saksbehandler' });
    expect(acc).toMatchObject({ call: 'viken-2021', ref: '21/04118-1', state: 'accepted', tier: 'main', granted: 2_700_000, date: today, late: false, clearedManual: false });
    const dec = klyngeBin(['--db', db, 'offer', 'decline', '21/04117-1', '--date', today, '--note', 'e-post fra daglig leder']);
    expect(dec.code, dec.stderr).toBe(0);
    expect(dec.stdout).toBe(`21/04117-1: the offer of NOK 2,800,000 (Main project) is declined (${today}). Run \`klynge allocate\` to offer the money to the reserve list.\n`);

    // the answers are inputs: the stored allocation no longer follows from the data
    expect((binJson(db, ['report', 'allocation']) as { stale: boolean }).stale).toBe(true);

    const run = binJson(db, ['allocate']) as { moves: { movedUp: unknown[]; offersChanged: unknown[]; accepted: number; declined: number } };
    expect(run.moves.movedUp).toEqual([{ ref: '21/04126-1', rank: 6, old: { status: 'reserve', tier: null, granted: 0 }, new: { status: 'partially granted', tier: 'pre', granted: 200_000 } }]);
    // the open offer to 21/04125-1 grows into a main project grant with the freed money; that is said too
    expect(run.moves.offersChanged).toEqual([{ ref: '21/04125-1', rank: 3, old: { status: 'partially granted', tier: 'pre', granted: 200_000 }, new: { status: 'granted', tier: 'main', granted: 2_100_000 } }]);
    expect(run.moves).toMatchObject({ accepted: 1, declined: 1 });

    const after = byRef(db);
    expect(after.get('21/04117-1')).toMatchObject({ status: 'declined', reason: 'offer-declined', granted: 0, offer: 'declined' });
    expect(after.get('21/04118-1')).toMatchObject({ status: 'partially granted', granted: 2_700_000, tier: 'main', offer: 'accepted' });
    expect(after.get('21/04126-1')).toMatchObject({ status: 'partially granted', granted: 200_000, tier: 'pre', offer: 'offered', reservePlace: null });
    // the declined money that nobody qualifies for stays in the tier, unspent
    const tiers = (binJson(db, ['report', 'allocation']) as { tiers: { key: string; granted: number; left: number }[] }).tiers;
    expect(tiers.find((t) => t.key === 'main')).toMatchObject({ granted: 4_800_000, left: 700_000 });

    const list = (binJson(db, ['offer', 'list']) as { offers: OfferRow[] }).offers;
    expect(list.map((o) => [o.ref, o.state, o.granted])).toEqual([
      ['21/04117-1', 'declined', 2_800_000],
      ['21/04118-1', 'accepted', 2_700_000],
      ['21/04125-1', 'offered', 2_100_000],
      ['21/04133-1', 'offered', 200_000],
      ['21/04134-1', 'offered', 200_000],
      ['21/04126-1', 'offered', 200_000],
    ]);
    // the declined offer keeps the day it was made
    expect(list[0]).toMatchObject({ offeredOn: today, answeredOn: today });

    const log = binJson(db, ['log', '21/04117-1']) as { entries: { action: string; ref: string; details: Record<string, unknown> }[] };
    expect(log.entries.filter((e) => e.action === 'offer.decline')).toEqual([expect.objectContaining({ ref: '21/04117-1', details: expect.objectContaining({ changes: { offer: { old: 'offered', new: 'declined' } }, granted: 2_800_000, note: 'e-post fra daglig leder' }) })]);

    // an allocation on unchanged inputs changes nothing and moves nobody
    const again = binJson(db, ['allocate']) as { moves: { movedUp: unknown[]; offersChanged: unknown[] } };
    expect(again.moves).toMatchObject({ movedUp: [], offersChanged: [] });
  });

  it('offer undo opens the offer again; the next allocate gives the grant back', async () => {
    const { db } = await withReserve();
    await ok(['--db', db, 'offer', 'decline', '21/04117-1']);
    await ok(['--db', db, 'allocate']);
    expect(byRef(db).get('21/04117-1')).toMatchObject({ status: 'declined', granted: 0 });
    const undo = binJson(db, ['offer', 'undo', '21/04117-1', '--note', 'feil søknad']);
    expect(undo).toEqual({ call: 'viken-2021', ref: '21/04117-1', undone: { state: 'declined', date: today } });
    await ok(['--db', db, 'allocate']);
    const r = byRef(db);
    expect(r.get('21/04117-1')).toMatchObject({ status: 'granted', granted: 2_800_000, offer: 'offered' });
    expect(r.get('21/04126-1')).toMatchObject({ status: 'reserve', reservePlace: 1 });
  });

  it('refusals: exit code, one message, the database unchanged', async () => {
    const { db } = await withReserve();
    expectRefused(db, ['offer', 'accept', '21/04126-1'], 1, '21/04126-1 has no offer to answer: it is "reserve list" in the stored allocation. Only grants are offers (see `klynge offer list`).');
    expectRefused(db, ['offer', 'accept', '21/04130-2'], 1, 'it is "rejected" in the stored allocation');
    expectRefused(db, ['offer', 'accept', '21/99999-1'], 1, /21\/99999-1/);
    expectRefused(db, ['offer', 'accept', '21/04117-1', '--date', '2099-01-01'], 1, `The date 2099-01-01 is after today (${today}). Give the day the answer came, with --date YYYY-MM-DD.`);
    expectRefused(db, ['offer', 'accept', '21/04117-1', '--date', '2021-01-01'], 1, `The date 2021-01-01 is before 21/04117-1 was offered the grant (${today}).`);
    expectRefused(db, ['offer', 'accept', '21/04117-1', '--date', '1.12.2021'], 2, /--date/);
    expectRefused(db, ['offer', 'undo', '21/04117-1'], 1, /21\/04117-1/);
    await ok(['--db', db, 'offer', 'decline', '21/04117-1']);
    expectRefused(db, ['offer', 'decline', '21/04117-1'], 1, `21/04117-1 declined the offer already (${today}). Nothing changed.`);
    expectRefused(db, ['offer', 'accept', '21/04117-1'], 1, 'If that was recorded by mistake, take it back with `klynge offer undo 21/04117-1` and record the answer again.');
    expectRefused(db, ['--json', 'offer', 'accept', '21/04117-1'], 1, /declined the offer already/);
    // in Norwegian too
    expectRefused(db, ['--lang', 'nb', 'offer', 'accept', '21/04126-1'], 1, /21\/04126-1/);
  });

  it('without a stored allocation there is nothing to answer', async () => {
    const { db } = await sampleDb({ scores: true });
    expectRefused(db, ['offer', 'accept', '21/04117-1'], 1, 'Call viken-2021 has no stored allocation, so there is no offer to answer. Run `klynge allocate` first.');
    const list = klyngeBin(['--db', db, 'offer', 'list']);
    expect(list.code).toBe(0);
  });
});
