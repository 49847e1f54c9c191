/** Reading the rows of a conflicts file (`Vurderer;Saksnummer;Begrunnelse`, or evaluator, ref, reason). */
import type { Issue } from '../core/errors.js';
import { ValidationError } from '../core/errors.js';
import { matchConflictHeaders } from '../core/score-headers.js';
import { wrongKind } from './file-kind.js';
import type { ConflictImportRow } from './case.js';
import type { ScoreSource } from './score-rows.js';

/** The rows of a conflicts file, each checked for what a row can show alone; the rest is the import's. */
export async function readConflictRows(src: ScoreSource, map: Record<string, string>): Promise<{ rows: ConflictImportRow[]; issues: Issue[]; columns: Record<string, string> }> {
  // a scores file has the conflict columns too (evaluator, ref, and Begrunnelse for the reason): refused by its own
  wrongKind(src, 'conflicts', map);
  const match = matchConflictHeaders(src.headers, map);
  if (match.issues.length) throw new ValidationError(match.issues.map((i) => ({ ...i, file: src.file, line: src.headerLine })), 'import.invalid', { file: src.file });
  const col = match.columns;
  const rows: ConflictImportRow[] = [];
  const issues: Issue[] = [];
  const get = (f: string[], i: number | undefined) => (i === undefined ? '' : (f[i] ?? '').trim());
  for await (const rec of src.records) {
    const evaluator = get(rec.fields, col.evaluator);
    const ref = get(rec.fields, col.ref);
    const reason = get(rec.fields, col.reason);
    const where = (column: string | undefined, value: string) => issues.push({ file: src.file, line: rec.line, column, value, code: 'import.required', params: {} });
    if (!evaluator) where(src.headers[col.evaluator!], evaluator);
    if (!ref) where(src.headers[col.ref!], ref);
    if (!reason) where(src.headers[col.reason!], reason);
    if (evaluator && ref && reason) rows.push({ line: rec.line, evaluator, ref, reason });
  }
  const columns = Object.fromEntries(Object.entries(col).map(([field, i]) => [field, src.headers[i as number]]));
  return { rows, issues: [...src.issues, ...issues], columns };
}
