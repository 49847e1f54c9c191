import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATA, FIXTURES, klynge, tmpDir } from '../helpers/cli.js';

const dirs: string[] = [];
function workspace(): { dir: string; db: string } {
  const dir = tmpDir();
  dirs.push(dir);
  return { dir, db: path.join(dir, 'k.db') };
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('exit codes', () => {
  it('0 for --help and --version, listing the commands', async () => {
    const help = await klynge(['--help']);
    expect(help.code).toBe(0);
    for (const c of ['init', 'call', 'log', 'check', 'backup']) expect(help.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
    const v = await klynge(['--version']);
    expect(v).toMatchObject({ code: 0, stdout: '0.0.0-test\n' });
  });

  it('2 for an unknown command or option and a missing argument, with one line on stderr', async () => {
    for (const args of [['nosuch'], ['--nosuch'], ['backup'], ['call', 'create', '--year']]) {
      const r = await klynge(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect((await klynge(['nosuch'])).stderr).toBe('error: Unknown command "nosuch". See "klynge --help".\n');
  });

  it('1 for a call that does not exist: one line, no stack trace', async () => {
    const { dir, db } = workspace();
    expect((await klynge(['--db', db, 'init'], { cwd: dir })).code).toBe(0);
    await klynge(['--db', db, 'call', 'create', '--file', path.join(DATA, 'call.json')]);
    const r = await klynge(['--db', db, 'call', 'show', '--call', 'nope']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: No call "nope". The calls are: viken-2021. Choose one with --call SLUG, KLYNGE_CALL=SLUG, or "klynge call use SLUG" to make it the default.\n');
    expect(r.stdout).toBe('');
  });

  it('speaks Norwegian with --lang nb, and KLYNGE_LANG or the locale', async () => {
    expect((await klynge(['--lang', 'nb', 'nosuch'])).stderr).toBe('feil: Ukjent kommando «nosuch». Se «klynge --help».\n');
    expect((await klynge(['nosuch'], { env: { KLYNGE_LANG: 'nb' } })).stderr).toMatch(/^feil:/);
    expect((await klynge(['nosuch'], { env: { KLYNGE_LANG: undefined, LC_ALL: 'nn_NO.UTF-8' } })).stderr).toMatch(/^feil:/);
    expect((await klynge(['nosuch'], { env: { KLYNGE_LANG: undefined, LC_ALL: 'de_DE.UTF-8' } })).stderr).toMatch(/^error:/);
    const bad = await klynge(['--lang', 'sv', 'call', 'list']);
    expect(bad.code).toBe(2);
  });

  it('a command on a missing database says how to create one', async () => {
    const { db } = workspace();
    const r = await klynge(['--db', db, 'call', 'list']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/No klynge database at .*k\.db\. Run "klynge init"/);
    expect(fs.existsSync(db)).toBe(false);
  });

  it('--json errors put one JSON document on stdout', async () => {
    const { db } = workspace();
    const r = await klynge(['--db', db, '--json', 'call', 'list']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: 'db.missing', exitCode: 1 } });
  });
});

describe('calls', () => {
  it('a call with 4 criteria, a 1–7 scale and 3 tiers round-trips through create --file and show --json', async () => {
    const { db } = workspace();
    const file = path.join(FIXTURES, 'calls', 'four-criteria.json');
    const c = await klynge(['--db', db, 'call', 'create', '--file', file]);
    expect(c).toMatchObject({ code: 0 });
    const shown = await klynge(['--db', db, '--json', 'call', 'show']);
    expect(shown.code).toBe(0);
    const original = JSON.parse(fs.readFileSync(file, 'utf8'));
    const back = JSON.parse(shown.stdout).call;
    expect(back.criteria).toEqual(original.criteria.map((cr: Record<string, unknown>) => ({ allowNA: false, weight: 1, ...cr })));
    expect(back.scale).toEqual(original.scale);
    expect(back.tiers).toEqual(original.tiers.map((t: Record<string, unknown>) => ({ threshold: original.threshold, partial: false, ...t })));
    expect(back.tieBreak).toEqual(original.tieBreak);
    // and the JSON it shows is itself a valid call file
    const again = path.join(path.dirname(db), 'again.json');
    fs.writeFileSync(again, JSON.stringify({ ...back, slug: 'again-2025', status: undefined, createdAt: undefined }));
    expect((await klynge(['--db', db, 'call', 'create', '--file', again])).code).toBe(0);
  });

  it('a call file with three mistakes reports all three by path and creates nothing', async () => {
    const { db } = workspace();
    const r = await klynge(['--db', db, 'call', 'create', '--file', path.join(FIXTURES, 'calls', 'three-mistakes.json')]);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/has 3 problems; nothing was created/);
    expect(lines.slice(1).map((l) => l.trim())).toEqual([
      expect.stringMatching(/three-mistakes\.json: tiebreak: unknown key/),
      expect.stringMatching(/three-mistakes\.json: criteria\[0\]\.weight: must be above 0/),
      expect.stringMatching(/three-mistakes\.json: tiers\[1\]\.budget: must be a positive whole number of kroner/),
    ]);
    const list = await klynge(['--db', db, '--json', 'call', 'list']);
    expect(JSON.parse(list.stdout).calls).toEqual([]);
  });

  it('creates a call from flags and refuses a second with the same slug', async () => {
    const { db } = workspace();
    const r = await klynge(['--db', db, 'call', 'create', '--name', 'Klyngesatsing', '--year', '2022', '--budget', '8 000 000']);
    expect(r).toMatchObject({ code: 0, stdout: 'Created the call klyngesatsing-2022 ("Klyngesatsing").\n' });
    const dup = await klynge(['--db', db, 'call', 'create', '--name', 'Klyngesatsing', '--year', '2022', '--budget', '1000']);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/already exists/);
    const list = JSON.parse((await klynge(['--db', db, '--json', 'call', 'list'])).stdout);
    expect(list.calls).toEqual([expect.objectContaining({ slug: 'klyngesatsing-2022', budget: 8_000_000, applications: 0 })]);
    const bad = await klynge(['--db', db, 'call', 'create', '--name', 'X', '--year', 'tjue', '--budget', '1']);
    expect(bad.code).toBe(2);
  });

  it('needs --call when there are several calls, and the log records who created what', async () => {
    const { db } = workspace();
    await klynge(['--db', db, 'call', 'create', '--file', path.join(DATA, 'call.json')]);
    await klynge(['--db', db, 'call', 'create', '--name', 'Annen', '--year', '2022', '--budget', '100000']);
    const r = await klynge(['--db', db, 'call', 'show']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/several calls \(annen-2022, viken-2021\) and none is chosen\. Give --call SLUG, set KLYNGE_CALL=SLUG, or make one the default with "klynge call use SLUG"/);
    expect((await klynge(['--db', db, '--call', 'viken-2021', 'call', 'show'])).code).toBe(0);
    const log = JSON.parse((await klynge(['--db', db, '--json', 'log'])).stdout);
    expect(log.entries.map((e: { action: string; actor: string }) => [e.action, e.actor])).toEqual([
      ['call.create', 'tester'],
      ['call.create', 'tester'],
    ]);
  });

  it('shows money per language', async () => {
    const { db } = workspace();
    await klynge(['--db', db, 'call', 'create', '--file', path.join(DATA, 'call.json')]);
    expect((await klynge(['--db', db, 'call', 'list'])).stdout).toContain('NOK 8,600,000');
    expect((await klynge(['--db', db, '--lang', 'nb', 'call', 'list'])).stdout).toContain('8 600 000 kr');
  });
});

describe('check and backup', () => {
  it('check passes on a fresh database; backup writes a 0600 copy that checks clean', async () => {
    const { dir, db } = workspace();
    await klynge(['--db', db, 'call', 'create', '--file', path.join(DATA, 'call.json')]);
    const c = await klynge(['--db', db, '--json', 'check']);
    expect(c.code).toBe(0);
    expect(JSON.parse(c.stdout)).toMatchObject({ ok: true, integrity: [], foreignKeys: [] });
    const copy = path.join(dir, 'copy.db');
    expect((await klynge(['--db', db, 'backup', copy])).code).toBe(0);
    expect(fs.statSync(copy).mode & 0o777).toBe(0o600);
    expect((await klynge(['--db', copy, '--json', 'call', 'list'])).stdout).toContain('viken-2021');
    const again = await klynge(['--db', db, 'backup', copy]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists.*--force/);
  });
});
