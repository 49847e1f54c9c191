/** Opening a CSV named on the command line with --encoding / --delimiter / --map checked first. */
import { UsageError, ValidationError } from '../core/errors.js';
import { parseMapOptions } from '../core/headers.js';
import { type CsvFile, openCsv, parseDelimiterOption, parseEncodingOption } from '../io/csv-read.js';
import type { Runtime } from './runtime.js';
import path from 'node:path';

export function parseMapFlags(values: string[]): Record<string, string> {
  const { map, issues } = parseMapOptions(values);
  if (issues.length) throw new UsageError(issues[0].code, issues[0].params);
  return map;
}

/**
 * What an import command starts with: `--map` checked, the database open, the call
 * resolved, the CSV opened — in that order, so a wrong flag is refused before any file is read.
 */
export async function openCallCsv(rt: Runtime, file: string, flags: { map: string[]; delimiter?: string; encoding?: string }) {
  const map = parseMapFlags(flags.map);
  const ctx = await rt.open({ verify: 'pages' });
  const { resolveCall } = await import('../services/calls.js');
  const call = await resolveCall(ctx, rt.opts.call);
  const src = await openSource(rt, file, flags);
  return { map, ctx, call, src };
}

export async function openSource(rt: Runtime, file: string, flags: { delimiter?: string; encoding?: string }): Promise<CsvFile> {
  let encoding;
  let delimiter;
  if (flags.encoding !== undefined) {
    const r = parseEncodingOption(flags.encoding);
    if (!r.ok) throw new UsageError(r.code, r.params);
    encoding = r.value;
  }
  if (flags.delimiter !== undefined) {
    const r = parseDelimiterOption(flags.delimiter);
    if (!r.ok) throw new UsageError(r.code, r.params);
    delimiter = r.value;
  }
  const src = await openCsv(path.resolve(rt.deps.cwd, file), { encoding, delimiter, file });
  // problems found while opening (empty file, spreadsheet, bad header) stop here
  if (src.headers.length === 0) throw new ValidationError(src.issues, 'import.invalid', { file, count: src.issueCount });
  return src;
}
