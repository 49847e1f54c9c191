/** What `klynge aid import` says: both currencies' sums, each grouped as money is, in the user's language. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA, klynge, tmpDir } from '../helpers/cli.js';

describe('klynge aid import', () => {
  it('sums NOK and EUR separately, each grouped for the language', async () => {
    const db = path.join(tmpDir(), 'k.db');
    expect((await klynge(['--db', db, 'call', 'create', '--file', path.join(DATA, 'call-2022.json')])).code).toBe(0);
    const file = path.join(DATA, 'aid-2022.csv');
    const en = await klynge(['--db', db, 'aid', 'import', '--dry-run', file]);
    expect(en.stdout).toBe(`Checked 4 aid records in ${file} (3 de minimis): NOK 5,750,000 and EUR 10,000; nothing written (--dry-run).\n`);
    const nb = await klynge(['--db', db, '--lang', 'nb', 'aid', 'import', file]);
    expect(nb.stdout).toBe(`Leste inn 4 støttetildelinger fra ${file} (3 bagatellstøtte): 5 750 000 kr og EUR 10 000.\n`);
  });
});
