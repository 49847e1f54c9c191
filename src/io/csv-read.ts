/**
 * Reading CSV files as caseworkers really have them: Excel's `;` in Windows-1252, UTF-8 with
 * or without BOM, UTF-16 "Unicode text" with tabs, CRLF, quoted multi-line cells. Streams, so a
 * million rows cost no more memory than ten, and reports malformed rows as issues with the
 * line an editor shows instead of throwing parser errors.
 */
import { createReadStream, type ReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { TextDecoder } from 'node:util';
import { parse, CsvError, type Options } from 'csv-parse';
import { UserError, type Issue } from '../core/errors.js';
import { ok, fail, type ParseResult } from '../core/parse-result.js';

export type CsvEncoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';
export type CsvDelimiter = ',' | ';' | '\t';

export interface CsvReadOptions {
  /** force the encoding instead of detecting it (`--encoding`) */
  encoding?: CsvEncoding;
  /** force the delimiter instead of detecting it (`--delimiter`); `'tab'` means `'\t'` */
  delimiter?: CsvDelimiter | 'tab';
  /** how issues name the file; defaults to the path as given */
  file?: string;
  /** keep at most this many issues in `issues` (all are counted in `issueCount`); default 1000 */
  maxIssues?: number;
  /** a record longer than this (UTF-8 bytes) stops the read, usually an unclosed quote; default 1 MiB */
  maxRecordBytes?: number;
}

/** One data row: its fields (verbatim, not trimmed) and the line it starts on (1-based, header is line 1). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export interface CsvFile {
  /** the file as named in issues */
  file: string;
  encoding: CsvEncoding;
  encodingSource: 'forced' | 'bom' | 'detected';
  delimiter: CsvDelimiter;
  /** 'default' when the header line had none of `,` `;` tab (a one-column file, or the wrong file) */
  delimiterSource: 'forced' | 'detected' | 'default';
  /** the header row, names trimmed; trailing empty header cells dropped */
  headers: string[];
  /** the line the header row starts on (1 unless blank lines precede it) */
  headerLine: number;
  /** file size in bytes, and bytes read so far by the current iteration (for a progress bar) */
  size: number;
  readonly bytesRead: number;
  /**
   * The data rows, streamed. Rows with too many or too few fields, or a stray quote, become
   * issues and are not yielded; blank rows (also `;;;;`) are skipped. Each iteration reads the
   * file afresh and replaces the row issues of the previous one.
   */
  records: AsyncIterable<CsvRecord>;
  /** problems found at open and by the latest iteration, capped at `maxIssues` */
  issues: Issue[];
  /** how many problems there are in total, including those beyond the cap */
  readonly issueCount: number;
}

const DEFAULT_MAX_ISSUES = 1000;
const DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;
const HEAD_BYTES = 64 * 1024;
const MAX_HEAD_BYTES = 1024 * 1024;

/**
 * Open a CSV file: detect (or take) encoding and delimiter, read the header row. Throws
 * UserError `csv.not-found` / `csv.not-a-file` / `csv.read-error`; everything about the
 * content is reported in `issues`.
 */
