/**
 * Matching CSV column headers to the fields klynge knows, in Norwegian or English,
 * with `--map field=Column` for files from other systems. Generic over a field table
 * so that application and score imports share it.
 */
import type { Issue } from './errors.js';

/** The fields of one kind of import file, with the header names each accepts. */
export interface FieldTable<F extends string> {
  fields: readonly F[];
  required: readonly F[];
  /** accepted header names (nb and en), compared after normalizeHeader */
  aliases: Readonly<Record<F, readonly string[]>>;
  /** words that suggest a column holds the field, used only to pick the `--map` example */
  hints?: Readonly<Partial<Record<F, readonly string[]>>>;
}

/** Result of matching a header row: field → 0-based column index, plus what did not fit. */
export interface HeaderMatch<F extends string> {
  columns: Partial<Record<F, number>>;
  /** columns no field claimed; the import keeps them as extra data */
  unknown: { index: number; name: string }[];
  /** required fields with no column */
  missing: F[];
  /** every problem, including one `header.missing` per missing field */
  issues: Issue[];
}

/**
 * Lowercase, fold accents (æ→ae, ø→o, å→a, é→e) and treat runs of spaces, underscores,
 * hyphens, dots and other punctuation as one space: `SØKT-BELØP` → `sokt belop`.
 */
export function normalizeHeader(h: string): string {
  return h
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/å/g, 'a')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

// Matching ignores the spaces too, so `orgNumber`, `org_number` and `org nr` all meet.
const compact = (h: string) => normalizeHeader(h).replace(/ /g, '');

// Units caseworkers append to amount headers: `Søkt beløp (kr)`, `Beløp i NOK`.
const stripUnit = (n: string) => n.replace(/(?:^| )(?:i )?(?:kr|nok|kroner|ink mva|eks mva)$/, '').trim();

const lookups = new WeakMap<FieldTable<string>, Map<string, string>>();

function lookup<F extends string>(table: FieldTable<F>): Map<string, F> {
  let m = lookups.get(table) as Map<string, F> | undefined;
  if (m) return m;
  m = new Map<string, F>();
  for (const f of table.fields) {
    for (const name of [f, ...table.aliases[f]]) {
      const key = compact(name);
      const other = m.get(key);
      if (other !== undefined && other !== f) throw new Error(`header alias "${name}" claimed by both ${other} and ${f}`);
      m.set(key, f);
    }
  }
  lookups.set(table, m);
  return m;
}

/** The field a header (or a `--map` field name) means: its own name or any alias. */
export function resolveField<F extends string>(table: FieldTable<F>, name: string): F | undefined {
  const m = lookup(table);
  return m.get(compact(name)) ?? m.get(stripUnit(normalizeHeader(name)).replace(/ /g, ''));
}

/**
 * Give repeated names among the unknown columns a number (`note`, `note (2)`), so each keeps
 * its own value in the extra data instead of the last one overwriting the others.
 */
function renameRepeated(unknown: { index: number; name: string }[]): void {
  const taken = new Set(unknown.map((u) => u.name));
  const count = new Map<string, number>();
  for (const u of unknown) {
    if (u.name === '') continue;
    const n = (count.get(u.name) ?? 0) + 1;
    count.set(u.name, n);
    if (n === 1) continue;
    let k = n;
    while (taken.has(`${u.name} (${k})`)) k++;
    u.name = `${u.name} (${k})`;
    taken.add(u.name);
  }
}

/** Unknown columns renamed by the above: per repeated header, the names its columns are kept as. */
export function repeatedColumns(headers: readonly string[], unknown: readonly { index: number; name: string }[]): { name: string; names: string[] }[] {
  const byHeader = new Map<string, string[]>();
  for (const u of unknown) {
    const h = headers[u.index]?.trim() ?? '';
    if (h === '') continue;
    byHeader.set(h, [...(byHeader.get(h) ?? []), u.name]);
  }
  return [...byHeader].filter(([, names]) => names.length > 1).map(([name, names]) => ({ name, names }));
}

/**
 * Match a header row to the fields of `table`. `map` is `--map field=Column`: the field
 * side may be a field name or an alias, the column is compared by normalizeHeader.
 */
