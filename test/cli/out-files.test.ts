/**
 * Files klynge writes can never destroy data (issue 12 items 1, 6, 7, 8): every refusal
 * has its exit code and one clear line, and the database and every file already there
 * are byte for byte what they were.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { setWriteFsForTests } from '../../src/io/files.js';
import { givingIdentifier } from '../../src/cli/render/export.js';
import { DATA, klynge, klyngeOk } from '../helpers/cli.js';
import { sampleDb, workspace } from '../helpers/workspace.js';

const sha = (f: string) => (fs.existsSync(f) ? crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex') : null);

/** sha256 of every file under the folders (symlinks by their target), to compare before and after */
function snapshot(...dirs: string[]): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const dir of dirs) {
    for (const name of fs.readdirSync(dir)) {
      const p = path.join(dir, name);
      const st = fs.lstatSync(p);
      out[p] = st.isSymbolicLink() ? `-> ${fs.readlinkSync(p)}` : st.isFile() ? sha(p) : 'dir';
    }
  }
  return out;
}

async function allocated() {
  const w = await sampleDb({ scores: true, conflicts: true });
  await klyngeOk(['--db', w.db, 'allocate']);
  return w;
}

const undo: (() => void)[] = [];
afterEach(() => {
  for (const f of undo.splice(0).reverse()) f();
});

