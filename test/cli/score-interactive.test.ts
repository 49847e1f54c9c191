import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { QUIT } from '../../src/cli/score-flow.js';
import { klynge } from '../helpers/cli.js';
import { ScriptedPrompter, type Step } from '../helpers/fake-prompter.js';
import { sampleDb } from '../helpers/workspace.js';

const FIRST = '21/04102-1';
const SECOND = '21/04117-1';

async function setup() {
  const w = await sampleDb();
  await klynge(['--db', w.db, 'evaluator', 'add', 'Kari Nordmann']);
  return w;
}

async function session(db: string, steps: Step[]) {
  const p = new ScriptedPrompter(steps);
  const r = await klynge(['--db', db, 'score', '--evaluator', 'kari nordmann'], { tty: true, prompter: p });
  return { ...r, p };
}

async function scoresOf(db: string, ref: string) {
  const r = await klynge(['--db', db, '--json', 'applications', 'show', ref]);
  return JSON.parse(r.stdout).scores as { evaluator: string; criterion: string; value: number | null; comment: string }[];
}

/** a criterion's optional justification, skipped (or given) */
const own = (criterion: string, answer = '', expectDefault?: string): Step => ({ input: new RegExp(`^Justification for ${criterion} \\(optional`), answer, ...(expectDefault !== undefined ? { expectDefault } : {}) });

const scoreFirst = (values: [string, string, string], justification = 'Godt forankret i regionen'): Step[] => [
  { select: /Which application/, answer: FIRST, expectDefault: FIRST },
  { confirm: /conflict of interest/, answer: false },
  // a new criterion starts on no score
  { select: /^1\/3 Green transition/, answer: values[0], expectDefault: undefined },
  own('Green transition'),
  { select: /^2\/3 Digitalisation/, answer: values[1], expectDefault: undefined },
  own('Digitalisation'),
  { select: /^3\/3 Internationalisation/, answer: values[2], expectDefault: undefined },
  own('Internationalisation'),
  { input: /^Overall justification \(required\)/, answer: justification },
];

