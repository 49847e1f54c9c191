/**
 * Reading CSV files as caseworkers really have them: Excel's `;` in Windows-1252, UTF-8 with
 * or without BOM, UTF-16 "Unicode text" with tabs, CRLF, quoted multi-line cells. Streams, so a
 * million rows cost no more memory than ten, and reports malformed rows as issues with the
 * line an editor shows instead of throwing parser errors.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { isAscii, isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
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
  /**
   * For tests: the sizes (bytes, used in turn) of the pieces the file is decoded and parsed
   * in, so a test can split characters, CRLFs and quotes at every place a read can.
   */
  pieceBytes?: readonly number[];
}

/** One data row: its fields (verbatim, not trimmed) and the line it starts on (1-based, header is line 1). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export interface CsvFile {
  /** the file as named in issues */
  file: string;
  /** the path it was opened with */
  path: string;
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

  let current: { bytesRead: number } | undefined;
  const ctx: ReadContext = {
    path,
    file,
    encoding,
    delimiter,
    maxRecordBytes: opts.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES,
    pieceBytes: opts.pieceBytes?.length ? opts.pieceBytes : undefined,
    onRead: (progress) => (current = progress),
  };

  const csv: CsvFile = {
    file,
    path,
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
  const headerBytes = new ByteIssues(file, addOpenIssue);
  const headerRows = readRecords(ctx, addOpenIssue, headerBytes.add);
  let header: RawRecord | undefined;
  try {
    const first = await headerRows.next(); // batches are never empty
    if (!first.done) header = first.value[0];
  } finally {
    await headerRows.return(undefined);
  }
  // the header's own bad bytes are the file's; those further on belong to the rows' pass
  if (header) headerBytes.record(header, header.fields.map((h) => h.trim()));
  else headerBytes.flush();
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
    // a FIFO or a device is not a folder: say which it is
    if (!st.isFile()) throw new UserError(st.isDirectory() ? 'csv.not-a-file' : 'file.not_regular', { file });
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
  // UTF-16 text without a BOM has a NUL in every other byte (its ASCII characters' other
  // half): which half tells the byte order. One stray NUL in a UTF-8 file is not that pattern.
  const sample = Math.min(head.length, 4096);
  let even = 0;
  let odd = 0;
  for (let i = 0; i < sample; i++) {
    if (head[i] !== 0) continue;
    if (i % 2) odd++;
    else even++;
  }
  if (sample >= 4 && Math.max(odd, even) * 4 >= sample) return { encoding: odd >= even ? 'utf-16le' : 'utf-16be', source: 'detected' };
  return { encoding: looksUtf8(scanUtf8File(path, file)) ? 'utf-8' : 'windows-1252', source: 'detected' };
}

/**
 * The evidence decides: valid UTF-8 characters of two or more bytes (ø is C3 B8) make a file
 * UTF-8, even when a few bytes are not (those lines are reported, nothing is guessed); a file
 * whose high bytes never form one is Windows-1252. Windows-1252 text forms one only by
 * accident (an upper-case Ø right before a – is D8 96), so such a file has far more bytes that
 * are not UTF-8 than ones that are, and stays Windows-1252.
 */
function looksUtf8(scan: Utf8Scan): boolean {
  return scan.invalid === 0 || (scan.multibyte > 0 && scan.multibyte * 10 >= scan.invalid);
}

interface Utf8Scan {
  /** characters of two to four bytes */
  multibyte: number;
  /** byte sequences that are not UTF-8 */
  invalid: number;
}

/** The whole file's UTF-8 evidence, read in chunks so a large file costs no memory. */
function scanUtf8File(path: string, file: string): Utf8Scan {
  const scan: Utf8Scan = { multibyte: 0, invalid: 0 };
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.allocUnsafe(1024 * 1024);
    let carried = 0; // the start of a character split by the end of the previous chunk
    let position = 0;
    for (;;) {
      const bytesRead = readSync(fd, buf, carried, buf.length - carried, position);
      const length = carried + bytesRead;
      const whole = bytesRead === 0 ? length : length - incompleteTail(buf, length); // at the end, a cut-off character is invalid
      const chunk = buf.subarray(0, whole);
      if (isAscii(chunk)) {
        /* nothing to count */
      } else if (isUtf8(chunk) && scan.multibyte > 0) {
        /* more of the same evidence: counting it changes no decision that the invalid bytes do not */
        scan.multibyte++;
      } else scanUtf8(chunk, 0, whole, scan);
      // a thousand bytes that are not UTF-8 against a handful that are: the rest cannot tip it
      if (bytesRead === 0 || (scan.invalid >= 1000 && !looksUtf8(scan))) return scan;
      position += bytesRead;
      carried = buf.copy(buf, 0, whole, length);
    }
  } catch (e) {
    throw new UserError('csv.read-error', { file, reason: (e as NodeJS.ErrnoException).code ?? String(e) });
  } finally {
    if (fd !== undefined) closeQuietly(fd);
  }
}

