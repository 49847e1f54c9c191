/**
 * Reading and writing files named on the command line, with errors that name the file.
 *
 * Every file klynge writes (`export --out`, `backup`, the reports to come) goes through
 * `openOutFile`/`writeOutFile`/`withOutTempFile`, so one set of refusals guards them all:
 * never the database in use, never an existing file without --force, never half a file.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UsageError, UserError } from '../core/errors.js';

export function readTextFile(file: string, cwd: string): string {
  const abs = path.resolve(cwd, file);
  try {
    // a FIFO would block the read forever, a device could be endless: only regular files
    const st = fs.statSync(abs);
    if (st.isDirectory()) throw new UserError('file.is_dir', { file });
    if (!st.isFile()) throw new UserError('file.not_regular', { file });
    return fs.readFileSync(abs, 'utf8');
  } catch (e) {
    if (e instanceof UserError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError('file.not_found', { file });
    if (code === 'EISDIR') throw new UserError('file.is_dir', { file });
    if (code === 'EACCES' || code === 'EPERM') throw new UserError('file.no_read_permission', { file });
    throw new UserError('file.unreadable', { file, reason: (e as Error).message });
  }
}

export interface OutOptions {
  /** the database in use: it, its -wal, -shm and -journal are never written */
  database?: string;
  /** replace an existing file */
  force?: boolean;
  /** the option that named the file, for the message when it is empty (`--out`) */
  option?: string;
}

/** Test seam: the file system calls a write goes through, so tests can make a disk fill up. */
export interface WriteFs {
  writeSync: (fd: number, data: Buffer) => number;
  fsyncSync: (fd: number) => void;
}
let writeFs: WriteFs = { writeSync: (fd, data) => fs.writeSync(fd, data), fsyncSync: (fd) => fs.fsyncSync(fd) };

/** Replace the write calls (tests only); returns a function that puts the real ones back. */
export function setWriteFsForTests(replacement: Partial<WriteFs>): () => void {
  const before = writeFs;
  writeFs = { ...before, ...replacement };
  return () => {
    writeFs = before;
  };
}

const sameFile = (a: fs.Stats, b: fs.Stats) => a.dev === b.dev && a.ino === b.ino;

/**
 * The absolute path an output file may be written to, or a refusal: an empty name, a
 * folder, the database in use or one of its journal files (by path and by inode, so a
 * symlink or hard link to it counts), an existing file without `force`, a missing folder.
 */
export function checkOutTarget(file: string, cwd: string, opts: OutOptions = {}): string {
  if (file.trim() === '') throw new UsageError('file.out_empty', { option: opts.option ?? '--out' });
  const abs = path.resolve(cwd, file);
  const dir = path.dirname(abs);
  const st = statOrNull(abs);
  if (opts.database) {
    const db = path.resolve(cwd, opts.database);
    const own = ['', '-wal', '-shm', '-journal'].map((suffix) => db + suffix);
    const real = (p: string) => {
      try {
        return fs.realpathSync(p);
      } catch {
        return path.resolve(p);
      }
    };
    const target = real(abs);
    for (const p of own) {
      const pst = statOrNull(p);
      if (target === real(p) || (st && pst && sameFile(st, pst))) throw new UserError('file.out_is_database', { file, db: opts.database });
    }
  }
  if (st?.isDirectory()) throw new UserError('file.out_is_dir', { file, example: path.join(file, 'export.csv') });
  const dirSt = statOrNull(dir);
  if (!dirSt) throw new UserError('file.no_dir', { file, dir });
  if (!dirSt.isDirectory()) throw new UserError('file.parent_not_dir', { file, dir });
  if (st && !st.isFile()) throw new UserError('file.out_not_regular', { file });
  if (st && !opts.force) throw new UserError('file.out_exists', { file });
  return abs;
}

function statOrNull(p: string): fs.Stats | null {
  try {
    return fs.statSync(p);
  } catch {
    return null;
  }
}

