/**
 * Tables: aligned and fitted to the width on a terminal; tab-separated, plain
 * and greppable when piped (like gh's tableprinter).
 */
import type { Output } from './output.js';

export interface Column {
  header: string;
  align?: 'left' | 'right';
  /** may be cut with … to fit the terminal width (longest such columns first) */
  shrink?: boolean;
  /** smallest width when shrinking */
  minWidth?: number;
}

const visible = (s: string): string => s.replace(/\x1b\[[0-9;]*m/g, '');
const width = (s: string): number => [...visible(s)].length;

/** Cut plain text to `w` characters with an ellipsis. */
export function truncate(s: string, w: number): string {
  const chars = [...s];
  if (chars.length <= w) return s;
  return w <= 1 ? '…' : chars.slice(0, w - 1).join('') + '…';
}

/**
 * Render rows. Cells may carry colour (only on a terminal); widths are computed
 * on visible characters. Multi-line cells are flattened to one line.
 */
export function renderTable(out: Output, columns: Column[], rows: string[][], opts: { footer?: string[][] } = {}): string {
  const all = [...rows, ...(opts.footer ?? [])].map((r) => r.map((cell) => (cell ?? '').replace(/\s*\n\s*/g, ' ')));
  if (!out.tty) {
    const lines = [columns.map((c) => c.header), ...all.map((r) => r.map(visible))];
    return lines.map((r) => r.join('\t')).join('\n') + '\n';
  }
  const gap = 2;
  const widths = columns.map((c, i) => Math.max(width(c.header), ...all.map((r) => width(r[i] ?? ''))));
  let total = widths.reduce((a, b) => a + b, 0) + gap * (columns.length - 1);
  const max = out.width;
  // shrink the widest shrinkable column step by step until the table fits: first
  // down to each column's minimum, then, on a narrow terminal, further down to 4
  for (const floor of [(c: Column) => c.minWidth ?? 8, () => 4]) {
    while (total > max) {
      let best = -1;
      columns.forEach((c, i) => {
        if (c.shrink && widths[i] > floor(c) && (best < 0 || widths[i] > widths[best])) best = i;
      });
      if (best < 0) break;
      // one character at a time from the widest, so long columns share the cut
      widths[best] -= 1;
      total -= 1;
    }
  }
  const fmt = (cells: string[], bold = false): string =>
    cells
      .map((cell, i) => {
        let s = cell ?? '';
        if (width(s) > widths[i]) s = truncate(visible(s), widths[i]);
        const pad = ' '.repeat(Math.max(0, widths[i] - width(s)));
        const text = columns[i].align === 'right' ? pad + s : s + (i === cells.length - 1 ? '' : pad);
        return bold ? out.c.bold(text) : text;
      })
      .join(' '.repeat(gap))
      .trimEnd();
  const lines = [fmt(columns.map((c) => c.header), true), out.c.dim(widths.map((w) => '─'.repeat(w)).join(' '.repeat(gap)))];
  for (const r of all.slice(0, rows.length)) lines.push(fmt(r));
  if (opts.footer?.length) {
    lines.push(out.c.dim(widths.map((w) => '─'.repeat(w)).join(' '.repeat(gap))));
    for (const r of all.slice(rows.length)) lines.push(fmt(r, true));
  }
  return lines.join('\n') + '\n';
}

/** A Markdown table (pipes in cells escaped, line breaks flattened). */
export function renderMarkdownTable(columns: Column[], rows: string[][], footer: string[][] = []): string {
  const cell = (s: string) => visible(s ?? '').replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
  const head = `| ${columns.map((c) => cell(c.header)).join(' | ')} |`;
  const rule = `| ${columns.map((c) => (c.align === 'right' ? '---:' : '---')).join(' | ')} |`;
  const body = [...rows, ...footer.map((r) => r.map((x) => (x ? `**${x}**` : x)))].map((r) => `| ${r.map(cell).join(' | ')} |`);
  return [head, rule, ...body].join('\n') + '\n';
}

/**
 * Notes under a table on a terminal, for text too long for a column: each note
 * starts with its key (a case number) and wraps with a hanging indent.
 */
export function renderNotes(out: Output, title: string, notes: [string, string][]): string {
  if (notes.length === 0) return '';
  const keyWidth = Math.max(...notes.map(([k]) => width(k)));
  const avail = Math.max(20, out.width - keyWidth - 4);
  const lines = [out.c.bold(title)];
  for (const [key, text] of notes) {
    // an amount (4 500 000 kr) never breaks across lines
    const words = text.replace(/(\d) (?=\d{3}\b)/g, '$1\u00a0').replace(/(\d) (kr\b)/g, '$1\u00a0$2').split(/ +/);
    const wrapped: string[] = [];
    let cur = '';
    for (const w of words) {
      if (cur && width(cur) + 1 + width(w) > avail) {
        wrapped.push(cur);
        cur = w;
      } else cur = cur ? `${cur} ${w}` : w;
    }
    wrapped.push(cur);
    wrapped.forEach((l, i) => lines.push(`  ${(i === 0 ? key : '').padEnd(keyWidth)}  ${l.replace(/\u00a0/g, ' ')}`));
  }
  return lines.join('\n') + '\n';
}
