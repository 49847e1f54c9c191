/** The partner clusters (*samarbeidsklynger*) listed in one CSV cell. */

/** whitespace other than single plain spaces: what `\s+` → ` ` would change */
const ODD_SPACE = /[^\S ]| {2}/;
const SPACES = /\s+/g;
// a list typed one per line often carries bullets: `- Klynge A`, `• Klynge B`
const BULLET = /^[-•*–]\s+/;
// a lone dash is how spreadsheets say "none"
const PLACEHOLDER = /^[-–—.]+$/;

const PIPE = 0x7c;
const LF = 0x0a;
const CR = 0x0d;
const SEMICOLON = 0x3b;
const COMMA = 0x2c;

/**
 * Split a cell listing partners on `|`, line breaks, and `;` or `,` when that is not the
 * file's own delimiter (a cell in a `;` file may list `A, B`). Names are trimmed, empty ones
 * dropped, and repeats (ignoring case and spacing) removed, keeping the first spelling and the order.
 */
export function parsePartners(text: string, fileDelimiter: string): string[] {
  const out: string[] = [];
  const splitSemicolon = fileDelimiter !== ';';
  const splitComma = fileDelimiter !== ',';
  let keys: Set<string> | undefined; // made for the second name: most cells list one or two
  let firstKey = '';
  let start = 0;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    if (i < n) {
      const c = text.charCodeAt(i);
      if (c !== PIPE && c !== LF && c !== CR && !(c === SEMICOLON && splitSemicolon) && !(c === COMMA && splitComma)) continue;
    }
    const raw = text.slice(start, i);
    start = i + 1;
    let name = (ODD_SPACE.test(raw) ? raw.replace(SPACES, ' ') : raw).trim();
    if (name === '') continue;
    const first = name.charCodeAt(0);
    // - • * – (and — . which only the placeholder test cares about)
    if (first === 0x2d || first === 0x2022 || first === 0x2a || first === 0x2013 || first === 0x2014 || first === 0x2e) {
      name = name.replace(BULLET, '');
      if (name === '' || PLACEHOLDER.test(name)) continue;
    }
    // Norwegian has no casing rules of its own: toLowerCase is toLocaleLowerCase('nb'), only faster
    const key = name.toLowerCase();
    if (out.length === 0) firstKey = key;
    else {
      if (keys === undefined) keys = new Set([firstKey]);
      if (keys.has(key)) continue;
      keys.add(key);
    }
    out.push(name);
  }
  return out;
}
