/**
 * The store on SQLite (better-sqlite3): one connection per process, opened by
 * open.ts, and the repositories over it. better-sqlite3 is synchronous, so each method
 * does its work at once and resolves; the SQL and the fast paths (the import's batched
 * inserts, the ranking's score scan, the brief application list) are in the modules
 * beside this one.
 *
 * Transactions: BEGIN IMMEDIATE (retried while busy) … COMMIT, held across the awaits of
 * the function. The connection is this process's only one, so the transaction is
 * everyone's in here: a second `transaction` on the store waits for the first to end,
 * and one on the `tx` — or on the store, from code the transaction's function called —
 * runs inside it (it would otherwise wait for itself).
 *
 * A read snapshot is a deferred BEGIN … COMMIT: SQLite (in WAL mode) keeps the snapshot of
 * its first read until the end. It waits its turn like a transaction, since the connection
 * has one transaction at a time.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { applicationImport, applicationRefs, getApplication, listApplications, listApplicationsBrief } from './applications.js';
import { assignmentsOfCall, assignmentsOfEvaluator, insertAssignments, removeAssignment, removeAssignmentsOfCall } from './assignments.js';
import { auditMany, listAudit } from './audit.js';
import {
  conflictsNamed,
  conflictsOfEvaluator,
  excludedOf,
  removeConflict,
  removeEvaluator,
  removeScoresOfEvaluator,
  renameEvaluator,
  scoresOfEvaluator,
  setStanding,
  standingOf,
} from './case.js';
import { DEFAULT_CALL_KEY, callCounts, getCallById, getSetting, insertCall, listCalls, resolveCall, setCallStatus, setSetting, updateCall } from './calls.js';
import {
  changedSinceRun,
  decisionOf,
  decisionsOfCall,
  insertRun,
  latestRun,
  manualDecisionsOfCall,
  manualGranted,
  removeDecision,
  setManualDecision,
  storeRunDecisions,
} from './decisions.js';
import {
  answeredCriteria,
  conflictedApplications,
  conflictOf,
  conflictsOfApplication,
  conflictsOfCall,
  evaluatorsPerApplication,
  findEvaluator,
  getEvaluator,
  hasScores,
  lastScoredOf,
  insertConflict,
  insertEvaluator,
  listEvaluators,
  panelOf,
  putScoreNote,
  putScores,
  scoreNote,
  scoreNotesOfApplication,
  scoresForRanking,
  scoresOf,
  scoresOfApplication,
  scoresOfCall,
} from './evaluators.js';
import { exportRepository } from './export-rows.js';
import { insertLetters, latestLetterOf, lettersOfCall } from './letters.js';
import { appealsOf, appealsOfCall, decideAppeal, insertAppeal } from './appeals.js';
import { offerAnswerOf, offerAnswersOfCall, putOfferAnswer, removeOfferAnswer } from './offers.js';
import { applicationsOf, grantsElsewhere, insertAid, listAid } from './state-aid.js';
import { type DB, type OpenOptions, checkDatabase, openDatabase } from './open.js';
import { beginImmediate } from './retry.js';
import { closeStreams } from './statements.js';
import type {
  AidStore,
  AppealStore,
  ApplicationStore,
  AssignmentStore,
  AuditStore,
  CallStore,
  ConflictStore,
  DecisionStore,
  EvaluatorStore,
  LetterStore,
  OfferStore,
  MaintenanceStore,
  RunStore,
  ScoreStore,
  Store,
} from './store.js';

export interface SqliteStore extends Store {
  /** the connection, for the SQLite-only tools (tests, the benchmark) */
  readonly db: DB;
}

/** Open (and if asked, create and migrate) a klynge database as a store. */
export function openSqliteStore(file: string, opts: OpenOptions & { busyTimeoutMs?: number } = {}): { store: SqliteStore; created: boolean; migrated: number[] } {
  const { db, created, migrated } = openDatabase(file, opts);
  if (opts.busyTimeoutMs !== undefined) db.pragma(`busy_timeout = ${opts.busyTimeoutMs}`);
  return { store: sqliteStore(db), created, migrated };
}