/**
 * Walk UTF-8 as the WHATWG decoder does, counting its characters of more than one byte and
 * the byte sequences it would turn into U+FFFD; `bad` hears where each of those is.
 */
function scanUtf8(b: Uint8Array, from: number, to: number, scan: Utf8Scan, bad?: (at: number, length: number) => void): void {
  let i = from;
  while (i < to) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let need = 0;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    }
    let j = i + 1;
    let got = 0;
    while (got < need && j < to) {
      const d = b[j];
      if (d < lo || d > hi) break;
      lo = 0x80;
      hi = 0xbf;
      j++;
      got++;
    }
    if (need > 0 && got === need) scan.multibyte++;
    else {
      scan.invalid++;
      bad?.(i, j - i);
    }
    i = j;
  }
}

/** How many bytes at the end of `buf[0, length)` start a UTF-8 character that needs more bytes. */
function incompleteTail(buf: Buffer, length: number): number {
  for (let k = 1; k <= 3 && k <= length; k++) {
    const b = buf[length - k];
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back for the lead
    if (b < 0xc0) return 0; // ASCII
    const needs = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    return needs > k ? k : 0;
  }
  return 0;
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
  pieceBytes: readonly number[] | undefined;
  /** called at the start of each pass over the file with the count of bytes it has read */
  onRead: (progress: { bytesRead: number }) => void;
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
  const bytes = new ByteIssues(ctx.file, sink);
  for await (const batch of readRecords(ctx, sink, bytes.add)) {
    for (const rec of batch) {
      if (first) {
        first = false; // the header, whose bad bytes were told when the file was opened
        bytes.record(rec, headers, false);
        continue;
      }
      bytes.record(rec, headers);
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
      yield fields === rec.fields ? (rec as CsvRecord) : { line: rec.line, fields };
    }
  }
  bytes.flush();
}

/**
 * Byte problems become issues, one per line and kind, each named by the column it is in once
 * the record holding its line has been read (the bytes are checked before the text is parsed).
 */
class ByteIssues {
  private pending: ByteProblem[] = [];
  constructor(
    private readonly file: string,
    private readonly sink: (i: Issue) => void,
  ) {}

  add = (p: ByteProblem): void => {
    const last = this.pending[this.pending.length - 1];
    if (last && last.line === p.line && last.kind === p.kind) {
      if (last.bytes.length < 48) last.bytes += ' ' + p.bytes;
      else if (!last.bytes.endsWith('…')) last.bytes += ' …';
    } else this.pending.push({ ...p });
  };

  /** The problems up to the end of `rec`, told (unless `report` is false) with the column of each. */
  record(rec: RawRecord, headers: readonly string[], report = true): void {
    if (this.pending.length === 0) return;
    // the line each field starts and ends on
    const spans: { from: number; to: number }[] = [];
    let line = rec.line;
    for (const f of rec.fields) {
      const from = line;
      if (f.length > 0 && (f.includes('\n') || f.includes('\r'))) line += lineBreaks(f);
      spans.push({ from, to: line });
    }
    let k = 0;
    for (; k < this.pending.length && this.pending[k].line <= line; k++) {
      const p = this.pending[k];
      if (!report) continue;
      let column: string | undefined;
      if (p.line >= rec.line) {
        const mark = p.kind === 'utf8' ? '\ufffd' : '\0';
        let at = spans.findIndex((s, i) => s.from <= p.line && p.line <= s.to && rec.fields[i].includes(mark));
        if (at < 0) at = spans.findIndex((s) => s.from <= p.line && p.line <= s.to);
        column = headers[at] || undefined;
      }
      this.tell(p, column);
    }
    this.pending.splice(0, k);
  }

