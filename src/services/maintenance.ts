/** Online backup: SQLite's backup API copies a consistent snapshot while others write. */
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { audit } from '../db/audit.js';
import { checkDatabase } from '../db/open.js';
import { LATEST_VERSION } from '../db/migrations.js';

/** SQLite's integrity check, the foreign-key check and the schema version. */
export const checkIntegrity = (ctx: ServiceContext) => checkDatabase(ctx.db);

/** The newest schema version this klynge writes. */
export const schemaVersion = (): number => LATEST_VERSION;
import { type ServiceContext, isoNow } from './context.js';

export async function backupDatabase(ctx: ServiceContext, file: string, cwd: string, force: boolean): Promise<{ file: string; pages: number }> {
  const target = path.resolve(cwd, file);
  // never the database itself nor its journal files (overwriting the -wal loses the copy and more)
  const real = (p: string) => (fs.existsSync(p) ? fs.realpathSync(p) : path.resolve(p));
  const own = ['', '-wal', '-shm', '-journal'].map((suffix) => real(ctx.db.name + suffix));
  if (own.includes(real(target))) throw new UserError('backup.same_file', { file });
  if (fs.existsSync(target) && !force) throw new UserError('backup.exists', { file });
  if (!fs.existsSync(path.dirname(target))) throw new UserError('backup.no_dir', { file, dir: path.dirname(target) });
  if (force) for (const f of [target, `${target}-wal`, `${target}-shm`]) fs.rmSync(f, { force: true });
  // the copy holds the same personal data as the original: same 0600 mode
  fs.closeSync(fs.openSync(target, 'wx', 0o600));
  const r = await ctx.db.backup(target);
  fs.chmodSync(target, 0o600);
  audit(ctx.db, { at: isoNow(ctx), actor: ctx.actor, action: 'backup', details: { file: target } });
  return { file: target, pages: r.totalPages };
}
