/**
 * `klynge conflict import | list | withdraw` through the binary: the shipped
 * `data/conflicts.csv` imports, files are read like the application import (encoding,
 * delimiter, English headers), all or nothing with line-numbered errors; a withdrawal is
 * logged and kept in the log; each refusal leaves the database byte for byte as before.
 */
import fs from 'node:fs';
import path from 'node:path';
import { transcode } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { DATA, klyngeBin, klyngeOk as ok } from '../helpers/cli.js';
import { binJson, expectRefused } from '../helpers/refusal.js';
import { sampleDb } from '../helpers/workspace.js';

type LogEntry = { action: string; actor: string; ref: string | null; details: Record<string, unknown> };
const log = (db: string, ref?: string) => (binJson(db, ['log', ...(ref ? [ref] : [])]) as { entries: LogEntry[] }).entries;
const n = (db: string, ref: string) => (binJson(db, ['rank']) as { applications: { ref: string; criteria: Record<string, { n: number }> }[] }).applications.find((a) => a.ref === ref)!.criteria.green.n;

describe('klynge conflict import (binary)', () => {
  it('imports data/conflicts.csv (a stored run goes stale); a second import changes nothing', async () => {
    const { db } = await sampleDb({ scores: true });
    await ok(['--db', db, 'allocate']);
    const dry = binJson(db, ['conflict', 'import', path.join(DATA, 'conflicts.csv'), '--dry-run']);
    expect(dry).toMatchObject({ dryRun: true, rows: 1, declared: 1, already: 0 });
    expect(binJson(db, ['conflict', 'list'])).toEqual({ call: 'viken-2021', conflicts: [] });

    const r = klyngeBin(['--db', db, 'conflict', 'import', path.join(DATA, 'conflicts.csv')], { env: { KLYNGE_ACTOR: 'saksbehandler' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/conflicts\.csv: 1 row, 1 conflict of interest declared, 0 already declared\.\n$/);
    // a conflict is an input of the allocation
    expect((binJson(db, ['report', 'allocation']) as { stale: boolean }).stale).toBe(true);
    const list = binJson(db, ['conflict', 'list']) as { conflicts: Record<string, string>[] };
    expect(list.conflicts).toEqual([
      { ref: '21/04125-1', evaluator: 'Ingrid Berg', reason: 'Styremedlem i Oslo Cancer Cluster, som er samarbeidsklynge i prosjektet.', declaredBy: 'saksbehandler', declaredAt: expect.stringMatching(/^\d{4}-/) },
    ]);
    const entry = log(db, '21/04125-1').find((e) => e.action === 'conflict.declare')!;
    expect(entry).toMatchObject({ actor: 'saksbehandler', details: { evaluator: 'Ingrid Berg', line: 2, scoresNoLongerCounted: [] } });

    const again = binJson(db, ['conflict', 'import', path.join(DATA, 'conflicts.csv')]);
    expect(again).toMatchObject({ rows: 1, declared: 0, already: 1 });

    // the list as a table, in Norwegian
    const table = klyngeBin(['--db', db, '--lang', 'nb', 'conflict', 'list']);
    expect(table.stdout).toMatch(/^Saksnr\.\tVurderer\tBegrunnelse\tRegistrert\n21\/04125-1\tIngrid Berg\tStyremedlem i Oslo Cancer Cluster, som er samarbeidsklynge i prosjektet\.\tsaksbehandler, \d\d\.\d\d\.\d{4}\n1 inhabilitet/);
  });

  it('reads English headers, commas and Windows-1252 like the application import', async () => {
    const { dir, db } = await sampleDb({ scores: true });
    const file = path.join(dir, 'conflicts-en.csv');
    const text = 'evaluator,ref,reason\r\nOla Hansen,21/04118-1,"Tidligere ansatt i Kongsbergklyngen, sluttet 2020"\r\nKari Nordmann,21/04133-1,Søster er daglig leder\r\n';
    fs.writeFileSync(file, transcode(Buffer.from(text, 'utf8'), 'utf8', 'latin1'));
    const r = binJson(db, ['conflict', 'import', file]);
    // Ola and Kari had scored both: three scores each no longer count
    expect(r).toMatchObject({ rows: 2, declared: 2, scoresNoLongerCounted: 6 });
    const list = binJson(db, ['conflict', 'list']) as { conflicts: { ref: string; evaluator: string; reason: string }[] };
    expect(list.conflicts.map((c) => [c.ref, c.evaluator, c.reason])).toEqual([
      ['21/04118-1', 'Ola Hansen', 'Tidligere ansatt i Kongsbergklyngen, sluttet 2020'],
      ['21/04133-1', 'Kari Nordmann', 'Søster er daglig leder'],
    ]);
  });

  it('all or nothing: unknown refs and evaluators with near matches, a conflict twice, empty fields, each on its line', async () => {
    const { dir, db } = await sampleDb({ scores: true });
    const file = path.join(dir, 'inhabil.csv');
    fs.writeFileSync(
      file,
      [
        'Vurderer;Saksnummer;Begrunnelse',
        'Ola Hansen;21/04118-1;Tidligere ansatt',
        'Ola Hansen;21/04118-2;Skrivefeil i saksnummer',
        'Kari Nordman;21/04133-1;Skrivefeil i navnet',
        'Per Ukjent;21/04133-1;Ny person',
        'ola hansen;21/04118-1;To ganger',
        'Ingrid Berg;21/04134-1;',
        'Ingrid Berg;99/00000-1;Ukjent sak',
        '',
      ].join('\n'),
    );
    const r = expectRefused(db, ['conflict', 'import', file], 1, 'inhabil.csv has 6 problems; nothing was imported.');
    expect(r.stderr.trim().split('\n').slice(1).map((l) => l.trim().replace(file, 'inhabil.csv'))).toEqual([
      'inhabil.csv:3: column "Saksnummer": "21/04118-2" is not a case number in viken-2021; did you mean 21/04118-1?',
      'inhabil.csv:4: column "Vurderer": "Kari Nordman" is not an evaluator, but looks like "Kari Nordmann": correct the name, or add Kari Nordman first with "klynge evaluator add" if it is someone else',
      'inhabil.csv:5: column "Vurderer": "Per Ukjent" is not an evaluator: correct the name, add them with "klynge evaluator add", or import with --add-evaluators',
      'inhabil.csv:6: column "Saksnummer": the conflict of ola hansen on "21/04118-1" is given twice (first on line 2)',
      'inhabil.csv:7: column "Begrunnelse": is empty; this column is required',
      'inhabil.csv:8: column "Saksnummer": "99/00000-1" is not a case number in viken-2021',
    ]);
    expect(binJson(db, ['conflict', 'list'])).toEqual({ call: 'viken-2021', conflicts: [] });
    // --json: the same problems as data
    const json = klyngeBin(['--db', db, '--json', 'conflict', 'import', file]);
    expect(json.code).toBe(1);
    expect((JSON.parse(json.stdout) as { error: { issues: { line: number }[] } }).error.issues.map((i) => i.line)).toEqual([3, 4, 5, 6, 7, 8]);
    // a file without the columns, a missing file
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'Navn;Sak\nOla Hansen;21/04118-1\n');
    expectRefused(db, ['conflict', 'import', bad], 1, 'bad.csv');
    expectRefused(db, ['conflict', 'import', path.join(dir, 'finnes-ikke.csv')], 1, 'finnes-ikke.csv');
  });

  it('--add-evaluators adds a new person the file names', async () => {
    const { dir, db } = await sampleDb({ scores: true });
    const file = path.join(dir, 'ny.csv');
    fs.writeFileSync(file, 'Vurderer;Saksnummer;Begrunnelse\nPer Ukjent;21/04133-1;Ny person i panelet\n');
    const r = binJson(db, ['conflict', 'import', file, '--add-evaluators']);
    expect(r).toMatchObject({ declared: 1, evaluatorsAdded: ['Per Ukjent'] });
  });
});

describe('klynge conflict withdraw (binary)', () => {
  it('takes a conflict back: earlier scores count again, the run goes stale, the declaration stays in the log', async () => {
    const { db } = await sampleDb({ scores: true });
    await ok(['--db', db, 'conflict', 'declare', '21/04118-1', '--evaluator', 'Ola Hansen', '--reason', 'Tidligere ansatt hos søker']);
    await ok(['--db', db, 'allocate']);
    expect(n(db, '21/04118-1')).toBe(2);
    const r = klyngeBin(['--db', db, 'conflict', 'withdraw', '21/04118-1', '--evaluator', 'ola hansen', '--reason', 'Sluttet for fem år siden, ikke inhabil'], { env: { KLYNGE_ACTOR: 'saksbehandler' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Withdrew the conflict of interest of Ola Hansen on 21/04118-1; Ola Hansen may score it. The declaration stays in the audit log.\n');
    expect(r.stderr).toContain('3 scores Ola Hansen gave earlier count again. Run "klynge allocate" again.');
    expect(n(db, '21/04118-1')).toBe(3);
    expect((binJson(db, ['report', 'allocation']) as { stale: boolean }).stale).toBe(true);
    expect(binJson(db, ['conflict', 'list'])).toEqual({ call: 'viken-2021', conflicts: [] });
    const entries = log(db, '21/04118-1');
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(['conflict.declare', 'conflict.withdraw']));
    expect(entries.find((e) => e.action === 'conflict.withdraw')).toMatchObject({
      actor: 'saksbehandler',
      details: { evaluator: 'Ola Hansen', reason: 'Sluttet for fem år siden, ikke inhabil', declared: { reason: 'Tidligere ansatt hos søker' }, scoresCountAgain: 3 },
    });
    // declared again later, withdrawn again with --json
    expect(binJson(db, ['conflict', 'declare', '21/04118-1', '--evaluator', 'Ola Hansen', '--reason', 'Ansatt igjen'])).toMatchObject({ evaluator: 'Ola Hansen' });
    expect(binJson(db, ['conflict', 'withdraw', '21/04118-1', '--evaluator', 'Ola Hansen', '--reason', 'x'])).toEqual({ call: 'viken-2021', ref: '21/04118-1', evaluator: 'Ola Hansen', reason: 'x', scoresCountAgain: 3 });
  });

  it('refuses no such conflict, an unknown ref or evaluator, a missing or empty reason, no evaluator', async () => {
    const { db } = await sampleDb({ scores: true, conflicts: true });
    expectRefused(db, ['conflict', 'withdraw', '21/04125-1', '--evaluator', 'Ola Hansen', '--reason', 'x'], 1, 'Ola Hansen has no declared conflict of interest on 21/04125-1. See "klynge conflict list".');
    expectRefused(db, ['conflict', 'withdraw', '21/04125', '--evaluator', 'Ingrid Berg', '--reason', 'x'], 1, 'No application "21/04125" in this call. Did you mean one of: 21/04125-1?');
    expectRefused(db, ['conflict', 'withdraw', '21/04125-1', '--evaluator', 'Ingrid', '--reason', 'x'], 1, 'No evaluator "Ingrid".');
    expectRefused(db, ['conflict', 'withdraw', '21/04125-1', '--evaluator', 'Ingrid Berg'], 2, 'The option --reason <text> is required.');
    expectRefused(db, ['conflict', 'withdraw', '21/04125-1', '--evaluator', 'Ingrid Berg', '--reason', ' '], 1, 'Give the reason the conflict of interest is taken back with --reason.');
    expectRefused(db, ['conflict', 'withdraw', '21/04125-1', '--reason', 'x'], 2, '--evaluator');
  });

  it('conflict list says so when there are none', async () => {
    const { db } = await sampleDb();
    const r = klyngeBin(['--db', db, 'conflict', 'list']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('No conflicts of interest are declared in viken-2021.');
  });
});