  /** What is left when the file ends (or the read stopped). */
  flush(): void {
    for (const p of this.pending) this.tell(p, undefined);
    this.pending = [];
  }

  private tell(p: ByteProblem, column: string | undefined): void {
    const issue: Issue = { code: p.kind === 'utf8' ? 'csv.invalid-utf8' : 'csv.nul-byte', params: { bytes: p.bytes }, file: this.file, line: p.line };
    if (column) issue.column = column;
    this.sink(issue);
  }
}

/** Line breaks in a field's text, CRLF counted once, as the tokenizer counts them. */
function lineBreaks(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === CR) {
      n++;
      if (text.charCodeAt(i + 1) === LF) i++;
    } else if (c === LF) n++;
  }
  return n;
}

/**
 * Every non-blank record of the file, header included, with its physical start line, in
 * batches (the records completed by one chunk of the file). Fatal problems (an unclosed
 * quote, a runaway record) go to `sink` after the records before them, and end the read.
 */
async function* readRecords(ctx: ReadContext, sink: (i: Issue) => void, onBytes: (p: ByteProblem) => void): AsyncGenerator<RawRecord[]> {
  const tokens = new Tokenizer(ctx.delimiter, ctx.maxRecordBytes);
  const decoder = textDecoder(ctx.encoding);
  const bytes = ctx.encoding === 'utf-8' || ctx.encoding === 'windows-1252' ? new ByteCheck(ctx.encoding === 'utf-8') : undefined;
  const progress = { bytesRead: 0 };
  ctx.onRead(progress);
  let fd: number | undefined;
  try {
    // Synchronous reads of one chunk at a time: from the page cache a read takes microseconds,
    // a round trip through libuv's thread pool many times that, and nothing else waits on us.
    fd = openSync(ctx.path, 'r');
    const buffer = Buffer.allocUnsafe(READ_BYTES);
    let out: RawRecord[] = [];
    let position = 0;
    const sizes = ctx.pieceBytes;
    let nextSize = 0;
    reading: for (;;) {
      const bytesRead = readSync(fd, buffer, 0, READ_BYTES, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      progress.bytesRead = position;
      for (let at = 0, step = PIECE_BYTES; at < bytesRead; at += step) {
        if (sizes) step = Math.max(1, sizes[nextSize++ % sizes.length]);
        const end = Math.min(at + step, bytesRead);
        const piece = buffer.subarray(at, end);
        bytes?.check(piece, tokens, onBytes);
        tokens.feed(decoder.decode(piece), out); // decoding copies: the buffer is free again
        if (out.length > 0) {
          yield out;
          out = [];
        }
        if (tokens.fatal) break reading;
      }
    }
    if (!tokens.fatal) {
      bytes?.end(tokens, onBytes);
      tokens.feed(decoder.end(), out);
      tokens.end(out);
      if (out.length > 0) yield out;
    }
  } catch (e) {
    throw new UserError('csv.read-error', { file: ctx.file, reason: (e as NodeJS.ErrnoException).code ?? String(e) });
  } finally {
    if (fd !== undefined) closeQuietly(fd);
  }
  const fatal = tokens.fatal;
  if (fatal?.kind === 'unclosed') sink({ code: 'csv.unclosed-quote', params: {}, file: ctx.file, line: fatal.line });
  if (fatal?.kind === 'too-large') {
    // without a quote in sight it is what it says: a value (or a line) far too long
    const code = fatal.quoted ? 'csv.record-too-large' : 'csv.record-too-large-unquoted';
    sink({ code, params: { limit: formatBytes(ctx.maxRecordBytes) }, file: ctx.file, line: fatal.line });
  }
}

/** Bytes on a line that the decoding would garble (not UTF-8) or that no text holds (NUL). */
export interface ByteProblem {
  kind: 'utf8' | 'nul';
  line: number;
  /** the bytes, in hex: `E6 F8` */
  bytes: string;
}

/**
 * Watches the bytes of each piece before it is decoded: in a UTF-8 file, sequences the
 * decoder would silently turn into U+FFFD; in any 8-bit file, NUL bytes. Each is told with
 * the physical line it is on, counted from the tokenizer's line at the start of the piece.
 * Costs a native isUtf8 / indexOf per piece on a clean file.
 */
class ByteCheck {
  /** the start of a character cut off by the end of the previous piece */
  private carry: Buffer = Buffer.alloc(0);
  constructor(private readonly utf8: boolean) {}

  check(piece: Buffer, tokens: Tokenizer, tell: (p: ByteProblem) => void): void {
    const found: { at: number; length: number; kind: ByteProblem['kind'] }[] = [];
    let data = piece;
    const carried = this.carry.length;
    if (this.utf8) {
      data = carried ? Buffer.concat([this.carry, piece]) : piece;
      const whole = data.length - incompleteTail(data, data.length);
      const body = data.subarray(0, whole);
      if (!isUtf8(body)) scanUtf8(body, 0, whole, { multibyte: 0, invalid: 0 }, (at, length) => found.push({ at, length, kind: 'utf8' }));
      this.carry = Buffer.from(data.subarray(whole));
    }
    for (let at = data.indexOf(0); at >= 0; at = data.indexOf(0, at + 1)) found.push({ at, length: 1, kind: 'nul' });
    if (found.length === 0) return;
    found.sort((a, b) => a.at - b.at);
    // lines are counted in `piece`; a problem in the carried bytes is on the line the piece starts on
    let line = tokens.line;
    let i = 0;
    for (const f of found) {
      const upto = Math.max(0, f.at - carried);
      for (; i < upto; i++) {
        const b = piece[i];
        if (b === CR) line++;
        else if (b === LF && !(i === 0 ? tokens.pendingCR : piece[i - 1] === CR)) line++;
      }
      tell({ kind: f.kind, line, bytes: hex(data.subarray(f.at, f.at + f.length)) });
    }
  }

  /** The end of the file: a character cut off by it is not UTF-8 either. */
  end(tokens: Tokenizer, tell: (p: ByteProblem) => void): void {
    if (this.carry.length) tell({ kind: 'utf8', line: tokens.line, bytes: hex(this.carry) });
    this.carry = Buffer.alloc(0);
  }
}

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).toUpperCase().padStart(2, '0')).join(' ');