/** The store over an open connection. */
export function sqliteStore(db: DB): SqliteStore {
  const repos = repositories(db);
  let queue: Promise<unknown> = Promise.resolve();
  // set while a transaction's or a read's function runs (and in everything it awaits)
  const inside = new AsyncLocalStorage<'write' | 'read'>();
  let active = false;
  const tx: SqliteStore = {
    ...repos,
    db,
    transaction: (fn) => fn(tx),
    read: (fn) => fn(tx),
    close: async () => {
      throw new Error('store: close the store, not the transaction');
    },
  };
  const noWrite = async (): Promise<never> => {
    throw new Error('store: a transaction cannot begin inside a read snapshot');
  };
  const reader: SqliteStore = {
    ...repos,
    db,
    transaction: noWrite,
    read: (fn) => fn(reader),
    close: async () => {
      throw new Error('store: close the store, not the read');
    },
  };
  const snapshot = async <T>(fn: (r: Store) => Promise<T>): Promise<T> => {
    db.exec('BEGIN');
    active = true;
    try {
      return await inside.run('read', () => fn(reader));
    } finally {
      active = false;
      closeStreams(db);
      // nothing was written in it: a failure to end it must not hide the function's own
      // error, and the connection is made usable again either way
      try {
        if (db.inTransaction) db.exec('COMMIT');
      } catch {
        try {
          if (db.inTransaction) db.exec('ROLLBACK');
        } catch {
          // closing the connection ends it
        }
      }
    }
  };
  const queued = <T>(work: () => Promise<T>): Promise<T> => {
    const mine = queue.then(work);
    queue = mine.catch(() => undefined);
    return mine;
  };
  const run = async <T>(fn: (tx: Store) => Promise<T>, dryRun: boolean): Promise<T> => {
    await beginImmediate(db);
    active = true;
    try {
      const result = await inside.run('write', () => fn(tx));
      closeStreams(db);
      db.exec(dryRun ? 'ROLLBACK' : 'COMMIT');
      return result;
    } catch (e) {
      closeStreams(db);
      // SQLite may have rolled back already (a full disk, an interrupt)
      if (db.inTransaction) db.exec('ROLLBACK');
      throw e;
    } finally {
      active = false;
    }
  };
  return {
    ...repos,
    db,
    transaction: <T>(fn: (tx: Store) => Promise<T>, opts: { dryRun?: boolean } = {}): Promise<T> => {
      // (something the function started but did not wait for, coming back later, gets its own)
      const within = active ? inside.getStore() : undefined;
      if (within === 'read') return noWrite();
      if (within === 'write') return fn(tx);
      return queued(() => run(fn, !!opts.dryRun));
    },
    read: <T>(fn: (r: Store) => Promise<T>): Promise<T> => {
      const within = active ? inside.getStore() : undefined;
      if (within === 'read') return fn(reader);
      if (within === 'write') return fn(tx);
      return queued(() => snapshot(fn));
    },
    close: async () => {
      if (db.open) db.close();
    },
  };
}

