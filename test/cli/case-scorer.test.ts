/** The scorer does not offer withdrawn or ineligible applications (issue 14 item 1). */
import { describe, expect, it } from 'vitest';
import { QUIT } from '../../src/cli/score-flow.js';
import { klynge, klyngeOk } from '../helpers/cli.js';
import { ScriptedPrompter } from '../helpers/fake-prompter.js';
import { sampleDb } from '../helpers/workspace.js';

describe('klynge score (interactive): applications out of the competition', () => {
  it('leaves withdrawn and ineligible applications out of the list, the progress and the next one to do', async () => {
    const { db } = await sampleDb();
    await klyngeOk(['--db', db, 'evaluator', 'add', 'Kari Nordmann']);
    await klyngeOk(['--db', db, 'applications', 'withdraw', '21/04102-1']);
    await klyngeOk(['--db', db, 'applications', 'ineligible', '21/04140-1', '--reason', 'Ikke en klyngeorganisasjon']);
    // the first application in ref order is withdrawn: the next one to do is the second
    const p = new ScriptedPrompter([{ select: /Which application/, answer: QUIT, expectDefault: '21/04117-1' }]);
    const r = await klynge(['--db', db, 'score', '--evaluator', 'Kari Nordmann'], { tty: true, prompter: p });
    expect(r.code).toBe(0);
    expect(p.finished).toBe(true);
    const values = p.asked[0].choices!.map((c) => c.value);
    expect(values).not.toContain('21/04102-1');
    expect(values).not.toContain('21/04140-1');
    expect(values).toHaveLength(8 + 1); // eight applications and quit
    expect(p.shown.join('\n')).toContain('0 scored · 0 conflicts · 8 remaining');
  });
});
