/** The columns of a score import file (one row per evaluator, application and criterion). */
import { matchFields, type FieldTable, type HeaderMatch } from './headers.js';

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
