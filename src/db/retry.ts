/**
 * Write transactions that wait their turn. SQLite's busy timeout covers most
 * waiting; a BEGIN IMMEDIATE that still finds the database busy is retried,
 * so two evaluators saving at the same moment both land.
 */
import type { DB } from './open.js';

const RETRIES = 20;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const isBusy = (e: unknown): boolean => {
  const code = (e as { code?: string }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED';
};

/**
 * BEGIN IMMEDIATE, retried while SQLite reports the database busy. Only the start is
 * retried: once it has begun, the write lock is held, and what runs inside (which may
 * have read a file, or talked to someone) is never run twice.
 */
export async function beginImmediate(db: DB): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      db.exec('BEGIN IMMEDIATE');
      return;
    } catch (e) {
      if (isBusy(e) && attempt < RETRIES) {
        await sleep(20 + Math.floor(Math.random() * 80));
        continue;
      }
      throw e;
    }
  }
}
