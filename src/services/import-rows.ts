/**
 * The checked rows of an applications CSV, in batches, read either in this thread
 * or — for a large file — in a worker thread, so reading, decoding and checking
 * the rows runs on one core while the import writes them on the other.
 *
 * The worker (import-worker.ts, bundled as dist/bundle/import-worker.mjs) opens the
 * file again with the encoding and delimiter found here and sends the rows as flat
 * arrays (cheaper to copy between threads than objects). It stays at most a few
 * batches ahead: memory stays flat however large the file.
 */
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type PreparedRow, type RowLayout, type RowValues, ROW_VALUES, prepareRow } from '../core/application-row.js';
import { type Issue, SignalError, type StopSignal, UserError } from '../core/errors.js';

/** The CSV as the reader gives it (src/io/csv-read.ts): header, streamed records, reader issues. */
export interface RecordSource {
  file: string;
  /** the path to open it again with (a worker reads it by itself); absent for data not from a file */
  path?: string;
  encoding: string;
  delimiter: string;
  headers: string[];
  /** the line of the header row (1 unless blank lines come first) */
  headerLine: number;
  records: AsyncIterable<{ line: number; fields: string[] }>;
  issues: Issue[];
  readonly issueCount: number;
  size: number;
  readonly bytesRead: number;
}

export interface RowSource {
  batches: AsyncIterable<PreparedRow[]>;
  readonly bytesRead: number;
  /** the reader's own problems (row width, quotes); complete once `batches` is done */
  readonly issues: Issue[];
  readonly issueCount: number;
  /** stop reading (if still at it) and let go of what the reading held */
  close(): void;
}

/** how the rows are read: `auto` uses a worker from WORKER_MIN_BYTES on */
export type RowReading = 'auto' | 'thread' | 'worker';
/** below this a worker's start-up (tens of milliseconds) costs more than it saves */
export const WORKER_MIN_BYTES = 4 * 1024 * 1024;
/**
 * Rows per batch. Small batches keep little alive while the import works through one:
 * with 500 (and 4 ahead) the import's own young generation grew under the stream, and a
 * million rows peaked 1.16x the memory of 100 000; with 100 (and 8 ahead) 1.00x, as fast.
 */
const BATCH_ROWS = 100;
/** the first batch is small, so the import starts writing soon after the worker starts reading */
const FIRST_BATCH_ROWS = 50;
/** batches the worker may have sent that the import has not taken yet */
const MAX_AHEAD = 8;
/**
 * The worker's young generation is capped: left to grow, V8 widens it under the steady
 * stream of short-lived rows, and a million-row import peaked 20 MB above a 100 000-row one.
 * Measured (peak RSS, 100 000 / 1 000 000 rows): uncapped 138 / 157 MB, 16 MB 121-124 / 138-142 MB,
 * and no slower. Only how often its garbage is collected changes, never whether it runs.
 */
const WORKER_OPTIONS = { resourceLimits: { maxYoungGenerationSizeMb: 16 } };
/** the worker is the bundled file: the same relative path from src/services, dist/services and dist/bundle */
const WORKER_URL = new URL('../../dist/bundle/import-worker.mjs', import.meta.url);

const usesWorker = (size: number, reading: RowReading) => reading === 'worker' || (reading === 'auto' && size >= WORKER_MIN_BYTES);

/** A row reader thread started ahead of its job, with what it reported before anyone asked. */
export interface StartedReader {
  readonly worker: Worker;
  /** the error or exit it met before the import took it over, if any */
  failure: unknown;
}

/**
 * Watch a worker from the moment it starts: an `error` with no listener would end the
 * process, and an `exit` before the import listens would leave the import waiting forever.
 */
export function watchReader(worker: Worker): StartedReader {
  const started: StartedReader = { worker, failure: undefined };
  worker.on('error', (e) => (started.failure ??= e));
  worker.on('exit', (code) => (started.failure ??= stopped(code)));
  return started;
}
const stopped = (code: number) => new Error(`import: the row reader stopped (exit code ${code})`);

/**
 * Start the row reader for a file before the import opens the database and the file, so
 * the worker's own start-up (a new isolate loading its code) happens meanwhile. Undefined
 * when the file will be read in this thread. The import takes the worker over (`worker`
 * option of the import); whoever gives up before that must terminate it.
 */
export function startRowReader(file: string, reading: RowReading = 'auto'): StartedReader | undefined {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return undefined; // opening the file will say what is wrong
  }
  if (!usesWorker(size, reading) || !existsSync(fileURLToPath(WORKER_URL))) return undefined;
  return watchReader(new Worker(WORKER_URL, WORKER_OPTIONS));
}

/**
 * The rows of `src`, checked one by one (duplicates and refs already in the call are the
 * import's to find). A worker from `startRowReader` is used if one is needed, else stopped.
 */
export function rowSource(src: RecordSource, layout: RowLayout, opts: { reading?: RowReading; worker?: StartedReader; signal?: AbortSignal } = {}): RowSource {
  const reading = opts.reading ?? 'auto';
  const worker = src.path !== undefined && usesWorker(src.size, reading) && (opts.worker !== undefined || existsSync(fileURLToPath(WORKER_URL)));
  if (reading === 'worker' && !worker) throw new Error(`import: the row reader ${fileURLToPath(WORKER_URL)} is missing (npm run build)`);
  if (worker) return workerRows(src, layout, src.path!, opts.worker, opts.signal);
  void opts.worker?.worker.terminate();
  return threadRows(src, layout);
}

/** An import asked to stop by a signal stops here, with the error that says nothing was imported. */
export function stopIfAsked(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new SignalError(signal.reason as StopSignal, 'import.interrupted');
}

