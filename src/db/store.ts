/**
 * The store: everything klynge keeps, behind one interface a second backend can
 * implement (SQLite now, PostgreSQL later). Methods are async and take and return
 * plain objects; nothing of the driver shows.
 *
 * One rule for writing several things at once: `store.transaction(async (tx) => …)`.
 * `tx` is this same interface bound to the transaction; everything done through it
 * commits together when the function resolves, or not at all when it throws (or
 * when `dryRun` is asked for). A `transaction` called on a `tx` runs inside it.
 * Busy databases are waited for and the start retried; callers never retry.
 *
 * Reading many things that must agree (an export's totals, ranking and rows) while
 * others write: `store.read(async (r) => …)`. Everything read through `r` — or through
 * the store, from code the function awaits — sees one snapshot of the database, the one
 * there was when the read began; others' writes go on meanwhile and are not seen. Nothing
 * is written in it (a `transaction` inside a read is refused). Inside a transaction a read
 * runs in it, and sees what the transaction wrote. The snapshot ends when the function
 * settles, however it settles; ending it never hides the error the function ended with.
 *
 * Streams (`AsyncIterable`) are how the store hands over more rows than should be held at
 * once: walk them with `for await`, and stopping early (break, throw) lets go of them. A
 * backend may serve them from a cursor (PostgreSQL) or a stepped statement (SQLite: its
 * connection is busy meanwhile), so code never queries the store while a stream of it is
 * open — read what is needed alongside before opening it — and never relies on a stream
 * being walked synchronously.
 *
 * Staleness is the store's: every method that changes what an allocation depends
 * on (scores' values or scores deleted, conflicts declared or taken back, manual
 * decisions, applications added, their amounts or dates, an application withdrawn,
 * found ineligible or restored) records it, and `runs.changedSince` answers from that record.
 */
import type { BudgetOverrides } from '../core/allocate.js';
import type { Call, CallDefinition, CallStatus } from '../core/call.js';
import type { ApplicationInput, RowValues } from '../core/application-row.js';
import type { ScoreTable } from '../core/score-table.js';
import type { AidFigures, AidRow } from '../core/state-aid.js';
import type { Application, ApplicationStanding, ApplicationState, Conflict, Decision, DecisionStatus, Evaluator, Score } from '../core/types.js';

export type { ApplicationInput } from '../core/application-row.js';

export interface Store {
  readonly calls: CallStore;
  readonly applications: ApplicationStore;
  readonly evaluators: EvaluatorStore;
  readonly scores: ScoreStore;
  readonly conflicts: ConflictStore;
  readonly assignments: AssignmentStore;
  readonly decisions: DecisionStore;
  readonly runs: RunStore;
  readonly audit: AuditStore;
  readonly maintenance: MaintenanceStore;
  readonly exports: ExportStore;
  readonly letters: LetterStore;
  readonly aid: AidStore;
  readonly offers: OfferStore;
  readonly appeals: AppealStore;
  /** Run `fn` on one read snapshot (see above); its result is returned. */
  read<T>(fn: (r: Store) => Promise<T>): Promise<T>;
  /** Run `fn` in one write transaction; with `dryRun` everything it wrote is rolled back and its result returned. */
  transaction<T>(fn: (tx: Store) => Promise<T>, opts?: { dryRun?: boolean }): Promise<T>;
  /** Let go of the connection. */
  close(): Promise<void>;
}

export interface CallCounts {
  applications: number;
  /** the sum requested, øre */
  requested: number;
  /** of the applications, those withdrawn and those found ineligible */
  withdrawn: number;
  ineligible: number;
  /** the sum requested by the applications still competing (neither), øre */
  activeRequested: number;
  /** applications with at least one score */
  scored: number;
  /** of them, those still competing */
  activeScored: number;
  /** decisions other than pending */
  decided: number;
  granted: number;
}

