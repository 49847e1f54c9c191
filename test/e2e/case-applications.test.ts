/**
 * `klynge applications withdraw | ineligible | restore` through the binary: the application
 * leaves the competition (not offered to evaluators, not ranked, not funded, listed apart with
 * its reason), a stored run goes stale, every change is logged; each refusal leaves the
 * database byte for byte as it was.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA, klyngeBin, klyngeOk as ok } from '../helpers/cli.js';
import { binJson, expectRefused } from '../helpers/refusal.js';
import { sampleDb } from '../helpers/workspace.js';

type Row = { ref: string; status: string; reason: string | null; granted: number; rank: number | null };

const allocation = (db: string) => binJson(db, ['report', 'allocation']) as { stale: boolean; applications: Row[]; excluded: { ref: string; status: string; reason: string; note: string | null; by: string }[]; granted: number };

describe('klynge applications withdraw / ineligible / restore (binary)', () => {
  it('a withdrawn application is not scored, ranked or funded; the money goes to the next in line; the run goes stale', async () => {
    const { db } = await sampleDb({ scores: true });
    await ok(['--db', db, 'allocate']);
    const before = allocation(db);
    expect(before.applications.find((a) => a.ref === '21/04117-1')).toMatchObject({ status: 'granted', granted: 2_800_000 });

    const r = binJson(db, ['applications', 'withdraw', '21/04117-1', '--note', 'Søkeren trakk søknaden på e-post 12.10.2021'], { KLYNGE_ACTOR: 'saksbehandler' });
    expect(r).toEqual({
      call: 'viken-2021',
      ref: '21/04117-1',
      status: { old: 'active', new: 'withdrawn' },
      reason: 'withdrawn',
      note: 'Søkeren trakk søknaden på e-post 12.10.2021',
      decisionRemoved: { status: 'granted', tier: 'main', granted: 2_800_000 },
      stale: true,
    });

    // stale until allocated again, and listed apart already
    const stale = allocation(db);
    expect(stale.stale).toBe(true);
    expect(stale.applications.map((a) => a.ref)).not.toContain('21/04117-1');
    expect(stale.excluded).toEqual([expect.objectContaining({ ref: '21/04117-1', status: 'withdrawn', reason: 'withdrawn', note: 'Søkeren trakk søknaden på e-post 12.10.2021', by: 'saksbehandler' })]);

    // not ranked
    const rank = binJson(db, ['rank']) as { applications: { ref: string }[] };
    expect(rank.applications).toHaveLength(9);
    expect(rank.applications.map((a) => a.ref)).not.toContain('21/04117-1');

    // not offered to evaluators: nine applications each, in the list and the report
    const evaluators = binJson(db, ['evaluator', 'list']) as { evaluators: { name: string; total: number }[] };
    expect(evaluators.evaluators.map((e) => e.total)).toEqual([9, 9, 9]);
    const report = binJson(db, ['report', 'evaluators']);
    expect(JSON.stringify(report)).not.toContain('21/04117-1');

    // the next allocation ranks the others without it: the next in line moves up, its money is not spent on it
    await ok(['--db', db, 'allocate']);
    const after = allocation(db);
    expect(after.stale).toBe(false);
    expect(after.applications.map((a) => [a.ref, a.rank])).toEqual(before.applications.filter((a) => a.ref !== '21/04117-1').map((a, i) => [a.ref, i + 1]));
    expect(after.granted).toBe(before.granted - 2_800_000);
    expect(after.excluded.map((x) => x.ref)).toEqual(['21/04117-1']);

    // listed with its status, findable by it (in Norwegian too)
    const list = binJson(db, ['applications', 'list', '--status', 'trukket']) as { applications: { ref: string; status: string }[] };
    expect(list.applications).toEqual([expect.objectContaining({ ref: '21/04117-1', status: 'withdrawn' })]);
    const show = binJson(db, ['applications', 'show', '21/04117-1']) as { standing: unknown };
    expect(show.standing).toMatchObject({ status: 'withdrawn', reason: 'withdrawn', by: 'saksbehandler' });

    // the log keeps old → new, the actor and the decision it removed
    const log = (binJson(db, ['log', '21/04117-1']) as { entries: { action: string; actor: string; details: Record<string, unknown> }[] }).entries;
    const entry = log.find((e) => e.action === 'application.withdraw')!;
    expect(entry.actor).toBe('saksbehandler');
    expect(entry.details).toMatchObject({ changes: { status: { old: 'active', new: 'withdrawn' } }, was: { status: 'granted', granted: 2_800_000 } });

    // restored: back in the ranking, and the run stale again
    const back = klyngeBin(['--db', db, 'applications', 'restore', '21/04117-1']);
    expect(back.code).toBe(0);
    expect(back.stdout).toContain('Restored 21/04117-1: it is back in the competition.');
    expect((binJson(db, ['rank']) as { applications: unknown[] }).applications).toHaveLength(10);
    expect(allocation(db).stale).toBe(true);
    expect(allocation(db).excluded).toEqual([]);
  });

  it('ineligible: the reason code and sentence in both languages, apart in the reports and the summary', async () => {
    const { db } = await sampleDb({ scores: true });
    const nb = klyngeBin(['--db', db, '--lang', 'nb', 'applications', 'ineligible', '21/04140-1', '--reason', 'Søkeren er ikke en registrert klyngeorganisasjon']);
    expect(nb.code).toBe(0);
    expect(nb.stdout).toContain('21/04140-1 er avvist på formelt grunnlag: søknaden blir ikke lenger vurdert, rangert eller tildelt midler.');
    await ok(['--db', db, 'allocate']);
    const rep = allocation(db);
    expect(rep.excluded).toEqual([expect.objectContaining({ ref: '21/04140-1', reason: 'ineligible', note: 'Søkeren er ikke en registrert klyngeorganisasjon' })]);
    const text = klyngeBin(['--db', db, 'report', 'allocation']);
    expect(text.stdout).toMatch(/Withdrawn or ineligible \(not ranked, not funded\):\nRef\tApplicant\tRequested\tStatus\tReason\n21\/04140-1\t.*\tineligible\tSøkeren er ikke en registrert klyngeorganisasjon/);
    const csv = klyngeBin(['--db', db, 'report', 'allocation', '--format', 'csv']);
    expect(csv.stdout).toMatch(/,21\/04140-1,.*,ineligible,ineligible,no/);
    // call show counts them apart: what still competes, and what does not
    expect(klyngeBin(['--db', db, 'call', 'show']).stdout).toContain('Applications: 10, of which 9 compete (NOK 37,750,000 requested) · withdrawn: 0 · ineligible: 1 ·');
    expect((binJson(db, ['call', 'show']) as { counts: unknown }).counts).toMatchObject({ applications: 10, withdrawn: 0, ineligible: 1, competing: { applications: 9, requested: 37_750_000 } });
    const summary = binJson(db, ['report', 'summary']) as { applied: { count: number }; ineligible: number; withdrawn: number; excluded: { ref: string; reason: string }[] };
    expect(summary).toMatchObject({ applied: { count: 10 }, ineligible: 1, withdrawn: 0, excluded: [{ ref: '21/04140-1', reason: 'ineligible' }] });
    const words = klyngeBin(['--db', db, '--lang', 'nb', 'report', 'summary']);
    expect(words.stdout).toContain('Én søknad oppfylte ikke de formelle kravene.');
    // exports: last, unranked, the reason code as status and reason, the note
    const json = JSON.parse(klyngeBin(['--db', db, 'export', '--format', 'json']).stdout) as { applications: { ref: string; rank: number | null; decision: unknown; excluded?: unknown }[] };
    expect(json.applications).toHaveLength(10);
    expect(json.applications[9]).toMatchObject({ ref: '21/04140-1', rank: null, decision: null, excluded: { status: 'ineligible', reason: 'ineligible', note: 'Søkeren er ikke en registrert klyngeorganisasjon' } });
    expect(json.applications.slice(0, 9).map((a) => a.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // the last row (its summary runs over several lines)
    const exportCsv = klyngeBin(['--db', db, 'export', '--format', 'csv']).stdout;
    expect(exportCsv).toMatch(/\n21\/04140-1,Drammensfjorden[^]*,ineligible,ineligible,,Søkeren er ikke en registrert klyngeorganisasjon\r?\n$/);
    expect(klyngeBin(['--db', db, 'export', '--format', '360giving', '--include-rejected']).stdout).not.toContain('21-04140-1');
    const card = klyngeBin(['--db', db, '--lang', 'nb', 'applications', 'show', '21/04140-1']);
    expect(card.stdout).toMatch(/Avvist på formelt grunnlag \(tester, \d\d\.\d\d\.\d{4}\): vurderes, rangeres og tildeles ikke\.\n {2}Søkeren er ikke en registrert klyngeorganisasjon/);
  });

  it('score import keeps rows on a withdrawn application, says they count for nothing, and changes no ranking', async () => {
    const { db } = await sampleDb();
    await ok(['--db', db, 'applications', 'withdraw', '21/04117-1']);
    const r = klyngeBin(['--db', db, 'score', 'import', path.join(DATA, 'scores.csv'), '--add-evaluators']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('9 rows are on withdrawn or ineligible applications: kept, but they count for nothing while the application is out.');
    expect((binJson(db, ['score', 'import', path.join(DATA, 'scores.csv')]) as { onExcluded: number }).onExcluded).toBe(9);
    expect((binJson(db, ['rank']) as { applications: { ref: string }[] }).applications.map((a) => a.ref)).not.toContain('21/04117-1');
  });

  it('refuses an unknown ref, a second withdrawal, restoring an active one, a missing reason, a manual decision, and scoring or deciding one that is out', async () => {
    const { db } = await sampleDb({ scores: true });
    expectRefused(db, ['applications', 'withdraw', '21/04117'], 1, 'No application "21/04117" in this call. Did you mean one of: 21/04117-1?');
    expectRefused(db, ['applications', 'restore', '21/04117-1'], 1, '21/04117-1 is not withdrawn or ineligible, so there is nothing to restore.');
    expectRefused(db, ['applications', 'ineligible', '21/04117-1'], 2, 'The option --reason <text> is required.');
    expectRefused(db, ['applications', 'ineligible', '21/04117-1', '--reason', '  '], 1, 'Give the reason the application is ineligible with --reason.');

    await ok(['--db', db, 'applications', 'withdraw', '21/04117-1']);
    expectRefused(db, ['applications', 'withdraw', '21/04117-1'], 1, /^error: 21\/04117-1 was already withdrawn \(tester, \d{4}-\d\d-\d\d\)\. Run "klynge applications restore 21\/04117-1" first to change that\.\n$/);
    expectRefused(db, ['--lang', 'nb', 'applications', 'withdraw', '21/04117-1'], 1, /^feil: 21\/04117-1 er allerede trukket \(tester, \d\d\.\d\d\.\d{4}\)\./);
    expectRefused(db, ['applications', 'ineligible', '21/04117-1', '--reason', 'x'], 1, '21/04117-1 was already withdrawn');
    expectRefused(db, ['decide', '21/04117-1', '--grant', '100000'], 1, '21/04117-1 is withdrawn, so it gets no decision. Run "klynge applications restore 21/04117-1" first if it should compete again.');
    expectRefused(db, ['score', 'set', '21/04117-1', '--evaluator', 'Kari Nordmann', 'green=3'], 1, '21/04117-1 is withdrawn and is not scored.');
    expectRefused(db, ['--json', 'applications', 'withdraw', '21/04117-1'], 1, 'was already withdrawn');

    // a locked decision is the caseworker's own: cleared first, never dropped silently
    await ok(['--db', db, 'decide', '21/04118-1', '--grant', '1000000']);
    expectRefused(db, ['applications', 'withdraw', '21/04118-1'], 1, '21/04118-1 has a manual decision (partially granted), locked by the caseworker. Clear it first with "klynge decide 21/04118-1 --clear", then try again.');
    await ok(['--db', db, 'decide', '21/04118-1', '--clear']);
    expect(klyngeBin(['--db', db, 'applications', 'withdraw', '21/04118-1']).code).toBe(0);
  });
});