/**
 * Reading in this thread never waits for anything but promises, so a signal would be heard
 * only once the import is over: every this many batches the reading lets the event loop run.
 */
const BATCHES_BETWEEN_BREATHS = 20;
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

function threadRows(src: RecordSource, layout: RowLayout): RowSource {
  async function* batches(): AsyncGenerator<PreparedRow[]> {
    let batch: PreparedRow[] = [];
    let sent = 0;
    for await (const rec of src.records) {
      batch.push(prepareRow(layout, rec.fields, rec.line));
      if (batch.length === BATCH_ROWS) {
        yield batch;
        batch = [];
        if (++sent % BATCHES_BETWEEN_BREATHS === 0) await breathe();
      }
    }
    if (batch.length) yield batch;
  }
  return {
    batches: { [Symbol.asyncIterator]: batches },
    get bytesRead() {
      return src.bytesRead;
    },
    get issues() {
      return src.issues;
    },
    get issueCount() {
      return src.issueCount;
    },
    close: () => {},
  };
}

/** What the worker is told. */
export interface WorkerJob {
  path: string;
  encoding: string;
  /** the file's name for issues, its header row and delimiter: all in here */
  layout: RowLayout;
  /** Int32Array over a SharedArrayBuffer: [batches taken by the import] */
  taken: SharedArrayBuffer;
  batchRows: number;
  firstBatchRows: number;
  maxAhead: number;
}

/** What the worker says. */
export type WorkerMessage =
  | { type: 'rows'; rows: unknown[]; bytesRead: number; issues: Issue[] | undefined; issueCount: number }
  | { type: 'end'; bytesRead: number; issues: Issue[]; issueCount: number }
  | { type: 'fail'; code: string; params: Record<string, unknown> }
  | { type: 'crash'; message: string };

/**
 * Rows as one flat array: per row its line, ref, requested (or null), the number of issues
 * and the issues, then 1 and the twelve values, or 0.
 */
export function encodeRows(rows: readonly PreparedRow[]): unknown[] {
  const out: unknown[] = [];
  for (const r of rows) {
    out.push(r.line, r.ref, r.requested, r.issues.length);
    for (const i of r.issues) out.push(i);
    if (r.values) out.push(1, ...r.values);
    else out.push(0);
  }
  return out;
}

export function decodeRows(flat: readonly unknown[]): PreparedRow[] {
  const rows: PreparedRow[] = [];
  let k = 0;
  while (k < flat.length) {
    const line = flat[k++] as number;
    const ref = flat[k++] as string;
    const requested = flat[k++] as number | null;
    const n = flat[k++] as number;
    const issues = n === 0 ? NONE : (flat.slice(k, k + n) as Issue[]);
    k += n;
    let values: RowValues | null = null;
    if (flat[k++] === 1) {
      values = flat.slice(k, k + ROW_VALUES) as RowValues;
      k += ROW_VALUES;
    }
    rows.push({ line, ref, requested, issues, values });
  }
  return rows;
}
const NONE: readonly Issue[] = Object.freeze([]);

function workerRows(src: RecordSource, layout: RowLayout, path: string, started: StartedReader | undefined, signal: AbortSignal | undefined): RowSource {
  const taken = new SharedArrayBuffer(4);
  const counter = new Int32Array(taken);
  const job: WorkerJob = { path, encoding: src.encoding, layout, taken, batchRows: BATCH_ROWS, firstBatchRows: FIRST_BATCH_ROWS, maxAhead: MAX_AHEAD };
  const state = { bytesRead: 0, issues: [] as Issue[], issueCount: 0 };
  let worker: Worker | undefined;

  async function* batches(): AsyncGenerator<PreparedRow[]> {
    const queue: WorkerMessage[] = [];
    const { worker: w, failure: before } = started ?? watchReader(new Worker(WORKER_URL, WORKER_OPTIONS));
    // a worker started early may have failed or stopped already
    let failure: unknown = before;
    let wake: (() => void) | undefined;
    worker = w;
    w.on('message', (m: WorkerMessage) => {
      queue.push(m);
      wake?.();
    });
    w.on('error', (e) => {
      failure ??= e;
      wake?.();
    });
    w.on('exit', (code) => {
      failure ??= stopped(code);
      wake?.();
    });
    w.postMessage(job); // the worker waits for its job: it may have been started before the file was opened
    const onAbort = () => wake?.();
    signal?.addEventListener('abort', onAbort);
    try {
      for (;;) {
        while (queue.length === 0) {
          if (failure) throw failure;
          stopIfAsked(signal);
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
        }
        const m = queue.shift()!;
        if (m.type === 'fail') throw new UserError(m.code, m.params);
        if (m.type === 'crash') throw new Error(`import: the row reader failed: ${m.message}`);
        state.bytesRead = m.bytesRead;
        if (m.issues) state.issues = m.issues;
        state.issueCount = m.issueCount;
        if (m.type === 'end') return;
        yield decodeRows(m.rows);
        Atomics.add(counter, 0, 1);
        Atomics.notify(counter, 0);
      }
    } finally {
      // done, failed or abandoned: the worker has nothing more to do
      signal?.removeEventListener('abort', onAbort);
      w.removeAllListeners();
      void w.terminate();
    }
  }
  return {
    batches: { [Symbol.asyncIterator]: batches },
    get bytesRead() {
      return state.bytesRead;
    },
    get issues() {
      return worker ? state.issues : src.issues;
    },
    get issueCount() {
      return worker ? state.issueCount : src.issueCount;
    },
    close: () => void (worker ?? started?.worker)?.terminate(),
  };
}
