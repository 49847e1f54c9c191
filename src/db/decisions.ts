/** Decisions (*vedtak*) and the allocation runs that made them. */
import type { BudgetOverrides } from '../core/allocate.js';
import type { AidFigures } from '../core/state-aid.js';
import type { DecisionStatus } from '../core/types.js';
import type { DB } from './open.js';
import { applicationInputsChanged, changedSinceRun, inputsSeen, laterDeMinimisCallsChanged } from './staleness.js';
import { stmt } from './statements.js';
import type { RunDecision, StoredDecision, StoredRun } from './store.js';

const DECISION_COLUMNS = `a.id AS applicationId, a.ref, d.tier, d.granted, d.status, d.reason, d.manual, d.note, d.run_id AS runId, d.decided_by AS decidedBy, d.decided_at AS decidedAt,
  d.rank, d.score, d.offered_on AS offeredOn, d.aid`;

type DecisionRow = Omit<StoredDecision, 'aid'> & { aid: string | null };
const withAid = (r: DecisionRow): StoredDecision => ({ ...r, aid: r.aid === null ? null : (JSON.parse(r.aid) as AidFigures) });

export function decisionsOfCall(db: DB, callId: number): StoredDecision[] {
  return (stmt(db, `SELECT ${DECISION_COLUMNS} FROM decisions d JOIN applications a ON a.id = d.application_id WHERE a.call_id = ?`).all(callId) as DecisionRow[]).map(withAid);
}

export function decisionOf(db: DB, applicationId: number): StoredDecision | undefined {
  const r = stmt(db, `SELECT ${DECISION_COLUMNS} FROM decisions d JOIN applications a ON a.id = d.application_id WHERE d.application_id = ?`).get(applicationId) as DecisionRow | undefined;
  return r && withAid(r);
}

export function manualDecisionsOfCall(db: DB, callId: number): { applicationId: number; tier: string | null; granted: number; status: DecisionStatus; note: string | null }[] {
  return stmt(
    db,
    `SELECT d.application_id AS applicationId, d.tier, d.granted, d.status, d.note FROM decisions d
     JOIN applications a ON a.id = d.application_id WHERE a.call_id = ? AND d.manual = 1`,
  ).all(callId) as { applicationId: number; tier: string | null; granted: number; status: DecisionStatus; note: string | null }[];
}

export function manualGranted(db: DB, callId: number, tier: string, except: number): number {
  return stmt(
    db,
    `SELECT coalesce(sum(d.granted), 0) FROM decisions d JOIN applications a ON a.id = d.application_id WHERE a.call_id = ? AND d.manual = 1 AND d.tier = ? AND d.application_id != ?`,
    'pluck',
  ).get(callId, tier, except) as number;
}

