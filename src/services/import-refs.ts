/**
 * Finding a file's duplicate refs during an import, and the line each was first met on.
 *
 * The rows an import writes need no list of their own: the call's unique index on
 * (call, ref) refuses a second row with the same ref (`insertNew` returns null), and
 * the first one's line is kept here by its id — four bytes a row, in a typed array.
 * Only rows that are not written (they have a problem of their own, or they are
 * applications already in the call) are noted on the side: refs of rows with problems
 * in a temporary table (rare; flat memory however many), applications already in the
 * call by id.
 */
import { type RefLog, refLog } from '../db/ref-log.js';
import type { DB } from '../db/open.js';

export class ImportRefs {
  /** line of each row this import inserted, by id − firstId */
  private lines = new Int32Array(1024);
  private firstId = 0;
  private count = 0;
  /** lines of inserted rows whose ids did not follow on (SQLite normally hands out max(id) + 1) */
  private stray = new Map<number, number>();
  /** first line each application already in the call was met on */
  private existing = new Map<number, number>();
  private unwritten: RefLog | undefined;

  constructor(private readonly db: DB) {}

  /** a row this import inserted, as application `id` */
  inserted(id: number, line: number): void {
    if (this.count === 0) this.firstId = id;
    if (id !== this.firstId + this.count) {
      this.stray.set(id, line);
      return;
    }
    if (this.count === this.lines.length) {
      const grown = new Int32Array(this.lines.length * 2);
      grown.set(this.lines);
      this.lines = grown;
    }
    this.lines[this.count++] = line;
  }

  /** the line of the row this import inserted as `id`; null when it did not insert it */
  lineOfInserted(id: number): number | null {
    const i = id - this.firstId;
    if (this.count > 0 && i >= 0 && i < this.count) return this.lines[i];
    return this.stray.get(id) ?? null;
  }

  /** a row for an application already in the call: the line it was met on before, or null (and noted now) */
  existingMet(id: number, line: number): number | null {
    const before = this.existing.get(id);
    if (before !== undefined) return before;
    this.existing.set(id, line);
    return null;
  }

  /** the first line of a row with this ref that was not written, if any */
  unwrittenLine(ref: string): number | null {
    return this.unwritten?.line(ref) ?? null;
  }

  /** a row that is not written: note its ref (the first line with it is kept) */
  noteUnwritten(ref: string, line: number): void {
    (this.unwritten ??= refLog(this.db)).seen(ref, line);
  }

  /** let go of the temporary table, if one was made */
  close(): void {
    this.unwritten?.close();
    this.unwritten = undefined;
  }
}