export async function openCsv(path: string, opts: CsvReadOptions = {}): Promise<CsvFile> {
  const file = opts.file ?? path;
  const size = await fileSize(path, file);
  const head = await readHead(path, file);
  const maxIssues = opts.maxIssues ?? DEFAULT_MAX_ISSUES;

  // Issues found while opening stay; those of the rows belong to the latest pass over them.
  const openIssues: Issue[] = [];
  let rowIssueCount = 0;
  const issues: Issue[] = [];
  const addOpenIssue = (issue: Issue) => {
    openIssues.push(issue);
    if (issues.length < maxIssues) issues.push(issue);
  };
  const addRowIssue = (issue: Issue) => {
    rowIssueCount++;
    if (issues.length < maxIssues) issues.push(issue);
  };

  const spreadsheet = isSpreadsheet(head);
  const { encoding, source: encodingSource } = spreadsheet
    ? { encoding: opts.encoding ?? ('utf-8' as const), source: 'detected' as const }
    : await chooseEncoding(path, file, head, opts.encoding);
  const { delimiter, source: delimiterSource } = chooseDelimiter(decodeHead(head, encoding), opts.delimiter);

  let current: ReadStream | undefined;
  const ctx: ReadContext = {
    path,
    file,
    encoding,
    delimiter,
    maxRecordBytes: opts.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES,
    onStream: (s) => (current = s),
  };

  const csv: CsvFile = {
    file,
    encoding,
    encodingSource,
    delimiter,
    delimiterSource,
    headers: [],
    headerLine: 0,
    size,
    get bytesRead() {
      return current?.bytesRead ?? 0;
    },
    records: { [Symbol.asyncIterator]: () => emptyIterator() },
    issues,
    get issueCount() {
      return openIssues.length + rowIssueCount;
    },
  };

  if (spreadsheet) {
    addOpenIssue({ code: 'csv.spreadsheet', params: { file }, file });
    return csv;
  }

  // The header row: the first non-blank record, read by the same machinery as the rest.
  const headerRows = readRecords(ctx, addOpenIssue);
  let header: RawRecord | undefined;
  try {
    const first = await headerRows.next();
    if (!first.done) header = first.value;
  } finally {
    await headerRows.return(undefined);
  }
  if (header === undefined) {
    if (openIssues.length === 0) addOpenIssue({ code: 'csv.empty', params: { file }, file });
    return csv;
  }
  if (header.badQuote) addOpenIssue(badQuoteIssue(file, header.badQuote, []));

  const headers = header.fields.map((h) => h.trim());
  while (headers.length > 1 && headers[headers.length - 1] === '') headers.pop();
  csv.headers = headers;
  csv.headerLine = header.line;

  csv.records = {
    [Symbol.asyncIterator]() {
      issues.splice(0, issues.length, ...openIssues.slice(0, maxIssues));
      rowIssueCount = 0;
      return dataRecords(ctx, headers, addRowIssue);
    },
  };
  return csv;
}

/** Parse `--encoding`: `utf-8`, `windows-1252` (also `cp1252`, `latin1`), `utf-16le`, `utf-16be`. */
export function parseEncodingOption(text: string): ParseResult<CsvEncoding> {
  const key = text.trim().toLowerCase().replace(/[\s_]/g, '-');
  const known: Record<string, CsvEncoding> = {
    'utf-8': 'utf-8',
    utf8: 'utf-8',
    'windows-1252': 'windows-1252',
    windows1252: 'windows-1252',
    cp1252: 'windows-1252',
    'cp-1252': 'windows-1252',
    win1252: 'windows-1252',
    ansi: 'windows-1252',
    latin1: 'windows-1252',
    'latin-1': 'windows-1252',
    'iso-8859-1': 'windows-1252',
    'iso8859-1': 'windows-1252',
    'utf-16le': 'utf-16le',
    utf16le: 'utf-16le',
    'utf-16': 'utf-16le',
    utf16: 'utf-16le',
    'ucs-2': 'utf-16le',
    'utf-16be': 'utf-16be',
    utf16be: 'utf-16be',
  };
  const enc = known[key];
  return enc ? ok(enc) : fail('encoding.unknown', { value: text, encodings: ['utf-8', 'windows-1252', 'utf-16le', 'utf-16be'] });
}

/** Parse `--delimiter`: `;`, `,`, `tab` (or a tab character, or `\t`), `semicolon`, `comma`. */
export function parseDelimiterOption(text: string): ParseResult<CsvDelimiter> {
  const key = text === '\t' ? '\t' : text.trim().toLowerCase();
  const known: Record<string, CsvDelimiter> = {
    ';': ';',
    semicolon: ';',
    ',': ',',
    comma: ',',
    '\t': '\t',
    '\\t': '\t',
    tab: '\t',
  };
  const d = known[key];
  return d ? ok(d) : fail('csv.delimiter-unknown', { value: text });
}

// ---------------------------------------------------------------------------
// Opening

async function fileSize(path: string, file: string): Promise<number> {
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new UserError('csv.not-a-file', { file });
    return st.size;
  } catch (e) {
    if (e instanceof UserError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError('csv.not-found', { file });
    throw new UserError('csv.read-error', { file, reason: code ?? String(e) });
  }
}

/** The first bytes of the file: enough for the BOM, the magic number and the header line. */
async function readHead(path: string, file: string): Promise<Buffer> {
  let fh;
  try {
    fh = await open(path, 'r');
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.alloc(HEAD_BYTES);
      const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, total);
      chunks.push(buf.subarray(0, bytesRead));
      total += bytesRead;
      // a header line longer than 64 KiB is odd but possible; a megabyte is not a header
      if (bytesRead < HEAD_BYTES || total >= MAX_HEAD_BYTES || hasLineBreak(chunks[chunks.length - 1])) break;
    }
    return Buffer.concat(chunks);
  } catch (e) {
    throw new UserError('csv.read-error', { file, reason: (e as NodeJS.ErrnoException).code ?? String(e) });
  } finally {
    await fh?.close();
  }
}

