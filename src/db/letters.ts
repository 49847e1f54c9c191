/** Letters written (*vedtaksbrev*): the record of what went out. */
import type { DB } from './open.js';
import { stmt } from './statements.js';
import type { LetterRecord, LetterWrite } from './store.js';

const COLUMNS = `id, call_id AS callId, application_id AS applicationId, ref, kind, run_id AS runId, format, file, sha256, letter_date AS letterDate, accept_by AS acceptBy, written_at AS writtenAt, actor`;

export function insertLetters(db: DB, rows: readonly LetterWrite[]): void {
  const insert = stmt(
    db,
    `INSERT INTO letters (call_id, application_id, ref, kind, run_id, format, file, sha256, letter_date, accept_by, written_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const r of rows) insert.run(r.callId, r.applicationId, r.ref, r.kind, r.runId, r.format, r.file, r.sha256, r.letterDate, r.acceptBy, r.writtenAt, r.actor);
}

export function lettersOfCall(db: DB, callId: number): LetterRecord[] {
  return stmt(db, `SELECT ${COLUMNS} FROM letters WHERE call_id = ? ORDER BY id`).all(callId) as LetterRecord[];
}

export function latestLetterOf(db: DB, applicationId: number, kind?: string): LetterRecord | undefined {
  if (kind !== undefined) return stmt(db, `SELECT ${COLUMNS} FROM letters WHERE application_id = ? AND kind = ? ORDER BY id DESC LIMIT 1`).get(applicationId, kind) as LetterRecord | undefined;
  return stmt(db, `SELECT ${COLUMNS} FROM letters WHERE application_id = ? ORDER BY id DESC LIMIT 1`).get(applicationId) as LetterRecord | undefined;
}
