/** The partner clusters (*samarbeidsklynger*) listed in one CSV cell. */

/**
 * Split a cell listing partners on `|`, line breaks, and `;` or `,` when that is not the
 * file's own delimiter (a cell in a `;` file may list `A, B`). Names are trimmed, empty ones
 * dropped, and repeats (ignoring case and spacing) removed, keeping the first spelling and the order.
 */
export function parsePartners(text: string, fileDelimiter: string): string[] {
  const seps = ['|', '\r\n', '\n', '\r'];
  if (fileDelimiter !== ';') seps.push(';');
  if (fileDelimiter !== ',') seps.push(',');
  const pattern = new RegExp(seps.map(escape).join('|'));
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split(pattern)) {
    // a list typed one per line often carries bullets: `- Klynge A`, `• Klynge B`
    const name = raw
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/^[-•*–]\s+/, '');
    // a lone dash is how spreadsheets say "none"
    if (name === '' || /^[-–—.]+$/.test(name)) continue;
    const key = name.toLocaleLowerCase('nb');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(name);
  }
  return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