export interface CallStore {
  /** Store a validated call; `call.exists` when the slug is taken. */
  insert(def: CallDefinition, at: string): Promise<Call>;
  byId(id: number): Promise<Call>;
  /** newest year first, then by slug */
  list(): Promise<Call[]>;
  /**
   * The call named by `slug` (given by --call or KLYNGE_CALL, as `from` says: for the refusal),
   * else the default call (`setDefault`), else the only one there is; refusals say how to choose one.
   */
  resolve(slug: string | undefined, from?: 'flag' | 'env'): Promise<Call>;
  /** Replace a validated call's definition (same slug); counts as a change of the allocation's inputs. */
  update(callId: number, def: CallDefinition, at: string): Promise<Call>;
  /** the slug chosen with `klynge call use`, or null */
  defaultSlug(): Promise<string | null>;
  /** choose the default call (null: none) */
  setDefault(slug: string | null, actor: string, at: string): Promise<void>;
  setStatus(callId: number, status: CallStatus, at: string): Promise<void>;
  counts(callId: number): Promise<CallCounts>;
}

/** One row of an import after the store looked at it. */
export interface ImportedRow {
  /** written as a new application */
  added: boolean;
  /** the line an earlier row with the same ref (in this file) is on, if there is one */
  firstLine: number | null;
  /** the application with this ref the call had before the import */
  existing: Application | undefined;
}

/**
 * The write side of one application import, inside a transaction: the checked rows
 * go in batch by batch. Duplicates within the file are found by the store (a new
 * row whose ref the file had already is not written and gets `firstLine`).
 */
export interface ApplicationImport {
  rows(batch: readonly { line: number; ref: string; values: RowValues | null }[]): Promise<ImportedRow[]>;
  /** replace an existing application's fields (`--update`) */
  update(id: number, input: ApplicationInput): Promise<void>;
  /** let go of what finding duplicates held (always call it) */
  close(): Promise<void>;
}

export interface ApplicationStore {
  /** a call's applications, every field, sorted by ref */
  list(callId: number): Promise<Application[]>;
  /** a call's applications without their long texts (summary, partners, extra, contact): fast for 10 000+, sorted by ref */
  listBrief(callId: number): Promise<Application[]>;
  /** by case number; `application.not_found` (with near matches) when there is none */
  get(callId: number, ref: string): Promise<Application>;
  /** id and ref of every application of a call */
  refs(callId: number): Promise<{ id: number; ref: string }[]>;
  /** Start an import into a call (within a transaction): rows are stamped `at`. */
  importer(callId: number, at: string): Promise<ApplicationImport>;
  /** whether an application is active, withdrawn or ineligible, and who said so */
  standing(applicationId: number): Promise<ApplicationStanding>;
  /** a call's applications that are withdrawn or ineligible, by ref */
  excluded(callId: number): Promise<ApplicationStanding[]>;
  /** set an application's state (an allocation input: a stored run goes stale) */
  setStanding(applicationId: number, s: { status: ApplicationState; note: string | null; actor: string; at: string }): Promise<void>;
}

export interface EvaluatorStore {
  /** by name, case-insensitively (ASCII) */
  list(): Promise<Evaluator[]>;
  find(name: string): Promise<Evaluator | undefined>;
  /** `evaluator.not_found` listing the evaluators when there is none */
  get(name: string): Promise<Evaluator>;
  /** `evaluator.exists` when the name is taken */
  insert(name: string, email: string | null, at: string): Promise<Evaluator>;
  /** evaluators taking part in a call: anyone with a score or a conflict in it, by name */
  panel(callId: number): Promise<Evaluator[]>;
  /** a new name; `evaluator.exists` when another evaluator has it (case-insensitively) */
  rename(id: number, name: string): Promise<Evaluator>;
  /** remove an evaluator that has no scores and no conflicts left */
  remove(id: number): Promise<void>;
}

/** A row with the call and case number it belongs to. */
export type InCall<T> = T & { callId: number; ref: string };

/** A score to write. */
export interface ScoreWrite {
  evaluatorId: number;
  applicationId: number;
  criterion: string;
  value: number | null;
  comment: string;
  at: string;
}