describe('--out never writes over the database in use (item 1)', () => {
  it('export --out refuses the database, its -wal and -shm, a symlink and a hard link to it, even with --force', async () => {
    const w = await allocated();
    fs.symlinkSync(w.db, path.join(w.dir, 'link.db'));
    fs.linkSync(w.db, path.join(w.dir, 'hard.db'));
    const before = snapshot(w.dir);
    for (const target of ['k.db', w.db, `${w.db}-wal`, `${w.db}-shm`, 'link.db', 'hard.db', './sub/../k.db']) {
      for (const force of [[], ['--force']]) {
        const r = await klynge(['--db', w.db, 'export', '--format', 'csv', '--out', target, ...force], { cwd: w.dir });
        expect(r.code, target).toBe(1);
        expect(r.stderr).toMatch(/cannot be the database itself/);
        expect(r.stdout).toBe('');
      }
    }
    expect(snapshot(w.dir)).toEqual(before);
    expect((await klynge(['--db', w.db, 'check'])).code).toBe(0);
  });

  it('backup refuses a hard link to the database too', async () => {
    const w = await sampleDb();
    fs.linkSync(w.db, path.join(w.dir, 'hard.db'));
    const before = snapshot(w.dir);
    const r = await klynge(['--db', w.db, 'backup', 'hard.db', '--force'], { cwd: w.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot be the database itself/);
    expect(snapshot(w.dir)).toEqual(before);
  });

  it('an existing file is kept unless --force; with --force it is replaced whole', async () => {
    const w = await allocated();
    const file = path.join(w.dir, 'old.csv');
    fs.writeFileSync(file, 'mine, not klynge’s\n');
    const before = snapshot(w.dir);
    const r = await klynge(['--db', w.db, 'export', '--out', 'old.csv'], { cwd: w.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: old.csv already exists and was left as it is. Choose another name, or add --force to replace it.\n');
    expect(snapshot(w.dir)).toEqual(before);
    const nb = await klynge(['--db', w.db, 'export', '--out', 'old.csv'], { cwd: w.dir, env: { KLYNGE_LANG: 'nb' } });
    expect(nb.stderr).toContain('finnes allerede');
    await klyngeOk(['--db', w.db, 'export', '--out', 'old.csv', '--force'], { cwd: w.dir });
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^\ufeffref,applicant/);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe('the temporary of --out is created exclusively (item 6)', () => {
  it('symlinks planted at the old and other guessable temporary names do not redirect the write', async () => {
    const w = await allocated();
    const victimDir = workspace().dir;
    const victim = path.join(victimDir, 'victim.txt');
    fs.writeFileSync(victim, 'someone else’s file\n');
    const out = path.join(w.dir, 'out.csv');
    // the name klynge used before (this process is the one exporting), and a few guesses
    const guesses = [`${out}.tmp-${process.pid}`, `${out}.tmp`, `${out}.tmp-1`, `${out}~`, path.join(w.dir, '.out.csv.tmp'), `${out}.part`];
    for (const g of guesses) fs.symlinkSync(victim, g);
    const before = { victim: sha(victim), links: guesses.map((g) => fs.readlinkSync(g)) };
    await klyngeOk(['--db', w.db, 'export', '--out', out]);
    expect(sha(victim)).toBe(before.victim);
    expect(guesses.map((g) => fs.readlinkSync(g))).toEqual(before.links);
    expect(fs.lstatSync(out).isFile()).toBe(true);
    expect(fs.readFileSync(out, 'utf8')).toMatch(/^\ufeffref,/);
    // nothing else was left in the folder: only the database, the planted links and the export
    const left = fs.readdirSync(w.dir).filter((f) => !f.startsWith('k.db') && !guesses.includes(path.join(w.dir, f)));
    expect(left).toEqual(['out.csv']);
  });

  it('a symlink at the target itself is refused without --force; with --force it is replaced, not followed', async () => {
    const w = await allocated();
    const victim = path.join(workspace().dir, 'victim.txt');
    fs.writeFileSync(victim, 'keep me\n');
    const before = sha(victim);
    fs.symlinkSync(victim, path.join(w.dir, 'x.csv'));
    const r = await klynge(['--db', w.db, 'export', '--out', 'x.csv'], { cwd: w.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/already exists/);
    await klyngeOk(['--db', w.db, 'export', '--out', 'x.csv', '--force'], { cwd: w.dir });
    expect(sha(victim)).toBe(before);
    expect(fs.lstatSync(path.join(w.dir, 'x.csv')).isSymbolicLink()).toBe(false);
  });
});

describe('no left-overs (item 7) and one clear line per failure (item 8)', () => {
  it('--out a folder: a clear refusal, nothing left in it or beside it', async () => {
    const w = await allocated();
    fs.mkdirSync(path.join(w.dir, 'somedir'));
    const before = snapshot(w.dir, path.join(w.dir, 'somedir'));
    const r = await klynge(['--db', w.db, 'export', '--out', 'somedir'], { cwd: w.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: somedir is a folder. Give a file name, e.g. ${path.join('somedir', 'export.csv')}.\n`);
    expect(snapshot(w.dir, path.join(w.dir, 'somedir'))).toEqual(before);
    const b = await klynge(['--db', w.db, 'backup', 'somedir'], { cwd: w.dir });
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/somedir is a folder/);
    expect(snapshot(w.dir, path.join(w.dir, 'somedir'))).toEqual(before);
  });

  it('--out "" is a usage error (exit 2) that leaves nothing in the folder or its parent', async () => {
    const w = await allocated();
    const sub = path.join(w.dir, 'sub');
    fs.mkdirSync(sub);
    const before = snapshot(w.dir, sub);
    for (const empty of ['', '  ']) {
      const r = await klynge(['--db', w.db, 'export', '--out', empty], { cwd: sub });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('The file name after --out is empty.');
      const b = await klynge(['--db', w.db, 'backup', empty], { cwd: sub });
      expect(b.code).toBe(2);
    }
    expect(snapshot(w.dir, sub)).toEqual(before);
  });

  it('--out inside a file (not a folder) and into a missing folder: their own lines', async () => {
    const w = await allocated();
    fs.writeFileSync(path.join(w.dir, 'plain'), 'x');
    const before = snapshot(w.dir);
    const r = await klynge(['--db', w.db, 'export', '--out', 'plain/x.csv'], { cwd: w.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/plain is a file, not a folder/);
    const m = await klynge(['--db', w.db, 'export', '--out', 'nope/x.csv'], { cwd: w.dir });
    expect(m.stderr).toMatch(/the folder .*nope does not exist/);
    expect(snapshot(w.dir)).toEqual(before);
  });

  it('a disk that fills up during the export (injected ENOSPC): the disk-full line, no temporary, no target', async () => {
    const w = await allocated();
    const before = snapshot(w.dir);
    let calls = 0;
    undo.push(
      setWriteFsForTests({
        writeSync: () => {
          calls++;
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        },
      }),
    );
    const r = await klynge(['--db', w.db, 'export', '--format', 'json', '--out', 'all.json'], { cwd: w.dir });
    expect(calls).toBeGreaterThan(0);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: Cannot write all.json: the disk holding ${w.dir} is full. Nothing was written and no part of the file was left behind. Free some space (or write to another disk) and run again.\n`);
    expect(r.stderr).not.toMatch(/unexpected problem/);
    expect(snapshot(w.dir)).toEqual(before);
  });

  it('an I/O error at fsync is said as one, and leaves nothing', async () => {
    const w = await allocated();
    const before = snapshot(w.dir);
    undo.push(setWriteFsForTests({ fsyncSync: () => { throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }); } }));
    const r = await klynge(['--db', w.db, 'export', '--out', 'x.csv'], { cwd: w.dir, env: { KLYNGE_LANG: 'nb' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^feil: Kan ikke skrive x\.csv: disken der .* ligger, meldte en feil/);
    expect(snapshot(w.dir)).toEqual(before);
  });

  it('a folder that cannot be written (chattr +i, which root obeys too): the permission line, nothing written', async (ctx) => {
    const w = await allocated();
    const locked = path.join(w.dir, 'locked');
    fs.mkdirSync(locked);
    if (spawnSync('chattr', ['+i', locked]).status !== 0) ctx.skip();
    undo.push(() => execFileSync('chattr', ['-i', locked]));
    const before = snapshot(w.dir, locked);
    const r = await klynge(['--db', w.db, 'export', '--out', 'locked/x.csv'], { cwd: w.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: Cannot write locked/x.csv: no permission to create files in ${locked}. Nothing was written. Choose a folder you can write to, or ask for write access.\n`);
    const b = await klynge(['--db', w.db, 'backup', 'locked/b.db'], { cwd: w.dir });
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/no permission to create files in/);
    expect(snapshot(w.dir, locked)).toEqual(before);
  });
});

describe('a small disk that fills up (a tmpfs of 1 MiB, filled to a few KiB)', () => {
  const mount = () => {
    const dir = workspace().dir;
    const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir]).status === 0;
    if (ok) undo.push(() => execFileSync('umount', [dir]));
    return ok ? dir : null;
  };
  /** fill the disk to all but a few KiB */
  const fill = (dir: string) => {
    const f = path.join(dir, 'filler');
    const fd = fs.openSync(f, 'w');
    try {
      for (;;) fs.writeSync(fd, Buffer.alloc(4096, 1));
    } catch {
      // full
    }
    fs.closeSync(fd);
    fs.truncateSync(f, fs.statSync(f).size - 8192);
    return f;
  };

  it('a disk-full export and a disk-full backup: the disk-full line, nothing left, and the retry works', async (ctx) => {
    const disk = mount();
    if (!disk) ctx.skip(); // no mount in this container: the injected ENOSPC above covers it
    const w = await allocated();
    const filler = fill(disk!);
    const dbBefore = sha(w.db);
    const before = snapshot(disk!);
    const e = await klynge(['--db', w.db, 'export', '--format', 'json', '--out', path.join(disk!, 'all.json')]);
    expect(e.code).toBe(1);
    expect(e.stderr).toMatch(/^error: Cannot write .*all\.json: the disk holding .* is full\./);
    const b = await klynge(['--db', w.db, 'backup', path.join(disk!, 'b.db')]);
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/^error: Cannot write .*b\.db: the disk holding .* is full\./);
    expect(snapshot(disk!)).toEqual(before);
    expect(sha(w.db)).toBe(dbBefore);
    // room again: no 0-byte file or temporary blocks the retry
    fs.rmSync(filler);
    await klyngeOk(['--db', w.db, 'export', '--format', 'json', '--out', path.join(disk!, 'all.json')]);
    await klyngeOk(['--db', w.db, 'backup', path.join(disk!, 'b.db')]);
    expect(fs.readdirSync(disk!).sort()).toEqual(['all.json', 'b.db']);
    expect((await klynge(['--db', path.join(disk!, 'b.db'), 'check'])).code).toBe(0);
  });
});

describe('input files that are not what they seem (item 8)', () => {
  it('a FIFO as an import or call file is "not a regular file", and nothing waits on it', async () => {
    const w = await sampleDb();
    const fifo = path.join(w.dir, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    const dbBefore = sha(w.db);
    const r = await klynge(['--db', w.db, 'import', fifo]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/pipe\.csv is not a regular file \(it is a named pipe, a device or a socket\)/);
    const c = await klynge(['--db', w.db, 'call', 'create', '--file', fifo]);
    expect(c.code).toBe(1);
    expect(c.stderr).toMatch(/is not a regular file/);
    expect(sha(w.db)).toBe(dbBefore);
  });

  it('an empty call file says it is empty, not "near line ?"', async () => {
    const w = workspace();
    for (const text of ['', '\ufeff', '  \n\n']) {
      fs.writeFileSync(path.join(w.dir, 'call.json'), text);
      const r = await klynge(['--db', w.db, 'call', 'create', '--file', 'call.json'], { cwd: w.dir });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^error: call\.json is empty\. A call file is one JSON object/);
      expect(r.stderr).not.toContain('?');
    }
    const nb = await klynge(['--db', w.db, 'call', 'create', '--file', 'call.json'], { cwd: w.dir, env: { KLYNGE_LANG: 'nb' } });
    expect(nb.stderr).toMatch(/call\.json er tom/);
  });
});

describe('export options that did nothing (item 12) and Norwegian spreadsheets (issue 13)', () => {
  it('--excel outside csv is a usage error, not silently ignored', async () => {
    const w = await allocated();
    const before = snapshot(w.dir);
    for (const format of ['360giving', 'json']) {
      const r = await klynge(['--db', w.db, 'export', '--format', format, '--excel', '--out', 'x'], { cwd: w.dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--excel only applies to --format csv (a spreadsheet); leave it out for ${format}.`);
      expect(r.stdout).toBe('');
    }
    expect(snapshot(w.dir)).toEqual(before);
  });

  it('--excel under --lang nb: Norwegian column names and words from the catalogue; en keeps the keys', async () => {
    const w = await allocated();
    const nb = (await klyngeOk(['--db', w.db, '--lang', 'nb', 'export', '--excel'])).stdout;
    const [head, ...lines] = nb.replace(/^\ufeff/, '').split('\r\n');
    expect(head.split(';').slice(0, 4)).toEqual(['saksnummer', 'søker', 'organisasjonsnummer', 'prosjektnavn']);
    expect(head).toContain(';rangering;poengsum;Grønn omstilling snitt;Grønn omstilling spredning;');
    expect(head.split(';').slice(-6)).toEqual(['nivå', 'innvilget', 'status', 'begrunnelse', 'manuelt', 'merknad']);
    const kb = lines.find((l) => l.startsWith('21/04118-1;'))!;
    expect(kb).toContain(';Hovedprosjekt;3000000;delvis innvilget;begrenset til høyeste tilskudd for nivået;nei;');
    expect(nb).not.toMatch(/partially granted|;main;/);
    // read back by the import's own header names
    expect(head.split(';').slice(0, 4)).toEqual(['saksnummer', 'søker', 'organisasjonsnummer', 'prosjektnavn']);
    const en = (await klyngeOk(['--db', w.db, '--lang', 'en', 'export', '--excel'])).stdout;
    expect(en.replace(/^\ufeff/, '').split('\r\n')[0]).toMatch(/^ref;applicant;org_number;title;/);
    expect(en).toContain(';main;3000000;partially granted;');
    // without --excel a csv is for machines: the keys, whatever the language
    const plain = (await klyngeOk(['--db', w.db, '--lang', 'nb', 'export'])).stdout;
    expect(plain.split('\r\n')[0]).toMatch(/^ref,applicant,/);
  });

  it('report allocation --format csv --excel under --lang nb too: rangering;saksnummer;…', async () => {
    const w = await allocated();
    const nb = (await klyngeOk(['--db', w.db, '--lang', 'nb', 'report', 'allocation', '--format', 'csv', '--excel'])).stdout.replace(/^\ufeff/, '');
    const [head, ...lines] = nb.split('\r\n');
    expect(head).toBe('rangering;saksnummer;søker;prosjektnavn;poengsum;nivå;innvilget;søkt beløp;status;begrunnelse;manuelt;tilsagn;plass på venteliste');
    expect(lines.find((l) => l.includes(';21/04118-1;'))).toMatch(/;Hovedprosjekt;3000000;4500000;delvis innvilget;begrenset til høyeste tilskudd for nivået;nei;tilbudt;$/);
    const en = (await klyngeOk(['--db', w.db, '--lang', 'en', 'report', 'allocation', '--format', 'csv', '--excel'])).stdout.replace(/^\ufeff/, '');
    expect(en.split('\r\n')[0]).toBe('rank;ref;applicant;title;score;tier;granted;requested;status;reason;manual;offer;reserve_place');
    expect(en).toContain(';main;3000000;4500000;partially granted;capped-max-grant;no');
  });

  it('360Giving identifiers: prefix, call slug and ref each once, with / made safe', () => {
    expect(givingIdentifier('360G-viken-', 'viken-2021', '21/04118-1')).toBe('360G-viken-2021-21-04118-1');
    expect(givingIdentifier('360G-viken', 'viken-2021', '21/04118-1')).toBe('360G-viken-2021-21-04118-1');
    expect(givingIdentifier('360G-viken-2021-', 'viken-2021', '21/04118-1')).toBe('360G-viken-2021-21-04118-1');
    expect(givingIdentifier('NO-BRC-921693230', 'viken-2021', '21/04118-1')).toBe('NO-BRC-921693230-viken-2021-21-04118-1');
    // a word of the prefix that only starts like the slug is not taken for it
    expect(givingIdentifier('360G-vik-', 'viken-2021', 'A')).toBe('360G-vik-viken-2021-A');
    expect(givingIdentifier('360G-klynge-', 'fire-kriterier-2025', 'A-1')).toBe('360G-klynge-fire-kriterier-2025-A-1');
  });

  it('two grants whose refs would give one identifier are refused, and nothing is written', async () => {
    const w = workspace();
    await klyngeOk(['--db', w.db, 'call', 'create', '--file', path.join(DATA, 'call.json')]);
    const file = path.join(w.dir, 'two.csv');
    fs.writeFileSync(file, 'ref,applicant,title,requested\r\n21/1,Klynge A,Prosjekt A,100000\r\n21-1,Klynge B,Prosjekt B,100000\r\n');
    await klyngeOk(['--db', w.db, 'import', file]);
    await klyngeOk(['--db', w.db, 'decide', '21/1', '--grant', '100000', '--tier', 'pre']);
    await klyngeOk(['--db', w.db, 'decide', '21-1', '--grant', '100000', '--tier', 'pre']);
    const before = snapshot(w.dir);
    const r = await klynge(['--db', w.db, 'export', '--format', '360giving', '--out', 'g.csv'], { cwd: w.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Two grants would share the 360Giving identifier NO-BRC-921693230-viken-2021-21-1: 21-1 and 21\/1/);
    expect(snapshot(w.dir)).toEqual(before);
    // found before the first line: not half a file on stdout either
    const out = await klynge(['--db', w.db, 'export', '--format', '360giving']);
    expect(out.code).toBe(1);
    expect(out.stdout).toBe('');
  });
});