describe('klynge score (interactive)', () => {
  it('scores one application and saves it on confirm', async () => {
    const { db } = await setup();
    const r = await session(db, [...scoreFirst(['4', '3', 'na']), { select: /Save these scores/, answer: 'save' }, { select: /What next/, answer: QUIT }]);
    expect(r.code).toBe(0);
    expect(r.p.finished).toBe(true);
    expect(r.p.shown.join('\n')).toContain('0 scored · 0 conflicts · 10 remaining');
    // the card of the application was shown before the questions
    expect(r.p.shown.some((s) => s.includes(FIRST) && s.includes('Follo Matklynge'))).toBe(true);
    // the summary showed the weighted result of this evaluator: (4 + 3) / 2
    expect(r.p.shown.some((s) => /Weighted result\s+3\.50/.test(s))).toBe(true);
    expect(r.p.shown.some((s) => /Overall justification: Godt forankret i regionen/.test(s))).toBe(true);
    const scores = await scoresOf(db, FIRST);
    expect(scores.map((s) => [s.criterion, s.value, s.comment])).toEqual([
      ['green', 4, 'Godt forankret i regionen'],
      ['digital', 3, 'Godt forankret i regionen'],
      ['international', null, 'Godt forankret i regionen'],
    ]);
    expect(r.stderr).toContain('Saved 1 application');
  });

  it('offers the scale with its labels, digit keys and n/a only where the call allows it', async () => {
    const { db } = await setup();
    const r = await session(db, [...scoreFirst(['5', '0', '2']), { select: /Save/, answer: 'discard' }, { select: /What next/, answer: QUIT }]);
    const green = r.p.asked.find((a) => /Green transition/.test(a.message))!;
    expect(green.choices!.map((c) => [c.value, c.key, c.name])).toEqual([
      ['5', '5', '5 – excellent'],
      ['4', '4', '4 – very good'],
      ['3', '3', '3 – good'],
      ['2', '2', '2 – fair'],
      ['1', '1', '1 – weak'],
      ['0', '0', '0 – not addressed'],
      ['na', 'n', 'n/a – not applicable to this project'],
    ]);
  });

  it('discard writes nothing', async () => {
    const { db } = await setup();
    const r = await session(db, [...scoreFirst(['4', '4', '4']), { select: /Save these scores/, answer: 'discard' }, { select: /What next/, answer: QUIT }]);
    expect(r.code).toBe(0);
    expect(await scoresOf(db, FIRST)).toEqual([]);
    const log = JSON.parse((await klynge(['--db', db, '--json', 'log', FIRST])).stdout);
    expect(log.entries).toEqual([]);
  });

  it('edits a criterion from the summary before saving', async () => {
    const { db } = await setup();
    const r = await session(db, [
      ...scoreFirst(['2', '3', '4']),
      { select: /Save these scores/, answer: 'edit' },
      { select: /Which criterion/, answer: '0' },
      { select: /^1\/3 Green transition/, answer: '5', expectDefault: '2' },
      own('Green transition', 'Sterk grønn profil'),
      { select: /Save these scores/, answer: 'save' },
      { select: /What next/, answer: QUIT },
    ]);
    expect(r.code).toBe(0);
    expect((await scoresOf(db, FIRST)).map((s) => s.value)).toEqual([5, 3, 4]);
  });

  it('declares a conflict of interest first, and the application cannot then be scored', async () => {
    const { db } = await setup();
    const r = await session(db, [
      { select: /Which application/, answer: FIRST },
      { confirm: /conflict of interest/, answer: true },
      { input: /Reason/, answer: 'Sitter i styret til søkeren' },
      { confirm: /Record the conflict/, answer: true },
      { select: /What next/, answer: QUIT },
    ]);
    expect(r.code).toBe(0);
    const show = JSON.parse((await klynge(['--db', db, '--json', 'applications', 'show', FIRST])).stdout);
    expect(show.conflicts).toEqual([expect.objectContaining({ evaluator: 'Kari Nordmann', reason: 'Sitter i styret til søkeren' })]);
    // opening it again shows the conflict and asks nothing about it
    const again = await session(db, [
      { select: /Which application/, answer: FIRST, expectDefault: SECOND },
      { select: /What next/, answer: QUIT },
    ]);
    expect(again.p.shown.some((s) => /declared a conflict of interest on this application/.test(s))).toBe(true);
    expect(again.p.shown.some((s) => s.includes('0 scored · 1 conflicts · 9 remaining'))).toBe(true);
    const scoreSet = await klynge(['--db', db, 'score', 'set', FIRST, '--evaluator', 'Kari Nordmann', 'green=3']);
    expect(scoreSet.code).toBe(1);
    expect(scoreSet.stderr).toMatch(/conflict of interest on 21\/04102-1 .* cannot score it/);
  });

  it('Ctrl-C halfway writes nothing of the unconfirmed application and exits 130', async () => {
    const { db } = await setup();
    const r = await session(db, [
      ...scoreFirst(['4', '3', '2']).slice(0, 6),
      { interrupt: 'select', at: /Internationalisation/ },
    ]);
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('Interrupted. Nothing unconfirmed was saved.');
    expect(await scoresOf(db, FIRST)).toEqual([]);
  });

  it('quitting after one save keeps it; resuming shows the earlier answers as defaults and logs changes', async () => {
    const { db } = await setup();
    await session(db, [...scoreFirst(['4', '3', '2'], 'Første runde'), { select: /Save/, answer: 'save' }, { select: /What next/, answer: QUIT }]);
    const r = await session(db, [
      { select: /Which application/, answer: FIRST, expectDefault: SECOND },
      { confirm: /conflict of interest/, answer: false },
      { select: /Green transition/, answer: '4', expectDefault: '4' },
      own('Green transition', '', ''),
      { select: /Digitalisation/, answer: '5', expectDefault: '3' },
      own('Digitalisation', '', ''),
      { select: /Internationalisation/, answer: '2', expectDefault: '2' },
      own('Internationalisation', '', ''),
      { input: /Overall justification/, answer: 'Andre runde', expectDefault: 'Første runde' },
      { select: /Save/, answer: 'save' },
      { select: /What next/, answer: QUIT },
    ]);
    expect(r.code).toBe(0);
    expect(r.p.shown.some((s) => /scored this application before/.test(s))).toBe(true);
    expect((await scoresOf(db, FIRST)).map((s) => [s.value, s.comment])).toEqual([
      [4, 'Andre runde'],
      [5, 'Andre runde'],
      [2, 'Andre runde'],
    ]);
    const log = JSON.parse((await klynge(['--db', db, '--json', 'log', FIRST])).stdout).entries;
    expect(log.map((e: { action: string; details: { changes: unknown } }) => [e.action, e.details.changes])).toEqual([
      ['score', { green: { old: null, new: 4 }, digital: { old: null, new: 3 }, international: { old: null, new: 2 } }],
      ['score', { digital: { old: 3, new: 5 } }],
    ]);
  });

  it('goes on to the next application and marks the list', async () => {
    const { db } = await setup();
    const r = await session(db, [
      ...scoreFirst(['1', '1', '1']),
      { select: /Save/, answer: 'save' },
      { select: /What next/, answer: 'next' },
      { confirm: /conflict of interest/, answer: false },
      { select: /Green/, answer: '5' },
      own('Green transition'),
      { select: /Digital/, answer: 'na' },
      own('Digitalisation'),
      { select: /Internationalisation/, answer: '3' },
      own('Internationalisation'),
      { input: /Overall justification/, answer: 'Sterkt sirkulært prosjekt' },
      { select: /Save/, answer: 'save' },
      // after every saved application the same question, whichever way it was reached
      { select: /What next/, answer: 'list', expectDefault: 'next' },
      { select: /Which application/, answer: QUIT, expectDefault: '21/04118-1' },
    ]);
    expect(r.code).toBe(0);
    const list = r.p.asked.filter((a) => /Which application/.test(a.message)).at(-1)!;
    expect(list.choices!.slice(0, 3).map((c) => c.name.slice(0, 12))).toEqual(['✓ 21/04102-1', '✓ 21/04117-1', '· 21/04118-1']);
    expect(r.stderr).toContain('Saved 2 applications');
  });

  it('without a terminal it refuses with exit 2 and names score set and score import', async () => {
    const { db } = await setup();
    const r = await klynge(['--db', db, 'score', '--evaluator', 'Kari Nordmann']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs a terminal.*klynge score set.*klynge score import/);
  });

  it('asks who is scoring when no evaluator is named', async () => {
    const { db } = await setup();
    const p = new ScriptedPrompter([
      { select: /Who is scoring/, answer: 'Kari Nordmann' },
      { select: /Which application/, answer: QUIT },
    ]);
    const r = await klynge(['--db', db, 'score'], { tty: true, prompter: p });
    expect(r.code).toBe(0);
    expect(p.finished).toBe(true);
  });

  it('re-opening keeps each criterion’s own justification unless it is edited, and logs the old text', async () => {
    const { db } = await setup();
    await klynge(['--db', db, 'score', 'set', FIRST, '--evaluator', 'Kari Nordmann', 'green=4', '--comment', 'Grønn: god plan']);
    await klynge(['--db', db, 'score', 'set', FIRST, '--evaluator', 'Kari Nordmann', 'digital=2', 'international=na', '--comment', 'Lite digitalt']);
    // each criterion's own text is its default; every criterion has one, so the overall one may stay empty
    await session(db, [
      { select: /Which application/, answer: FIRST },
      { confirm: /conflict of interest/, answer: false },
      { select: /Green transition/, answer: '4', expectDefault: '4' },
      own('Green transition', '', 'Grønn: god plan'),
      { select: /Digitalisation/, answer: '3', expectDefault: '2' },
      own('Digitalisation', '', 'Lite digitalt'),
      { select: /Internationalisation/, answer: 'na', expectDefault: 'na' },
      own('Internationalisation', '', 'Lite digitalt'),
      { input: /^Overall justification \(optional/, answer: '', expectDefault: '' },
      { select: /Save/, answer: 'save' },
      { select: /What next/, answer: QUIT },
    ]);
    expect((await scoresOf(db, FIRST)).map((s) => s.comment)).toEqual(['Grønn: god plan', 'Lite digitalt', 'Lite digitalt']);
  });

  it('a justification per criterion besides the overall one: stored per criterion as score import keeps them, shown again when re-opening', async () => {
    const { db } = await setup();
    const first = await session(db, [
      { select: /Which application/, answer: FIRST },
      { confirm: /conflict of interest/, answer: false },
      { select: /Green transition/, answer: '4', expectDefault: undefined },
      own('Green transition', 'Tydelig plan for sirkulær matproduksjon'),
      { select: /Digitalisation/, answer: '2', expectDefault: undefined },
      own('Digitalisation'),
      { select: /Internationalisation/, answer: '3', expectDefault: undefined },
      own('Internationalisation', 'Partnere i Sverige og Danmark'),
      { input: /^Overall justification \(required/, answer: 'Solid søknad, noe svak på digitalisering' },
      { select: /Save/, answer: 'save' },
      { select: /What next/, answer: QUIT },
    ]);
    expect(first.code).toBe(0);
    const summary = stripVTControlCharacters(first.p.shown.find((s) => s.includes('Your scores'))!);
    expect(summary).toMatch(/Green transition\s+4 very good\n\s+“Tydelig plan for sirkulær matproduksjon”/);
    expect(summary).toContain('Overall justification: Solid søknad, noe svak på digitalisering');
    // applications show has the overall one too, beside each score's own
    const show = await klynge(['--db', db, 'applications', 'show', FIRST]);
    expect(show.stdout).toContain('Kari Nordmann · overall justification: Solid søknad, noe svak på digitalisering');
    expect(JSON.parse((await klynge(['--db', db, '--json', 'applications', 'show', FIRST])).stdout).notes).toEqual([{ evaluator: 'Kari Nordmann', note: 'Solid søknad, noe svak på digitalisering' }]);
    // and the export carries it beside the per-criterion comments
    const doc = JSON.parse((await klynge(['--db', db, 'export', '--format', 'json'])).stdout) as { applications: { ref: string; notes: unknown[] }[] };
    expect(doc.applications.find((a) => a.ref === FIRST)!.notes).toEqual([{ evaluator: 'Kari Nordmann', note: 'Solid søknad, noe svak på digitalisering', counted: true }]);
    expect(doc.applications.find((a) => a.ref === SECOND)!.notes).toEqual([]);
    // the criterion without its own text carries the overall one
    expect((await scoresOf(db, FIRST)).map((s) => [s.criterion, s.comment])).toEqual([
      ['green', 'Tydelig plan for sirkulær matproduksjon'],
      ['digital', 'Solid søknad, noe svak på digitalisering'],
      ['international', 'Partnere i Sverige og Danmark'],
    ]);
    // re-opened: each answer and each text where it was; a changed one is logged old → new
    await session(db, [
      { select: /Which application/, answer: FIRST },
      { confirm: /conflict of interest/, answer: false },
      { select: /Green transition/, answer: '4', expectDefault: '4' },
      own('Green transition', '', 'Tydelig plan for sirkulær matproduksjon'),
      { select: /Digitalisation/, answer: '2', expectDefault: '2' },
      own('Digitalisation', 'Lite om data', ''),
      { select: /Internationalisation/, answer: '3', expectDefault: '3' },
      own('Internationalisation', '', 'Partnere i Sverige og Danmark'),
      { input: /^Overall justification \(optional/, answer: 'Solid søknad', expectDefault: 'Solid søknad, noe svak på digitalisering' },
      { select: /Save/, answer: 'save' },
      { select: /What next/, answer: QUIT },
    ]);
    expect((await scoresOf(db, FIRST)).map((s) => s.comment)).toEqual(['Tydelig plan for sirkulær matproduksjon', 'Lite om data', 'Partnere i Sverige og Danmark']);
    const log = JSON.parse((await klynge(['--db', db, '--json', 'log', FIRST])).stdout).entries;
    expect(log.at(-1).details).toMatchObject({
      changes: {},
      comments: { digital: { old: 'Solid søknad, noe svak på digitalisering', new: 'Lite om data' } },
      note: { old: 'Solid søknad, noe svak på digitalisering', new: 'Solid søknad' },
    });
  });
});

describe('klynge score with panels (issue 14 item 4)', () => {
  it('lists only the applications assigned to the evaluator once the call has assignments', async () => {
    const { db } = await setup();
    await klynge(['--db', db, 'evaluator', 'add', 'Ola Hansen']);
    expect((await klynge(['--db', db, 'assign', SECOND, '--evaluator', 'Kari Nordmann'])).code).toBe(0);
    expect((await klynge(['--db', db, 'assign', FIRST, '--evaluator', 'Ola Hansen'])).code).toBe(0);
    const r = await session(db, [{ select: /Which application/, answer: QUIT, expectDefault: SECOND }]);
    expect(r.code).toBe(0);
    const list = r.p.asked.find((a) => a.kind === 'select')!.choices!.map((c) => c.value);
    expect(list).toEqual([SECOND, QUIT]);
  });

  it('lists every active application while the call has no assignments', async () => {
    const { db } = await setup();
    const r = await session(db, [{ select: /Which application/, answer: QUIT }]);
    expect(r.p.asked.find((a) => a.kind === 'select')!.choices!.filter((c) => c.value !== QUIT)).toHaveLength(10);
  });

  it('an application re-opened by an upheld appeal is marked and offered first, until the evaluator has scored it again', async () => {
    const { db } = await setup();
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Oslo' });
    const ok = async (args: string[]) => {
      const r = await klynge(['--db', db, ...args]);
      expect(r.code, r.stderr).toBe(0);
    };
    await ok(['score', 'set', FIRST, '--evaluator', 'Kari Nordmann', 'green=1', 'digital=1', 'international=1']);
    await ok(['score', 'set', SECOND, '--evaluator', 'Kari Nordmann', 'green=4', 'digital=4', 'international=4']);
    await ok(['allocate']);
    await ok(['appeal', 'register', FIRST, '--received', today, '--notified', today]);
    await ok(['appeal', 'decide', FIRST, '--upheld', '--note', 'Vurderingen overså samarbeidet med kommunene']);
    const rescore: Step[] = [
      { select: /Which application/, answer: FIRST, expectDefault: FIRST },
      { confirm: /conflict of interest/, answer: false },
      { select: /^1\/3 Green transition/, answer: '3', expectDefault: '1' },
      own('Green transition'),
      { select: /^2\/3 Digitalisation/, answer: '1' },
      own('Digitalisation'),
      { select: /^3\/3 Internationalisation/, answer: '1' },
      own('Internationalisation'),
      { input: /^Overall justification/, answer: 'Samarbeidet med kommunene teller på grønn omstilling' },
      { select: /Save these scores/, answer: 'save' },
      { select: /What next/, answer: 'list' },
      { select: /Which application/, answer: QUIT },
    ];
    const r = await session(db, rescore);
    expect(r.code).toBe(0);
    const lists = r.p.asked.filter((a) => /Which application/.test(a.message));
    const first = (i: number) => lists[i].choices!.find((c) => c.value === FIRST)!.name;
    expect(first(0)).toMatch(/^✓ 21\/04102-1 {2}\[appeal upheld \d\d\d\d-\d\d-\d\d: score again\] Follo/);
    // scored again: the mark is gone, and the list no longer starts there
    expect(first(1)).toMatch(/^✓ 21\/04102-1 {2}Follo/);
    expect(lists[1].default).not.toBe(FIRST);
  });
});
