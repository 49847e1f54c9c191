/**
 * Staleness of a stored allocation in a database from before the store counted changes
 * (schema 3): migration 4 starts the counters from the audit log, so a run that was out of
 * date stays out of date and a current one stays current; and a database read without
 * being migrated answers from the log as before.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/db/migrations.js';
import { openDatabase } from '../../src/db/open.js';
import { changedSinceRun } from '../../src/db/staleness.js';
import { tmpDir } from '../helpers/cli.js';

const dir = tmpDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** a schema-3 database: two calls, each with one stored run; `after` are audit rows written after each call's run */
function version3(after: Record<1 | 2, { action: string; details: object }[]>): string {
  const file = path.join(dir, `v3-${n++}.db`);
  const raw = new Database(file);
  raw.exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  for (const m of MIGRATIONS.filter((x) => x.version <= 3)) {
    raw.exec(m.sql);
    raw.prepare(`INSERT INTO schema_migrations VALUES (?, ?, '2021-09-01')`).run(m.version, m.name);
  }
  raw.pragma('user_version = 3');
  const log = raw.prepare(`INSERT INTO audit_log (at, actor, action, call_id, ref, details) VALUES ('x', 'a', ?, ?, NULL, ?)`);
  for (const c of [1, 2] as const) {
    raw.prepare(`INSERT INTO calls (id, slug, name, year, definition, created_at, updated_at) VALUES (?, ?, 'C', 2021, '{}', 'x', 'x')`).run(c, `c${c}`);
    // an older run, then the newest one
    for (const run of [10 * c, 10 * c + 1]) {
      raw.prepare(`INSERT INTO allocation_runs (id, call_id, inputs_hash, version, actor, created_at) VALUES (?, ?, 'h', '0.1.0', 'a', 'x')`).run(run, c);
      log.run('allocate', c, JSON.stringify({ run, changed: 0 }));
    }
    for (const e of after[c]) log.run(e.action, c, JSON.stringify(e.details));
  }
  raw.close();
  return file;
}

describe('migration 4: allocation inputs counted per call', () => {
  it('a run the log shows out of date stays out of date; one that is current stays current', () => {
    const changes: [string, { action: string; details: object }][] = [
      ['a score', { action: 'score', details: { changes: { green: { old: 3, new: 4 } } } }],
      ['a conflict', { action: 'conflict.declare', details: {} }],
      ['a manual decision', { action: 'decide', details: { manual: true } }],
      ['a cleared decision', { action: 'decide.clear', details: {} }],
      ['applications added', { action: 'import', details: { added: 2 } }],
      ['an amount', { action: 'application.update', details: { changes: { requested: { old: 1, new: 2 } } } }],
      ['a date', { action: 'application.update', details: { changes: { submitted: { old: null, new: '2021-03-01' } } } }],
    ];
    const unchanged = [
      { action: 'score', details: { changes: {}, comments: { green: { old: 'a', new: 'b' } } } },
      { action: 'decide', details: { run: 21 } },
      { action: 'import', details: { added: 0, updated: 1 } },
      { action: 'application.update', details: { changes: { title: { old: 'a', new: 'b' } } } },
      { action: 'backup', details: {} },
    ];
    for (const [what, change] of changes) {
      const file = version3({ 1: [change], 2: unchanged });
      // read as it is, without migrating: the log answers
      const ro = new Database(file, { readonly: true });
      expect(changedSinceRun(ro, 1, 11), `${what}, unmigrated`).toBe(true);
      expect(changedSinceRun(ro, 2, 21), 'unchanged, unmigrated').toBe(false);
      ro.close();
      const { db, migrated } = openDatabase(file);
      expect(migrated).toEqual(MIGRATIONS.filter((m) => m.version > 3).map((m) => m.version));
      expect(changedSinceRun(db, 1, 11), what).toBe(true);
      expect(changedSinceRun(db, 2, 21), 'unchanged').toBe(false);
      db.close();
    }
  });
});