/** How much of the file one read takes. */
const READ_BYTES = 64 * 1024;
/**
 * How much of it is decoded and parsed at a time. The fields are slices of the text decoded
 * from a piece, and keep it alive until their row is done: small pieces keep what survives
 * each young-generation GC small, or V8 grows its young generation (and the RSS) as it goes.
 */
const PIECE_BYTES = 4 * 1024;

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    /* nothing left to read from it */
  }
}

interface ChunkDecoder {
  decode(chunk: Buffer): string;
  end(): string;
}

/** Decodes the file's bytes to text, chunk by chunk; drops a UTF BOM. */
function textDecoder(encoding: CsvEncoding): ChunkDecoder {
  if (encoding === 'windows-1252') return { decode: decodeWindows1252, end: () => '' };
  const decoder = new TextDecoder(encoding);
  return { decode: (chunk) => decoder.decode(chunk, { stream: true }), end: () => decoder.decode() };
}

// Windows-1252 is Latin-1 but for 0x80–0x9F, which hold € ‚ ƒ „ … and friends (as the WHATWG
// Encoding Standard maps them, the five unassigned bytes to the C1 controls of the same value).
const CP1252_HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
const C1 = /[\x80-\x9f]/;
const C1_ALL = /[\x80-\x9f]/g;
const cp1252Char = (c: string) => CP1252_HIGH[c.charCodeAt(0) - 0x80];

function decodeWindows1252(chunk: Buffer): string {
  const s = chunk.toString('latin1');
  return C1.test(s) ? s.replace(C1_ALL, cp1252Char) : s;
}

const LF = 10;
const CR = 13;
const QUOTE = 34;

// Where the tokenizer is: between fields, in an unquoted field, in a quoted field, or just
// past a quote inside a quoted field (an escaped quote, or the closing one).
const AT_FIELD = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_SEEN = 3;

/**
 * CSV records from text fed in chunks of any size: fields separated by the delimiter,
 * records by CRLF, LF or CR, fields in quotes holding delimiters, line breaks and doubled
 * quotes. A quote elsewhere is kept as text and the record marked (`badQuote`); blank records
 * (also `;;;`) and a first-line `sep=;` are dropped; every record knows the physical line it
 * starts on. An unclosed quote or a record over the size limit sets `fatal` and stops.
 *
 * The size limit is counted as csv-parse counted it (the reader used to be built on it): the
 * UTF-8 bytes of the field being read plus the characters of the record's earlier fields,
 * found too large at the next byte of field text after the limit.
 */