export interface ScoreStore {
  /** every score of a call's applications, comments included (conflicted ones too) */
  ofCall(callId: number): Promise<Score[]>;
  /** The call's scores on these criteria, no comments, sorted by application, evaluator and criterion key. */
  forRanking(callId: number, criteria: readonly string[], scale: { min: number; max: number }): Promise<ScoreTable>;
  /** one evaluator's scores on one application */
  of(evaluatorId: number, applicationId: number): Promise<Score[]>;
  /** every score on one application, with the evaluator's name */
  ofApplication(applicationId: number): Promise<(Score & { evaluator: string })[]>;
  /** per application of a call: how many distinct evaluators scored it (applications with none left out) */
  evaluatorsPerApplication(callId: number): Promise<{ applicationId: number; evaluators: number }[]>;
  /** per application of a call: how many of `criteria` this evaluator answered (none: left out) */
  answered(callId: number, evaluatorId: number, criteria: readonly string[]): Promise<{ applicationId: number; answered: number }[]>;
  hasAny(applicationId: number): Promise<boolean>;
  /** per application of a call: when this evaluator last changed one of its scores (ISO time; none: left out) */
  lastScored(callId: number, evaluatorId: number): Promise<{ applicationId: number; at: string }[]>;
  /** insert or replace (value, comment, time) each score; the rows of one call */
  put(rows: readonly ScoreWrite[]): Promise<void>;
  /** every score an evaluator gave, in every call, by call, ref and criterion */
  ofEvaluator(evaluatorId: number): Promise<InCall<Score>[]>;
  /** delete every score an evaluator gave, and their overall justifications (each call's stored run goes stale); how many scores */
  removeOfEvaluator(evaluatorId: number): Promise<number>;
  /** an evaluator's overall justification of an application (beside each score's own comment), or null */
  note(evaluatorId: number, applicationId: number): Promise<string | null>;
  /** set (or with null remove) that overall justification */
  putNote(evaluatorId: number, applicationId: number, note: string | null, at: string): Promise<void>;
  /** every overall justification on one application, with the evaluator's name, by name */
  notesOfApplication(applicationId: number): Promise<{ evaluatorId: number; evaluator: string; note: string }[]>;
}

export interface ConflictRecord extends Conflict {
  declaredAt: string;
  declaredBy: string;
}

export interface ConflictStore {
  ofCall(callId: number): Promise<ConflictRecord[]>;
  of(evaluatorId: number, applicationId: number): Promise<{ reason: string } | undefined>;
  /** the conflicts on one application with the evaluator's name, by name */
  ofApplication(applicationId: number): Promise<(ConflictRecord & { evaluator: string })[]>;
  /** ids of the call's applications an evaluator declared a conflict on */
  applicationsOf(callId: number, evaluatorId: number): Promise<number[]>;
  insert(c: ConflictRecord): Promise<void>;
  /** a call's conflicts with the evaluator's name and the ref, by ref then name */
  listNamed(callId: number): Promise<InCall<ConflictRecord & { evaluator: string }>[]>;
  /** every conflict an evaluator declared, in every call */
  ofEvaluator(evaluatorId: number): Promise<InCall<ConflictRecord>[]>;
  /** take back a conflict (its scores count again: a stored run goes stale) */
  remove(evaluatorId: number, applicationId: number): Promise<void>;
}

/** One evaluator put on one application's panel (`klynge assign`). */
export interface AssignmentWrite {
  applicationId: number;
  evaluatorId: number;
  assignedBy: string;
  assignedAt: string;
}

export interface AssignmentRecord extends AssignmentWrite {
  ref: string;
  evaluator: string;
}

/** Panels: each change of them is an allocation input (a stored run goes stale). */
export interface AssignmentStore {
  /** a call's assignments with ref and evaluator name, by ref then name */
  ofCall(callId: number): Promise<AssignmentRecord[]>;
  /** an evaluator's assignments in every call, with the call, by call then ref */
  ofEvaluator(evaluatorId: number): Promise<(AssignmentRecord & { callId: number })[]>;
  /** add many (a pair already assigned stays as it was); how many were added */
  insertMany(rows: readonly AssignmentWrite[]): Promise<number>;
  /** add one; false when the pair was assigned already */
  insert(row: AssignmentWrite): Promise<boolean>;
  /** take one evaluator off one application; false when it was not assigned */
  remove(evaluatorId: number, applicationId: number): Promise<boolean>;
  /** remove every assignment of a call; how many */
  removeOfCall(callId: number): Promise<number>;
}

/** A decision as stored. */
/** What a decision is, whoever made it: the core's own fields. */
type DecisionFacts = Pick<Decision, 'applicationId' | 'tier' | 'granted' | 'status' | 'reason'>;