export function matchFields<F extends string>(
  table: FieldTable<F>,
  headers: readonly string[],
  map: Readonly<Record<string, string>> = {},
): HeaderMatch<F> {
  const columns: Partial<Record<F, number>> = {};
  const issues: Issue[] = [];
  const claimed = new Set<number>();
  const mappedBy = new Map<F, string>();
  const normHeaders = headers.map(normalizeHeader);

  for (const [key, column] of Object.entries(map)) {
    const field = resolveField(table, key);
    if (field === undefined) {
      issues.push({ code: 'header.map-unknown-field', params: { field: key, fields: [...table.fields] } });
      continue;
    }
    const earlier = mappedBy.get(field);
    if (earlier !== undefined) {
      issues.push({ code: 'header.map-duplicate-field', params: { field, columns: [map[earlier], column] } });
      continue;
    }
    mappedBy.set(field, key);
    const index = normHeaders.indexOf(normalizeHeader(column));
    if (index < 0) {
      issues.push({ code: 'header.map-column-missing', params: { field, column, columns: [...headers] } });
      continue;
    }
    columns[field] = index;
    claimed.add(index);
  }

  const unknown: { index: number; name: string }[] = [];
  const seen = new Map<F, number[]>();
  headers.forEach((name, index) => {
    if (claimed.has(index)) return;
    const field = resolveField(table, name);
    // a field given by --map wins over a column that merely has its name
    if (field === undefined || mappedBy.has(field)) {
      unknown.push({ index, name });
      return;
    }
    const list = seen.get(field) ?? [];
    list.push(index);
    seen.set(field, list);
  });
  renameRepeated(unknown);
  for (const [field, indexes] of seen) {
    columns[field] = indexes[0];
    if (indexes.length > 1) {
      const names = indexes.map((i) => headers[i]);
      issues.push({
        code: 'header.duplicate-field',
        params: { field, columns: names, example: mapExample(field, names[0]) },
      });
    }
  }

  const missing = table.required.filter((f) => columns[f] === undefined);
  // a --map naming an absent column has already been reported as such
  const report = missing.filter((f) => !mappedBy.has(f));
  const candidates = unknown.map((u) => u.name).filter((n) => n.trim() !== '');
  const suggested = suggestColumns(table, report, candidates);
  for (const f of report) issues.push(missingColumnIssue(table, f, headers, unknown, suggested.get(f)));
  return { columns, unknown, missing, issues };
}

/**
 * The issue for a required field with no column: it lists the columns the file has and
 * shows the `--map` fix with `column`, or else the most plausible column (or the first unknown one).
 */
export function missingColumnIssue<F extends string>(
  table: FieldTable<F>,
  field: F,
  headers: readonly string[],
  unknown: readonly { index: number; name: string }[] = headers.map((name, index) => ({ index, name })),
  column?: string,
): Issue {
  const candidates = unknown.map((u) => u.name).filter((h) => h.trim() !== '');
  // every column already holds another field: show the form, not a column that would break that field
  const example = column ?? suggestColumns(table, [field], candidates).get(field) ?? candidates[0] ?? '...';
  return {
    code: 'header.missing',
    params: {
      field,
      aliases: table.aliases[field].slice(0, 4),
      columns: headers.filter((h) => h.trim() !== ''),
      example: mapExample(field, example),
    },
  };
}

/**
 * Pick a likely column for each missing field, each column for at most one field: the best
 * scoring pairs first, then the leftover columns in file order for fields nothing hinted at.
 */
function suggestColumns<F extends string>(table: FieldTable<F>, fields: readonly F[], candidates: readonly string[]): Map<F, string> {
  const pairs: { field: F; column: string; score: number }[] = [];
  for (const field of fields) {
    for (const column of candidates) {
      const score = plausibility(table, field, column);
      if (score > 0) pairs.push({ field, column, score });
    }
  }
  pairs.sort((a, b) => b.score - a.score);
  const out = new Map<F, string>();
  const used = new Set<string>();
  for (const p of pairs) {
    if (out.has(p.field) || used.has(p.column)) continue;
    out.set(p.field, p.column);
    used.add(p.column);
  }
  const rest = candidates.filter((c) => !used.has(c));
  for (const field of fields) if (!out.has(field) && rest.length) out.set(field, rest.shift()!);
  return out;
}

/**
 * How much a column name looks like a field: the words of its aliases and hints found in it,
 * counted double at the end, since a Norwegian compound means its last part
 * (`prosjektnummer` is a number, `prosjektansvarlig_navn` a name).
 */
function plausibility<F extends string>(table: FieldTable<F>, field: F, column: string): number {
  const words = new Set([...table.aliases[field], ...(table.hints?.[field] ?? [])].map(normalizeHeader));
  const tokens = normalizeHeader(column).split(' ');
  const last = tokens[tokens.length - 1];
  let score = 0;
  for (const w of words) {
    if (w === '' || w.includes(' ')) continue;
    // short words (`nr`, `id`) must be whole words; longer ones may be part of one
    if (w.length <= 3) {
      if (last === w) score += 2 * w.length;
      else if (tokens.includes(w)) score += w.length;
    } else if (last.endsWith(w)) score += 2 * w.length;
    else if (tokens.some((t) => t.includes(w))) score += w.length;
  }
  return score;
}

