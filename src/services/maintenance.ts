/** Online backup: SQLite's backup API copies a consistent snapshot while others write. */
import fs from 'node:fs';
import path from 'node:path';
import { withOutTempFile } from '../io/files.js';
import { audit } from '../db/audit.js';
import { checkDatabase } from '../db/open.js';
import { LATEST_VERSION } from '../db/migrations.js';

/** SQLite's integrity check, the foreign-key check and the schema version. */
export const checkIntegrity = (ctx: ServiceContext) => checkDatabase(ctx.db);

/** The newest schema version this klynge writes. */
export const schemaVersion = (): number => LATEST_VERSION;
import { type ServiceContext, isoNow } from './context.js';

export async function backupDatabase(ctx: ServiceContext, file: string, cwd: string, force: boolean): Promise<{ file: string; pages: number }> {
  let pages = 0;
  // never the database itself nor its journal files; written to a temporary that becomes the
  // file only when complete, so a full disk leaves no 0-byte file that blocks the retry
  const target = await withOutTempFile(file, cwd, { database: ctx.db.name, force }, async (tmp) => {
    pages = (await ctx.db.backup(tmp)).totalPages;
    // a -wal left beside the file being replaced would be replayed into the copy
    const abs = path.resolve(cwd, file);
    if (force) for (const f of [`${abs}-wal`, `${abs}-shm`, `${abs}-journal`]) fs.rmSync(f, { force: true });
  });
  audit(ctx.db, { at: isoNow(ctx), actor: ctx.actor, action: 'backup', details: { file: target } });
  return { file: target, pages };
}
