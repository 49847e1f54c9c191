/**
 * Terminal escapes in data never reach the screen (issue 12 item 2): an applicant,
 * title, partner, summary, evaluator, call name or ref holding ESC[2J, an OSC
 * title ending in BEL, C1 controls or a colour of its own is shown harmlessly
 * (as ␛, ␇ …) by every command that prints it, with a terminal and without.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { QUIT } from '../../src/cli/score-flow.js';
import { type CliResult, klynge, klyngeOk } from '../helpers/cli.js';
import { ScriptedPrompter } from '../helpers/fake-prompter.js';
import { sampleDb } from '../helpers/workspace.js';

// clear screen, cursor home, set the window title (OSC … BEL), a C1 CSI (0x9b) colour, blink (an SGR chalk never
// writes), a C1 DCS (0x90), a lone BEL, DEL and a carriage return that would overwrite the line
const EVIL = '\x1b[2J\x1b[H\x1b]0;owned\x07\x9b31m\x1b[5m\x90q\x07\x7f\r';
const REF = `21/04117-1${EVIL}`;
const EVALUATOR = `Eva${EVIL} Evil`;

/** A decided call whose data carries escapes everywhere a user's text can be. */
async function evilDb(): Promise<string> {
  const { db } = await sampleDb({ scores: true, conflicts: true });
  await klyngeOk(['--db', db, 'allocate']);
  const sql = new Database(db);
  sql.prepare("UPDATE applications SET applicant = applicant || ?, title = ? || title, summary = summary || ?, partners = json_array('Partner' || ?, 'Andre'), contact_name = ? WHERE ref IN ('21/04117-1', '21/04118-1')").run(EVIL, EVIL, EVIL, EVIL, `Kontakt${EVIL}`);
  sql.prepare("UPDATE applications SET ref = ? WHERE ref = '21/04117-1'").run(REF);
  sql.prepare("UPDATE calls SET name = name || ?, definition = json_set(definition, '$.name', json_extract(definition, '$.name') || ?)").run(EVIL, EVIL);
  sql.prepare('UPDATE scores SET comment = comment || ?').run(EVIL);
  sql.prepare('UPDATE conflicts SET reason = reason || ?').run(EVIL);
  sql.close();
  // and through the commands themselves: a name and a note typed with escapes, written to the audit log
  await klyngeOk(['--db', db, 'evaluator', 'add', EVALUATOR]);
  await klyngeOk(['--db', db, 'decide', REF, '--grant', '2800000', '--note', `Notat${EVIL}`]);
  return db;
}

const COMMANDS: string[][] = [
  ['applications', 'list'],
  ['applications', 'show', REF],
  ['applications', 'show', '21/04118-1'],
  ['rank'],
  ['allocate', '--dry-run'],
  ['report', 'allocation'],
  ['report', 'allocation', '--format', 'md'],
  ['report', 'scores'],
  ['report', 'scores', '--format', 'md'],
  ['report', 'summary'],
  ['report', 'summary', '--format', 'md'],
  ['report', 'evaluators'],
  ['report', 'evaluators', '--format', 'md'],
  ['call', 'list'],
  ['call', 'show'],
  ['evaluator', 'list'],
  ['log'],
  ['log', REF],
];

// ESC, BEL and the C1 controls; DEL and CR (outside CRLF) would also act on a terminal
const CONTROLS = /[\x1b\x07\x7f\u0080-\u009f]|\r(?!\n)/;
const both = (r: CliResult) => r.stdout + r.stderr;