/** `--map ref=prosjektnummer`, quoted for the shell when the column needs it. */
export function mapExample(field: string, column: string): string {
  const arg = `${field}=${column}`;
  if (/^[\p{L}\p{N}_.=-]+$/u.test(arg)) return `--map ${arg}`;
  return arg.includes('"') ? `--map '${arg.replace(/'/g, `'\\''`)}'` : `--map "${arg.replace(/([\\$`])/g, '\\$1')}"`;
}

/** Parse repeated `--map field=Column` options. Issues use `header.map-syntax`. */
export function parseMapOptions(values: readonly string[]): { map: Record<string, string>; issues: Issue[] } {
  const map: Record<string, string> = {};
  const issues: Issue[] = [];
  for (const v of values) {
    const eq = v.indexOf('=');
    const field = eq < 0 ? '' : v.slice(0, eq).trim();
    const column = eq < 0 ? '' : v.slice(eq + 1).trim();
    if (field === '' || column === '') {
      issues.push({ code: 'header.map-syntax', params: { value: v } });
      continue;
    }
    if (field in map) {
      issues.push({ code: 'header.map-duplicate-field', params: { field, columns: [map[field], column] } });
      continue;
    }
    map[field] = column;
  }
  return { map, issues };
}

// ---------------------------------------------------------------------------
// Applications (*søknader*)

export const APPLICATION_FIELDS = [
  'ref',
  'applicant',
  'orgNumber',
  'title',
  'partners',
  'requested',
  'projectBudget',
  'summary',
  'contactName',
  'contactEmail',
  'submitted',
  'priorDeMinimis',
] as const;

export type ApplicationField = (typeof APPLICATION_FIELDS)[number];

/** The columns of an application import file. */
export const applicationFields: FieldTable<ApplicationField> = {
  fields: APPLICATION_FIELDS,
  required: ['ref', 'applicant', 'title', 'requested'],
  aliases: {
    ref: ['ref', 'reference', 'saksnummer', 'saksnr', 'sak', 'referanse', 'case number', 'case no', 'case id', 'søknadsnummer', 'søknadsnr', 'søknad id', 'søknads id', 'application id', 'application number', 'id', 'ref nr', 'referansenummer'],
    applicant: ['applicant', 'søker', 'organisasjon', 'organisation', 'organization', 'applicant name', 'søkerorganisasjon', 'søkers navn', 'søker navn', 'navn på søker', 'klynge', 'cluster', 'organisasjonsnavn', 'organization name', 'organisation name'],
    orgNumber: ['org_number', 'orgnr', 'org nr', 'org no', 'organisasjonsnummer', 'organisasjonsnr', 'organization number', 'organisation number', 'org number', 'orgnummer', 'foretaksnummer'],
    title: ['title', 'prosjekt', 'prosjektnavn', 'prosjekttittel', 'tittel', 'project', 'project title', 'project name', 'prosjektets navn', 'prosjektets tittel'],
    partners: ['partners', 'partnere', 'samarbeidsklynger', 'samarbeidspartnere', 'partner clusters', 'partnerklynger', 'samarbeidspartnarar', 'partner'],
    requested: ['requested', 'søkt beløp', 'beløp', 'søkt', 'amount', 'amount requested', 'requested amount', 'omsøkt beløp', 'søknadsbeløp', 'søkt tilskudd', 'søkt støtte'],
    projectBudget: ['budget', 'project budget', 'total budget', 'totalbudsjett', 'prosjektbudsjett', 'budsjett', 'kostnadsramme', 'total cost', 'totale kostnader', 'prosjektkostnad'],
    summary: ['summary', 'beskrivelse', 'sammendrag', 'description', 'prosjektbeskrivelse', 'project description', 'kort beskrivelse', 'abstract'],
    contactName: ['contact', 'contact name', 'contact person', 'kontaktperson', 'kontakt', 'kontaktnavn', 'kontaktperson navn'],
    contactEmail: ['email', 'e-mail', 'e-post', 'epost', 'contact email', 'kontakt e-post', 'kontaktperson e-post', 'e-postadresse', 'email address', 'mail'],
    priorDeMinimis: ['prior_de_minimis', 'prior de minimis', 'tidligere bagatellstøtte', 'bagatellstøtte', 'mottatt bagatellstøtte', 'de minimis', 'prior de minimis aid', 'de minimis aid'],
    submitted: ['submitted', 'innsendt', 'dato', 'date', 'submitted date', 'innsendt dato', 'date submitted', 'innsendingsdato', 'mottatt', 'mottatt dato', 'submitted at'],
  },
  hints: {
    ref: ['nummer', 'number', 'nr', 'no', 'id', 'ref', 'sak', 'case', 'kode', 'code', 'løpenummer'],
    applicant: ['søker', 'applicant', 'organisasjon', 'organization', 'organisation', 'virksomhet', 'bedrift', 'firma', 'company', 'foretak', 'ansvarlig', 'eier', 'navn', 'name'],
    title: ['prosjektnavn', 'tittel', 'title', 'prosjekt', 'project', 'navn', 'name', 'tiltak'],
    requested: ['beløp', 'belop', 'amount', 'sum', 'kr', 'nok', 'tilskudd', 'støtte', 'søkt', 'grant', 'requested', 'omsøkt'],
  },
};

/** Match an application file's header row; `map` holds `--map field=Column` options. */
export function matchHeaders(headers: readonly string[], map: Readonly<Record<string, string>> = {}): HeaderMatch<ApplicationField> {
  return matchFields(applicationFields, headers, map);
}