function repositories(db: DB): Omit<Store, 'transaction' | 'read' | 'close'> {
  const calls: CallStore = {
    insert: async (def, at) => insertCall(db, def, at),
    byId: async (id) => getCallById(db, id),
    list: async () => listCalls(db),
    resolve: async (slug, from) => resolveCall(db, slug, from),
    update: async (callId, def, at) => updateCall(db, callId, def, at),
    defaultSlug: async () => getSetting(db, DEFAULT_CALL_KEY),
    setDefault: async (slug, actor, at) => setSetting(db, DEFAULT_CALL_KEY, slug, actor, at),
    setStatus: async (callId, status, at) => setCallStatus(db, callId, status, at),
    counts: async (callId) => callCounts(db, callId),
  };
  const applications: ApplicationStore = {
    list: async (callId) => listApplications(db, callId),
    listBrief: async (callId) => listApplicationsBrief(db, callId),
    get: async (callId, ref) => getApplication(db, callId, ref),
    refs: async (callId) => applicationRefs(db, callId),
    importer: async (callId, at) => {
      if (!db.inTransaction) throw new Error('store: an import runs inside a transaction');
      return applicationImport(db, callId, at);
    },
    standing: async (applicationId) => standingOf(db, applicationId),
    excluded: async (callId) => excludedOf(db, callId),
    setStanding: async (applicationId, st) => setStanding(db, applicationId, st),
  };
  const evaluators: EvaluatorStore = {
    list: async () => listEvaluators(db),
    find: async (name) => findEvaluator(db, name),
    get: async (name) => getEvaluator(db, name),
    insert: async (name, email, at) => insertEvaluator(db, name, email, at),
    panel: async (callId) => panelOf(db, callId),
    rename: async (id, name) => renameEvaluator(db, id, name),
    remove: async (id) => removeEvaluator(db, id),
  };
  const scores: ScoreStore = {
    ofCall: async (callId) => scoresOfCall(db, callId),
    forRanking: async (callId, criteria, scale) => scoresForRanking(db, callId, criteria, scale),
    of: async (evaluatorId, applicationId) => scoresOf(db, evaluatorId, applicationId),
    ofApplication: async (applicationId) => scoresOfApplication(db, applicationId),
    evaluatorsPerApplication: async (callId) => evaluatorsPerApplication(db, callId),
    answered: async (callId, evaluatorId, criteria) => answeredCriteria(db, callId, evaluatorId, criteria),
    hasAny: async (applicationId) => hasScores(db, applicationId),
    lastScored: async (callId, evaluatorId) => lastScoredOf(db, callId, evaluatorId),
    put: async (rows) => putScores(db, rows),
    ofEvaluator: async (evaluatorId) => scoresOfEvaluator(db, evaluatorId),
    removeOfEvaluator: async (evaluatorId) => removeScoresOfEvaluator(db, evaluatorId),
    note: async (evaluatorId, applicationId) => scoreNote(db, evaluatorId, applicationId),
    putNote: async (evaluatorId, applicationId, note, at) => putScoreNote(db, evaluatorId, applicationId, note, at),
    notesOfApplication: async (applicationId) => scoreNotesOfApplication(db, applicationId),
  };
  const conflicts: ConflictStore = {
    ofCall: async (callId) => conflictsOfCall(db, callId),
    of: async (evaluatorId, applicationId) => conflictOf(db, evaluatorId, applicationId),
    ofApplication: async (applicationId) => conflictsOfApplication(db, applicationId),
    applicationsOf: async (callId, evaluatorId) => conflictedApplications(db, callId, evaluatorId),
    insert: async (c) => insertConflict(db, c),
    listNamed: async (callId) => conflictsNamed(db, callId),
    ofEvaluator: async (evaluatorId) => conflictsOfEvaluator(db, evaluatorId),
    remove: async (evaluatorId, applicationId) => removeConflict(db, evaluatorId, applicationId),
  };
  const assignments: AssignmentStore = {
    ofCall: async (callId) => assignmentsOfCall(db, callId),
    ofEvaluator: async (evaluatorId) => assignmentsOfEvaluator(db, evaluatorId),
    insertMany: async (rows) => insertAssignments(db, rows),
    insert: async (row) => insertAssignments(db, [row]) === 1,
    remove: async (evaluatorId, applicationId) => removeAssignment(db, evaluatorId, applicationId),
    removeOfCall: async (callId) => removeAssignmentsOfCall(db, callId),
  };
  const decisions: DecisionStore = {
    ofCall: async (callId) => decisionsOfCall(db, callId),
    of: async (applicationId) => decisionOf(db, applicationId),
    manualOfCall: async (callId) => manualDecisionsOfCall(db, callId),
    manualGranted: async (callId, tier, except) => manualGranted(db, callId, tier, except),
    storeRun: async (callId, runId, list, actor, at, day) => storeRunDecisions(db, callId, runId, list, actor, at, day),
    setManual: async (applicationId, d) => setManualDecision(db, applicationId, d),
    remove: async (applicationId) => removeDecision(db, applicationId),
  };
  const runs: RunStore = {
    insert: async (r) => insertRun(db, r),
    latest: async (callId) => latestRun(db, callId),
    changedSince: async (callId, runId) => changedSinceRun(db, callId, runId),
  };
  const auditStore: AuditStore = {
    append: async (entry) => auditMany(db, [entry]),
    appendMany: async (entries) => auditMany(db, entries),
    list: async (filter) => listAudit(db, filter),
  };
  const maintenance: MaintenanceStore = {
    files: ['', '-wal', '-shm', '-journal'].map((suffix) => db.name + suffix),
    check: async () => checkDatabase(db),
    backup: async (target) => ({ pages: (await db.backup(target)).totalPages }),
  };
  const letters: LetterStore = {
    insert: async (rows) => insertLetters(db, rows),
    ofCall: async (callId) => lettersOfCall(db, callId),
    latestOf: async (applicationId, kind) => latestLetterOf(db, applicationId, kind),
  };
  const aid: AidStore = {
    insertMany: async (rows, actor, at) => insertAid(db, rows, actor, at),
    list: async (orgNumber) => listAid(db, orgNumber),
    grantsElsewhere: async (exceptCallId) => grantsElsewhere(db, exceptCallId),
    applicationsOf: async (orgNumber) => applicationsOf(db, orgNumber),
  };
  const offers: OfferStore = {
    ofCall: async (callId) => offerAnswersOfCall(db, callId),
    of: async (applicationId) => offerAnswerOf(db, applicationId),
    put: async (callId, a) => putOfferAnswer(db, callId, a),
    remove: async (applicationId) => removeOfferAnswer(db, applicationId),
  };
  const appeals: AppealStore = {
    ofCall: async (callId) => appealsOfCall(db, callId),
    of: async (applicationId) => appealsOf(db, applicationId),
    insert: async (a) => insertAppeal(db, a),
    decide: async (id, d) => decideAppeal(db, id, d),
  };
  return { calls, applications, evaluators, scores, conflicts, assignments, decisions, runs, audit: auditStore, maintenance, exports: exportRepository(db), letters, aid, offers, appeals };
}