describe('no terminal escapes from data', () => {
  it('the data really holds them (a test that means something)', async () => {
    const db = await evilDb();
    const json = JSON.parse((await klyngeOk(['--db', db, '--json', 'applications', 'show', REF])).stdout);
    expect(json.application.applicant).toContain(EVIL);
    // JSON output is unchanged: JSON.stringify escapes control characters itself
    const raw = (await klyngeOk(['--db', db, '--json', 'applications', 'list'])).stdout;
    expect(raw).toContain('\\u001b[2J');
    expect(raw).not.toMatch(/\x1b/);
  });

  it('every listed command, piped and on a terminal, colour off: not one control byte', async () => {
    const db = await evilDb();
    for (const cmd of COMMANDS) {
      for (const tty of [false, true]) {
        const r = await klynge(['--db', db, ...cmd], { tty, columns: 100, env: { NO_COLOR: '1' } });
        expect(r.code, `${cmd.join(' ')}: ${r.stderr}`).toBe(0);
        expect(both(r), `${cmd.join(' ')} tty=${tty}`).not.toMatch(CONTROLS);
      }
    }
  });

  it('the escapes are shown, not dropped: ␛[2J where the data had ESC[2J', async () => {
    const db = await evilDb();
    const list = await klyngeOk(['--db', db, 'applications', 'list'], { tty: true, columns: 200, env: { NO_COLOR: '1' } });
    expect(list.stdout).toContain('␛[2J␛[H␛]0;owned␇␛[31m␛[5m␛Pq␇␡␍');
    const show = await klyngeOk(['--db', db, 'applications', 'show', REF], { env: { NO_COLOR: '1' } });
    expect(show.stdout).toContain('21/04117-1␛[2J');
    expect(show.stdout).toContain('Partner␛[2J');
  });

  it('with FORCE_COLOR only our own colours (SGR) remain', async () => {
    const db = await evilDb();
    for (const cmd of COMMANDS) {
      const r = await klynge(['--db', db, ...cmd], { tty: true, columns: 100, env: { FORCE_COLOR: '1' } });
      expect(r.code, `${cmd.join(' ')}: ${r.stderr}`).toBe(0);
      const out = both(r);
      // blink is the data's: chalk never writes it
      expect(out, cmd.join(' ')).not.toContain('\x1b[5m');
      expect(out.replace(/\x1b\[[0-9;]*m/g, ''), cmd.join(' ')).not.toMatch(CONTROLS);
    }
    // colour is still there where klynge puts it
    expect((await klynge(['--db', db, 'applications', 'list'], { tty: true, env: { FORCE_COLOR: '1' } })).stdout).toMatch(/\x1b\[3\dm/);
  });

  it('an error that repeats what was typed repeats it harmlessly', async () => {
    const db = await evilDb();
    for (const tty of [false, true]) {
      const r = await klynge(['--db', db, 'applications', 'show', '\x1b[2Jx'], { tty, env: { NO_COLOR: '1' } });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('␛[2Jx');
      expect(both(r)).not.toMatch(CONTROLS);
      const u = await klynge(['--db', db, '--bogus\x1b]0;t\x07'], { tty, env: { NO_COLOR: '1' } });
      expect(u.code).toBe(2);
      expect(both(u)).not.toMatch(CONTROLS);
      const c = await klynge(['--db', db, '--call', `x${EVIL}`, 'rank'], { tty, env: { NO_COLOR: '1' } });
      expect(c.code).toBe(1);
      expect(both(c)).not.toMatch(CONTROLS);
    }
  });

  it('the interactive scorer: the list, the card, the questions and the summary', async () => {
    const db = await evilDb();
    const p = new ScriptedPrompter([
      { select: /Which application/, answer: REF },
      { confirm: /conflict of interest/, answer: false },
      { select: /^1\/3/, answer: '4' },
      { input: /^Justification for/, answer: `Grønt${EVIL}` },
      { select: /^2\/3/, answer: '3' },
      { input: /^Justification for/, answer: '' },
      { select: /^3\/3/, answer: '2' },
      { input: /^Justification for/, answer: '' },
      { input: /^Overall justification/, answer: `Fint${EVIL}` },
      { select: /Save these scores/, answer: 'discard' },
      { select: /What next/, answer: QUIT },
    ]);
    const r = await klynge(['--db', db, '--no-color', 'score', '--evaluator', EVALUATOR], { tty: true, columns: 100, prompter: p });
    expect(r.code, r.stderr).toBe(0);
    expect(p.finished).toBe(true);
    const seen = [...p.shown, ...p.asked.flatMap((a) => [a.message, ...(a.choices ?? []).map((c) => c.name)])].join('\n');
    expect(seen).toContain('␛[2J');
    expect(seen).not.toMatch(CONTROLS);
    expect(both(r)).not.toMatch(CONTROLS);
  });
});
