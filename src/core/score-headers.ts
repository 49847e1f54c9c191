/** The columns of a score import file (one row per evaluator, application and criterion). */
import { matchFields, matchHeaders, type FieldTable, type HeaderMatch } from './headers.js';

export const SCORE_FIELDS = ['evaluator', 'ref', 'criterion', 'score', 'comment'] as const;

export type ScoreField = (typeof SCORE_FIELDS)[number];

export const scoreFields: FieldTable<ScoreField> = {
  fields: SCORE_FIELDS,
  required: ['evaluator', 'ref', 'criterion', 'score'],
  aliases: {
    evaluator: ['evaluator', 'vurderer', 'bedømmer', 'reviewer', 'assessor', 'evaluator name', 'vurderers navn', 'fagvurderer', 'sakkyndig'],
    ref: ['ref', 'reference', 'saksnummer', 'saksnr', 'sak', 'referanse', 'søknadsnummer', 'søknadsnr', 'søknad', 'application', 'application ref', 'case number'],
    criterion: ['criterion', 'kriterium', 'kriterie', 'kriterier', 'criteria', 'vurderingskriterium'],
    score: ['score', 'poeng', 'verdi', 'karakter', 'value', 'points', 'poengsum'],
    comment: ['comment', 'kommentar', 'begrunnelse', 'justification', 'merknad', 'notes', 'note', 'rationale'],
  },
  hints: {
    evaluator: ['vurder', 'bedøm', 'evaluat', 'review', 'navn', 'name', 'person'],
    ref: ['nummer', 'number', 'nr', 'no', 'id', 'ref', 'sak', 'case', 'søknad'],
    criterion: ['kriteri', 'criteri', 'tema', 'aspekt'],
    score: ['poeng', 'score', 'karakter', 'verdi', 'point', 'grade'],
  },
};

/** Match a score file's header row; `map` holds `--map field=Column` options. */
export function matchScoreHeaders(headers: readonly string[], map: Readonly<Record<string, string>> = {}): HeaderMatch<ScoreField> {
  return matchFields(scoreFields, headers, map);
}

// ---------------------------------------------------------------------------
// Conflicts of interest (*inhabilitet*): evaluator, ref, reason

export const CONFLICT_FIELDS = ['evaluator', 'ref', 'reason'] as const;
export type ConflictField = (typeof CONFLICT_FIELDS)[number];

export const conflictFields: FieldTable<ConflictField> = {
  fields: CONFLICT_FIELDS,
  required: ['evaluator', 'ref', 'reason'],
  aliases: {
    evaluator: scoreFields.aliases.evaluator,
    ref: scoreFields.aliases.ref,
    reason: ['reason', 'begrunnelse', 'grunn', 'årsak', 'kommentar', 'comment'],
  },
};

export function matchConflictHeaders(headers: readonly string[], map: Readonly<Record<string, string>> = {}): HeaderMatch<ConflictField> {
  return matchFields(conflictFields, headers, map);
}

// ---------------------------------------------------------------------------
// Which kind of file a header row is: a file given to the wrong import gets the right command,
// not --map hints for columns it was never meant to have

export type FileKind = 'applications' | 'scores' | 'conflicts';

/**
 * The kind of klynge file these headers plainly are, or undefined: scores (evaluator, ref,
 * criterion, score), conflicts of interest (evaluator, ref, reason; no criterion or score),
 * applications (every column an application needs).
 */
export function fileKindOf(headers: readonly string[]): FileKind | undefined {
  if (matchScoreHeaders(headers).issues.length === 0) return 'scores';
  const app = matchHeaders(headers);
  if (app.missing.length === 0 && app.issues.length === 0) return 'applications';
  const scoreLike = matchFields({ ...scoreFields, required: ['criterion'] }, headers).issues.length === 0 || matchFields({ ...scoreFields, required: ['score'] }, headers).issues.length === 0;
  if (!scoreLike && matchConflictHeaders(headers).issues.length === 0) return 'conflicts';
  return undefined;
}
