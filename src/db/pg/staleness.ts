/**
 * Staleness on PostgreSQL: the same counters as SQLite's (../staleness.ts explains them). Every
 * repository method that changes an allocation input calls one of these in its transaction.
 */
import type { Q } from './q.js';

/** Count a change to the allocation inputs of a call. */
export async function inputsChanged(q: Q, callId: number): Promise<void> {
  await q.run('UPDATE calls SET inputs_changed = inputs_changed + 1 WHERE id = $1', [callId]);
}

/** Count a change to the allocation inputs of the call an application is in. */
export async function applicationInputsChanged(q: Q, applicationId: number): Promise<void> {
  await q.run('UPDATE calls SET inputs_changed = inputs_changed + 1 WHERE id = (SELECT call_id FROM applications WHERE id = $1)', [applicationId]);
}

/** What a new run of the call has seen (stored with it). */
export async function inputsSeen(q: Q, callId: number): Promise<number> {
  return (await q.value<number>('SELECT inputs_changed FROM calls WHERE id = $1', [callId]))!;
}

export async function changedSinceRun(q: Q, callId: number, runId: number): Promise<boolean> {
  const r = await q.one<{ seen: number; now: number }>('SELECT r.inputs_seen AS seen, c.inputs_changed AS now FROM allocation_runs r JOIN calls c ON c.id = r.call_id WHERE r.id = $1 AND r.call_id = $2', [runId, callId]);
  return r === undefined || r.seen !== r.now;
}

/** A call's definition field by JSON path (`definition` is klynge's JSON text). */
const field = (column: string, ...path: string[]) => `(${column}::jsonb #>> '{${path.join(',')}}')`;

/**
 * Count a change to klynge's own de minimis grants in a call on the de minimis calls with a
 * later grant date (as ../staleness.ts laterDeMinimisCallsChanged).
 */
export async function laterDeMinimisCallsChanged(q: Q, callId: number): Promise<void> {
  await q.run(
    `UPDATE calls SET inputs_changed = inputs_changed + 1
      WHERE ${field('definition', 'stateAid', 'basis')} = 'de-minimis'
        AND ${field('definition', 'stateAid', 'grantDate')} > (
          SELECT ${field('definition', 'stateAid', 'grantDate')} FROM calls WHERE id = $1 AND ${field('definition', 'stateAid', 'basis')} = 'de-minimis')`,
    [callId],
  );
}