/** An output file being written: chunks go to an exclusive temporary that becomes the file on commit. */
export interface OutFile {
  /** the absolute path of the file it becomes */
  readonly path: string;
  /** the temporary being written (in the target's folder, random name, mode 0600) */
  readonly tmp: string;
  write(chunk: string | Buffer): void;
  /** flush, fsync and put the file in place; the refusal of an existing file holds to the last moment */
  commit(): string;
  /** remove the temporary; safe to call after a failure or twice */
  abort(): void;
}

/** A temporary in the target's folder, created exclusively: a planted file or symlink at its name makes it pick another. */
function createTemp(abs: string, file: string): { tmp: string; fd: number } {
  const dir = path.dirname(abs);
  for (let attempt = 0; ; attempt++) {
    const tmp = path.join(dir, `.${path.basename(abs)}.${randomBytes(8).toString('hex')}.tmp`);
    try {
      // wx: O_CREAT | O_EXCL, which never follows a symlink at that name
      return { tmp, fd: fs.openSync(tmp, 'wx', 0o600) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 10) continue;
      throw writeError(e, file, dir);
    }
  }
}

/**
 * Open an output file for writing in chunks. Writes are synchronous: each chunk is on its
 * way to the disk before the next is built, so memory stays flat however big the file.
 */
export function openOutFile(file: string, cwd: string, opts: OutOptions = {}): OutFile {
  const abs = checkOutTarget(file, cwd, opts);
  const dir = path.dirname(abs);
  const { tmp, fd } = createTemp(abs, file);
  let open = true;
  let done = false;
  // small chunks (one CSV line) are gathered into writes of about 64 KiB
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = () => {
    if (pendingBytes === 0) return;
    const buf = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    let off = 0;
    while (off < buf.length) off += writeFs.writeSync(fd, off === 0 ? buf : buf.subarray(off));
  };
  const fail = (e: unknown): never => {
    out.abort();
    throw writeError(e, file, dir);
  };
  const out: OutFile = {
    path: abs,
    tmp,
    write(chunk) {
      if (done) throw new Error('openOutFile: write after commit or abort');
      const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      pending.push(buf);
      pendingBytes += buf.length;
      if (pendingBytes >= 1 << 16) {
        try {
          flush();
        } catch (e) {
          fail(e);
        }
      }
    },
    commit() {
      if (done) throw new Error('openOutFile: commit after commit or abort');
      try {
        flush();
        writeFs.fsyncSync(fd);
        fs.closeSync(fd);
        open = false;
        place(tmp, abs, !!opts.force, file);
      } catch (e) {
        if (e instanceof UserError) {
          out.abort();
          throw e;
        }
        fail(e);
      }
      done = true;
      syncDir(dir);
      return abs;
    },
    abort() {
      done = true;
      pending = [];
      if (open) {
        open = false;
        try {
          fs.closeSync(fd);
        } catch {
          // already closed
        }
      }
      fs.rmSync(tmp, { force: true });
    },
  };
  return out;
}

/**
 * Put a finished temporary in place. Without --force by a hard link, which fails if the
 * name was taken meanwhile (the check before the work is not the last word); with --force by rename.
 */
function place(tmp: string, abs: string, force: boolean, file: string): void {
  if (force) {
    fs.renameSync(tmp, abs);
    return;
  }
  try {
    fs.linkSync(tmp, abs);
    fs.rmSync(tmp, { force: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UserError('file.out_exists', { file });
    // a file system without hard links (some network and FAT drives): check, then rename
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'EXDEV' || code === 'ENOSYS') {
      if (fs.existsSync(abs)) throw new UserError('file.out_exists', { file });
      fs.renameSync(tmp, abs);
      return;
    }
    throw e;
  }
}

/** fsync the folder, so the new name survives a power cut too; not every platform allows it. */
function syncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Windows cannot open a folder; the rename is done either way
  }
}

/**
 * Write pieces of text as they come (an async stream of them: an export's rows) to an output
 * file through `openOutFile`; on any failure, the stream's included, the temporary goes and
 * the target is as it was. Returns the file's absolute path.
 */
