/**
 * Finding a file's duplicate refs during an import, and the line each was first met on.
 *
 * The rows an import writes need no list of their own: the call's unique index on
 * (call, ref) refuses a second row with the same ref (`insertNew` returns null), and
 * the first one's line is found here from its id (kept as runs of consecutive lines).
 * Only rows that are not written (they have a problem of their own, or they are
 * applications already in the call, updated at most) are noted on the side, in a
 * temporary table (made only if needed; flat memory however many).
 */
import { type RefLog, refLog } from './ref-log.js';
import type { DB } from './open.js';

export class ImportRefs {
  /**
   * Lines of the rows this import inserted, by k = id − firstId: in runs where the line
   * is k + offset. A file without line breaks inside fields is one run, however many
   * rows; each multi-line field or skipped row starts another (flat memory in practice).
   */
  private runStart: number[] = [];
  private runOffset: number[] = [];
  private firstId = 0;
  private count = 0;
  /** lines of inserted rows whose ids did not follow on (SQLite normally hands out max(id) + 1) */
  private stray = new Map<number, number>();
  private unwritten: RefLog | undefined;

  constructor(private readonly db: DB) {}

  /** a row this import inserted, as application `id` */
  inserted(id: number, line: number): void {
    if (this.count === 0) this.firstId = id;
    const k = id - this.firstId;
    if (k !== this.count) {
      this.stray.set(id, line);
      return;
    }
    const runs = this.runOffset.length;
    if (runs === 0 || this.runOffset[runs - 1] !== line - k) {
      this.runStart.push(k);
      this.runOffset.push(line - k);
    }
    this.count++;
  }

  /** the line of the row this import inserted as `id`; null when it did not insert it */
  lineOfInserted(id: number): number | null {
    const k = id - this.firstId;
    if (this.count > 0 && k >= 0 && k < this.count) {
      // the last run starting at or before k
      let lo = 0;
      let hi = this.runStart.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (this.runStart[mid] <= k) lo = mid;
        else hi = mid - 1;
      }
      return k + this.runOffset[lo];
    }
    return this.stray.get(id) ?? null;
  }

  /** the first line of a row with this ref that was not written, if any */
  unwrittenLine(ref: string): number | null {
    return this.unwritten?.line(ref) ?? null;
  }

  /** a row that is not written: note its ref (the first line with it is kept) */
  noteUnwritten(ref: string, line: number): void {
    (this.unwritten ??= refLog(this.db)).note(ref, line);
  }

  /** let go of the temporary table, if one was made */
  close(): void {
    this.unwritten?.close();
    this.unwritten = undefined;
  }
}
