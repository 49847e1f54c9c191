/** Reading the rows of a score file (evaluator, ref, criterion, score, comment). */
import type { Issue } from '../core/errors.js';
import { ValidationError } from '../core/errors.js';
import { matchScoreHeaders } from '../core/score-headers.js';
import { wrongKind } from './file-kind.js';
import type { RecordSource } from './import-rows.js';
import { type ScoreImportRow, parseScoreText } from './scoring.js';

/** The CSV as the reader gives it: what reading score rows needs of it. */
export type ScoreSource = Pick<RecordSource, 'file' | 'headers' | 'headerLine' | 'records' | 'issues'>;

/** The rows of a score file, each checked for what a row can show alone; the rest is the import's. */
export async function readScoreRows(src: ScoreSource, map: Record<string, string>): Promise<{ rows: ScoreImportRow[]; issues: Issue[]; columns: Record<string, string> }> {
  const match = matchScoreHeaders(src.headers, map);
  if (match.issues.length) wrongKind(src, 'scores', map);
  if (match.issues.length) throw new ValidationError(match.issues.map((i) => ({ ...i, file: src.file, line: src.headerLine })), 'import.invalid', { file: src.file });
  const col = match.columns;
  const rows: ScoreImportRow[] = [];
  const issues: Issue[] = [];
  const get = (f: string[], i: number | undefined) => (i === undefined ? '' : (f[i] ?? '').trim());
  const values = new Map<string, ScoreImportRow['value'] | undefined>();
  for await (const rec of src.records) {
    const evaluator = get(rec.fields, col.evaluator);
    const ref = get(rec.fields, col.ref);
    const criterion = get(rec.fields, col.criterion);
    const scoreText = get(rec.fields, col.score);
    const where = (column: string | undefined, value: string, code: string) => issues.push({ file: src.file, line: rec.line, column, value, code, params: {} });
    if (!evaluator) where(src.headers[col.evaluator!], evaluator, 'import.required');
    if (!ref) where(src.headers[col.ref!], ref, 'import.required');
    if (!criterion) where(src.headers[col.criterion!], criterion, 'import.required');
    // a file has a handful of distinct score texts in many rows: each read once
    let value = values.get(scoreText);
    if (value === undefined && !values.has(scoreText)) values.set(scoreText, (value = parseScoreText(scoreText)));
    if (scoreText === '') where(src.headers[col.score!], scoreText, 'import.required');
    else if (value === undefined) where(src.headers[col.score!], scoreText, 'score.not_a_score');
    if (evaluator && ref && criterion && value !== undefined) rows.push({ line: rec.line, evaluator, ref, criterion, value, comment: get(rec.fields, col.comment) });
  }
  const columns = Object.fromEntries(Object.entries(col).map(([field, i]) => [field, src.headers[i as number]]));
  return { rows, issues: [...src.issues, ...issues], columns };
}