class Tokenizer {
  fatal: { kind: 'unclosed' | 'too-large'; line: number; quoted?: boolean } | undefined;
  private readonly delim: number;
  /** the size count that a further byte may not be added to (maxRecordBytes + 1), or Infinity */
  private readonly limit: number;
  private state = AT_FIELD;
  /** the physical line of the next character */
  line = 1;
  /** the line the current record starts on, 0 between records */
  private recLine = 0;
  private fields: string[] = [];
  /** characters in the current record's finished fields */
  private recChars = 0;
  private hadQuote = false;
  private bad: BadQuote | undefined;
  /** the current field's text carried over from earlier chunks and quote escapes */
  private buf = '';
  /** the line of the current quoted field's opening quote */
  private quoteLine = 0;
  /** the previous chunk ended in a CR that ended a line: an LF starting this one belongs to it */
  pendingCR = false;

  constructor(delimiter: string, maxRecordBytes: number) {
    this.delim = delimiter.charCodeAt(0);
    this.limit = maxRecordBytes > 0 ? maxRecordBytes + 1 : Infinity;
  }

  /** Read `s`, adding the records it completes to `out`. */
  feed(s: string, out: RawRecord[]): void {
    const n = s.length;
    if (n === 0 || this.fatal) return;
    const delim = this.delim;
    let i = 0;
    let seg = 0; // where the current field's text in `s` starts (UNQUOTED, QUOTED)
    let state = this.state;
    let line = this.line;
    // where the next quote and line breaks are, once looked for (`indexOf` is much faster than a loop)
    let nextQuote = -1;
    let nextLF = -1;
    let nextCR = -1;
    if (this.pendingCR) {
      this.pendingCR = false;
      if (s.charCodeAt(0) === LF) i = 1; // in a quoted field it stays part of the text, from seg 0
    }
    while (i < n) {
      if (state === AT_FIELD) {
        const c = s.charCodeAt(i);
        if (c === LF || c === CR) {
          i++;
          if (c === CR) {
            if (i === n) this.pendingCR = true;
            else if (s.charCodeAt(i) === LF) i++;
          }
          // a line break between fields ends the record; one before any field is a blank line
          if (this.recLine !== 0) {
            this.fields.push('');
            this.endRecord(out);
          }
          line++;
          continue;
        }
        if (this.recLine === 0) this.recLine = line;
        if (c === delim) {
          this.fields.push('');
          i++;
          continue;
        }
        this.buf = '';
        if (c === QUOTE) {
          state = QUOTED;
          this.quoteLine = line;
          this.hadQuote = true;
          seg = ++i;
        } else {
          state = UNQUOTED;
          seg = i++;
        }
      }

      // the field's text and the character that ends it (the delimiter or a line break)
      let text: string;
      let quoted: boolean;
      let c = 0;
      if (state === UNQUOTED) {
        for (; i < n; i++) {
          c = s.charCodeAt(i);
          if (c === delim || c === LF || c === CR) break;
          if (c === QUOTE) {
            this.hadQuote = true;
            if (!this.bad) this.bad = { kind: 'stray', line, column: this.fields.length };
          }
        }
        if (i === n) break;
        text = this.buf === '' ? s.slice(seg, i) : this.buf + s.slice(seg, i);
        quoted = false;
      } else {
        if (state === QUOTED) {
          // jump to the next quote; count the line breaks before it only if there are any
          if (nextQuote < i) nextQuote = indexOrEnd(s, '"', i);
          if (nextLF < i) nextLF = indexOrEnd(s, '\n', i);
          if (nextCR < i) nextCR = indexOrEnd(s, '\r', i);
          if (nextLF < nextQuote || nextCR < nextQuote) {
            for (; i < nextQuote; i++) {
              const ch = s.charCodeAt(i);
              if (ch === LF) line++;
              else if (ch === CR) {
                line++;
                if (i + 1 === n) this.pendingCR = true;
                else if (s.charCodeAt(i + 1) === LF) i++;
              }
            }
          }
          i = nextQuote;
          if (i === n) break;
          this.buf += s.slice(seg, i);
          state = QUOTE_SEEN;
          if (++i === n) break;
        }

        // QUOTE_SEEN: the character after a quote inside a quoted field decides what it was
        c = s.charCodeAt(i);
        if (c === QUOTE) {
          this.buf += '"';
          state = QUOTED;
          seg = ++i;
          continue;
        }
        if (c !== delim && c !== LF && c !== CR) {
          // text after the closing quote: kept, quotes and all, as the rest of an unquoted field
          if (!this.bad) this.bad = { kind: 'after-quote', line: this.quoteLine, endLine: line, column: this.fields.length };
          if (!this.fitsWith(this.buf, true)) break;
          if (c !== 0) this.buf = `"${this.buf}"`; // (csv-parse took a NUL for the end of its input)
          state = UNQUOTED;
          seg = i;
          continue;
        }
        text = this.buf;
        quoted = true;
      }

      // the field ends at s[i]; a line break ends the record too
      if (!this.addField(text, quoted)) break;
      state = AT_FIELD;
      i++;
      if (c !== delim) {
        if (c === CR) {
          if (i === n) this.pendingCR = true;
          else if (s.charCodeAt(i) === LF) i++;
        }
        line++;
        this.endRecord(out);
      }
    }

    this.line = line;
    this.state = state;
    if (this.fatal) return;
    // the field goes on in the next chunk
    if (state === UNQUOTED || state === QUOTED) this.buf += s.slice(seg);
    if (state !== AT_FIELD) this.fitsWith(this.buf, state !== UNQUOTED);
  }