export interface StoredDecision extends DecisionFacts {
  ref: string;
  /** 1 for a manual (locked) decision, else 0 */
  manual: number;
  note: string | null;
  runId: number | null;
  decidedBy: string;
  decidedAt: string;
  /** rank and exact result ('n/d') when the newest run placed it */
  rank: number | null;
  score: string | null;
  /** YYYY-MM-DD: the day a grant was first offered at this tier and amount (null: nothing granted) */
  offeredOn: string | null;
  /** the de minimis figures, for a grant the ceiling capped or refused; else null */
  aid: AidFigures | null;
}

/** What an allocation run decided for one application. */
export interface RunDecision extends DecisionFacts, Pick<Decision, 'manual'> {
  /** a manual decision keeps its amount: only its rank and result are noted (`manual`) */
  rank: number | null;
  /** 'n/d' */
  score: string | null;
  /** the de minimis figures, for a grant the ceiling capped or refused */
  aid?: AidFigures;
}

export interface DecisionStore {
  ofCall(callId: number): Promise<StoredDecision[]>;
  of(applicationId: number): Promise<StoredDecision | undefined>;
  /** the manual (locked) decisions of a call */
  manualOfCall(callId: number): Promise<{ applicationId: number; tier: string | null; granted: number; status: DecisionStatus; note: string | null }[]>;
  /** the sum granted by manual decisions in a tier of a call, leaving one application out */
  manualGranted(callId: number, tier: string, except: number): Promise<number>;
  /**
   * Replace a call's automatic decisions by a run's; manual ones get their rank and result. A
   * grant new at its tier and amount is offered on `day` (YYYY-MM-DD, the funder's calendar
   * day; default the date of `at`).
   */
  storeRun(callId: number, runId: number, decisions: readonly RunDecision[], actor: string, at: string, day?: string): Promise<void>;
  /** a manual decision, replacing whatever the application had */
  setManual(applicationId: number, d: { tier: string | null; granted: number; status: DecisionStatus; note: string | null; actor: string; at: string }): Promise<void>;
  /** remove an application's decision */
  remove(applicationId: number): Promise<void>;
}

/** An applicant's answer to an offer (*svar på tilsagn*), with the offer as it was made. */
export interface OfferAnswer {
  applicationId: number;
  ref: string;
  state: 'accepted' | 'declined';
  tier: string | null;
  /** øre, as offered */
  granted: number;
  /** as offered: granted or partially granted */
  status: DecisionStatus;
  /** the allocator's reason as offered */
  reason: string;
  /** the run that made the offer */
  runId: number | null;
  /** YYYY-MM-DD, the day it was offered (null for a run from before offers were dated) */
  offeredOn: string | null;
  /** YYYY-MM-DD, the day the answer came */
  answeredOn: string;
  note: string | null;
  actor: string;
  recordedAt: string;
}

/** Answers to offers: each one an allocation input (an accepted offer is locked, a declined one frees its money). */
export interface OfferStore {
  /** a call's answers, by ref */
  ofCall(callId: number): Promise<OfferAnswer[]>;
  of(applicationId: number): Promise<OfferAnswer | undefined>;
  /** record (or replace) an application's answer */
  put(callId: number, a: Omit<OfferAnswer, 'ref'>): Promise<void>;
  /** take an answer back; false when there was none */
  remove(applicationId: number): Promise<boolean>;
}

/** One piece of state aid from another giver, as imported (`klynge aid import`): a checked row and the file it came from. */
export interface AidWrite extends AidRow {
  source: string;
}

export interface StoredAid extends AidWrite {
  id: number;
  importedAt: string;
  importedBy: string;
}

/** Money klynge granted an undertaking in another call. */
export interface GrantElsewhere {
  callId: number;
  applicationId: number;
  ref: string;
  orgNumber: string;
  /** øre */
  granted: number;
}

/** State aid (*statsstøtte*): other givers' aid, and klynge's own grants by organisation number. */
export interface AidStore {
  /** add an import's records (within a transaction); every call's allocation inputs count as changed */
  insertMany(rows: readonly AidWrite[], actor: string, at: string): Promise<void>;
  /** every record, or one organisation number's, by organisation number, date and id */
  list(orgNumber?: string): Promise<StoredAid[]>;
  /** grants (more than 0) to applications with an organisation number, in every call but `exceptCallId` */
  grantsElsewhere(exceptCallId: number): Promise<GrantElsewhere[]>;
  /** every application of one organisation number (or of every one that has one) in every call, with its decision, by call and ref */
  applicationsOf(orgNumber?: string): Promise<UndertakingApplication[]>;
}