export async function writeOutChunks(file: string, cwd: string, chunks: AsyncIterable<string> | Iterable<string>, opts: OutOptions = {}): Promise<string> {
  const f = openOutFile(file, cwd, opts);
  try {
    for await (const c of chunks) f.write(c);
  } catch (e) {
    f.abort();
    throw e;
  }
  return f.commit();
}

/** Write a whole file atomically (exclusive temporary, fsync, rename). Returns its absolute path. */
export function writeOutFile(file: string, cwd: string, data: string | Buffer, opts: OutOptions = {}): string {
  const f = openOutFile(file, cwd, opts);
  f.write(data);
  return f.commit();
}

/**
 * For a writer that writes a file by name (SQLite's backup): it fills a fresh exclusive
 * temporary, which becomes the file only when `fill` succeeds. On any failure nothing is left behind.
 */
export async function withOutTempFile(file: string, cwd: string, opts: OutOptions, fill: (tmp: string) => Promise<void>): Promise<string> {
  const abs = checkOutTarget(file, cwd, opts);
  const dir = path.dirname(abs);
  const { tmp, fd } = createTemp(abs, file);
  fs.closeSync(fd);
  // what SQLite may leave beside the file it wrote
  const leftovers = [tmp, `${tmp}-journal`, `${tmp}-wal`, `${tmp}-shm`];
  try {
    await fill(tmp);
    fs.chmodSync(tmp, 0o600);
    const fd2 = fs.openSync(tmp, 'r+');
    try {
      writeFs.fsyncSync(fd2);
    } finally {
      fs.closeSync(fd2);
    }
    place(tmp, abs, !!opts.force, file);
  } catch (e) {
    for (const f of leftovers) fs.rmSync(f, { force: true });
    if (e instanceof UserError) throw e;
    throw writeError(e, file, dir);
  }
  for (const f of leftovers.slice(1)) fs.rmSync(f, { force: true });
  syncDir(dir);
  return abs;
}

/** An error from writing a file, as the one clear line the user needs: what, where, what to do. */
export function writeError(e: unknown, file: string, dir: string): Error {
  if (e instanceof UserError) return e;
  const err = e as NodeJS.ErrnoException & { code?: string };
  const code = err?.code;
  // SQLite's own codes, from the backup
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL') return new UserError('file.disk_full', { file, dir });
  if (code === 'EACCES' || code === 'EPERM' || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM') return new UserError('file.no_permission', { file, dir });
  if (code === 'EROFS' || code === 'SQLITE_READONLY') return new UserError('file.read_only_fs', { file, dir });
  if (code === 'EISDIR') return new UserError('file.out_is_dir', { file, example: path.join(file, 'export.csv') });
  if (code === 'ENOENT') return new UserError('file.no_dir', { file, dir });
  if (code === 'ENOTDIR') return new UserError('file.parent_not_dir', { file, dir });
  if (code === 'EIO' || code === 'SQLITE_IOERR' || (typeof code === 'string' && code.startsWith('SQLITE_IOERR'))) return new UserError('file.io_error', { file, dir, reason: err.message });
  return new UserError('file.write_failed', { file, reason: err?.message ?? String(e) });
}

/** Where text goes: process.stdout, or a test's capture. */
interface ChunkSink {
  write(s: string): unknown;
  once?: (event: 'drain', listener: () => void) => unknown;
}

/**
 * Write pieces of text to a stream as they come, gathered into writes of about 64 KiB;
 * when the stream's buffer is full (a slow pipe), wait for it to drain before the next.
 */
export async function writeChunks(sink: ChunkSink, chunks: AsyncIterable<string> | Iterable<string>): Promise<void> {
  let buf = '';
  const send = async () => {
    const ok = sink.write(buf);
    buf = '';
    if (ok === false && typeof sink.once === 'function') await new Promise<void>((resolve) => sink.once!('drain', resolve));
  };
  for await (const c of chunks) {
    buf += c;
    if (buf.length >= 1 << 16) await send();
  }
  if (buf) await send();
}
