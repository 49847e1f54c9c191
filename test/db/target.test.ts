/** What --db names: a SQLite file or PostgreSQL, the PG* variables, and the password never shown. */
import { describe, expect, it } from 'vitest';
import { isPgTarget, parsePgTarget, redact } from '../../src/db/target.js';

describe('--db targets', () => {
  it('knows a PostgreSQL string from a file name', () => {
    for (const t of ['postgres://kari@db.viken.no/klynge', 'postgresql://x', 'postgres:', ' POSTGRES://a/b']) expect(isPgTarget(t), t).toBe(true);
    for (const t of ['klynge.db', './postgres.db', '/srv/postgres/klynge.db', 'C:\\klynge.db']) expect(isPgTarget(t), t).toBe(false);
  });

  it('reads host, port, database and user from the string, the PG* variables filling what it leaves out', () => {
    expect(parsePgTarget('postgres://kari@db.viken.no:6543/klynge?sslmode=require', {})).toMatchObject({ host: 'db.viken.no', port: 6543, database: 'klynge', user: 'kari', passwordInUrl: false, label: 'postgres://kari@db.viken.no:6543/klynge?sslmode=require' });
    expect(parsePgTarget('postgres:', { PGHOST: 'pg.local', PGPORT: '5433', PGDATABASE: 'tilskudd', PGUSER: 'ola' })).toMatchObject({ host: 'pg.local', port: 5433, database: 'tilskudd', user: 'ola', connectionString: '', label: 'postgres://ola@pg.local:5433/tilskudd' });
    expect(parsePgTarget('postgres://db.viken.no/klynge', { PGUSER: 'ingrid' })).toMatchObject({ user: 'ingrid', port: 5432 });
  });

  it('never shows a password, in the user part or as a parameter', () => {
    expect(redact('postgres://kari:s3cr%40t@db:5432/k')).toBe('postgres://kari:***@db:5432/k');
    expect(redact('postgres://db/k?sslmode=require&password=abc')).toBe('postgres://db/k?sslmode=require&password=***');
    const t = parsePgTarget('postgres://kari:hemmelig@db/k', {});
    expect(t.passwordInUrl).toBe(true);
    expect(t.label).not.toContain('hemmelig');
  });
});
