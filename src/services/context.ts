/** What every service needs: the database, who is acting, and the clock. */
import type { DB } from '../db/open.js';

export interface ServiceContext {
  db: DB;
  /** the person (or script) making the change, for the audit log */
  actor: string;
  now: () => Date;
  /** klynge's version, stored with allocation runs */
  version: string;
}

export const isoNow = (ctx: ServiceContext): string => ctx.now().toISOString();
