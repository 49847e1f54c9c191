/** The PostgreSQL schema keeps pace with SQLite's: a new migration goes into both lists with the same version. */
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION } from '../../src/db/migrations.js';
import { PG_LATEST_VERSION, PG_MIGRATIONS } from '../../src/db/pg/schema.js';

describe('the PostgreSQL schema', () => {
  it('is at the same version as the SQLite one, its migrations in ascending order', () => {
    expect(PG_LATEST_VERSION).toBe(LATEST_VERSION);
    expect(PG_MIGRATIONS.map((m) => m.version)).toEqual([...PG_MIGRATIONS.map((m) => m.version)].sort((a, b) => a - b));
  });
});
