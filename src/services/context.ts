/** What every service needs: the store, who is acting, and the clock. */
import type { Store } from '../db/store.js';

export interface ServiceContext {
  store: Store;
  /** the person (or script) making the change, for the audit log */
  actor: string;
  now: () => Date;
  /** klynge's version, stored with allocation runs */
  version: string;
  /** the call KLYNGE_CALL names, if set: chosen when a command is given no --call */
  callFromEnv?: string;
}

export const isoNow = (ctx: ServiceContext): string => ctx.now().toISOString();