/** A run's decisions replace the automatic ones; the allocator's own output changes no input. */
export function storeRunDecisions(db: DB, callId: number, runId: number, decisions: readonly RunDecision[], actor: string, at: string, day = at.slice(0, 10)): void {
  // …but its grants are an input of later de minimis calls (the ceiling counts them): note a change
  const before = new Map(
    (stmt(db, 'SELECT d.application_id, d.granted FROM decisions d JOIN applications a ON a.id = d.application_id WHERE a.call_id = ? AND d.manual = 0', 'raw').all(callId) as [number, number][]),
  );
  let grantsChanged = before.size !== decisions.filter((d) => !d.manual).length;
  for (const d of decisions) if (!d.manual && before.get(d.applicationId) !== d.granted) grantsChanged = true;
  if (grantsChanged) laterDeMinimisCallsChanged(db, callId);
  // a grant offered before at the same tier and amount keeps the day it was first offered
  const offered = new Map(
    stmt(db, 'SELECT d.application_id, d.tier, d.granted, d.offered_on FROM decisions d JOIN applications a ON a.id = d.application_id WHERE a.call_id = ? AND d.offered_on IS NOT NULL', 'raw')
      .all(callId)
      .map((r) => {
        const [id, tier, granted, on] = r as [number, string | null, number, string];
        return [id, { tier, granted, on }];
      }),
  );
  const offeredOn = (d: RunDecision): string | null => {
    if (d.granted <= 0) return null;
    const o = offered.get(d.applicationId);
    return o && o.tier === d.tier && o.granted === d.granted ? o.on : day;
  };
  stmt(db, `DELETE FROM decisions WHERE manual = 0 AND application_id IN (SELECT id FROM applications WHERE call_id = ?)`).run(callId);
  const insert = stmt(
    db,
    `INSERT INTO decisions (application_id, tier, granted, status, reason, manual, note, run_id, decided_by, decided_at, rank, score, offered_on, aid) VALUES (?, ?, ?, ?, ?, 0, NULL, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // a manual decision keeps its amount; the run records the rank and result it stood at
  const placeManual = stmt(db, 'UPDATE decisions SET rank = ?, score = ?, offered_on = ? WHERE application_id = ? AND manual = 1');
  for (const d of decisions) {
    if (d.manual) placeManual.run(d.rank, d.score, offeredOn(d), d.applicationId);
    else insert.run(d.applicationId, d.tier, d.granted, d.status, d.reason, runId, actor, at, d.rank, d.score, offeredOn(d), d.aid ? JSON.stringify(d.aid) : null);
  }
}

/** A manual decision (locked against the allocator) is an input of the allocation. */
export function setManualDecision(db: DB, applicationId: number, d: { tier: string | null; granted: number; status: DecisionStatus; note: string | null; actor: string; at: string }): void {
  stmt(db, 'DELETE FROM decisions WHERE application_id = ?').run(applicationId);
  stmt(
    db,
    `INSERT INTO decisions (application_id, tier, granted, status, reason, manual, note, run_id, decided_by, decided_at) VALUES (?, ?, ?, ?, 'manual', 1, ?, NULL, ?, ?)`,
  ).run(applicationId, d.tier, d.granted, d.status, d.note, d.actor, d.at);
  applicationInputsChanged(db, applicationId);
  laterDeMinimisCallsChanged(db, callOf(db, applicationId));
}

export function removeDecision(db: DB, applicationId: number): void {
  const manual = stmt(db, 'SELECT manual FROM decisions WHERE application_id = ?', 'pluck').get(applicationId);
  const granted = stmt(db, 'SELECT granted FROM decisions WHERE application_id = ?', 'pluck').get(applicationId) as number | undefined;
  stmt(db, 'DELETE FROM decisions WHERE application_id = ?').run(applicationId);
  // an automatic decision is the allocator's output; a manual one was an input
  if (manual === 1) applicationInputsChanged(db, applicationId);
  // a grant gone is one a later de minimis call no longer counts
  if (granted) laterDeMinimisCallsChanged(db, callOf(db, applicationId));
}

const callOf = (db: DB, applicationId: number): number => stmt(db, 'SELECT call_id FROM applications WHERE id = ?', 'pluck').get(applicationId) as number;

export function insertRun(db: DB, r: { callId: number; hash: string; overrides: BudgetOverrides; version: string; actor: string; at: string }): number {
  const info = stmt(db, 'INSERT INTO allocation_runs (call_id, inputs_hash, overrides, version, actor, created_at, inputs_seen) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    r.callId,
    r.hash,
    JSON.stringify(r.overrides),
    r.version,
    r.actor,
    r.at,
    inputsSeen(db, r.callId),
  );
  return Number(info.lastInsertRowid);
}

export function latestRun(db: DB, callId: number): StoredRun | null {
  const r = stmt(db, 'SELECT id, inputs_hash AS hash, overrides, created_at AS at, actor FROM allocation_runs WHERE call_id = ? ORDER BY id DESC LIMIT 1').get(callId) as
    | { id: number; hash: string; overrides: string; at: string; actor: string }
    | undefined;
  return r ? { ...r, overrides: JSON.parse(r.overrides) as BudgetOverrides } : null;
}

export { changedSinceRun };
