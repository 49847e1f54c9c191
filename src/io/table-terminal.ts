/**
 * The terminal half of the tables: cli-table3 fitted to the width by wrapping cells
 * onto more lines (a name is never cut), and the notes under a table. Loaded only when
 * stdout is a terminal (`loadTerminalTables` in table.ts): piped output, tab-separated,
 * does not pay for cli-table3, string-width and wrap-ansi at start-up.
 */
import Table from 'cli-table3';
import type { Output } from './output.js';
import type { Column } from './table.js';
import { blockWidth, displayWidth, longestWord, onlyColour, safe, stripAnsi, wrap, wrapIndent } from './text.js';

/** A cell's text for a terminal: renderers hand data already `safe` and maybe our colour; anything else is neutralised. */
const cellText = (s: string | undefined): string => onlyColour(s ?? '');

/** How the table is laid out on a terminal. */
interface Layout {
  /** indices of the columns in the grid, in order */
  grid: number[];
  /** indices of the long columns printed on a line of their own under each row */
  stacked: number[];
  widths: Map<number, number>;
  gap: number;
}

/** Fit the columns to `max` columns of terminal, trying the most readable layout first. */
function fit(columns: Column[], cells: string[][], max: number): Layout {
  const all = columns.map((_, i) => i);
  const col = (i: number) => [columns[i].header, ...cells.map((r) => r[i] ?? '')];
  const natural = all.map((i) => Math.max(1, ...col(i).map(blockWidth)));
  const minWord = all.map((i) => Math.max(1, ...col(i).map((s) => longestWord(stripAnsi(s)))));
  const isLong = (i: number) => !!columns[i].wrap;
  const isWords = (i: number) => !!columns[i].words;

  /** Widths for `grid` within `max`, or null: short columns natural, long ones sharing the rest (≥ their longest word). */
  const share = (grid: number[], gap: number, squeezeWords: boolean): Map<number, number> | null => {
    const widths = new Map<number, number>();
    let used = gap * (grid.length - 1);
    const long = grid.filter(isLong);
    for (const i of grid) {
      if (isLong(i)) continue;
      const w = squeezeWords && isWords(i) ? minWord[i] : natural[i];
      widths.set(i, w);
      used += w;
    }
    let left = max - used;
    // water-filling: the narrowest long column takes what it needs, the rest share what remains
    const order = [...long].sort((a, b) => natural[a] - natural[b]);
    for (let k = 0; k < order.length; k++) {
      const i = order[k];
      const fair = Math.floor(left / (order.length - k));
      const w = Math.min(natural[i], fair);
      if (w < minWord[i]) return null;
      widths.set(i, w);
      left -= w;
    }
    return left >= 0 ? widths : null;
  };

  const withOptional = all;
  const without = all.filter((i) => !columns[i].optional);
  const attempts: [number[], number, boolean][] = [
    [withOptional, 2, false],
    [without, 2, false],
    [without, 2, true],
    [without, 1, true],
  ];
  for (const [grid, gap, squeeze] of attempts) {
    const widths = share(grid, gap, squeeze);
    if (widths) return { grid, stacked: [], widths, gap };
  }
  // too many columns for one line a row: the long text goes on its own line(s) under each row
  const stacked = without.filter(isLong);
  const grid = without.filter((i) => !isLong(i));
  const spanOf = (widths: Map<number, number>, gap: number) => [...widths.values()].reduce((a, b) => a + b, 0) + gap * (grid.length - 1);
  for (const [gap, squeeze] of [
    [2, false],
    [2, true],
    [1, false],
    [1, true],
  ] as const) {
    const widths = share(grid, gap, squeeze);
    if (widths && stacked.every((i) => minWord[i] <= spanOf(widths, gap))) return { grid, stacked, widths, gap };
  }
  // a very narrow terminal: every grid column gets its share and words break (cells are always wrapped hard)
  const gap = 1;
  const avail = Math.max(grid.length, max - gap * (grid.length - 1));
  const total = grid.reduce((s, i) => s + natural[i], 0);
  const widths = new Map<number, number>();
  for (const i of grid) widths.set(i, Math.max(1, Math.floor((natural[i] * avail) / total)));
  return { grid, stacked, widths, gap };
}

const NO_BORDER = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
};

