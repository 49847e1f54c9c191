/**
 * `klynge score` with the real Inquirer prompter (not the scripted fake): keys go in as a
 * terminal sends them, the screen is read back. The list filters as typed, a new criterion has
 * no score under the cursor (Enter alone does nothing), digits pick, and each criterion's
 * justification and the overall one are saved.
 */
import { PassThrough, Writable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { promptWords } from '../../src/cli/score-flow.js';
import { translator } from '../../src/io/i18n/index.js';
import { InquirerPrompter } from '../../src/io/prompts.js';
import { klynge } from '../helpers/cli.js';
import { sampleDb } from '../helpers/workspace.js';

function terminal() {
  // the keyboard: what is written here reaches the prompts as a terminal's keys
  const input = new PassThrough();
  let text = '';
  // each write of a prompt is one drawing of its screen
  const draws: string[] = [];
  const output = Object.assign(
    new Writable({
      write: (chunk, _e, done) => {
        text += chunk.toString();
        draws.push(stripVTControlCharacters(chunk.toString()));
        done();
      },
    }),
    // each prompt pipes into the terminal and ends its pipe when it is answered: a terminal stays open
    { columns: 200, rows: 40, isTTY: true, end() {} },
  );
  let mark = 0;
  /** wait until a drawing since the last wait shows `s`; that drawing (the prompt's screen then) */
  const until = async (s: string | RegExp): Promise<string> => {
    for (let i = 0; i < 500; i++) {
      const hit = draws
        .slice(mark)
        .reverse()
        .find((d) => (typeof s === 'string' ? d.includes(s) : s.test(d)));
      if (hit !== undefined) {
        mark = draws.length;
        return hit;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`never drawn: ${String(s)}\n--- drawn since the last step:\n${draws.slice(mark).join('\n')}`);
  };
  /** what the terminal sends: characters, Enter (\r), arrows (\x1b[A, \x1b[B) */
  const send = (keys: string) => input.write(keys);
  const prompter = new InquirerPrompter((s) => (text += s), promptWords(translator('en')), { input, output });
  return { prompter, until, send, screen: () => stripVTControlCharacters(text) };
}

describe('klynge score with the real prompts', () => {
  it('filters the list, starts each criterion on no score, and saves a justification per criterion beside the overall one', async () => {
    const { db } = await sampleDb();
    await klynge(['--db', db, 'evaluator', 'add', 'Kari Nordmann']);
    const term = terminal();
    const session = klynge(['--db', db, 'score', '--evaluator', 'Kari Nordmann'], { tty: true, prompter: term.prompter });

    const list = await term.until('Which application?');
    expect(list).toContain('(type to filter · ↑↓ Enter · Esc clears):');
    term.send('kongs');
    const filtered = await term.until(/❯ · 21\/04118-1 {2}Kongsbergklyngen AS/);
    expect(filtered).not.toMatch(/21\/04117-1\s+Circular/);
    term.send('\r');
    await term.until('conflict of interest');
    term.send('n');

    const green = await term.until('1/3 Green transition');
    expect(green).toContain('(its key, or ↑↓ Enter)');
    // nothing under the cursor: a stray Enter gives no score
    expect(green).not.toContain('❯');
    term.send('\r');
    await new Promise((r) => setTimeout(r, 50));
    expect(term.screen()).not.toContain('Justification for Green transition');
    term.send('4');
    await term.until('Justification for Green transition (optional, Enter to skip)');
    term.send('Tydelig plan for energieffektiv drift\r');

    await term.until('2/3 Digitalisation');
    // ↓ from nothing goes to the top of the scale
    term.send('\x1b[B');
    await term.until('❯ 5) 5 – excellent');
    term.send('\r');
    await term.until('Justification for Digitalisation');
    term.send('\r');

    await term.until('3/3 Internationalisation');
    term.send('3');
    await term.until('Justification for Internationalisation');
    term.send('Partnere i Sverige\r');

    await term.until('Overall justification (required)');
    term.send('Sterk søknad\r');
    await term.until('Save these scores?');
    // the summary is printed between the prompts
    const summary = term.screen();
    expect(summary).toMatch(/Green transition\s+4 very good\n\s+“Tydelig plan for energieffektiv drift”/);
    expect(summary).toContain('Overall justification: Sterk søknad');
    term.send('s');
    await term.until('What next?');
    term.send('q');
    const r = await session;
    expect(r.code, r.stderr).toBe(0);

    const show = JSON.parse((await klynge(['--db', db, '--json', 'applications', 'show', '21/04118-1'])).stdout);
    expect(show.scores.map((s: { criterion: string; value: number; comment: string }) => [s.criterion, s.value, s.comment])).toEqual([
      ['green', 4, 'Tydelig plan for energieffektiv drift'],
      ['digital', 5, 'Sterk søknad'],
      ['international', 3, 'Partnere i Sverige'],
    ]);
    expect(show.notes).toEqual([{ evaluator: 'Kari Nordmann', note: 'Sterk søknad' }]);
  });
});
