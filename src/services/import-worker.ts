/**
 * The import's row reader thread (see import-rows.ts): reads the CSV, checks each row
 * and sends the rows in batches, staying at most `maxAhead` batches ahead of the import.
 * Duplicates are the import's to find, through the table it writes to.
 */
import { parentPort } from 'node:worker_threads';
import type { PreparedRow } from '../core/application-row.js';
import { UserError } from '../core/errors.js';
import { type CsvDelimiter, type CsvEncoding, openCsv } from '../io/csv-read.js';
import { prepareRow } from '../core/application-row.js';
import { type WorkerJob, type WorkerMessage, encodeRows } from './import-rows.js';

const port = parentPort!;
const post = (m: WorkerMessage) => port.postMessage(m);

async function run(job: WorkerJob): Promise<void> {
  const taken = new Int32Array(job.taken);
  const { file, headers, delimiter } = job.layout;
  const src = await openCsv(job.path, { encoding: job.encoding as CsvEncoding, delimiter: delimiter as CsvDelimiter, file });
  if (src.headers.length !== headers.length || src.headers.some((h, i) => h !== headers[i])) {
    throw new UserError('csv.read-error', { file, reason: 'changed while it was being read' });
  }
  let sent = 0;
  let batch: PreparedRow[] = [];
  let toldCount = 0;
  const flush = () => {
    // wait while the import is maxAhead batches behind (the timeout only re-checks)
    for (let seen = Atomics.load(taken, 0); sent - seen >= job.maxAhead; seen = Atomics.load(taken, 0)) Atomics.wait(taken, 0, seen, 1000);
    // the reader's issues go along only when there are new ones
    const issues = src.issueCount === toldCount ? undefined : src.issues;
    toldCount = src.issueCount;
    post({ type: 'rows', rows: encodeRows(batch), bytesRead: src.bytesRead, issues, issueCount: src.issueCount });
    sent++;
    batch = [];
  };
  for await (const rec of src.records) {
    batch.push(prepareRow(job.layout, rec.fields, rec.line));
    if (batch.length === (sent === 0 ? job.firstBatchRows : job.batchRows)) flush();
  }
  if (batch.length) flush();
  post({ type: 'end', bytesRead: src.size, issues: src.issues, issueCount: src.issueCount });
}

// started before the import knows its job (see startRowReader): the job comes as the first message
port.once('message', (job: WorkerJob) => {
  run(job).catch((e: unknown) => {
    if (e instanceof UserError) post({ type: 'fail', code: e.code, params: e.params });
    else post({ type: 'crash', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  });
});