  /** The end of the text: the last record, or the quote that never closed. */
  end(out: RawRecord[]): void {
    if (this.fatal) return;
    const state = this.state;
    this.state = AT_FIELD;
    if (state === QUOTED) {
      this.fatal = { kind: 'unclosed', line: this.quoteLine };
      return;
    }
    if (state === AT_FIELD && this.recLine === 0) return;
    if (state === AT_FIELD) this.fields.push('');
    else if (!this.addField(this.buf, state === QUOTE_SEEN)) return;
    this.endRecord(out);
  }

  /** Add a finished field to the record, unless it makes the record too large. */
  private addField(text: string, quoted: boolean): boolean {
    if ((this.recChars + text.length) * 3 >= this.limit && !this.fitsWith(text, quoted)) return false;
    this.fields.push(text);
    this.recChars += text.length;
    return true;
  }

  /** Whether the record is within the size limit with `text` as its current field; else fatal. */
  private fitsWith(text: string, quoted: boolean): boolean {
    if ((this.recChars + text.length) * 3 < this.limit) return true; // UTF-8 takes at most 3 bytes a character
    if (text.length === 0 || this.recChars + Buffer.byteLength(text, 'utf8') <= this.limit) return true;
    // almost always a quote that never closes: point at it when there is one
    this.fatal = { kind: 'too-large', line: quoted ? this.quoteLine : this.recLine, quoted: quoted || this.hadQuote };
    return false;
  }

  private endRecord(out: RawRecord[]): void {
    const fields = this.fields;
    const line = this.recLine;
    const bad = this.bad;
    const hadQuote = this.hadQuote;
    this.fields = [];
    this.recLine = 0;
    this.recChars = 0;
    this.bad = undefined;
    this.hadQuote = false;
    if (isBlank(fields)) return;
    if (line === 1 && !hadQuote && SEP_RECORD.test(fields.join(String.fromCharCode(this.delim)))) return;
    out.push(bad ? { line, fields, badQuote: bad } : { line, fields });
  }
}

/** Where `char` next occurs in `s` from `from` on, or the end of `s`. */
function indexOrEnd(s: string, char: string, from: number): number {
  const at = s.indexOf(char, from);
  return at < 0 ? s.length : at;
}

/** The `sep=;` line as a record: without quotes its fields joined are its text. */
const SEP_RECORD = /^sep=[,;\t]$/;

/** A record of nothing but empty or blank cells, like Excel's `;;;;` rows. */
function isBlank(fields: string[]): boolean {
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    if (f.length === 0) continue;
    const c = f.charCodeAt(0);
    if ((c > 32 && c < 127) || f.trim() !== '') return false;
  }
  return true;
}

type BadQuote =
  | { kind: 'stray'; line: number; column: number }
  | { kind: 'after-quote'; line: number; endLine: number; column: number };

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
