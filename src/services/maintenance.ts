/** Integrity check and online backup (SQLite's backup API copies a consistent snapshot while others write). */
import fs from 'node:fs';
import path from 'node:path';
import { withOutTempFile } from '../io/files.js';
import { LATEST_VERSION } from '../db/migrations.js';
import type { IntegrityReport } from '../db/store.js';
import { type ServiceContext, isoNow } from './context.js';

/** SQLite's integrity check, the foreign-key check and the schema version. */
export const checkIntegrity = (ctx: ServiceContext): Promise<IntegrityReport> => ctx.store.maintenance.check();

/** The newest schema version this klynge writes. */
export const schemaVersion = (): number => LATEST_VERSION;

export async function backupDatabase(ctx: ServiceContext, file: string, cwd: string, force: boolean): Promise<{ file: string; pages: number }> {
  let pages = 0;
  // never the database itself nor its journal files; written to a temporary that becomes the
  // file only when complete, so a full disk leaves no 0-byte file that blocks the retry
  const target = await withOutTempFile(file, cwd, { database: ctx.store.maintenance.files[0], force }, async (tmp) => {
    pages = (await ctx.store.maintenance.backup(tmp)).pages;
    // a -wal left beside the file being replaced would be replayed into the copy
    const abs = path.resolve(cwd, file);
    if (force) for (const f of [`${abs}-wal`, `${abs}-shm`, `${abs}-journal`]) fs.rmSync(f, { force: true });
  });
  await ctx.store.audit.append({ at: isoNow(ctx), actor: ctx.actor, action: 'backup', details: { file: target } });
  return { file: target, pages };
}
