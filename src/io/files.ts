/** Reading and writing files named on the command line, with errors that name the file. */
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.js';

export function readTextFile(file: string, cwd: string): string {
  const abs = path.resolve(cwd, file);
  try {
    return fs.readFileSync(abs, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError('file.not_found', { file });
    if (code === 'EISDIR') throw new UserError('file.is_dir', { file });
    throw new UserError('file.unreadable', { file, reason: (e as Error).message });
  }
}

/** Write a file atomically (temp file + rename), so a killed export never leaves half a file. */
export function writeFileAtomic(file: string, cwd: string, data: string | Buffer): string {
  const abs = path.resolve(cwd, file);
  if (!fs.existsSync(path.dirname(abs))) throw new UserError('file.no_dir', { file, dir: path.dirname(abs) });
  const tmp = `${abs}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, data, { mode: 0o600 });
  fs.renameSync(tmp, abs);
  return abs;
}