/** Rows laid out for a terminal of `out.width` columns: every line the same width, within it. */
export function terminalTable(out: Output, columns: Column[], rows: string[][], footer: string[][]): string {
  const body = [...rows, ...footer].map((r) => columns.map((_, i) => cellText(r[i])));
  const layout = fit(columns, body, out.width);
  const { grid, stacked, widths, gap } = layout;
  const gridWidth = grid.reduce((s, i) => s + widths.get(i)!, 0) + gap * (grid.length - 1);
  // the stacked text starts under the second column when the first is narrow (a rank), else at the edge
  const indent = grid.length > 1 && widths.get(grid[0])! <= 6 ? 1 : 0;
  const spanWidth = gridWidth - (indent ? widths.get(grid[0])! + gap : 0);
  // under a wide first column (a case number) the text is set in a little, so each row's key stands out
  const lead = indent ? '' : '  ';
  // cli-table3 counts one character between spanned columns: the gap is a one-space border
  // plus the rest as left padding of every column but the first, so a spanning cell is exactly as wide
  const pad = gap - 1;
  const table = new Table({
    chars: { ...NO_BORDER, middle: ' ' },
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
    colWidths: grid.map((i, x) => widths.get(i)! + (x > 0 ? pad : 0)),
    colAligns: grid.map((i) => columns[i].align ?? 'left'),
    wordWrap: false,
  });
  const cell = (content: string, x: number, extra: { colSpan?: number; hAlign?: 'left' } = {}): Table.Cell => ({ content, ...extra, style: { 'padding-left': x > 0 ? pad : 0, 'padding-right': 0 } });
  // hard: a word wider than its column (only on a very narrow terminal) breaks rather than being cut by the table
  const fill = (i: number, s: string) => wrap(s, widths.get(i)!, { hard: true });
  const gridRow = (r: string[], bold: boolean) => grid.map((i, x) => cell(bold ? boldLines(out, fill(i, r[i])) : fill(i, r[i]), x));
  const spanRow = (texts: string[], bold: boolean): Table.HorizontalTableRow | null => {
    const present = texts.filter((x) => stripAnsi(x).trim() !== '');
    if (present.length === 0) return null;
    const content = present.map((x) => wrapIndent(x, spanWidth, lead)).join('\n');
    const span = cell(bold ? boldLines(out, content) : content, indent, { colSpan: grid.length - indent, hAlign: 'left' });
    return indent ? [cell('', 0), span] : [span];
  };
  const rule = () => grid.map((i, x) => cell(out.c.dim('─'.repeat(widths.get(i)!)), x));
  const push = (r: string[], bold: boolean) => {
    table.push(gridRow(r, bold));
    const span = stacked.length ? spanRow(stacked.map((i) => r[i]), bold) : null;
    if (span) table.push(span);
  };
  push(
    columns.map((c) => cellText(c.header)),
    true,
  );
  table.push(rule());
  body.slice(0, rows.length).forEach((r) => push(r, false));
  if (footer.length) {
    table.push(rule());
    body.slice(rows.length).forEach((r) => push(r, true));
  }
  return table.toString() + '\n';
}


/** Bold each line on its own: a style carried across a line break would colour the gap. */
function boldLines(out: Output, s: string): string {
  return s
    .split('\n')
    .map((l) => (l ? out.c.bold(l) : l))
    .join('\n');
}

/**
 * Notes under a table on a terminal, for text too long for a column: each note
 * starts with its key (a case number) and wraps with a hanging indent.
 */
export function renderNotes(out: Output, title: string, notes: [string, string][]): string {
  if (notes.length === 0) return '';
  const keyWidth = Math.max(...notes.map(([k]) => displayWidth(k)));
  const avail = Math.max(20, out.width - keyWidth - 4);
  const lines = [out.c.bold(title)];
  for (const [key, text] of notes) {
    // an amount (4 500 000 kr) never breaks across lines
    const bound = safe(text).replace(/(\d) (?=\d{3}\b)/g, '$1\u00a0').replace(/(\d) (kr\b)/g, '$1\u00a0$2');
    const wrapped = wrap(bound, avail, { hard: true }).split('\n');
    const k = safe(key);
    wrapped.forEach((l, i) => lines.push(`  ${i === 0 ? k + ' '.repeat(keyWidth - displayWidth(k)) : ' '.repeat(keyWidth)}  ${l.replace(/\u00a0/g, ' ')}`));
  }
  return lines.join('\n') + '\n';
}

export { wrapIndent };
