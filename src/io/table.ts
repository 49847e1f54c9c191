/**
 * Tables: on a terminal, cli-table3 fitted to the width by wrapping cells onto
 * more lines (a name is never cut; see table-terminal.ts); piped, tab-separated,
 * one row a line, plain and greppable (like gh's tableprinter).
 */
import type { Output } from './output.js';
import { safe, stripAnsi } from './text-plain.js';

export interface Column {
  header: string;
  align?: 'left' | 'right';
  /**
   * Long text (an applicant, a project title, a flag sentence): wraps, and the
   * long columns share the width the short ones leave. Short columns (ranks,
   * amounts, scores) keep their natural width.
   */
  wrap?: boolean;
  /** A few words (a status, a tier name): may wrap between words, never inside one, when nothing else helps. */
  words?: boolean;
  /** Decoration (the score bar): left out when the table does not fit otherwise. */
  optional?: boolean;
}

const plainCell = (s: string | undefined): string =>
  safe(stripAnsi(s ?? ''))
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\t/g, ' ');

type Terminal = typeof import('./table-terminal.js');
let terminal: Terminal | undefined;

/**
 * Load the terminal tables (cli-table3, string-width, wrap-ansi: about a third of
 * `klynge call list`'s start-up). The command runner calls it before a command runs
 * whenever stdout is a terminal; piped output never needs it.
 */
export async function loadTerminalTables(): Promise<void> {
  terminal ??= await import('./table-terminal.js');
}

function terminalTables(): Terminal {
  if (!terminal) throw new Error('internal: a terminal table was rendered before loadTerminalTables()');
  return terminal;
}

/**
 * Render rows. Cells may carry our colour (only on a terminal) and hold data
 * made harmless with `safe`; widths are what the terminal shows. On a terminal
 * every line has the same width and stays within it.
 */
export function renderTable(out: Output, columns: Column[], rows: string[][], opts: { footer?: string[][] } = {}): string {
  const footer = opts.footer ?? [];
  if (out.tty) return terminalTables().terminalTable(out, columns, rows, footer);
  const lines = [columns.map((c) => plainCell(c.header)), ...[...rows, ...footer].map((r) => columns.map((_, i) => plainCell(r[i])))];
  return lines.map((r) => r.join('\t')).join('\n') + '\n';
}

/** A Markdown table (pipes in cells escaped, line breaks flattened, data made harmless). */
export function renderMarkdownTable(columns: Column[], rows: string[][], footer: string[][] = []): string {
  const cell = (s: string) => plainCell(s).replace(/\|/g, '\\|');
  const head = `| ${columns.map((c) => cell(c.header)).join(' | ')} |`;
  const rule = `| ${columns.map((c) => (c.align === 'right' ? '---:' : '---')).join(' | ')} |`;
  const body = [...rows, ...footer.map((r) => r.map((x) => (x ? `**${x}**` : x)))].map((r) => `| ${r.map(cell).join(' | ')} |`);
  return [head, rule, ...body].join('\n') + '\n';
}

/**
 * Notes under a table on a terminal, for text too long for a column: each note
 * starts with its key (a case number) and wraps with a hanging indent. Only on a
 * terminal: piped, the text is a column of the table.
 */
export function renderNotes(out: Output, title: string, notes: [string, string][]): string {
  if (notes.length === 0) return '';
  return terminalTables().renderNotes(out, title, notes);
}

/** `wrapIndent` of text.ts for a terminal-only paragraph, without loading text.ts in a piped run. */
export function wrapIndentOnTerminal(s: string, width: number, first = '', rest = first): string {
  return terminalTables().wrapIndent(s, width, first, rest);
}