const hasLineBreak = (b: Buffer) => b.includes(0x0a) || b.includes(0x0d);

function isSpreadsheet(head: Buffer): boolean {
  const xlsx = Buffer.from([0x50, 0x4b, 0x03, 0x04]); // zip: .xlsx, .ods
  const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]); // OLE2: .xls
  return head.subarray(0, 4).equals(xlsx) || head.subarray(0, 8).equals(xls);
}

function bomEncoding(head: Buffer): CsvEncoding | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return undefined;
}

async function chooseEncoding(
  path: string,
  file: string,
  head: Buffer,
  forced: CsvEncoding | undefined,
): Promise<{ encoding: CsvEncoding; source: CsvFile['encodingSource'] }> {
  if (forced) return { encoding: forced, source: 'forced' };
  const bom = bomEncoding(head);
  if (bom) return { encoding: bom, source: 'bom' };
  // Text never holds NUL bytes, UTF-16 text without a BOM is full of them: which half tells the byte order.
  let even = 0;
  let odd = 0;
  for (let i = 0; i < Math.min(head.length, 4096); i++) if (head[i] === 0) i % 2 ? odd++ : even++;
  if (odd + even > 0) return { encoding: odd >= even ? 'utf-16le' : 'utf-16be', source: 'detected' };
  return { encoding: (await isUtf8File(path, file)) ? 'utf-8' : 'windows-1252', source: 'detected' };
}

/** Whether the whole file is valid UTF-8, streamed so a large file costs no memory. */
async function isUtf8File(path: string, file: string): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const stream = createReadStream(path, { highWaterMark: 256 * 1024 });
  try {
    for await (const chunk of stream) decoder.decode(chunk as Buffer, { stream: true });
    decoder.decode();
    return true;
  } catch (e) {
    if (e instanceof TypeError) return false; // the decoder's verdict: not UTF-8
    throw new UserError('csv.read-error', { file, reason: (e as NodeJS.ErrnoException).code ?? String(e) });
  } finally {
    stream.destroy();
  }
}

function decodeHead(head: Buffer, encoding: CsvEncoding): string {
  return new TextDecoder(encoding).decode(head, { stream: true });
}

// Excel understands (and some exports start with) a first line naming the delimiter: `sep=;`
const SEP_LINE = /^sep=([,;\t])(?:\r\n|\n|\r|$)/;

/**
 * A `sep=;` line, else count `,` `;` and tab outside quotes on the first non-blank line;
 * the most frequent wins.
 */
function chooseDelimiter(text: string, forced: CsvReadOptions['delimiter']): { delimiter: CsvDelimiter; source: CsvFile['delimiterSource'] } {
  if (forced) return { delimiter: forced === 'tab' ? '\t' : forced, source: 'forced' };
  const sep = SEP_LINE.exec(text);
  if (sep) return { delimiter: sep[1] as CsvDelimiter, source: 'detected' };
  const counts = { '\t': 0, ';': 0, ',': 0 };
  let quoted = false;
  let started = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) {
      if (started) break;
    } else if (!quoted && c in counts) counts[c as CsvDelimiter]++;
    if (c !== '\n' && c !== '\r' && c.trim() !== '') started = true;
  }
  // ties go to tab, then `;`: neither is likely inside a Norwegian header name, `,` might be
  let best: CsvDelimiter = ',';
  let bestCount = 0;
  for (const d of ['\t', ';', ','] as const) {
    if (counts[d] > bestCount) {
      best = d;
      bestCount = counts[d];
    }
  }
  return { delimiter: best, source: bestCount === 0 ? 'default' : 'detected' };
}

// ---------------------------------------------------------------------------
// Reading records

interface ReadContext {
  path: string;
  file: string;
  encoding: CsvEncoding;
  delimiter: CsvDelimiter;
  maxRecordBytes: number;
  onStream: (s: ReadStream) => void;
}

interface RawRecord {
  line: number;
  fields: string[];
  /** a quote CSV does not allow where it is */
  badQuote?: BadQuote;
}