/** One application of an undertaking, in whichever call. */
export interface UndertakingApplication {
  orgNumber: string;
  callId: number;
  applicationId: number;
  ref: string;
  applicant: string;
  title: string;
  /** øre */
  requested: number;
  /** øre; 0 without a decision */
  granted: number;
  status: DecisionStatus | null;
  /** øre, declared on the application */
  priorDeMinimis: number | null;
}

export interface StoredRun {
  id: number;
  hash: string;
  overrides: BudgetOverrides;
  at: string;
  actor: string;
}

export interface RunStore {
  /** a stored allocation run; it remembers the inputs it saw, for `changedSince` */
  insert(r: { callId: number; hash: string; overrides: BudgetOverrides; version: string; actor: string; at: string }): Promise<number>;
  latest(callId: number): Promise<StoredRun | null>;
  /**
   * Whether anything the allocation depends on changed after the run: a score's value
   * (not a comment alone), a conflict, a manual decision, an application added, its
   * amount or date. Conservative: a change undone still counts.
   */
  changedSince(callId: number, runId: number): Promise<boolean>;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  callId: number | null;
  ref: string | null;
  details: Record<string, unknown>;
}

export type AuditInput = Omit<AuditEntry, 'id' | 'callId' | 'ref' | 'details'> & { callId?: number | null; ref?: string | null; details?: Record<string, unknown> };

export interface AuditStore {
  /** append to the log (in the transaction that makes the change) */
  append(entry: AuditInput): Promise<void>;
  /** append these in their order */
  appendMany(entries: readonly AuditInput[]): Promise<void>;
  /** oldest first; with a call, its entries and the database-wide ones */
  list(filter?: { callId?: number; ref?: string; limit?: number }): Promise<AuditEntry[]>;
}

export interface IntegrityReport {
  integrity: string[];
  foreignKeys: { table: string; rowid: number; parent: string }[];
  version: number;
  latest: number;
  migrations: { version: number; name: string; applied_at: string }[];
}

export interface MaintenanceStore {
  /** the database file (SQLite) first, then its journal files, for refusing to write onto them */
  readonly files: readonly string[];
  /** integrity, foreign keys, schema version */
  check(): Promise<IntegrityReport>;
  /** a consistent copy into `target` (an existing empty file) while others write */
  backup(target: string): Promise<{ pages: number }>;
}

/** A letter (*vedtaksbrev*) as written to a file: what went out, on which run, with the file's hash. */
export interface LetterWrite {
  callId: number;
  applicationId: number;
  ref: string;
  /** grant, partial-grant, reserve, rejection or ineligible */
  kind: string;
  runId: number;
  /** docx, html, md or csv (one row of a merge file) */
  format: string;
  /** the file's name as written (in the folder given) */
  file: string;
  sha256: string;
  /** the date the letter carries, YYYY-MM-DD */
  letterDate: string;
  /** for a grant letter: the date it must be accepted by, YYYY-MM-DD; else null */
  acceptBy: string | null;
  writtenAt: string;
  actor: string;
}

export interface LetterRecord extends LetterWrite {
  id: number;
}

export interface LetterStore {
  /** record letters written (in the transaction that logs them); changes no allocation input */
  insert(rows: readonly LetterWrite[]): Promise<void>;
  /** a call's letters, oldest first */
  ofCall(callId: number): Promise<LetterRecord[]>;
  /** the newest letter to one application, or of one kind (its date starts the appeal deadline) */
  latestOf(applicationId: number, kind?: string): Promise<LetterRecord | undefined>;
}

/** The stored decision of an application as an export shows it. */
export interface ExportDecision {
  tier: string | null;
  granted: number;
  status: DecisionStatus;
  reason: string;
  manual: boolean;
  note: string | null;
  decidedAt: string;
}

/** One application, every field, with its decision. */
export interface ExportApplication {
  application: Application;
  decision: ExportDecision | null;
}

