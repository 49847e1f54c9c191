/** Online backup: SQLite's backup API copies a consistent snapshot while others write. */
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { audit } from '../db/audit.js';
import { type ServiceContext, isoNow } from './context.js';

export async function backupDatabase(ctx: ServiceContext, file: string, cwd: string, force: boolean): Promise<{ file: string; pages: number }> {
  const target = path.resolve(cwd, file);
  if (target === path.resolve(ctx.db.name)) throw new UserError('backup.same_file', { file });
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