/** The data rows after the header, checked against the header's width. */
async function* dataRecords(ctx: ReadContext, headers: string[], sink: (i: Issue) => void): AsyncGenerator<CsvRecord> {
  const width = headers.length;
  let first = true;
  for await (const rec of readRecords(ctx, sink)) {
    if (first) {
      first = false; // the header
      continue;
    }
    if (rec.badQuote) {
      sink(badQuoteIssue(ctx.file, rec.badQuote, headers));
      continue;
    }
    let fields = rec.fields;
    if (fields.length > width) {
      // trailing empty cells (`a;b;c;;`) are an exporter's habit, not data
      if (fields.slice(width).every((f) => f.trim() === '')) fields = fields.slice(0, width);
      else {
        sink({ code: 'csv.too-many-fields', params: { expected: width, got: fields.length }, file: ctx.file, line: rec.line });
        continue;
      }
    }
    if (fields.length < width) {
      sink({ code: 'csv.too-few-fields', params: { expected: width, got: fields.length }, file: ctx.file, line: rec.line });
      continue;
    }
    yield { line: rec.line, fields };
  }
}

/**
 * Every non-blank record of the file, header included, with its physical start line.
 * Fatal problems (an unclosed quote, a runaway record) go to `sink` and end the read.
 */
async function* readRecords(ctx: ReadContext, sink: (i: Issue) => void): AsyncGenerator<RawRecord> {
  const source = createReadStream(ctx.path, { highWaterMark: 64 * 1024 });
  ctx.onStream(source);
  const decode = new Decode(ctx.encoding);
  const parser = parse({
    delimiter: ctx.delimiter,
    // every line end an editor knows, so mixed files still count right
    record_delimiter: ['\r\n', '\n', '\r'],
    raw: true,
    relax_quotes: true, // stray quotes are found below, with a better message
    relax_column_count: true, // field counts are checked against the header by dataRecords
    skip_empty_lines: true,
    bom: false,
    max_record_size: ctx.maxRecordBytes,
    // Passed on to the stream: an error must not destroy the parser, or the records it has
    // parsed but we have not yet read would be thrown away with it.
    autoDestroy: false,
  } as Options);
  // I/O errors travel down to the parser, whose iterator throws them
  source.on('error', (e) => decode.destroy(e));
  decode.on('error', (e) => parser.destroy(e));
  source.pipe(decode).pipe(parser);

  // The line the next record's raw text starts on. csv-parse's own line count takes a CRLF
  // inside a quoted cell for two lines, so lines are counted here from the raw text.
  let nextLine = 1;
  try {
    for await (const { record, raw } of parser as AsyncIterable<{ record: string[]; raw: string }>) {
      const lead = leadingBreaks(raw);
      const line = nextLine + lead.lines;
      nextLine += countBreaks(raw);
      if (record.every((f) => f.trim() === '')) continue;
      if (line === 1 && SEP_LINE.test(raw)) continue;
      const rec: RawRecord = { line, fields: record };
      if (raw.includes('"')) {
        const bad = findBadQuote(raw, lead.chars, ctx.delimiter);
        const lineAt = (index: number) => line + countBreaks(raw.slice(lead.chars, index));
        if (bad?.kind === 'stray') rec.badQuote = { kind: 'stray', line: lineAt(bad.index), column: bad.column };
        if (bad?.kind === 'after-quote') {
          rec.badQuote = { kind: 'after-quote', line: lineAt(bad.fieldStart), endLine: lineAt(bad.index), column: bad.column };
        }
      }
      yield rec;
    }
  } catch (e) {
    if (!(e instanceof CsvError)) {
      throw new UserError('csv.read-error', { file: ctx.file, reason: (e as NodeJS.ErrnoException).code ?? String(e) });
    }
    const raw = typeof (e as { raw?: unknown }).raw === 'string' ? (e as unknown as { raw: string }).raw : '';
    const lead = leadingBreaks(raw);
    const start = nextLine + lead.lines;
    if (e.code === 'CSV_QUOTE_NOT_CLOSED') {
      const open = openQuote(raw, lead.chars, ctx.delimiter);
      const line = open < 0 ? start : start + countBreaks(raw.slice(lead.chars, open));
      sink({ code: 'csv.unclosed-quote', params: {}, file: ctx.file, line });
    } else if (e.code === 'CSV_MAX_RECORD_SIZE') {
      // almost always a quote that never closes: point at it when there is one
      const open = openQuote(raw, lead.chars, ctx.delimiter);
      const line = open < 0 ? start : start + countBreaks(raw.slice(lead.chars, open));
      sink({ code: 'csv.record-too-large', params: { limit: formatBytes(ctx.maxRecordBytes) }, file: ctx.file, line });
    } else {
      sink({ code: 'csv.malformed', params: { detail: e.code }, file: ctx.file, line: start });
    }
  } finally {
    source.destroy();
    decode.destroy();
    parser.destroy();
  }
}

