/**
 * Write transactions that wait their turn. SQLite's busy timeout covers most
 * waiting; a BEGIN IMMEDIATE that still finds the database busy is retried,
 * so two evaluators saving at the same moment both land.
 */
import type { DB } from './open.js';

const RETRIES = 20;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Run fn in an IMMEDIATE transaction, retrying while SQLite reports the database busy. */
export function writeTransaction<T>(db: DB, fn: () => T): T {
  for (let attempt = 0; ; attempt++) {
    try {
      return db.transaction(fn).immediate();
    } catch (e) {
      const code = (e as { code?: string }).code;
      if ((code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED') && attempt < RETRIES) {
        sleep(20 + Math.floor(Math.random() * 80));
        continue;
      }
      throw e;
    }
  }
}
