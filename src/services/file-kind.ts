/** A file given to the wrong import (`klynge import scores.csv`): refused with the command that reads it. */
import { UserError } from '../core/errors.js';
import { type FileKind, fileKindOf } from '../core/score-headers.js';

const COMMAND: Record<FileKind, string> = { applications: 'klynge import', scores: 'klynge score import', conflicts: 'klynge conflict import' };

/**
 * Throw when the file is plainly of another kind than `expected` (and no --map says otherwise):
 * one line naming what it is, its columns, and the command that imports it.
 */
export function wrongKind(src: { file: string; headers: readonly string[] }, expected: FileKind, map: Readonly<Record<string, string>> = {}): void {
  if (Object.keys(map).length) return;
  const kind = fileKindOf(src.headers);
  if (kind === undefined || kind === expected) return;
  throw new UserError(`import.is_${kind}_file`, { file: src.file, columns: src.headers.join(', '), command: `${COMMAND[kind]} ${src.file}` });
}