/** Decodes the file's bytes to text; drops the BOM. */
class Decode extends Transform {
  private readonly decoder: TextDecoder;
  constructor(encoding: CsvEncoding) {
    super();
    this.decoder = new TextDecoder(encoding);
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    const s = this.decoder.decode(chunk, { stream: true });
    cb(null, s === '' ? undefined : s);
  }
  override _flush(cb: TransformCallback): void {
    const s = this.decoder.decode();
    cb(null, s === '' ? undefined : s);
  }
}

/** Line breaks as an editor counts them: CRLF, LF and a lone CR are one each. */
function countBreaks(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13) {
      n++;
      if (s.charCodeAt(i + 1) === 10) i++;
    }
  }
  return n;
}

/** The blank lines csv-parse skipped before a record, which its raw text starts with. */
function leadingBreaks(raw: string): { chars: number; lines: number } {
  let i = 0;
  while (i < raw.length && (raw[i] === '\n' || raw[i] === '\r')) i++;
  return { chars: i, lines: countBreaks(raw.slice(0, i)) };
}

type BadQuote =
  | { kind: 'stray'; line: number; column: number }
  | { kind: 'after-quote'; line: number; endLine: number; column: number };

/**
 * Walk one record's raw text by the CSV rules and find the first quote that is not
 * allowed: inside an unquoted field (`ab"c`), or a closing quote with text after it (`"ab"c`).
 */
function findBadQuote(
  raw: string,
  from: number,
  delimiter: string,
): { kind: 'stray' | 'after-quote'; index: number; fieldStart: number; column: number } | undefined {
  let column = 0;
  let atFieldStart = true;
  let openedAt = -1;
  for (let i = from; i < raw.length; i++) {
    const c = raw[i];
    if (openedAt >= 0) {
      if (c !== '"') continue;
      if (raw[i + 1] === '"') {
        i++;
        continue;
      }
      const next = raw[i + 1];
      if (next === undefined || next === delimiter || next === '\r' || next === '\n') {
        openedAt = -1;
        continue;
      }
      return { kind: 'after-quote', index: i, fieldStart: openedAt, column };
    }
    if (c === delimiter) {
      column++;
      atFieldStart = true;
      continue;
    }
    if (c === '"') {
      if (!atFieldStart) return { kind: 'stray', index: i, fieldStart: i, column };
      openedAt = i;
    }
    atFieldStart = false;
  }
  return undefined;
}

/** Where the quoted field that never closes begins, or -1. */
function openQuote(raw: string, from: number, delimiter: string): number {
  let fieldStart = true;
  let openedAt = -1;
  for (let i = from; i < raw.length; i++) {
    const c = raw[i];
    if (openedAt >= 0) {
      if (c !== '"') continue;
      if (raw[i + 1] === '"') {
        i++;
        continue;
      }
      openedAt = -1;
      fieldStart = false;
      continue;
    }
    if (c === delimiter || c === '\n' || c === '\r') {
      fieldStart = true;
      continue;
    }
    if (c === '"' && fieldStart) openedAt = i;
    fieldStart = false;
  }
  return openedAt;
}

function badQuoteIssue(file: string, bad: BadQuote, headers: string[]): Issue {
  const issue: Issue =
    bad.kind === 'stray'
      ? { code: 'csv.stray-quote', params: { field: bad.column + 1 }, file, line: bad.line }
      : { code: 'csv.text-after-quote', params: { field: bad.column + 1, endLine: bad.endLine }, file, line: bad.line };
  if (headers[bad.column]) issue.column = headers[bad.column];
  return issue;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / (1024 * 1024))} MB` : `${Math.round(n / 1024)} KB`;
}

function emptyIterator(): AsyncIterator<CsvRecord> {
  return { next: async () => ({ done: true, value: undefined }) };
}
