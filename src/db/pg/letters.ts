/** Letters written (*vedtaksbrev*) on PostgreSQL (as ../letters.ts): the record of what went out. */
import type { LetterRecord, LetterStore } from '../store.js';
import type { Q } from './q.js';

const COLUMNS = `id, call_id AS "callId", application_id AS "applicationId", ref, kind, run_id AS "runId", format, file, sha256, letter_date AS "letterDate", accept_by AS "acceptBy",
  written_at AS "writtenAt", actor`;

export function pgLetters(q: Q): LetterStore {
  return {
    // one statement for a whole batch, in order (ids in the order given, as SQLite's)
    insert: async (rows) => {
      if (!rows.length) return;
      await q.run(
        `INSERT INTO letters (call_id, application_id, ref, kind, run_id, format, file, sha256, letter_date, accept_by, written_at, actor)
         SELECT u.call_id, u.application_id, u.ref, u.kind, u.run_id, u.format, u.file, u.sha256, u.letter_date, u.accept_by, u.written_at, u.actor
           FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
                WITH ORDINALITY AS u(call_id, application_id, ref, kind, run_id, format, file, sha256, letter_date, accept_by, written_at, actor, n)
          ORDER BY u.n`,
        [
          rows.map((r) => r.callId),
          rows.map((r) => r.applicationId),
          rows.map((r) => r.ref),
          rows.map((r) => r.kind),
          rows.map((r) => r.runId),
          rows.map((r) => r.format),
          rows.map((r) => r.file),
          rows.map((r) => r.sha256),
          rows.map((r) => r.letterDate),
          rows.map((r) => r.acceptBy),
          rows.map((r) => r.writtenAt),
          rows.map((r) => r.actor),
        ],
      );
    },
    ofCall: (callId) => q.rows<LetterRecord>(`SELECT ${COLUMNS} FROM letters WHERE call_id = $1 ORDER BY id`, [callId]),
    latestOf: (applicationId, kind) =>
      kind !== undefined
        ? q.one<LetterRecord>(`SELECT ${COLUMNS} FROM letters WHERE application_id = $1 AND kind = $2 ORDER BY id DESC LIMIT 1`, [applicationId, kind])
        : q.one<LetterRecord>(`SELECT ${COLUMNS} FROM letters WHERE application_id = $1 ORDER BY id DESC LIMIT 1`, [applicationId]),
  };
}
