/**
 * Tables on an 80-column terminal (issue 13): every applicant and project title
 * shows whole (wrapped, never cut), no line is wider than the terminal, and rows
 * stay aligned when the text is decomposed (NFD, as macOS writes it).
 */
import Database from 'better-sqlite3';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { klynge, klyngeOk } from '../helpers/cli.js';
import { sampleDb } from '../helpers/workspace.js';

async function decided() {
  const w = await sampleDb({ scores: true, conflicts: true });
  await klyngeOk(['--db', w.db, 'allocate']);
  return w;
}

/** Blocks of lines between blank lines that are tables: they have a rule line of ─ runs. */
function tables(out: string): string[][] {
  const blocks = out.split(/\n\s*\n/).map((b) => b.split('\n').filter((l) => l !== ''));
  return blocks.filter((b) => b.some((l) => /^[─ ]+$/.test(l) && l.includes('─')));
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

const graphemes = (s: string) => [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s)].map((x) => x.segment);

/** The part of a line between display columns a and b (a decomposed "å" is two code points in one column). */
function columns(line: string, a: number, b: number): string {
  let at = 0;
  let out = '';
  for (const g of graphemes(line)) {
    if (at >= a && at < b) out += g;
    at += stringWidth(g);
  }
  return out;
}

/**
 * What each column of a table says, its wrapped cell lines joined, and what the
 * lines say joined (text set on a line of its own under a row spans columns).
 */
function readBack(table: string[]): string[] {
  const rule = table.find((l) => /^[─ ]+$/.test(l) && l.includes('─'))!;
  const cols: [number, number][] = [];
  for (const m of rule.matchAll(/─+/g)) cols.push([m.index!, m.index! + m[0].length]);
  const perColumn = cols.map(([a, b]) => squash(table.map((l) => columns(l, a, b)).join(' ')));
  return [...perColumn, squash(table.join(' '))];
}

async function demoNames(db: string): Promise<{ applicant: string; title: string }[]> {
  const json = JSON.parse((await klyngeOk(['--db', db, '--json', 'applications', 'list'])).stdout) as { applications: { applicant: string; title: string }[] };
  expect(json.applications).toHaveLength(10);
  return json.applications;
}

const COMMANDS = [['report', 'allocation'], ['rank'], ['applications', 'list']];

describe('tables at 80 columns', () => {
  for (const lang of ['nb', 'en']) {
    for (const cmd of COMMANDS) {
      it(`${cmd.join(' ')} (${lang}) shows every applicant${cmd[0] === 'rank' ? '' : ' and title'} whole within 80 columns`, async () => {
        const { db } = await decided();
        const names = await demoNames(db);
        const r = await klynge(['--db', db, '--lang', lang, ...cmd], { tty: true, columns: 80, env: { NO_COLOR: '1' } });
        expect(r.code).toBe(0);
        for (const line of r.stdout.split('\n')) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
        const [main] = tables(r.stdout);
        expect(main).toBeDefined();
        expect(main.join('\n')).not.toContain('…');
        const said = readBack(main);
        for (const n of names) {
          expect(said.some((s) => s.includes(n.applicant)), `${n.applicant} whole in\n${main.join('\n')}`).toBe(true);
          // the ranking has no title column
          if (cmd[0] !== 'rank') expect(said.some((s) => s.includes(n.title)), `${n.title} whole in\n${main.join('\n')}`).toBe(true);
        }
      });
    }
  }

  it('decomposed text (NFD) keeps the rows aligned: every line of a table is as wide as the others', async () => {
    const { db } = await decided();
    // store the applicants and titles decomposed, as a file from a Mac would carry them
    const sql = new Database(db);
    const rows = sql.prepare('SELECT id, applicant, title FROM applications').all() as { id: number; applicant: string; title: string }[];
    const update = sql.prepare('UPDATE applications SET applicant = ?, title = ? WHERE id = ?');
    for (const x of rows) update.run(x.applicant.normalize('NFD'), x.title.normalize('NFD'), x.id);
    const stored = sql.prepare('SELECT title FROM applications').all() as { title: string }[];
    sql.close();
    // the test means something only if some text really is decomposed
    expect(stored.some((x) => x.title !== x.title.normalize('NFC'))).toBe(true);
    // at 80 columns long text goes under each row; at 160 it sits in its own wrapped columns
    for (const [cmd, lang, columns] of COMMANDS.flatMap((c) => ['nb', 'en'].flatMap((l) => [80, 160].map((w) => [c, l, w] as const)))) {
      {
        const r = await klynge(['--db', db, '--lang', lang, ...cmd], { tty: true, columns, env: { NO_COLOR: '1' } });
        expect(r.code).toBe(0);
        const found = tables(r.stdout);
        expect(found.length).toBeGreaterThan(0);
        for (const table of found) {
          const widths = new Set(table.map((l) => stringWidth(l)));
          expect([...widths], `${cmd.join(' ')} (${lang}, ${columns}):\n${table.join('\n')}`).toHaveLength(1);
          expect([...widths][0]).toBeLessThanOrEqual(columns);
        }
        // and still whole: read back by display column, compared composed
        const said = readBack(found[0]).map((x) => x.normalize('NFC'));
        for (const x of rows) {
          expect(said.some((s) => s.includes(x.applicant.normalize('NFC'))), x.applicant).toBe(true);
          if (cmd[0] !== 'rank') expect(said.some((s) => s.includes(x.title.normalize('NFC'))), x.title).toBe(true);
        }
      }
    }
  });

  it('piped output stays tab-separated, one row a line, without colour or box art', async () => {
    const { db } = await decided();
    for (const cmd of COMMANDS) {
      const r = await klynge(['--db', db, ...cmd]);
      expect(r.code).toBe(0);
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines.length).toBe(cmd[0] === 'report' ? 17 : cmd[0] === 'rank' ? 11 : 12);
      expect(r.stdout).not.toMatch(/\x1b|─|│/);
      for (const l of lines.filter((x) => x !== '')) expect(l).toContain('\t');
    }
  });
});