/** Sums over a whole call, for the totals an export starts with. */
export interface ExportTotals {
  applications: number;
  /** øre */
  requested: number;
  decisions: number;
  /** the newest decision's time */
  decidedAt: string | null;
  /** per tier key (granted > 0 only): what was granted and to how many */
  tiers: { tier: string; granted: number; funded: number }[];
}

/**
 * What an export reads, a row at a time so an export of a million applications holds a few
 * rows at once: run these in one `store.read` so totals, ranking and rows agree. The export
 * service orders the rows (the ranked ones first): the store gives the applications without
 * a single score, which cannot rank and need nothing from the others, as streams in ref order
 * by code point (SQLite's and PostgreSQL's `COLLATE "C"` order alike).
 */
export interface ExportStore {
  totals(callId: number): Promise<ExportTotals>;
  /** one application of the call with its decision (a programming error when it is not in the call) */
  application(callId: number, id: number): Promise<ExportApplication>;
  /** the keys of one application's unknown import columns, in their stored order */
  extraKeys(id: number): Promise<string[]>;
  /** the call's applications with no score row, in ref order (by code point, then id) */
  unscored(callId: number): AsyncIterable<ExportApplication>;
  /** the same applications in the same order: only what places them and their extra keys */
  unscoredExtraKeys(callId: number): AsyncIterable<{ id: number; ref: string; keys: string[] }>;
  /** ids and refs of the same applications, unordered (for an order the store cannot give) */
  unscoredRefs(callId: number): Promise<{ id: number; ref: string }[]>;
  /**
   * Whether the code-point ref order of the streams is the ranking's (UTF-16 units, see
   * core/compare.ts) for this call: they differ only where a character from U+E000 up meets
   * one above U+FFFF.
   */
  refOrderIsPlain(callId: number): Promise<boolean>;
  /** the call's applications with at least one score row, without their long texts: what ranking reads; by id */
  scoredBrief(callId: number): Promise<Pick<Application, 'id' | 'ref' | 'requested' | 'submitted'>[]>;
  /** one application's scores, comments included, by evaluator id and criterion */
  scoresOf(applicationId: number): Promise<Score[]>;
  /** every evaluator's name (a handful of people) */
  evaluatorNames(): Promise<{ id: number; name: string }[]>;
  /** the conflicts (*inhabilitet*) on the call's applications with their reasons, in the order declared */
  conflicts(callId: number): Promise<{ evaluatorId: number; applicationId: number; reason: string }[]>;
  /**
   * Two refs among the call's applications with one of these decision statuses that are the
   * same once every `/` is read as `-` (the first such pair in ref order), or null.
   */
  slashDashClash(callId: number, statuses: readonly string[]): Promise<{ ref: string; other: string } | null>;
}

/** An appeal as registered (`klynge appeal register`). */
export interface AppealWrite {
  callId: number;
  applicationId: number;
  /** YYYY-MM-DD, the day the appeal came */
  received: string;
  /** YYYY-MM-DD, the notification the three weeks count from */
  notified: string;
  /** where that date came from: the letter klynge wrote, given on the appeal, or the call's `notified` */
  notifiedFrom: 'letter' | 'given' | 'call';
  /** YYYY-MM-DD, the last day in time */
  deadline: string;
  inTime: boolean;
  /** the decision appealed */
  appealedStatus: string;
  appealedTier: string | null;
  /** øre */
  appealedGranted: number;
  note: string | null;
  registeredBy: string;
  registeredAt: string;
}

export interface AppealRecord extends AppealWrite {
  id: number;
  ref: string;
  state: 'open' | 'upheld' | 'rejected';
  decidedOn: string | null;
  decisionNote: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
}

export interface AppealDecision {
  state: 'upheld' | 'rejected';
  /** YYYY-MM-DD */
  decidedOn: string;
  note: string;
  actor: string;
  at: string;
}

/** Appeals (*klager*): at most one open per application; an upheld one counts as a change to the allocation's inputs. */
export interface AppealStore {
  ofCall(callId: number): Promise<AppealRecord[]>;
  /** an application's appeals, oldest first */
  of(applicationId: number): Promise<AppealRecord[]>;
  insert(a: AppealWrite): Promise<number>;
  /** decide an open appeal; false when it is not open */
  decide(id: number, d: AppealDecision): Promise<boolean>;
}
