/** Integrity check and online backup (SQLite's backup API copies a consistent snapshot while others write). */
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { LATEST_VERSION } from '../db/migrations.js';
import type { IntegrityReport } from '../db/store.js';
import { type ServiceContext, isoNow } from './context.js';

/** SQLite's integrity check, the foreign-key check and the schema version. */
export const checkIntegrity = (ctx: ServiceContext): Promise<IntegrityReport> => ctx.store.maintenance.check();

/** The newest schema version this klynge writes. */
export const schemaVersion = (): number => LATEST_VERSION;

export async function backupDatabase(ctx: ServiceContext, file: string, cwd: string, force: boolean): Promise<{ file: string; pages: number }> {
  const target = path.resolve(cwd, file);
  // never the database itself nor its journal files (overwriting the -wal loses the copy and more)
  const real = (p: string) => (fs.existsSync(p) ? fs.realpathSync(p) : path.resolve(p));
  const own = ctx.store.maintenance.files.map(real);
  if (own.includes(real(target))) throw new UserError('backup.same_file', { file });
  if (fs.existsSync(target) && !force) throw new UserError('backup.exists', { file });
  if (!fs.existsSync(path.dirname(target))) throw new UserError('backup.no_dir', { file, dir: path.dirname(target) });
  if (force) for (const f of [target, `${target}-wal`, `${target}-shm`]) fs.rmSync(f, { force: true });
  // the copy holds the same personal data as the original: same 0600 mode
  fs.closeSync(fs.openSync(target, 'wx', 0o600));
  const r = await ctx.store.maintenance.backup(target);
  fs.chmodSync(target, 0o600);
  await ctx.store.audit.append({ at: isoNow(ctx), actor: ctx.actor, action: 'backup', details: { file: target } });
  return { file: target, pages: r.pages };
}
